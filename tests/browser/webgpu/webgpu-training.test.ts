import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { getCompute, setWasmAssetPaths } from '../../../src/compute/index';
import { bundledWasmPaths } from '../../../src/compute/wasm-assets';
import { runTrainingJob } from '../../../src/model/index';
import { moonsJob } from '../../support/jobs';

test('gpu-first trains on real WebGPU when Chromium has it', async () => {
  setWasmAssetPaths(bundledWasmPaths());
  const choice = await getCompute().choose('gpu-first');
  expect(choice.backend).toBe('webgpu');
  expect(choice.attempts).toEqual([{ backend: 'webgpu', ok: true }]);
  expect(choice.info.adapter?.architecture).toBe('swiftshader');
  expect(choice.message).toBe('Training on WebGPU');
  expect(tf.getBackend()).toBe('webgpu');

  const before = tf.memory().numTensors;
  const { model, summary } = await runTrainingJob(moonsJob({ samples: 300, epochs: 12 }), { check: () => getCompute().check() });
  expect(tf.getBackend()).toBe('webgpu');
  expect(summary.test.accuracy).toBeGreaterThanOrEqual(0.85);
  expect(summary.firstBatchMs).toBeGreaterThan(0);
  model.dispose();
  expect(tf.memory().numTensors).toBe(before);
});
