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

declare global {
  interface HTMLElementEventMap {
    'mlops-train-start': MlopsTrainStartEvent;
    'mlops-epoch-end': MlopsEpochEndEvent;
    'mlops-train-end': MlopsTrainEndEvent;
    'mlops-train-error': MlopsTrainErrorEvent;
    'mlops-backend-change': MlopsBackendChangeEvent;
  }
}
