import * as tf from '@tensorflow/tfjs';
import { afterEach, expect, test } from 'vitest';
import { getCompute } from '../../../src/compute/index';
import { runTrainingJob } from '../../../src/model/index';
import { createWorkerTrainingClient, type TrainingClient } from '../../../src/worker/index';
import { moonsJob } from '../../support/jobs';

// This Chromium runs without --enable-unsafe-webgpu: navigator.gpu exists but gives no adapter.
let client: TrainingClient | null = null;
afterEach(() => client?.dispose());

test('with no WebGPU adapter, gpu-first trains on WebGL and says why', async () => {
  expect(navigator.gpu).toBeDefined();
  expect(await navigator.gpu.requestAdapter()).toBeNull();
  const choice = await getCompute().choose('gpu-first');
  expect(choice.attempts).toEqual([
    { backend: 'webgpu', ok: false, reason: 'adapter-null' },
    { backend: 'webgl', ok: true },
  ]);
  expect(choice.backend).toBe('webgl');
  expect(choice.info.webglVersion).toBe(2);
  expect(choice.info.cpuForward).toBe(true);
  expect(choice.message).toBe('WebGPU unavailable (no adapter); training on WebGL');

  const before = tf.memory().numTensors;
  const { model, summary } = await runTrainingJob(moonsJob({ samples: 300, epochs: 12 }), { check: () => getCompute().check() });
  expect(tf.getBackend()).toBe('webgl');
  expect(summary.test.accuracy).toBeGreaterThanOrEqual(0.85);
  model.dispose();
  expect(tf.memory().numTensors).toBe(before);
});

test('the worker falls back the same way (WebGL on an OffscreenCanvas)', async () => {
  client = createWorkerTrainingClient();
  const outcome = await client.train(moonsJob({ samples: 300, epochs: 12 })).done;
  expect(outcome.backend).toBe('webgl');
  expect(client.backend?.message).toBe('WebGPU unavailable (no adapter); training on WebGL');
  expect(outcome.summary.test.accuracy).toBeGreaterThanOrEqual(0.85);
});
