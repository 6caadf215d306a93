import * as tf from '@tensorflow/tfjs';
import { afterEach, expect, test } from 'vitest';
import { getCompute, setWasmAssetPaths } from '../../../src/compute/index';
import { bundledWasmPaths } from '../../../src/compute/wasm-assets';
import { runTrainingJob } from '../../../src/model/index';
import { createWorkerTrainingClient, type TrainingClient } from '../../../src/worker/index';
import { moonsJob } from '../../support/jobs';

// This Chromium has no WebGPU adapter and WebGL disabled (--disable-webgl --disable-webgl2).
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
