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
import type { Station } from '../../src/loop/engine/stations';
import type { GuideStep } from '../lab/guide';
import type { AlertRecord } from '../../src/monitoring/index';
import type { MonitorMarker } from '../monitor/monitor-markers';
import type { IncidentKind } from '../../src/loop/drills/incidents';
import type { DrillGrade } from '../../src/loop/drills/run';
import type { RoutingPolicy } from '../../src/serving/router';
import type { EndpointResponse } from '../../src/serving/protocol';
import type { FeatureDriftRow } from '../../src/loop/observers/drift-view';

/** The base of every lab event: a typed `detail`, bubbling out of shadow roots (`composed`). */
export class MlopsEvent<T> extends Event {
  readonly detail: T;
  constructor(name: string, detail: T) {
    super(name, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** What a starting run is: its id on the trainer, its job, and the backend it starts on. */
export interface TrainStartDetail {
  runId: number;
  job: TrainingJob;
  backend: BackendName;
}

/** A training run started (fired when the trainer reports the run, after any backend choice). */
export class MlopsTrainStartEvent extends MlopsEvent<TrainStartDetail> {
  static readonly eventName = 'mlops-train-start';
  constructor(detail: TrainStartDetail) {
    super(MlopsTrainStartEvent.eventName, detail);
  }
}

/** An epoch ended: its losses, accuracies and speed. */
export class MlopsEpochEndEvent extends MlopsEvent<EpochLog> {
  static readonly eventName = 'mlops-epoch-end';
  constructor(log: EpochLog) {
    super(MlopsEpochEndEvent.eventName, log);
  }
}

/** A run finished: its summary (test metrics, history) and the backend it really ran on. */
export class MlopsTrainEndEvent extends MlopsEvent<RunOutcome> {
  static readonly eventName = 'mlops-train-end';
  constructor(outcome: RunOutcome) {
    super(MlopsTrainEndEvent.eventName, outcome);
  }
}

/** A run or a command failed: stopped, diverged, backend lost, bad input, busy, worker failed. */
export class MlopsTrainErrorEvent extends MlopsEvent<SerializedLabError> {
  static readonly eventName = 'mlops-train-error';
  constructor(error: SerializedLabError) {
    super(MlopsTrainErrorEvent.eventName, error);
  }
}

/** The trainer chose a backend (first choice, a policy change, or again after a GPU loss). */
export class MlopsBackendChangeEvent extends MlopsEvent<BackendChoice> {
  static readonly eventName = 'mlops-backend-change';
  constructor(choice: BackendChoice) {
    super(MlopsBackendChangeEvent.eventName, choice);
  }
}

/** A station of the loop diagram was activated: which one, and its two-sentence explanation. */
export interface StationSelectDetail {
  station: Station;
  explanation: string;
}

/** A station of `<mlops-loop>` was activated (click, Enter or Space). */
export class MlopsStationSelectEvent extends MlopsEvent<StationSelectDetail> {
  static readonly eventName = 'mlops-station-select';
  constructor(detail: StationSelectDetail) {
    super(MlopsStationSelectEvent.eventName, detail);
  }
}

/** The guided run of `<mlops-lab>` reached a step; `detail` is the step with its caption. */
export class MlopsGuideStepEvent extends MlopsEvent<GuideStep> {
  static readonly eventName = 'mlops-guide-step';
  constructor(step: GuideStep) {
    super(MlopsGuideStepEvent.eventName, step);
  }
}

/** A marker was added to `<mlops-monitor>`'s chart (detector alarm, alert, retrain, deploy, rollback, incident). */
export class MlopsMonitorMarkerEvent extends MlopsEvent<MonitorMarker> {
  static readonly eventName = 'mlops-monitor-marker';
  constructor(marker: MonitorMarker) {
    super(MlopsMonitorMarkerEvent.eventName, marker);
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
export class MlopsAlertChangeEvent extends MlopsEvent<AlertChangeDetail> {
  static readonly eventName = 'mlops-alert-change';
  constructor(detail: AlertChangeDetail) {
    super(MlopsAlertChangeEvent.eventName, detail);
  }
}

/** Production moved by a learner's action in `<mlops-registry>`: the version now live and the one before. */
export interface ReleaseDetail {
  version: string | null;
  previous: string | null;
}

/** The learner promoted a version to production from `<mlops-registry>` (fired once the Lab did it). */
export class MlopsPromoteEvent extends MlopsEvent<ReleaseDetail> {
  static readonly eventName = 'mlops-promote';
  constructor(detail: ReleaseDetail) {
    super(MlopsPromoteEvent.eventName, detail);
  }
}

/** What a retrain asked from `<mlops-registry>` gave: the new version (null when none), whether the gate passed and whether it was deployed. */
export interface RetrainDetail {
  version: string | null;
  gatePassed: boolean | null;
  deployed: boolean;
}

/** The learner retrained from `<mlops-registry>` (fired once the Lab finished: trained, gated, deployed or not). */
export class MlopsRetrainEvent extends MlopsEvent<RetrainDetail> {
  static readonly eventName = 'mlops-retrain';
  constructor(detail: RetrainDetail) {
    super(MlopsRetrainEvent.eventName, detail);
  }
}

/** The learner rolled production back one step from `<mlops-registry>` (fired once the Lab did it). */
export class MlopsRollbackEvent extends MlopsEvent<ReleaseDetail> {
  static readonly eventName = 'mlops-rollback';
  constructor(detail: ReleaseDetail) {
    super(MlopsRollbackEvent.eventName, detail);
  }
}

/** A registry command of `<mlops-registry>` failed; `detail` is the typed error and the action tried. */
export class MlopsRegistryErrorEvent extends MlopsEvent<SerializedLabError & { action: 'promote' | 'rollback' | 'retrain' }> {
  static readonly eventName = 'mlops-registry-error';
  constructor(detail: SerializedLabError & { action: 'promote' | 'rollback' | 'retrain' }) {
    super(MlopsRegistryErrorEvent.eventName, detail);
  }
}

/** Which drill `<mlops-drill>` started, and with which seed. */
export interface DrillStartDetail {
  drill: IncidentKind;
  seed: number;
}

/** The learner started a drill from `<mlops-drill>` (fired when the run is asked for). */
export class MlopsDrillStartEvent extends MlopsEvent<DrillStartDetail> {
  static readonly eventName = 'mlops-drill-start';
  constructor(detail: DrillStartDetail) {
    super(MlopsDrillStartEvent.eventName, detail);
  }
}

/** The learner's answer to a drill was graded; `detail` is the Lab's grade and the drill. */
export class MlopsDrillGradedEvent extends MlopsEvent<DrillGrade & { drill: IncidentKind }> {
  static readonly eventName = 'mlops-drill-graded';
  constructor(detail: DrillGrade & { drill: IncidentKind }) {
    super(MlopsDrillGradedEvent.eventName, detail);
  }
}

/** The routing `<mlops-traffic>` set on the Lab's endpoint, and the one it set before (null: none from this view). */
export interface RoutingChangeDetail {
  routing: RoutingPolicy;
  previous: RoutingPolicy | null;
}

/** The learner changed the traffic split from `<mlops-traffic>` (fired once the Lab accepted it). */
export class MlopsRoutingChangeEvent extends MlopsEvent<RoutingChangeDetail> {
  static readonly eventName = 'mlops-routing-change';
  constructor(detail: RoutingChangeDetail) {
    super(MlopsRoutingChangeEvent.eventName, detail);
  }
}

/** A learner request sent from `<mlops-endpoint>`: the raw request (any JSON value, as parsed from the form). */
export interface RequestSentDetail {
  request: unknown;
}

/** `<mlops-endpoint>` sent a request to the lab's endpoint. */
export class MlopsRequestSentEvent extends MlopsEvent<RequestSentDetail> {
  static readonly eventName = 'mlops-request-sent';
  constructor(detail: RequestSentDetail) {
    super(MlopsRequestSentEvent.eventName, detail);
  }
}

/** The endpoint's raw answer to a request sent from `<mlops-endpoint>`: an Open Inference Protocol v2 response or `{status, kind, error, field?}`. */
export interface ResponseDetail {
  request: unknown;
  response: EndpointResponse;
}

/** `<mlops-endpoint>` got the endpoint's answer (success or error response). */
export class MlopsResponseEvent extends MlopsEvent<ResponseDetail> {
  static readonly eventName = 'mlops-response';
  constructor(detail: ResponseDetail) {
    super(MlopsResponseEvent.eventName, detail);
  }
}

/** What `<mlops-drift>` reports when the set of drifting features changes. */
export interface FeatureDriftDetail {
  /** Requests sent when the drift table was computed. */
  position: number;
  /** Names of the features drifting now (empty: none any more). */
  drifting: string[];
  /** Every feature's row of the table. */
  features: FeatureDriftRow[];
}

/** The set of drifting features changed in `<mlops-drift>` (a feature started or stopped drifting). */
export class MlopsFeatureDriftEvent extends MlopsEvent<FeatureDriftDetail> {
  static readonly eventName = 'mlops-feature-drift';
  constructor(detail: FeatureDriftDetail) {
    super(MlopsFeatureDriftEvent.eventName, detail);
  }
}

/** What happened to the lab's session, with what it holds afterwards. */
export interface SessionChangeDetail {
  /** restored: the saved session came back on load; imported: from a file; exported: to a file; reset: deleted, a fresh lab started. */
  action: 'restored' | 'imported' | 'exported' | 'reset';
  /** Versions in the session (0 after a reset). */
  versions: number;
  /** The version production serves (null after a reset). */
  production: string | null;
}

/** `<mlops-lab>`'s session was restored, imported, exported or reset. */
export class MlopsSessionChangeEvent extends MlopsEvent<SessionChangeDetail> {
  static readonly eventName = 'mlops-session-change';
  constructor(detail: SessionChangeDetail) {
    super(MlopsSessionChangeEvent.eventName, detail);
  }
}

declare global {
  interface HTMLElementEventMap {
    'mlops-session-change': MlopsSessionChangeEvent;
    'mlops-feature-drift': MlopsFeatureDriftEvent;
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
    'mlops-retrain': MlopsRetrainEvent;
    'mlops-station-select': MlopsStationSelectEvent;
    'mlops-guide-step': MlopsGuideStepEvent;
    'mlops-train-start': MlopsTrainStartEvent;
    'mlops-epoch-end': MlopsEpochEndEvent;
    'mlops-train-end': MlopsTrainEndEvent;
    'mlops-train-error': MlopsTrainErrorEvent;
    'mlops-backend-change': MlopsBackendChangeEvent;
  }
}
