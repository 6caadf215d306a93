/**
 * A registry version loaded for serving: the LayersModel, warmed up at every bucket size, run with
 * `predictOnBatch` on padded chunks inside `tf.tidy`, read back with `await data()`.
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
   * Class probabilities for `n` rows (row-major), chunked and padded to the buckets. Non-finite
   * values are returned as they are: the batcher fails only the requests whose rows hold them.
   */
  async predict(rows: Float32Array, n: number): Promise<Float32Array> {
    if (this.disposed) throw new ModelFailure(`${this.version} is no longer loaded`);
    this.fault?.(this.version, n);
    const out = new Float32Array(n * this.classes);
    for (const [start, count, bucket] of chunks(n, this.buckets)) {
      const padded = new Float32Array(bucket * this.cols);
      padded.set(rows.subarray(start * this.cols, (start + count) * this.cols));
      const probs = await this.predictChunk(padded, bucket);
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
