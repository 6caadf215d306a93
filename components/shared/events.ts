/**
 * Typed events the lab's elements fire. Each is an `Event` subclass with a `detail`-like payload,
 * `mlops-` prefixed, and `bubbles` + `composed`, so a page can listen on any ancestor, across
 * shadow roots: `document.addEventListener('mlops-epoch-end', (e) => e.detail.loss)`.
 */
import type { BackendChoice, BackendName } from '../../src/compute/types';
import type { SerializedLabError } from '../../src/errors';
import type { TrainingJob } from '../../src/model/job';
import type { EpochLog } from '../../src/model/trainer';
import type { RunOutcome } from '../../src/worker/protocol';
import type { Station } from '../../src/loop/stations';
import type { GuideStep } from '../lab/guide';
import type { AlertRecord } from '../../src/monitoring/index';
import type { MonitorMarker } from '../monitor/monitor-markers';
import type { IncidentKind } from '../../src/loop/incidents';
import type { DrillGrade } from '../../src/loop/drills/run';
import type { RoutingPolicy } from '../../src/serving/router';
import type { EndpointResponse } from '../../src/serving/protocol';

const FLAGS: EventInit = { bubbles: true, composed: true };

/** What a starting run is: its id on the trainer, its job, and the backend it starts on. */
export interface TrainStartDetail {
  runId: number;
  job: TrainingJob;
  backend: BackendName;
}

/** A training run started (fired when the trainer reports the run, after any backend choice). */
export class MlopsTrainStartEvent extends Event {
  static readonly eventName = 'mlops-train-start';
  readonly detail: TrainStartDetail;
  constructor(detail: TrainStartDetail) {
    super(MlopsTrainStartEvent.eventName, FLAGS);
    this.detail = detail;
  }
}

/** An epoch ended: its losses, accuracies and speed. */
export class MlopsEpochEndEvent extends Event {
  static readonly eventName = 'mlops-epoch-end';
  readonly detail: EpochLog;
  constructor(log: EpochLog) {
    super(MlopsEpochEndEvent.eventName, FLAGS);
    this.detail = log;
  }
}

/** A run finished: its summary (test metrics, history) and the backend it really ran on. */
export class MlopsTrainEndEvent extends Event {
  static readonly eventName = 'mlops-train-end';
  readonly detail: RunOutcome;
  constructor(outcome: RunOutcome) {
    super(MlopsTrainEndEvent.eventName, FLAGS);
    this.detail = outcome;
  }
}

/** A run or a command failed: stopped, diverged, backend lost, bad input, busy, worker failed. */
export class MlopsTrainErrorEvent extends Event {
  static readonly eventName = 'mlops-train-error';
  readonly detail: SerializedLabError;
  constructor(error: SerializedLabError) {
    super(MlopsTrainErrorEvent.eventName, FLAGS);
    this.detail = error;
  }
}

/** The trainer chose a backend (first choice, a policy change, or again after a GPU loss). */
export class MlopsBackendChangeEvent extends Event {
  static readonly eventName = 'mlops-backend-change';
  readonly detail: BackendChoice;
  constructor(choice: BackendChoice) {
    super(MlopsBackendChangeEvent.eventName, FLAGS);
    this.detail = choice;
  }
}

/** A station of the loop diagram was activated: which one, and its two-sentence explanation. */
export interface StationSelectDetail {
  station: Station;
  explanation: string;
}

/** A station of `<mlops-loop>` was activated (click, Enter or Space). */
export class MlopsStationSelectEvent extends Event {
  static readonly eventName = 'mlops-station-select';
  readonly detail: StationSelectDetail;
  constructor(detail: StationSelectDetail) {
    super(MlopsStationSelectEvent.eventName, FLAGS);
    this.detail = detail;
  }
}

/** The guided run of `<mlops-lab>` reached a step; `detail` is the step with its caption. */
export class MlopsGuideStepEvent extends Event {
  static readonly eventName = 'mlops-guide-step';
  readonly detail: GuideStep;
  constructor(step: GuideStep) {
    super(MlopsGuideStepEvent.eventName, FLAGS);
    this.detail = step;
  }
}

/** A marker was added to `<mlops-monitor>`'s chart (detector alarm, alert, retrain, deploy, rollback, incident). */
export class MlopsMonitorMarkerEvent extends Event {
  static readonly eventName = 'mlops-monitor-marker';
  readonly detail: MonitorMarker;
  constructor(marker: MonitorMarker) {
    super(MlopsMonitorMarkerEvent.eventName, FLAGS);
    this.detail = marker;
  }
}

/** What `<mlops-alerts>` reports when an alert is raised or resolved. */
export interface AlertChangeDetail {
  change: 'raised' | 'resolved';
  alert: AlertRecord;
  /** The alert in plain words. */
  explanation: string;
}

/** An alert was raised or resolved (seen by `<mlops-alerts>`). */
export class MlopsAlertChangeEvent extends Event {
  static readonly eventName = 'mlops-alert-change';
  readonly detail: AlertChangeDetail;
  constructor(detail: AlertChangeDetail) {
    super(MlopsAlertChangeEvent.eventName, FLAGS);
    this.detail = detail;
  }
}

