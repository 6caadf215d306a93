import * as tf from '@tensorflow/tfjs';
import { afterEach, expect, test } from 'vitest';
import { getCompute, setWasmAssetPaths } from '../../../src/compute/index';
import { bundledWasmPaths } from '../../../src/compute/wasm-assets';
import { runTrainingJob } from '../../../src/model/index';
import { createWorkerTrainingClient, type TrainingClient } from '../../../src/worker/index';
import { moonsJob } from '../../support/jobs';

// This Chromium runs without --enable-unsafe-webgpu: navigator.gpu exists but gives no adapter, and
// WebGL runs on SwiftShader (software).
let client: TrainingClient | null = null;
afterEach(() => client?.dispose());

test('with no WebGPU adapter and a software WebGL, gpu-first trains on wasm and says why', async () => {
  expect(navigator.gpu).toBeDefined();
  expect(await navigator.gpu.requestAdapter()).toBeNull();
  setWasmAssetPaths(bundledWasmPaths());
  const choice = await getCompute().choose('gpu-first');
  expect(choice.attempts).toEqual([
    { backend: 'webgpu', ok: false, reason: 'adapter-null' },
    { backend: 'webgl', ok: false, reason: 'software-gpu', detail: 'SwiftShader' },
    { backend: 'wasm', ok: true },
  ]);
  expect(choice.backend).toBe('wasm');
  expect(choice.message).toBe('WebGPU unavailable (no adapter); your GPU is emulated in software (SwiftShader), so the lab trains on WebAssembly: faster here');
});

test('webgl named explicitly trains on WebGL', async () => {
  const choice = await getCompute().choose('webgl');
  expect(choice.attempts).toEqual([{ backend: 'webgl', ok: true }]);
  expect(choice.backend).toBe('webgl');
  expect(choice.info.webglVersion).toBe(2);
  expect(choice.info.cpuForward).toBe(true);
  expect(choice.message).toBe('Training on WebGL, as you asked');

  const before = tf.memory().numTensors;
  const { model, summary } = await runTrainingJob(moonsJob({ samples: 300, epochs: 12 }), { check: () => getCompute().check() });
  expect(tf.getBackend()).toBe('webgl');
  expect(summary.test.accuracy).toBeGreaterThanOrEqual(0.85);
  model.dispose();
  expect(tf.memory().numTensors).toBe(before);
});

test('the worker trains on WebGL on an OffscreenCanvas when asked, and on wasm by default', async () => {
  client = createWorkerTrainingClient();
  await client.chooseBackend('webgl');
  const outcome = await client.train(moonsJob({ samples: 300, epochs: 12 })).done;
  expect(outcome.backend).toBe('webgl');
  expect(client.backend?.message).toBe('Training on WebGL, as you asked');
  expect(outcome.summary.test.accuracy).toBeGreaterThanOrEqual(0.85);
  await client.chooseBackend('gpu-first');
  const fallback = await client.train(moonsJob({ samples: 300, epochs: 3 })).done;
  expect(fallback.backend).toBe('wasm');
  expect(client.backend?.attempts.map((a) => a.reason ?? 'ok')).toEqual(['adapter-null', 'software-gpu', 'ok']);
});
