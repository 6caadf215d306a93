/**
 * Micro-batches are padded to the bucket sizes only on GPU backends (served-model.ts padsToBuckets):
 * on cpu a chunk goes as it is, and every row's probabilities are the ones the padded call gives.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { padsToBuckets, ServedModel } from '../../../src/serving/served-model';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('padding is for the GPU backends only', () => {
  expect(padsToBuckets('webgl')).toBe(true);
  expect(padsToBuckets('webgpu')).toBe(true);
  expect(padsToBuckets('cpu')).toBe(false);
  expect(padsToBuckets('wasm')).toBe(false);
});

test('on cpu, unpadded chunks answer every row exactly as a padded call does', async () => {
  const cols = 3;
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [cols], units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }), tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) })] });
  const served = await ServedModel.warm('v1', model, cols, 2, [1, 8, 32]);
  const before = tf.memory().numTensors;
  for (const n of [1, 5, 31, 70]) {
    const rows = Float32Array.from({ length: n * cols }, (_, i) => Math.sin(i * 1.7) * 3);
    const got = await served.predict(rows, n);
    // The padded reference: every chunk of at most 32 rows padded to 32.
    const want = new Float32Array(n * 2);
    for (let start = 0; start < n; start += 32) {
      const count = Math.min(32, n - start);
      const padded = new Float32Array(32 * cols);
      padded.set(rows.subarray(start * cols, (start + count) * cols));
      const y = tf.tidy(() => model.predictOnBatch(tf.tensor2d(padded, [32, cols])) as tf.Tensor);
      want.set((await y.data()).subarray(0, count * 2), start * 2);
      y.dispose();
    }
    expect(Array.from(got)).toEqual(Array.from(want));
  }
  expect(tf.memory().numTensors).toBe(before);
  served.dispose();
});
