/**
 * The dataset catalogue: every dataset by id, so a serializable job can name one.
 */
import { circles, type CirclesParams } from './circles';
import { moons, type MoonsParams } from './moons';
import type { Dataset } from './types';

export * from './types';
export * from './random';
export { moons, circles };
export type { MoonsParams, CirclesParams };

/** A JSON-serializable reference to a dataset and its parameters. */
export type DatasetRef =
  | { id: 'moons'; params?: Partial<MoonsParams> }
  | { id: 'circles'; params?: Partial<CirclesParams> };

/** The ids of every dataset the lab knows. */
export const DATASET_IDS = ['moons', 'circles'] as const;

/** Builds the dataset a reference names; throws a RangeError for an unknown id or bad parameters. */
export function createDataset(ref: DatasetRef): Dataset {
  switch (ref.id) {
    case 'moons':
      return moons(ref.params);
    case 'circles':
      return circles(ref.params);
    default:
      throw new RangeError(`unknown dataset "${(ref as { id: unknown }).id}"; known: ${DATASET_IDS.join(', ')}`);
  }
}
