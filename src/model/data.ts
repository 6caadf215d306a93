/**
 * Training data as the trainer sees it: rows in one Float32Array, a per-row input shape, and labels.
 * Helpers here copy rows by index, so shuffles and splits never reorder the caller's arrays.
 */
import type { Rng } from '../../datasets/random';

/** Rows for training or evaluation. Row i occupies features[i*size .. (i+1)*size), size = prod(inputShape). */
export interface Examples {
  features: Float32Array;
  labels: Int32Array;
  rows: number;
  inputShape: number[];
  classes: number;
}

/** Number of values in one row. */
export function rowSize(inputShape: readonly number[]): number {
  return inputShape.reduce((a, b) => a * b, 1);
}

/** A new Examples holding the given rows, in the given order. */
export function takeRows(data: Examples, indices: ArrayLike<number>): Examples {
  const size = rowSize(data.inputShape);
  const features = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i] as number;
    features.set(data.features.subarray(r * size, (r + 1) * size), i * size);
    labels[i] = data.labels[r] as number;
  }
  return { features, labels, rows: indices.length, inputShape: data.inputShape, classes: data.classes };
}

/** Splits rows at random (seeded) into a first part and a `fraction` held out. */
export function splitRows(data: Examples, fraction: number, rng: Rng): { kept: Examples; held: Examples } {
  const order = rng.shuffle(Array.from({ length: data.rows }, (_, i) => i));
  const heldCount = Math.round(data.rows * fraction);
  return { kept: takeRows(data, order.slice(heldCount)), held: takeRows(data, order.slice(0, heldCount)) };
}
