/**
 * A session holding picture-CNN versions (the Lab's LAB_CNN on shapes-sensor-degradation) saves and
 * restores: readSession's import pre-check accepts the CNN topology, and the restored lab serves the
 * same versions with the same weights.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { findPolicy } from '../../../src/loop/decisions/policy';
import { LAB_CNN } from '../../../src/loop/engine/model';
import { Lab, type LabConfig } from '../../../src/loop/index';
import { exportSession, readSession } from '../../../src/loop/persistence/session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Manual policy with a gate that passes any version: this test is about saving CNNs, not their accuracy. */
const POLICY = { ...findPolicy('manual')!, gate: { minImprovement: -1, minSamples: 1, holdout: 0.3 } };
const CONFIG: LabConfig = { scenario: 'shapes-sensor-degradation', seed: 3, policy: POLICY, requests: 300, initialRows: 120, window: 40, labelDelay: 2, training: { epochs: 2 } };
const AT = new Date('2026-01-02T03:04:05.000Z');

describe('session file with CNN versions', () => {
  test('a lab with two CNN versions exports, restores with the same versions and weights, and serves', async () => {
    const lab = await Lab.create(CONFIG);
    let text: string;
    try {
      expect(lab.config.model).toEqual(LAB_CNN);
      await lab.bootstrap();
      await lab.runRequests(120);
      const outcome = await lab.retrain({ trigger: 'manual', reason: 'second CNN' });
      expect(outcome.version, JSON.stringify(outcome)).toBe('v2');
      text = JSON.stringify(await exportSession({ config: CONFIG, registry: lab.registry, calibrators: lab.calibratorStates() }, AT));
    } finally {
      await lab.dispose();
    }
    const file = JSON.parse(text);
    expect(file.registry.versions.map((b: { modelJson: { modelTopology: { config: { layers: Array<{ class_name: string }> } } } }) => b.modelJson.modelTopology.config.layers.map((l) => l.class_name))).toEqual([
      ['Reshape', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', 'Dense'],
      ['Reshape', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', 'Dense'],
    ]);
    const session = await readSession(text);
    expect(session.versions.map((v) => v.version.model)).toEqual([LAB_CNN, LAB_CNN]);
    const restored = await Lab.restore(session);
    try {
      expect(restored.registry.list().map((v) => v.id)).toEqual(['v1', 'v2']);
      expect(restored.deployed().production).toBe('v2');
      const again = await exportSession({ config: CONFIG, registry: restored.registry }, AT);
      expect(again.registry.versions.map((b) => b.weights.base64)).toEqual(file.registry.versions.map((b: { weights: { base64: string } }) => b.weights.base64));
      await restored.runRequests(30);
      expect(restored.totals.answered).toBeGreaterThan(0);
    } finally {
      await restored.dispose();
    }
  }, 120_000);
});
