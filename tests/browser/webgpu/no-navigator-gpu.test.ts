import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { getCompute } from '../../../src/compute/index';
import { runTrainingJob } from '../../../src/model/index';
import { moonsJob } from '../../support/jobs';

// A test seam for browsers without WebGPU at all: navigator.gpu is removed before the lab looks.
test('a browser without navigator.gpu falls back to WebGL through the real chooser, and says why', async () => {
  Object.defineProperty(Navigator.prototype, 'gpu', { configurable: true, get: () => undefined });
  const choice = await getCompute().choose('gpu-first');
  expect(choice.attempts).toEqual([
    { backend: 'webgpu', ok: false, reason: 'no-navigator-gpu' },
    { backend: 'webgl', ok: true },
  ]);
  expect(choice.message).toBe('WebGPU unavailable (this browser has no navigator.gpu); training on WebGL');
  const { model, summary } = await runTrainingJob(moonsJob({ samples: 300, epochs: 12 }));
  expect(tf.getBackend()).toBe('webgl');
  expect(summary.test.accuracy).toBeGreaterThanOrEqual(0.85);
  model.dispose();
});
