/** Test helper: awaiting an expected typed failure. */
import { LabError } from '../../src/errors';

/** Resolves with the LabError `promise` rejects with; fails if it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<LabError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LabError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}
