/**
 * Typed errors of the model registry: an unknown or duplicate version, bad version metadata, a
 * rejected import, a failed write to storage. Each names the field or version it is about.
 */
import { LabError } from '../errors';

/** An unknown version, a version that already exists, or malformed version metadata (details.reason 'history-changed': the history moved under a caller's expectation). */
export class RegistryError extends LabError {
  constructor(code: 'version-not-found' | 'version-exists' | 'invalid-version', message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'RegistryError';
  }
}

/** Why an import was refused. */
export type ImportFailure =
  | 'too-large'
  | 'not-json'
  | 'bad-shape'
  | 'weights-size'
  | 'schema-mismatch'
  | 'not-loadable'
  | 'bad-format'
  | 'bad-topology'
  | 'non-finite-weights'
  | 'not-probabilities';

/** An imported file was refused; the registry is unchanged. `reason` says which check failed. */
export class ImportError extends LabError {
  readonly reason: ImportFailure;

  constructor(reason: ImportFailure, message: string, details?: Record<string, unknown>) {
    super('invalid-import', message, { reason, ...details });
    this.name = 'ImportError';
    this.reason = reason;
  }
}

/** A storage adapter failed to write or read; a failed write left nothing behind. */
export class StorageError extends LabError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('storage-failed', message, details);
    this.name = 'StorageError';
  }
}
