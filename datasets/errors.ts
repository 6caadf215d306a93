/**
 * Typed errors of the data layer. datasets/ is the bottom layer and cannot import src/errors.ts, so
 * its errors carry the same shape as a LabError (a stable `code`, a plain message, JSON `details`)
 * and src/traffic turns them into LabErrors at the boundary. They extend RangeError: bad parameters
 * were RangeErrors before the codes existed, and callers that catch RangeError keep working.
 */

/** Codes of the data layer's errors (also members of LabErrorCode in src/errors.ts). */
export type DatasetErrorCode = 'invalid-dataset' | 'invalid-scenario' | 'invalid-csv';

/** A bad dataset parameter, scenario or CSV file, with a stable code and JSON details. */
export class DatasetError extends RangeError {
  readonly code: DatasetErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: DatasetErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DatasetError';
    this.code = code;
    this.details = details;
  }

  /** The JSON form (the same shape as a serialized LabError). */
  toJSON(): { code: DatasetErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

/** Throws an `invalid-dataset` error naming the dataset and the parameter. */
export function badParam(dataset: string, param: string, reason: string): never {
  throw new DatasetError('invalid-dataset', `${dataset}: ${param} ${reason}`, { dataset, param, reason });
}

/** Checks that a parameter is a finite number in [min, max]; returns it. */
export function numberIn(dataset: string, param: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) badParam(dataset, param, `must be a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return value;
}

/** Checks that a parameter is a whole number in [min, max]; returns it. */
export function intIn(dataset: string, param: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) badParam(dataset, param, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return value;
}

/** Checks that a parameter is one of `choices`; returns it. */
export function oneOf<T extends string>(dataset: string, param: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !choices.includes(value as T)) badParam(dataset, param, `must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

/** Refuses parameters the dataset does not know (a typo must not be silently ignored). */
export function knownParams(dataset: string, params: object, known: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (!known.includes(key)) badParam(dataset, key, `is not a parameter of this dataset (known: ${known.join(', ')})`);
  }
}
