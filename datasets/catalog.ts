/**
 * The catalogue of generators: every dataset by id, so a serializable job or scenario can name one.
 */
import { DatasetError } from './errors';
import { blobs, type BlobsParams } from './generators/blobs';
import { circles, type CirclesParams } from './generators/circles';
import { hyperplane, type HyperplaneParams } from './generators/hyperplane';
import { loans, type LoansParams } from './generators/loans';
import { moons, type MoonsParams } from './generators/moons';
import { sea, type SeaParams } from './generators/sea';
import { shapes, type ShapesParams } from './generators/shapes';
import { spiral, type SpiralParams } from './generators/spiral';
import { stagger, type StaggerParams } from './generators/stagger';
import { xor, type XorParams } from './generators/xor';
import type { Generator } from './types';

/** A JSON-serializable reference to a dataset and its parameters. */
export type DatasetRef =
  | { id: 'moons'; params?: Partial<MoonsParams> }
  | { id: 'circles'; params?: Partial<CirclesParams> }
  | { id: 'xor'; params?: Partial<XorParams> }
  | { id: 'spiral'; params?: Partial<SpiralParams> }
  | { id: 'blobs'; params?: Partial<BlobsParams> }
  | { id: 'sea'; params?: Partial<SeaParams> }
  | { id: 'stagger'; params?: Partial<StaggerParams> }
  | { id: 'hyperplane'; params?: Partial<HyperplaneParams> }
  | { id: 'loans'; params?: Partial<LoansParams> }
  | { id: 'shapes'; params?: Partial<ShapesParams> };

/** The id of a dataset of the catalogue. */
export type DatasetId = DatasetRef['id'];

const FACTORIES: Record<DatasetId, (params?: object) => Generator> = {
  moons: moons as (params?: object) => Generator,
  circles: circles as (params?: object) => Generator,
  xor: xor as (params?: object) => Generator,
  spiral: spiral as (params?: object) => Generator,
  blobs: blobs as (params?: object) => Generator,
  sea: sea as (params?: object) => Generator,
  stagger: stagger as (params?: object) => Generator,
  hyperplane: hyperplane as (params?: object) => Generator,
  loans: loans as (params?: object) => Generator,
  shapes: shapes as (params?: object) => Generator,
};

/** The ids of every dataset the lab knows: the 2-D sets first, then the tabular streams, then images. */
export const DATASET_IDS = ['moons', 'circles', 'xor', 'spiral', 'blobs', 'sea', 'stagger', 'hyperplane', 'loans', 'shapes'] as const satisfies readonly DatasetId[];

/** Whether `id` names a dataset of the catalogue. */
export function isDatasetId(id: unknown): id is DatasetId {
  return typeof id === 'string' && (DATASET_IDS as readonly string[]).includes(id);
}

/** Builds the dataset a reference names; throws a DatasetError (a RangeError) for an unknown id or bad parameters. */
export function createDataset(ref: DatasetRef): Generator {
  const id = (ref as { id?: unknown } | null)?.id;
  if (!isDatasetId(id)) throw new DatasetError('invalid-dataset', `unknown dataset "${String(id)}"; known: ${DATASET_IDS.join(', ')}`, { dataset: String(id) });
  return FACTORIES[id](ref.params);
}
