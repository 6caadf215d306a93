/**
 * Pinning a version (the protocol's `v2/models/<model>/versions/<v>/infer`): Lab.infer(request,
 * target) reaches the endpoint, so a deployed non-production version answers itself and an unknown
 * model or undeployed version gets the endpoint's 404 `unknown-model`; the same through the lab's
 * message protocol (host and client, in-page transport).
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { findPolicy } from '../../../src/loop/decisions/policy';
import { Lab, type LabConfig } from '../../../src/loop/index';
import { isErrorResponse, type InferResponse } from '../../../src/serving/index';
import { createInPageLabClient, type LabClient } from '../../../src/worker/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Manual retrains, a gate that passes anything, and a shadow trial: v2 is deployed beside production v1. */
const POLICY = { ...findPolicy('manual')!, name: 'manual-shadow', gate: { minImprovement: -1, minSamples: 1, holdout: 0.3 }, rollout: { kind: 'shadow' as const, requests: 100_000, maxAccuracyDrop: 0.01 } };
const CONFIG: LabConfig = { scenario: 'moons-rotation', seed: 7, policy: POLICY, requests: 1200, initialRows: 300, window: 100, labelDelay: 2, training: { epochs: 2 } };
const GOOD = { id: 'pin-1', inputs: [{ name: 'x1', shape: [1], datatype: 'FP32', data: [0.5] }, { name: 'x2', shape: [1], datatype: 'FP32', data: [0.25] }] };

let client: LabClient | null = null;
afterEach(async () => {
  await client?.dispose();
  client = null;
});

describe('Lab.infer with a target', () => {
  test('a deployed non-production version answers when pinned; production when not; unknown version or model is 404 unknown-model', async () => {
    const lab = await Lab.create(CONFIG);
    try {
      await lab.bootstrap();
      await lab.runRequests(300);
      const outcome = await lab.retrain({ trigger: 'manual', reason: 'candidate' });
      expect(outcome.version).toBe('v2');
      expect(lab.deployed().production).toBe('v1');
      expect(Object.values(lab.deployed())).toContain('v2');

      const routed = (await lab.infer(GOOD)) as InferResponse;
      expect(routed.model_version).toBe('v1');
      const pinned = await lab.infer(GOOD, { model: 'lab', version: 'v2' });
      expect(isErrorResponse(pinned)).toBe(false);
      expect((pinned as InferResponse).model_version).toBe('v2');
      expect((pinned as InferResponse).id).toBe('pin-1');
      expect(((await lab.infer(GOOD, { version: 'v1' })) as InferResponse).model_version).toBe('v1');

      expect(await lab.infer(GOOD, { version: 'v9' })).toMatchObject({ status: 404, kind: 'unknown-model', field: 'version' });
      expect(await lab.infer(GOOD, { model: 'other', version: 'v2' })).toMatchObject({ status: 404, kind: 'unknown-model', field: 'model' });
    } finally {
      await lab.dispose();
    }
  }, 60_000);

  test('the target travels through the protocol: the client pins v2, and an undeployed version gets the 404', async () => {
    client = createInPageLabClient();
    await client.create({ ...CONFIG, requests: 1200 });
    await client.run(300);
    const outcome = await client.retrain('candidate');
    expect(outcome.version).toBe('v2');
    expect(((await client.infer(GOOD)) as InferResponse).model_version).toBe('v1');
    expect(((await client.infer(GOOD, { model: 'lab', version: 'v2' })) as InferResponse).model_version).toBe('v2');
    expect(await client.infer(GOOD, { version: 'v7' })).toMatchObject({ status: 404, kind: 'unknown-model' });
  }, 60_000);
});
