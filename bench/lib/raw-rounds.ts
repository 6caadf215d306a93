/**
 * Raw `predictOnBatch` measured the way the loop's endpoint calls the model, for the `loop` bench's
 * A/B rounds (serving, raw, serving, raw, ...): every call makes a `[rows, cols]` tensor from a
 * Float32Array inside `tf.tidy`, runs `predictOnBatch`, and reads the output back with
 * `await data()`, as `ServedModel.predictChunk` does for one padded micro-batch. The rows are seeded
 * and fixed. One measurement repeats the call until `minMs` have passed (so the 0.1 ms timer step of a
 * page or worker that is not cross-origin isolated is negligible) and gives rows per second.
 */
import * as tf from '@tensorflow/tfjs';

/** Rows per raw call: the endpoint's largest bucket, the size every loop micro-batch of 33-128 rows is padded to. */
export const RAW_ROWS = 128;

/** One raw measurement. */
export interface RawRound {
  rowsPerSec: number;
  calls: number;
  ms: number;
}

/** Seeded, fixed input rows in [-1, 1) (`rows` x `cols`, row-major). */
export function rawRows(rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  let s = 13;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Times raw predict calls of `rows.length / cols` rows for at least `minMs`; leaves no tensors behind. */
export async function rawPredictFor(model: tf.LayersModel, rows: Float32Array, cols: number, minMs: number): Promise<RawRound> {
  const n = rows.length / cols;
  let calls = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    const y = tf.tidy(() => model.predictOnBatch(tf.tensor2d(rows, [n, cols])) as tf.Tensor);
    try {
      await y.data();
    } finally {
      y.dispose();
    }
    calls++;
    elapsed = performance.now() - t0;
  } while (elapsed < minMs);
  return { rowsPerSec: (calls * n) / (elapsed / 1000), calls, ms: elapsed };
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** The endpoint's model calls as its stats give them (`EndpointStats.batches`). */
export interface ModelCalls {
  count: number;
  meanRows: number;
  modelMs: number;
}

/**
 * The rows the endpoint's model calls answered and the wall-clock ms they took, in all (or since
 * `since`, an earlier reading): `rows / ms` is the model's own rate inside the loop, which bounds the
 * loop's serving rate (a loop whose every other per-request step cost nothing would serve at it).
 */
export function modelUse(b: ModelCalls, since?: { rows: number; ms: number }): { rows: number; ms: number } {
  const rows = Math.round(b.count * b.meanRows);
  return { rows: rows - (since?.rows ?? 0), ms: b.modelMs - (since?.ms ?? 0) };
}
