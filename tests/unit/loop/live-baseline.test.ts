/**
 * The accuracy alert's target is production's live baseline (decisions/alerting.ts), so alerts and
 * retrains do not fire before anything changes on the quiet scenarios (stable, loans-prior-shift before
 * its campaign, loans-policy-change before its new rule), seeds 1-5, default policy — the old target,
 * v1's offline accuracy on a few hundred held-out rows, raised alerts and promoted versions 4,500
 * requests before any change on loans-policy-change. The guided run still detects and recovers.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { accuracyDrop, BASELINE_LABELS } from '../../../src/loop/decisions/alerting';
import { firstChange } from '../../../src/loop/decisions/outcome';
import { runSimulation } from '../../../src/loop/commands/simulate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the live baseline of the accuracy alert', () => {
  test('the drop beyond noise: max(0, b - r - 2 sqrt(2 b (1 - b) / n))', () => {
    expect(accuracyDrop(null, 0.5, BASELINE_LABELS)).toBeNull();
    expect(accuracyDrop(0.9, null, BASELINE_LABELS)).toBeNull();
    expect(accuracyDrop(0.9, 0.88, 200)).toBe(0);
    expect(accuracyDrop(0.9, 0.7, 200)).toBeCloseTo(0.2 - 2 * Math.sqrt((2 * 0.9 * 0.1) / 200), 12);
    expect(accuracyDrop(1, 0.9, 200)).toBeCloseTo(0.1, 12);
  });

  const quiet = ['stable', 'loans-policy-change', 'loans-prior-shift'].flatMap((scenario) => [1, 2, 3, 4, 5].map((seed): [string, number] => [scenario, seed]));
  test.each(quiet)('%s seed %i: no alert, no retrain, no promotion before any change', async (scenario, seed) => {
    const r = await runSimulation({ scenario, seed, policy: 'on-alert' });
    const change = firstChange(r.ground_truth);
    expect(r.alerts.filter((a) => a.change === 'raised' && a.index < change)).toEqual([]);
    expect(r.decisions.filter((d) => d.kind === 'retrain' && d.actor.startsWith('policy') && d.index < change)).toEqual([]);
    expect(r.summary.promotions_before_change).toBe(0);
  });

  test('the guided run (moons-rotation, seed 7) still detects the drift and recovers', async () => {
    const r = await runSimulation({ scenario: 'moons-rotation', seed: 7, policy: 'on-alert', requests: 8000 });
    expect(r.summary.requests_to_detect).not.toBeNull();
    expect(r.summary.requests_to_recover).not.toBeNull();
    expect(r.summary.versions).toBeGreaterThan(1);
  });
});
