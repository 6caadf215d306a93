/**
 * A registry version loaded for serving: the LayersModel, warmed up at every bucket size, run with
 * `predictOnBatch` on chunks (padded to the bucket sizes on GPU backends) inside `tf.tidy`, read back
 * with `await data()`.
 */
import * as tf from '@tensorflow/tfjs';
import { chunks } from './buckets';

/** Thrown inside the endpoint when the model gives no usable answer (counted as a 500). */
export class ModelFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFailure';
  }
}

/** A hook to make a model fail on purpose (drills and tests): throw from it to fail a batch. */
export type PredictFault = (version: string, rows: number) => void;

/**
 * Whether a backend gets its micro-batches padded to the bucket sizes. Padding is for the GPU backends,
 * which compile programs per input shape; cpu and wasm compile nothing, so there a chunk goes as it is
 * and the padding rows would be pure waste (each row's answer is the same either way: a row's
 * probabilities do not depend on the other rows of its batch).
 */
export function padsToBuckets(backend: string): boolean {
  return backend !== 'cpu' && backend !== 'wasm';
}

/** A warmed-up model of one version. */
export class ServedModel {
  private disposed = false;

  private constructor(
    readonly version: string,
    private readonly model: tf.LayersModel,
    readonly cols: number,
    readonly classes: number,
    readonly buckets: readonly number[],
    private readonly fault: PredictFault | undefined,
  ) {}

  /**
   * Wraps a model and warms every bucket size (one predict each, checked for finite output).
   * Takes ownership of `model`: it is disposed if warm-up fails.
   */
  static async warm(version: string, model: tf.LayersModel, cols: number, classes: number, buckets: readonly number[], fault?: PredictFault): Promise<ServedModel> {
    const served = new ServedModel(version, model, cols, classes, buckets, fault);
    try {
      const inShape = model.inputs[0]?.shape;
      const outShape = model.outputs[0]?.shape;
      if (inShape?.[1] !== cols || outShape?.[1] !== classes) throw new ModelFailure(`the model maps [n, ${inShape?.[1]}] to [n, ${outShape?.[1]}], the endpoint needs [n, ${cols}] to [n, ${classes}]`);
      for (const b of buckets) {
        const out = await served.predictChunk(new Float32Array(b * cols), b);
        if (!out.every(Number.isFinite)) throw new ModelFailure(`warm-up at ${b} rows gave non-finite probabilities`);
      }
    } catch (error) {
      served.dispose();
      throw error;
    }
    return served;
  }

  /**
   * Class probabilities for `n` rows (row-major), chunked at the largest bucket and, on a GPU backend,
   * padded to the buckets (`padsToBuckets`). Non-finite
   * values are returned as they are: the batcher fails only the requests whose rows hold them.
   */
  async predict(rows: Float32Array, n: number): Promise<Float32Array> {
    if (this.disposed) throw new ModelFailure(`${this.version} is no longer loaded`);
    this.fault?.(this.version, n);
    const out = new Float32Array(n * this.classes);
    const pad = padsToBuckets(tf.getBackend());
    for (const [start, count, bucket] of chunks(n, this.buckets)) {
      const from = start * this.cols;
      const to = (start + count) * this.cols;
      let probs: Float32Array;
      if (pad) {
        const padded = new Float32Array(bucket * this.cols);
        padded.set(rows.subarray(from, to));
        probs = await this.predictChunk(padded, bucket);
      } else {
        // The caller's buffer as it is when it holds exactly this chunk, else a copy of the chunk's rows.
        probs = await this.predictChunk(from === 0 && to === rows.length ? rows : rows.slice(from, to), count);
      }
      out.set(probs.subarray(0, count * this.classes), start * this.classes);
    }
    return out;
  }

  /** Frees the weights. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.model.dispose();
  }

  private async predictChunk(padded: Float32Array, bucket: number): Promise<Float32Array> {
    const y = tf.tidy(() => this.model.predictOnBatch(tf.tensor2d(padded, [bucket, this.cols])) as tf.Tensor);
    try {
      return await y.data<'float32'>();
    } finally {
      y.dispose();
    }
  }
}
