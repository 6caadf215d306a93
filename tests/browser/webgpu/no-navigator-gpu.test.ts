import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { getCompute, setWasmAssetPaths } from '../../../src/compute/index';
import { bundledWasmPaths } from '../../../src/compute/wasm-assets';
import { runTrainingJob } from '../../../src/model/index';
import { moonsJob } from '../../support/jobs';

// A test seam for browsers without WebGPU at all: navigator.gpu is removed before the lab looks.
test('a browser without navigator.gpu: gpu-first says why it skips WebGPU and the software WebGL; webgl named explicitly trains there', async () => {
  Object.defineProperty(Navigator.prototype, 'gpu', { configurable: true, get: () => undefined });
  setWasmAssetPaths(bundledWasmPaths());
  const first = await getCompute().choose('gpu-first');
  expect(first.attempts).toEqual([
    { backend: 'webgpu', ok: false, reason: 'no-navigator-gpu' },
    { backend: 'webgl', ok: false, reason: 'software-gpu', detail: 'SwiftShader' },
    { backend: 'wasm', ok: true },
  ]);
  expect(first.message).toBe('WebGPU unavailable (this browser has no navigator.gpu); your GPU is emulated in software (SwiftShader), so the lab trains on WebAssembly: faster here');
  const choice = await getCompute().choose('webgl');
  expect(choice.attempts).toEqual([{ backend: 'webgl', ok: true }]);
  expect(choice.message).toBe('Training on WebGL, as you asked');
  const { model, summary } = await runTrainingJob(moonsJob({ samples: 300, epochs: 12 }));
  expect(tf.getBackend()).toBe('webgl');
  expect(summary.test.accuracy).toBeGreaterThanOrEqual(0.85);
  model.dispose();
});
