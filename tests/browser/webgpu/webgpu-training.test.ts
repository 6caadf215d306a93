import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { getCompute, setWasmAssetPaths } from '../../../src/compute/index';
import { bundledWasmPaths } from '../../../src/compute/wasm-assets';
import { runTrainingJob } from '../../../src/model/index';
import { moonsJob } from '../../support/jobs';

// This Chromium's WebGPU adapter and WebGL renderer are both SwiftShader: a GPU emulated in software.

test('gpu-first skips a software-emulated GPU and trains on WebAssembly, saying why in plain words', async () => {
  setWasmAssetPaths(bundledWasmPaths());
  const choice = await getCompute().choose('gpu-first');
  expect(choice.attempts).toEqual([
    { backend: 'webgpu', ok: false, reason: 'software-gpu', detail: 'SwiftShader' },
    { backend: 'webgl', ok: false, reason: 'software-gpu', detail: 'SwiftShader' },
    { backend: 'wasm', ok: true },
  ]);
  expect(choice.backend).toBe('wasm');
  expect(choice.message).toBe('Your GPU is emulated in software (SwiftShader), so the lab trains on WebAssembly: faster here');
  expect(choice.fallbackReason).toBe(choice.message);
  const { model, summary } = await runTrainingJob(moonsJob({ epochs: 10 }));
  expect(tf.getBackend()).toBe('wasm');
  expect(summary.test.accuracy).toBeGreaterThanOrEqual(0.9);
  model.dispose();
});

test('webgpu named explicitly trains on the (software) WebGPU adapter', async () => {
  const choice = await getCompute().choose('webgpu');
  expect(choice.backend).toBe('webgpu');
  expect(choice.attempts).toEqual([{ backend: 'webgpu', ok: true }]);
  expect(choice.info.adapter?.architecture).toBe('swiftshader');
  expect(choice.message).toBe('Training on WebGPU, as you asked');
  expect(choice.fallbackReason).toBeUndefined();
  expect(tf.getBackend()).toBe('webgpu');

  const before = tf.memory().numTensors;
  const { model, summary } = await runTrainingJob(moonsJob({ samples: 300, epochs: 12 }), { check: () => getCompute().check() });
  expect(tf.getBackend()).toBe('webgpu');
  expect(summary.test.accuracy).toBeGreaterThanOrEqual(0.85);
  expect(summary.firstBatchMs).toBeGreaterThan(0);
  model.dispose();
  expect(tf.memory().numTensors).toBe(before);
});
