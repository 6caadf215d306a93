/**
 * Safe updates: the promotion gate never promotes a deliberately worse candidate, and a canary of a
 * bad candidate is rolled back automatically while every request is answered exactly once.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { Lab } from '../../../src/loop/engine/lab';
import type { EndpointResponse } from '../../../src/serving/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('promotion gate', () => {
  test.each([1, 2, 3])('a candidate trained on scrambled labels is refused and production is unchanged (seed %i)', async (seed) => {
    const lab = await Lab.create({ scenario: 'stable', seed, requests: 3000, policy: 'manual' });
    try {
      await lab.bootstrap();
      await lab.runRequests(1500);
      const outcome = await lab.retrainWith({ trigger: 'manual', reason: 'test: worse candidate' }, { scrambleLabels: true });
      expect(outcome.version).toBe('v2');
      expect(outcome.deployed).toBe(false);
      expect(outcome.gate?.passed).toBe(false);
      expect(outcome.gate?.metrics.improvement).toBeLessThan(-0.2);
      expect(lab.registry.current('production')).toBe('v1');
      expect(lab.deployed().production).toBe('v1');
      expect(lab.registry.releases().map((r) => r.version)).toEqual(['v1']);
      const reject = lab.log().find((e) => e.type === 'decision' && e.kind === 'reject');
      expect(reject).toMatchObject({ version: 'v2' });
    } finally {
      await lab.dispose();
    }
  });

  test('a good candidate passes and its release record carries the gate result', async () => {
    const lab = await Lab.create({ scenario: 'loans-policy-change', seed: 5, requests: 7000, policy: 'manual' });
    try {
      await lab.bootstrap();
      await lab.runRequests(6500);
      const outcome = await lab.retrain({ trigger: 'manual', reason: 'test: retrain after the policy change' });
      expect(outcome.gate?.passed).toBe(true);
      expect(outcome.deployed).toBe(true);
      const release = lab.registry.releases().at(-1);
      expect(release?.version).toBe(outcome.version);
      expect(release?.gate?.passed).toBe(true);
      expect(release?.why).toMatch(/gate passed/);
    } finally {
      await lab.dispose();
    }
  });
});

describe('canary with automatic rollback', () => {
  test('a bad candidate in canary is rolled back on accuracy; every request is answered exactly once', async () => {
    const lab = await Lab.create({ scenario: 'stable', seed: 11, requests: 4000, policy: 'on-alert-canary' });
    const answers = new Map<string, number>();
    const versions = new Set<string>();
    lab.tap((id: string, response: EndpointResponse) => {
      answers.set(id, (answers.get(id) ?? 0) + 1);
      if ('model_version' in response && response.model_version) versions.add(response.model_version);
    });
    try {
      await lab.bootstrap();
      await lab.runRequests(1000);
      const outcome = await lab.retrainWith({ trigger: 'manual', reason: 'test: bad candidate forced past the gate' }, { scrambleLabels: true, skipGate: true });
      expect(outcome.deployed).toBe(false);
      expect(lab.rolloutState).toMatchObject({ phase: 'canary', candidate: 'v2', percent: 10 });
      await lab.runToEnd();
      const rollback = lab.log().find((e) => e.type === 'decision' && e.kind === 'rollback');
      expect(rollback).toBeDefined();
      expect(rollback).toMatchObject({ version: 'v2' });
      expect((rollback as { reason: string }).reason).toMatch(/canary accuracy .* below production/);
      expect(lab.rolloutState.phase).toBe('idle');
      expect(lab.deployed()).toEqual({ production: 'v1', candidate: null, shadow: null });
      expect(lab.registry.releases().map((r) => r.version)).toEqual(['v1']);
      expect(versions.has('v2')).toBe(true);
      expect(answers.size).toBe(4000);
      expect([...answers.values()].every((n) => n === 1)).toBe(true);
      expect(lab.totals.requests).toBe(4000);
      expect(lab.totals.answered + lab.totals.errors).toBe(4000);
    } finally {
      await lab.dispose();
    }
  });
});

describe('memory', () => {
  test('tf.memory().numTensors is flat across a long stream and many retrains', async () => {
    const lab = await Lab.create({ scenario: 'stable', seed: 2, requests: 6000, policy: 'manual' });
    try {
      await lab.bootstrap();
      await lab.runRequests(1000);
      const start = tf.memory().numTensors;
      for (let k = 0; k < 5; k++) {
        await lab.retrain({ trigger: 'manual', reason: `retrain ${k}` });
        await lab.runRequests(800);
      }
      expect(lab.registry.list().length).toBe(6);
      expect(tf.memory().numTensors).toBe(start);
    } finally {
      await lab.dispose();
    }
  });
});

describe('shadow rollout', () => {
  test('a shadow candidate is scored on copies, never answers, and a bad one is rejected', async () => {
    const lab = await Lab.create({ scenario: 'stable', seed: 12, requests: 3000, policy: 'on-alert-shadow' });
    const answeredBy = new Set<string>();
    lab.tap((_id, response) => {
      if ('model_version' in response && response.model_version) answeredBy.add(response.model_version);
    });
    try {
      await lab.bootstrap();
      await lab.runRequests(800);
      await lab.retrainWith({ trigger: 'manual', reason: 'test: bad shadow' }, { scrambleLabels: true, skipGate: true });
      expect(lab.rolloutState).toMatchObject({ phase: 'shadow', candidate: 'v2' });
      expect(lab.deployed()).toMatchObject({ production: 'v1', shadow: 'v2' });
      await lab.runToEnd();
      const verdict = lab.log().find((e) => e.type === 'decision' && e.kind === 'rollback');
      expect((verdict as { reason: string }).reason).toMatch(/shadow accuracy .* below production/);
      expect([...answeredBy]).toEqual(['v1']);
      expect(lab.endpointStats().shadow.compared).toBeGreaterThanOrEqual(200);
      expect(lab.deployed()).toEqual({ production: 'v1', candidate: null, shadow: null });
    } finally {
      await lab.dispose();
    }
  });
});

describe('schedule policy', () => {
  test('retrains every N simulated seconds on recent-weighted rows', async () => {
    const lab = await Lab.create({ scenario: 'stable', seed: 13, requests: 3500, policy: 'schedule' });
    try {
      await lab.bootstrap();
      await lab.runToEnd();
      const retrains = lab.log().filter((e) => e.type === 'decision' && e.kind === 'retrain');
      // 3500 requests at 10/s last about 350 s: one scheduled retrain at t = 300 s.
      expect(retrains.map((e) => e.t)).toEqual([300]);
      expect(lab.registry.list().at(-1)?.trigger).toBe('schedule');
      expect(lab.registry.list().at(-1)?.data.window?.policy).toMatch(/^recent-weighted/);
    } finally {
      await lab.dispose();
    }
  });
});
