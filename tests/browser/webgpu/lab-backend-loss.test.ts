/**
 * Faults on the Lab's GPU path: a WebGL context loss or a WebGPU device loss during a retrain fails
 * that retrain cleanly — nothing is registered from the garbage weights, production keeps its version
 * and keeps answering correctly (reloaded onto the new backend) — the backend is chosen again by the
 * lab's policy, and the training-failed event says what happened. The next retrain trains on the
 * new backend and its lineage records the loss. Kept small: a few hundred rows, a few epochs.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { afterEach, expect, test } from 'vitest';
import { Lab, type LabEvent } from '../../../src/loop/index';
import type { BackendPolicy } from '../../../src/compute/types';

const SMALL = { scenario: 'stable', seed: 2, requests: 1400, initialRows: 400, policy: 'manual', training: { epochs: 4 } } as const;

let lab: Lab | null = null;
afterEach(async () => {
  await lab?.dispose();
  lab = null;
});

/** Runs the lab's first version and some traffic, then a retrain whose first epoch end triggers `lose`. */
async function retrainWithLoss(backend: BackendPolicy, lose: () => void) {
  lab = await Lab.create({ ...SMALL, backend });
  const events: LabEvent[] = [];
  lab.events.on((e) => events.push(e));
  await lab.bootstrap();
  await lab.runRequests(500);
  const before = lab.series.points().at(-1)?.realized ?? 0;
  let lost = false;
  const off = lab.events.on((e) => {
    if (e.type === 'epoch' && e.run === 2 && !lost) {
      lost = true;
      lose();
    }
  });
  const outcome = await lab.retrain({ trigger: 'manual', reason: 'retrain during a loss' });
  off();
  return { lab, events, outcome, before };
}

test('a WebGL context lost during a retrain: nothing registered, production untouched and still right, WebGL chosen again', async () => {
  let gl: WebGLRenderingContext | WebGL2RenderingContext | null = null;
  const { lab, events, outcome, before } = await retrainWithLoss('webgl', () => {
    gl = (tf.backend() as MathBackendWebGL).gpgpu.gl;
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  });
  expect(gl).not.toBeNull();
  expect(outcome).toMatchObject({ version: null, deployed: false });
  expect(outcome.error).toMatch(/The webgl backend was lost \(webgl-context-lost\)/);
  expect(lab.registry.list().map((v) => v.id)).toEqual(['v1']);
  expect(lab.deployed().production).toBe('v1');
  const failed = events.find((e): e is Extract<LabEvent, { type: 'training-failed' }> => e.type === 'training-failed');
  expect(failed?.code).toBe('backend-lost');
  expect(failed?.message).toMatch(/WebGL was lost \(WebGL context lost\) and the run was stopped; backend chosen again; training on WebGL, as you asked/);
  expect(tf.getBackend()).toBe('webgl');
  expect((tf.backend() as MathBackendWebGL).gpgpu.gl).not.toBe(gl);

  // Production serves on the new context: every request answered, no error, accuracy as before.
  await lab.runRequests(500);
  expect(lab.totals.errors).toBe(0);
  expect(lab.totals.answered).toBe(lab.totals.requests);
  const after = lab.series.points().at(-1)?.realized ?? 0;
  expect(after).toBeGreaterThan(0.8);
  expect(Math.abs(after - before)).toBeLessThan(0.1);

  // The next retrain trains on the new context, and its lineage names the loss it recovered from.
  const next = await lab.retrain({ trigger: 'manual', reason: 'after the loss' });
  expect(next.version).toBe('v2');
  const v2 = lab.registry.get('v2');
  expect(v2.backend).toBe('webgl');
  expect(v2.backendChoice).toMatchObject({ policy: 'webgl', lost: { backend: 'webgl', reason: 'webgl-context-lost' } });
  expect(v2.evaluation.accuracy).toBeGreaterThan(0.8);
});

test('a WebGPU device lost during a retrain: nothing registered, production untouched, a new device made', async () => {
  let device: GPUDevice | null = null;
  const { lab, events, outcome } = await retrainWithLoss('webgpu', () => {
    device = (tf.backend() as WebGPUBackend).device;
    device.destroy();
  });
  expect(device).not.toBeNull();
  expect(outcome).toMatchObject({ version: null, deployed: false });
  expect(lab.registry.list().map((v) => v.id)).toEqual(['v1']);
  expect(lab.deployed().production).toBe('v1');
  const failed = events.find((e): e is Extract<LabEvent, { type: 'training-failed' }> => e.type === 'training-failed');
  expect(failed).toMatchObject({ code: 'backend-lost' });
  expect(failed?.message).toMatch(/The webgpu backend was lost \(webgpu-device-lost\).*WebGPU was lost \(GPU device lost\) and the run was stopped; backend chosen again; training on WebGPU, as you asked/);
  expect(tf.getBackend()).toBe('webgpu');
  expect((tf.backend() as WebGPUBackend).device).not.toBe(device);

  await lab.runRequests(300);
  expect(lab.totals.errors).toBe(0);
  expect(lab.totals.answered).toBe(lab.totals.requests);
  expect(lab.series.points().at(-1)?.realized ?? 0).toBeGreaterThan(0.8);
});
