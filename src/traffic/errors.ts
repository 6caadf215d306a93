/**
 * Errors of the traffic layer, and the bridge that turns the data layer's errors (which cannot
 * import src/errors.ts) into LabErrors with the same code, message and details.
 */
import { DatasetError } from '../../datasets/errors';
import { LabError, toLabError } from '../errors';

/** A bad stream configuration or request: names the field and the reason. */
export class TrafficError extends LabError {
  constructor(field: string, reason: string) {
    super('invalid-stream', `${field}: ${reason}`, { field, reason });
    this.name = 'TrafficError';
  }
}

/** Converts anything thrown into a LabError, keeping a DatasetError's code and details. */
export function asLabError(error: unknown): LabError {
  if (error instanceof DatasetError) {
    const lab = new LabError(error.code, error.message, error.details);
    lab.name = error.name;
    return lab;
  }
  return toLabError(error);
}
