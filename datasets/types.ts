/**
 * The shared shape of every dataset in the lab: a schema that says what the features and classes are,
 * and a seeded sampler. Pure data, no DOM, no tfjs.
 */
import type { Rng } from './random';

/** One input feature as a learner would read it. */
export interface FeatureSpec {
  /** Machine name, used in requests and CSV headers. */
  name: string;
  /** Numeric features are floats; categorical features are indices into `categories`. */
  type: 'numeric' | 'categorical';
  /** The range seen in normal operation (values outside it are flagged, not rejected). */
  range?: [min: number, max: number];
  /** Unit, when the feature has one (e.g. "EUR", "cm"). */
  unit?: string;
  /** Category names for a categorical feature. */
  categories?: string[];
  /** One short sentence for a learner. */
  description?: string;
}

/** What the rows of a dataset mean. */
export interface DatasetSchema {
  features: FeatureSpec[];
  /** Class names; a label is an index into this list. */
  classes: string[];
}

/**
 * A batch of rows in row-major order: `features[i * cols + j]` is feature j of row i,
 * `labels[i]` its class index.
 */
export interface DataBatch {
  features: Float32Array;
  labels: Int32Array;
  rows: number;
  cols: number;
}

/** A writable row buffer: batches are float32; the request stream draws in float64. */
export type RowBuffer = Float32Array | Float64Array;

/**
 * A dataset: a schema plus a seeded sampler. `t` is the position in the stream (in records) for the
 * sets whose concept moves by itself (the rotating hyperplane); static sets ignore it.
 */
export interface Dataset<P extends object = object> {
  /** Stable identifier, used in URLs and version lineage. */
  readonly id: string;
  /** Short title for the UI. */
  readonly title: string;
  /** One sentence for a learner. */
  readonly description: string;
  readonly schema: DatasetSchema;
  /** The generator's parameters (noise, ...), JSON-serializable. */
  readonly params: Readonly<P>;
  /** Draws `n` rows. The same `rng` state gives the same rows. */
  sample(n: number, rng: Rng, t?: number): DataBatch;
  /** Per-row input shape a model sees: [features], or [height, width, channels] for an image set. */
  readonly inputShape?: number[];
  /**
   * Draws one row into `out[offset .. offset + cols)` and returns its label. With `cls`, the row is
   * drawn from that class (used for prior shift and class-balanced sampling).
   */
  draw?(out: RowBuffer, offset: number, rng: Rng, t?: number, cls?: number): number;
  /** The labelling function: the noise-free class of one encoded row (at stream position `t`). */
  label?(row: ArrayLike<number>, t?: number): number;
}

/** A dataset of the catalogue: every optional member is there. */
export interface Generator<P extends object = object> extends Dataset<P> {
  readonly inputShape: number[];
  draw(out: RowBuffer, offset: number, rng: Rng, t?: number, cls?: number): number;
  label(row: ArrayLike<number>, t?: number): number;
  /** The same generator with some parameters changed (validated like the first ones). */
  withParams(params: Partial<P>): Generator<P>;
}

/** Allocates an empty batch of `rows` x `cols`. */
export function allocateBatch(rows: number, cols: number): DataBatch {
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`rows must be a non-negative integer, got ${rows}`);
  return { features: new Float32Array(rows * cols), labels: new Int32Array(rows), rows, cols };
}
