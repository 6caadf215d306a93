/**
 * Typed errors of the lab. Every error a learner can meet has a stable `code`, a plain message, and
 * optional JSON details, so it survives a trip through a Web Worker message and the UI can explain it.
 */

/** Codes of every typed error the engine raises. */
export type LabErrorCode =
  | 'training-aborted'
  | 'invalid-dataset'
  | 'invalid-scenario'
  | 'invalid-csv'
  | 'invalid-stream'
  | 'training-diverged'
  | 'backend-lost'
  | 'backend-unavailable'
  | 'invalid-model-spec'
  | 'invalid-training-config'
  | 'invalid-job'
  | 'invalid-policy'
  | 'invalid-monitoring-input'
  | 'busy'
  | 'worker-failed'
  | 'version-not-found'
  | 'version-exists'
  | 'invalid-version'
  | 'invalid-import'
  | 'storage-failed'
  | 'invalid-endpoint-config'
  | 'deploy-failed'
  | 'invalid-lab-command'
  | 'invalid-session'
  | 'invalid-recording'
  | 'recorded-run'
  | 'internal';

/** The serializable form of a LabError (what crosses a worker boundary). */
export interface SerializedLabError {
  code: LabErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** Base class of every typed error in the lab. */
export class LabError extends Error {
  readonly code: LabErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: LabErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'LabError';
    this.code = code;
    this.details = details;
  }

  /** The JSON form, for messages and logs. */
  toJSON(): SerializedLabError {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

/** Training was stopped by its AbortSignal. */
export class TrainingAbortedError extends LabError {
  constructor(details?: Record<string, unknown>) {
    super('training-aborted', 'Training was stopped before it finished.', details);
    this.name = 'TrainingAbortedError';
  }
}

/** Why the divergence guard stopped a run. */
export type DivergenceReason = 'non-finite-loss' | 'non-finite-weights' | 'loss-exploded';

/** The loss or the weights blew up: the weights are garbage and were thrown away. */
export class TrainingDivergedError extends LabError {
  constructor(details: { epoch: number; batch: number; loss: number; reason: DivergenceReason; startLoss?: number }) {
    const what =
      details.reason === 'non-finite-weights'
        ? 'the weights became infinite or NaN'
        : details.reason === 'loss-exploded'
          ? `the loss rose to ${details.loss.toFixed(2)} from ${details.startLoss?.toFixed(2) ?? '?'} at the start`
          : `the loss became ${details.loss}`;
    super('training-diverged', `Training diverged: ${what} (epoch ${details.epoch + 1}, batch ${details.batch + 1}). Try a smaller learning rate.`, details);
    this.name = 'TrainingDivergedError';
  }
}

/** The GPU backend went away mid-run (WebGL context lost or WebGPU device lost). */
export class BackendLostError extends LabError {
  constructor(details: { backend: string; reason: string; detail?: string }) {
    super('backend-lost', `The ${details.backend} backend was lost (${details.reason}); the run stopped and its weights were discarded.`, details);
    this.name = 'BackendLostError';
  }
}

/** Bad input to a public entry point. */
export class InvalidInputError extends LabError {
  constructor(code: Extract<LabErrorCode, 'invalid-model-spec' | 'invalid-training-config' | 'invalid-job' | 'invalid-policy'>, field: string, reason: string) {
    super(code, `${field}: ${reason}`, { field, reason });
    this.name = 'InvalidInputError';
  }
}

/** Rebuilds a typed error from its serialized form (e.g. after a worker message). */
export function deserializeLabError(data: SerializedLabError): LabError {
  const error = new LabError(data.code, data.message, data.details);
  error.name = ERROR_NAMES[data.code] ?? 'LabError';
  return error;
}

const ERROR_NAMES: Partial<Record<LabErrorCode, string>> = {
  'training-aborted': 'TrainingAbortedError',
  'invalid-dataset': 'DatasetError',
  'invalid-scenario': 'DatasetError',
  'invalid-csv': 'CsvImportError',
  'invalid-stream': 'TrafficError',
  'training-diverged': 'TrainingDivergedError',
  'backend-lost': 'BackendLostError',
  'invalid-model-spec': 'InvalidInputError',
  'invalid-training-config': 'InvalidInputError',
  'invalid-job': 'InvalidInputError',
  'invalid-policy': 'InvalidInputError',
  'version-not-found': 'RegistryError',
  'version-exists': 'RegistryError',
  'invalid-version': 'RegistryError',
  'invalid-import': 'ImportError',
  'storage-failed': 'StorageError',
  'invalid-endpoint-config': 'EndpointConfigError',
  'deploy-failed': 'DeployError',
  'invalid-monitoring-input': 'MonitoringInputError',
  'invalid-lab-command': 'LabCommandError',
  'invalid-session': 'SessionError',
  'invalid-recording': 'RecordingError',
  'recorded-run': 'RecordedRunError',
};

/** Converts anything thrown into a LabError (unknown errors become code `internal`). */
export function toLabError(error: unknown): LabError {
  if (error instanceof LabError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new LabError('internal', message);
}
