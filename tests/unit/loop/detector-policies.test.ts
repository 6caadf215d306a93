/**
 * Every detector a policy names really runs (issue: a policy triggered by EDDM, Page-Hinkley, KSWIN or
 * HDDM_A used to never retrain, because the Lab ran only ADWIN and DDM). For each of the six, a policy
 * that retrains on that detector's drift alone, on moons-rotation (the boundary turns from request
 * 4000): the detector is in the monitor, flags the drift on production's error stream, and a retrain
 * it triggered produces a new version.
 *
 * KSWIN is the exception on moons-rotation, and the test says so: it runs (its updates count the
 * labels) but a two-sample KS test on error bits (0/1) sees only the difference of the two error rates,
 * and at River's defaults (30 values against 30, alpha 0.005) that difference must exceed about 0.45;
 * moons-rotation moves production's error rate from about 1% to about 14%. Where the error rate jumps
 * further (loans-policy-change: the bank's rule changes overnight) the KSWIN policy retrains.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { DETECTOR_KINDS, type DetectorKind } from '../../../src/monitoring/index';
import { Lab, type Policy } from '../../../src/loop/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function detectorPolicy(detector: DetectorKind): Policy {
  return {
    name: `on-${detector}`,
    description: `retrain when ${detector} flags production`,
    trigger: { kind: 'on-alert', source: 'detector', detector, cooldownSeconds: 60 },
    data: { kind: 'recent', rows: 800 },
    gate: { minImprovement: 0.005, minSamples: 100, holdout: 0.25 },
    rollout: { kind: 'direct' },
  };
}

describe('a policy triggered by any of the six detectors retrains', () => {
  const cases: [DetectorKind, string][] = [...DETECTOR_KINDS.filter((d) => d !== 'kswin').map((d): [DetectorKind, string] => [d, 'moons-rotation']), ['kswin', 'loans-policy-change']];
  test.each(cases)('%s on %s', async (detector, scenario) => {
    const lab = await Lab.create({ scenario, seed: 1, requests: 8000, policy: detectorPolicy(detector) });
    try {
      await lab.bootstrap();
      expect(lab.monitor.options.detectors.map((c) => c.kind)).toContain(detector);
      await lab.runToEnd();
      const events = lab.log();
      const drifts = events.filter((e) => e.type === 'drift' && e.detector === detector);
      expect(drifts.length).toBeGreaterThan(0);
      const retrains = events.filter((e) => e.type === 'decision' && e.kind === 'retrain' && e.reason.startsWith(`${detector} flagged drift`));
      expect(retrains.length).toBeGreaterThan(0);
      expect(lab.registry.list().length).toBeGreaterThan(1);
    } finally {
      await lab.dispose();
    }
  });

  test('kswin runs on moons-rotation, and its KS test on error bits stays silent there', async () => {
    const lab = await Lab.create({ scenario: 'moons-rotation', seed: 1, requests: 8000, policy: detectorPolicy('kswin') });
    try {
      await lab.bootstrap();
      await lab.runToEnd();
      const kswin = lab.monitor.versionSnapshot('v1')?.detectors.find((d) => d.kind === 'kswin');
      expect(kswin?.updates).toBeGreaterThan(7000);
      expect(lab.log().filter((e) => e.type === 'drift' && e.detector === 'kswin')).toHaveLength(0);
    } finally {
      await lab.dispose();
    }
  });

  test('a policy set later adds its detector from then on', async () => {
    const lab = await Lab.create({ scenario: 'moons-rotation', seed: 1, requests: 600, policy: 'off' });
    try {
      await lab.bootstrap();
      expect(lab.monitor.options.detectors.map((c) => c.kind)).toEqual(['adwin', 'ddm']);
      lab.setPolicy(detectorPolicy('eddm'));
      expect(lab.monitor.options.detectors.map((c) => c.kind)).toEqual(['adwin', 'ddm', 'eddm']);
      await lab.runToEnd();
      expect(lab.monitor.errorDetectors('v1')?.map((d) => d.kind)).toEqual(['adwin', 'ddm', 'eddm']);
    } finally {
      await lab.dispose();
    }
  });

  test('the detector set is part of the config, validated', async () => {
    const lab = await Lab.create({ scenario: 'stable', seed: 1, requests: 100, policy: 'off', detectors: ['kswin', 'hddm-a'] });
    expect(lab.monitor.options.detectors.map((c) => c.kind)).toEqual(['kswin', 'hddm-a']);
    await lab.dispose();
    await expect(Lab.create({ scenario: 'stable', seed: 1, detectors: ['nope' as DetectorKind] })).rejects.toThrow(/detectors must be a list of/);
  });
});
