/**
 * The canary's stated rule: a non-inferiority margin (`maxAccuracyDrop`) judged only once each arm
 * has the minimum sample (`stepLabels` labelled answers in the step), and every reason quoting the
 * margin and both sample sizes.
 */
import { describe, expect, test } from 'vitest';
import { canaryRule, judgeCanary } from '../../../src/loop/decisions/rollout';

const canary = { kind: 'canary' as const, steps: [10, 50], stepLabels: 60, maxErrorRate: 0.05, maxAccuracyDrop: 0.05, maxLatencyRatio: 3 };
const last = { phase: 'canary' as const, candidate: 'v3', step: 1, percent: 50, startedAt: 0 };
const arm = (labelled: number, correct: number) => ({ answered: labelled, errors: 0, labelled, correct, latencyP95: 2 });

describe('canary non-inferiority', () => {
  test('states its margin and minimum sample', () => {
    expect(canaryRule(canary)).toBe('non-inferiority margin 5.0 points, at least 60 labelled answers per arm');
  });

  test('waits until both arms have the minimum sample (production too: no comparison against nothing)', () => {
    expect(judgeCanary(canary, last, arm(60, 57), arm(59, 59))).toEqual({ action: 'wait' });
    expect(judgeCanary(canary, last, arm(59, 59), arm(500, 480))).toEqual({ action: 'wait' });
  });

  test('a candidate slightly worse but within the margin is promoted, and the reason says so with the numbers', () => {
    // 95.0% vs 95.9%: 0.9 points below, within 5 points.
    expect(judgeCanary(canary, last, arm(60, 57), arm(540, 518))).toEqual({
      action: 'promote',
      reason: "canary step 50% passed: accuracy 95.0% vs production's 95.9% (0.9 points below, within the 5.0-point non-inferiority margin) on 60 and 540 labelled answers (at least 60 each); error rate 0.0%",
    });
  });

  test('beyond the margin: rolled back, the reason quoting margin and samples', () => {
    expect(judgeCanary(canary, last, arm(60, 51), arm(540, 518))).toEqual({
      action: 'rollback',
      reason: "canary accuracy 85.0% is 10.9 points below production's 95.9%, beyond the 5.0-point non-inferiority margin, on 60 and 540 labelled answers at 50%",
    });
  });
});
