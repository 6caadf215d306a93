import * as tf from '@tensorflow/tfjs';
import { afterEach, expect, test } from 'vitest';
import { getCompute, setWasmAssetPaths } from '../../../src/compute/index';
import { bundledWasmPaths } from '../../../src/compute/wasm-assets';
import { DEFAULT_CNN, measureTraining, runTrainingJob, trainingKernels } from '../../../src/model/index';
import { createWorkerTrainingClient, type TrainingClient } from '../../../src/worker/index';
import { moonsJob } from '../../support/jobs';

// This Chromium has no WebGPU adapter and no WebGL (--disable-gpu --disable-software-rasterizer).
let client: TrainingClient | null = null;
afterEach(() => client?.dispose());

test('with neither WebGPU nor WebGL, gpu-first falls back to wasm and says why', async () => {
  setWasmAssetPaths(bundledWasmPaths());
  const choice = await getCompute().choose('gpu-first');
  expect(choice.attempts).toEqual([
    { backend: 'webgpu', ok: false, reason: 'adapter-null' },
    { backend: 'webgl', ok: false, reason: 'no-webgl' },
    { backend: 'wasm', ok: true },
  ]);
  expect(choice.message).toBe('WebGPU unavailable (no adapter); WebGL unavailable (no WebGL context); training on WASM');
  const { model, summary } = await runTrainingJob(moonsJob({ epochs: 10 }));
  expect(tf.getBackend()).toBe('wasm');
  expect(summary.test.accuracy).toBeGreaterThanOrEqual(0.9);
  model.dispose();
});

test('the worker falls back to wasm too', async () => {
  client = createWorkerTrainingClient();
  const outcome = await client.train(moonsJob({ epochs: 10 })).done;
  expect(outcome.backend).toBe('wasm');
  expect(client.backend?.attempts.map((a) => a.reason ?? 'ok')).toEqual(['adapter-null', 'no-webgl', 'ok']);
});

test('a CNN, which wasm cannot train, goes to cpu, and the learner is told why', async () => {
  setWasmAssetPaths(bundledWasmPaths());
  const choice = await getCompute().choose('gpu-first', { requiredKernels: trainingKernels(DEFAULT_CNN) });
  expect(choice.attempts).toEqual([
    { backend: 'webgpu', ok: false, reason: 'adapter-null' },
    { backend: 'webgl', ok: false, reason: 'no-webgl' },
    { backend: 'wasm', ok: false, reason: 'missing-kernels', detail: 'no Conv2DBackpropFilter kernel' },
    { backend: 'cpu', ok: true },
  ]);
  expect(choice.message).toBe('WebGPU unavailable (no adapter); WebGL unavailable (no WebGL context); WASM unavailable (it cannot train this model); training on CPU (plain JavaScript)');
  const before = tf.memory().numTensors;
  const measured = await measureTraining(DEFAULT_CNN, { inputShape: [16, 16, 1], classes: 4 }, 16, { minSteps: 2, maxSteps: 2 });
  expect(tf.getBackend()).toBe('cpu');
  expect(measured.samplesPerSec).toBeGreaterThan(0);
  expect(tf.memory().numTensors).toBe(before);
});
