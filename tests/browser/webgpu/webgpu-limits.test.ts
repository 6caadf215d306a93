/**
 * The WebGPU device the lab requests has the adapter's storage-buffer limit: TF.js's AddN binds every
 * input as a storage buffer, and the trainer's weight check sums all of a model's weights with it —
 * 8 for the lab's scaled MLP (9 buffers with the output), one more than WebGPU's default limit of 8.
 * With the default limit the pipeline is invalid and the sum silently reads back wrong.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { getCompute } from '../../../src/compute/index';

test('on WebGPU, AddN over 8 tensors (the lab model\'s weights) gives the right sum', async () => {
  expect((await getCompute().choose('webgpu')).backend).toBe('webgpu');
  // SwiftShader's adapter allows 10 storage buffers per stage: up to 9 inputs. Beyond the adapter's
  // limit AddN still fails (a model with more than 9 weight tensors: the weight check must chunk).
  for (const n of [2, 8]) {
    const parts = Array.from({ length: n }, (_, i) => tf.fill([4, 3], i + 1));
    const sum = tf.addN(parts);
    const values = await sum.data();
    tf.dispose([...parts, sum]);
    expect([...values]).toEqual(new Array(12).fill((n * (n + 1)) / 2));
  }
});
