import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { getCompute, memorySnapshot, setWasmAssetPaths } from '../../../src/compute/index';
import { bundledWasmPaths } from '../../../src/compute/wasm-assets';
import { DEFAULT_MLP, runTrainingJob, trainingProbe } from '../../../src/model/index';
import { moonsJob } from '../../support/jobs';

test('fastest probes all four backends side by side and keeps the table', async () => {
  setWasmAssetPaths(bundledWasmPaths());
  const before = memorySnapshot().numTensors;
  const choice = await getCompute().choose('fastest', { probe: trainingProbe(DEFAULT_MLP, { inputShape: [2], classes: 2 }, 32) });
  expect(choice.probe?.map((r) => r.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  for (const row of choice.probe ?? []) {
    expect(row.available).toBe(true);
    expect(row.samplesPerSec).toBeGreaterThan(0);
  }
  const best = Math.max(...(choice.probe ?? []).map((r) => r.samplesPerSec ?? 0));
  expect(choice.probe?.find((r) => r.backend === choice.backend)?.samplesPerSec).toBe(best);
  expect(tf.getBackend()).toBe(choice.backend);
  expect(choice.message).toMatch(/the fastest measured here at [\d,]+ samples\/s$/);
  expect(memorySnapshot().numTensors).toBe(before);
});

test('wasm loads its binary from the lab’s own assets and trains', async () => {
  setWasmAssetPaths(bundledWasmPaths());
  const choice = await getCompute().choose('wasm');
  expect(choice).toMatchObject({ backend: 'wasm', info: { wasmFeatures: { simd: true } } });
  const wasmRequests = performance.getEntriesByType('resource').filter((e) => e.name.includes('.wasm'));
  expect(wasmRequests.length).toBeGreaterThan(0);
  for (const entry of wasmRequests) expect(new URL(entry.name).hostname).toMatch(/^(localhost|127\.0\.0\.1)$/);
  const { model, summary } = await runTrainingJob(moonsJob({ epochs: 10 }));
  expect(summary.test.accuracy).toBeGreaterThanOrEqual(0.9);
  model.dispose();
});
