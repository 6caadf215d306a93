/**
 * The training workload the `fastest` backend policy measures: the current model spec, trained on
 * seeded random rows of the right shape at the run's batch size. Timing data, not learning data.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../datasets/random';
import { timeSteps, type TimingOptions } from '../compute/measure';
import type { ProbeWorkload } from '../compute/compute';
import { buildModel } from './build';
import type { ModelShape, ModelSpec } from './spec';

/** Seeded random inputs and one-hot targets for `rows` rows of `shape`. */
export function randomBatch(shape: ModelShape, rows: number, seed: number): { x: tf.Tensor; y: tf.Tensor } {
  const rng = createRng(seed);
  const size = shape.inputShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(rows * size);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const labels = Int32Array.from({ length: rows }, () => rng.int(shape.classes));
  return tf.tidy(() => ({
    x: tf.tensor(x, [rows, ...shape.inputShape]),
    y: tf.oneHot(tf.tensor1d(labels, 'int32'), shape.classes).toFloat(),
  }));
}

/**
 * Measures training throughput of `spec` on the active backend: one timed warm-up step, then the
 * median of a few steps. Leaves no tensors behind.
 */
export async function measureTraining(spec: ModelSpec, shape: ModelShape, batchSize: number, timing: TimingOptions = {}): Promise<{ samplesPerSec: number; warmupMs: number }> {
  const model = buildModel(spec, shape, 7);
  const optimizer = tf.train.adam(0.001);
  const { x, y } = randomBatch(shape, batchSize, 11);
  try {
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const t = await timeSteps(async () => {
      await model.trainOnBatch(x, y);
    }, timing);
    return { samplesPerSec: batchSize / (t.medianMs / 1000), warmupMs: t.warmupMs };
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
}

/** A probe for `Compute.choose('fastest')`: short runs (about half a second per backend). */
export function trainingProbe(spec: ModelSpec, shape: ModelShape, batchSize: number): ProbeWorkload {
  return { measure: () => measureTraining(spec, shape, batchSize, { minSteps: 3, maxSteps: 10, budgetMs: 500 }) };
}