/** Production moved by a learner's action in `<mlops-registry>`: the version now live and the one before. */
export interface ReleaseDetail {
  version: string | null;
  previous: string | null;
}

/** The learner promoted a version to production from `<mlops-registry>` (fired once the Lab did it). */
export class MlopsPromoteEvent extends Event {
  static readonly eventName = 'mlops-promote';
  readonly detail: ReleaseDetail;
  constructor(detail: ReleaseDetail) {
    super(MlopsPromoteEvent.eventName, FLAGS);
    this.detail = detail;
  }
}

/** The learner rolled production back one step from `<mlops-registry>` (fired once the Lab did it). */
export class MlopsRollbackEvent extends Event {
  static readonly eventName = 'mlops-rollback';
  readonly detail: ReleaseDetail;
  constructor(detail: ReleaseDetail) {
    super(MlopsRollbackEvent.eventName, FLAGS);
    this.detail = detail;
  }
}

/** A registry command of `<mlops-registry>` failed; `detail` is the typed error and the action tried. */
export class MlopsRegistryErrorEvent extends Event {
  static readonly eventName = 'mlops-registry-error';
  readonly detail: SerializedLabError & { action: 'promote' | 'rollback' };
  constructor(detail: SerializedLabError & { action: 'promote' | 'rollback' }) {
    super(MlopsRegistryErrorEvent.eventName, FLAGS);
    this.detail = detail;
  }
}

/** Which drill `<mlops-drill>` started, and with which seed. */
export interface DrillStartDetail {
  drill: IncidentKind;
  seed: number;
}

/** The learner started a drill from `<mlops-drill>` (fired when the run is asked for). */
export class MlopsDrillStartEvent extends Event {
  static readonly eventName = 'mlops-drill-start';
  readonly detail: DrillStartDetail;
  constructor(detail: DrillStartDetail) {
    super(MlopsDrillStartEvent.eventName, FLAGS);
    this.detail = detail;
  }
}

/** The learner's answer to a drill was graded; `detail` is the Lab's grade and the drill. */
export class MlopsDrillGradedEvent extends Event {
  static readonly eventName = 'mlops-drill-graded';
  readonly detail: DrillGrade & { drill: IncidentKind };
  constructor(detail: DrillGrade & { drill: IncidentKind }) {
    super(MlopsDrillGradedEvent.eventName, FLAGS);
    this.detail = detail;
  }
}

/** The routing `<mlops-traffic>` set on the Lab's endpoint, and the one it set before (null: none from this view). */
export interface RoutingChangeDetail {
  routing: RoutingPolicy;
  previous: RoutingPolicy | null;
}

/** The learner changed the traffic split from `<mlops-traffic>` (fired once the Lab accepted it). */
export class MlopsRoutingChangeEvent extends Event {
  static readonly eventName = 'mlops-routing-change';
  readonly detail: RoutingChangeDetail;
  constructor(detail: RoutingChangeDetail) {
    super(MlopsRoutingChangeEvent.eventName, FLAGS);
    this.detail = detail;
  }
}

/** A learner request sent from `<mlops-endpoint>`: the raw request (any JSON value, as parsed from the form). */
export interface RequestSentDetail {
  request: unknown;
}

/** `<mlops-endpoint>` sent a request to the lab's endpoint. */
export class MlopsRequestSentEvent extends Event {
  static readonly eventName = 'mlops-request-sent';
  readonly detail: RequestSentDetail;
  constructor(detail: RequestSentDetail) {
    super(MlopsRequestSentEvent.eventName, FLAGS);
    this.detail = detail;
  }
}

/** The endpoint's raw answer to a request sent from `<mlops-endpoint>`: an Open Inference Protocol v2 response or `{status, kind, error, field?}`. */
export interface ResponseDetail {
  request: unknown;
  response: EndpointResponse;
}

/** `<mlops-endpoint>` got the endpoint's answer (success or error response). */
export class MlopsResponseEvent extends Event {
  static readonly eventName = 'mlops-response';
  readonly detail: ResponseDetail;
  constructor(detail: ResponseDetail) {
    super(MlopsResponseEvent.eventName, FLAGS);
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'mlops-request-sent': MlopsRequestSentEvent;
    'mlops-response': MlopsResponseEvent;
    'mlops-drill-start': MlopsDrillStartEvent;
    'mlops-drill-graded': MlopsDrillGradedEvent;
    'mlops-routing-change': MlopsRoutingChangeEvent;
    'mlops-monitor-marker': MlopsMonitorMarkerEvent;
    'mlops-alert-change': MlopsAlertChangeEvent;
    'mlops-promote': MlopsPromoteEvent;
    'mlops-rollback': MlopsRollbackEvent;
    'mlops-registry-error': MlopsRegistryErrorEvent;
    'mlops-station-select': MlopsStationSelectEvent;
    'mlops-guide-step': MlopsGuideStepEvent;
    'mlops-train-start': MlopsTrainStartEvent;
    'mlops-epoch-end': MlopsEpochEndEvent;
    'mlops-train-end': MlopsTrainEndEvent;
    'mlops-train-error': MlopsTrainErrorEvent;
    'mlops-backend-change': MlopsBackendChangeEvent;
  }
}
