/** Pure parts of the loop: policy validation, the gate, the rollout state machine, the summary, the buffer, the throttle. */
import { describe, expect, test } from 'vitest';
import { createRng } from '../../../datasets/random';
import { LabelledBuffer } from '../../../src/loop/engine/buffer';
import { applyGate, explainGate } from '../../../src/loop/decisions/gate';
import { POLICIES, resolvePolicy, validatePolicy } from '../../../src/loop/decisions/policy';
import { requestsToRecover, accuracyBefore, minAfter } from '../../../src/loop/decisions/outcome';
import { emptyArm, judgeCanary, judgeShadow } from '../../../src/loop/decisions/rollout';
import type { SeriesPoint } from '../../../src/loop/observers/series';
import { Throttle } from '../../../src/loop/engine/throttle';

describe('policies', () => {
  test('every built-in policy is valid, serializable and round-trips', () => {
    for (const p of POLICIES) expect(validatePolicy(JSON.parse(JSON.stringify(p)))).toEqual(p);
  });

  test.each([
    [null, 'policy'],
    [{ ...POLICIES[2], name: 'bad name!' }, 'name'],
    [{ ...POLICIES[2], trigger: { kind: 'on-alert', source: 'detector', detector: 'magic', cooldownSeconds: 1 } }, 'trigger.detector'],
    [{ ...POLICIES[2], trigger: { kind: 'schedule', everySeconds: 0, cooldownSeconds: 0 } }, 'trigger.everySeconds'],
    [{ ...POLICIES[2], data: { kind: 'recent', rows: 10 } }, 'data.rows'],
    [{ ...POLICIES[2], gate: { minImprovement: Number.NaN, minSamples: 10, holdout: 0.2 } }, 'gate.minImprovement'],
    [{ ...POLICIES[2], rollout: { kind: 'canary', steps: [50, 10], stepLabels: 10, maxErrorRate: 0.1, maxAccuracyDrop: 0.1, maxLatencyRatio: 2 } }, 'rollout.steps[1]'],
    [{ ...POLICIES[2], rollout: { kind: 'blue-green' } }, 'rollout.kind'],
  ])('garbage is refused with a typed error naming the field (%#)', (policy, field) => {
    expect(() => validatePolicy(policy)).toThrow(expect.objectContaining({ code: 'invalid-policy', details: expect.objectContaining({ field }) }));
  });

  test('an unknown policy name lists the known ones', () => {
    expect(() => resolvePolicy('yolo')).toThrow(/known: off, manual, on-alert/);
  });
});

describe('promotion gate', () => {
  const policy = { minImprovement: 0.01, minSamples: 100, holdout: 0.25 };
  test('passes on enough rows and enough improvement, refuses otherwise', () => {
    expect(applyGate(policy, { rows: 200, candidateCorrect: 190, productionCorrect: 180 }).passed).toBe(true);
    expect(applyGate(policy, { rows: 200, candidateCorrect: 181, productionCorrect: 180 }).passed).toBe(false);
    expect(applyGate(policy, { rows: 99, candidateCorrect: 99, productionCorrect: 0 }).passed).toBe(false);
    expect(applyGate(policy, { rows: 100, candidateCorrect: 1, productionCorrect: null }).passed).toBe(true);
    const g = applyGate(policy, { rows: 200, candidateCorrect: 150, productionCorrect: 180 });
    expect(g.metrics).toMatchObject({ rows: 200, candidateAccuracy: 0.75, productionAccuracy: 0.9 });
    expect(explainGate(g)).toBe('gate refused: candidate 75.0% vs production 90.0% on 200 held-out rows (needs +1.0%)');
    expect(explainGate(applyGate(policy, { rows: 100, candidateCorrect: 97, productionCorrect: null }))).toBe('gate passed: first version, candidate 97.0% on 100 held-out rows (nothing in production to beat)');
  });
});

describe('rollout state machine', () => {
  const canary = { kind: 'canary' as const, steps: [10, 50], stepLabels: 50, maxErrorRate: 0.05, maxAccuracyDrop: 0.05, maxLatencyRatio: 3 };
  const state = { phase: 'canary' as const, candidate: 'v2', step: 0, percent: 10, startedAt: 0 };
  const arm = (answered: number, errors: number, labelled: number, correct: number, latencyP95: number | null = 2) => ({ answered, errors, labelled, correct, latencyP95 });

  test('waits for labels, then steps, then promotes', () => {
    expect(judgeCanary(canary, state, arm(40, 0, 49, 49), arm(400, 0, 400, 380))).toEqual({ action: 'wait' });
    expect(judgeCanary(canary, state, arm(60, 0, 50, 48), arm(400, 0, 400, 380))).toMatchObject({ action: 'next', percent: 50 });
    expect(judgeCanary(canary, { ...state, step: 1, percent: 50 }, arm(60, 0, 50, 48), arm(60, 0, 50, 47))).toMatchObject({ action: 'promote' });
  });

  test('rolls back on accuracy, errors and latency, each with its reason', () => {
    expect(judgeCanary(canary, state, arm(60, 0, 50, 40), arm(400, 0, 400, 380))).toMatchObject({ action: 'rollback', reason: expect.stringMatching(/accuracy 80.0% is 15.0 points below/) });
    expect(judgeCanary(canary, state, arm(20, 2, 0, 0), arm(400, 0, 0, 0))).toMatchObject({ action: 'rollback', reason: expect.stringMatching(/error rate 10.0%/) });
    expect(judgeCanary(canary, state, arm(20, 0, 0, 0, 9), arm(400, 0, 0, 0, 2))).toMatchObject({ action: 'rollback', reason: expect.stringMatching(/p95 latency 9.0 ms/) });
  });

  test('shadow: promotes when not worse, rejects when worse', () => {
    const shadow = { kind: 'shadow' as const, requests: 100, maxAccuracyDrop: 0.01 };
    expect(judgeShadow(shadow, arm(0, 0, 99, 99), emptyArm())).toEqual({ action: 'wait' });
    expect(judgeShadow(shadow, arm(0, 0, 100, 95), arm(0, 0, 100, 95))).toMatchObject({ action: 'promote' });
    expect(judgeShadow(shadow, arm(0, 0, 100, 90), arm(0, 0, 100, 95))).toMatchObject({ action: 'rollback' });
  });
});

describe('summary', () => {
  const w = (start: number, realized: number | null): SeriesPoint => ({ start, end: start + 100, requests: 100, realized, estimated: null, error_rate: 0 });
  const series = [w(0, 0.9), w(100, 0.92), w(200, 0.6), w(300, 0.7), w(400, 0.89), w(500, 0.9), w(600, 0.91)];
  test('before, minimum after, recovery after two windows back in the band', () => {
    expect(accuracyBefore(series, 200)).toBeCloseTo(0.91, 10);
    expect(minAfter(series, 200)).toBe(0.6);
    expect(requestsToRecover(series, 200, 0.91, 0.02)).toBe(300);
    expect(requestsToRecover(series, 200, 0.91, 0.001)).toBeNull();
    expect(requestsToRecover([w(0, 0.9), w(100, 0.9)], 100, 0.9, 0.02)).toBe(0);
  });
});

describe('labelled buffer', () => {
  test('keeps the newest rows in order and weights recent rows more', () => {
    const b = new LabelledBuffer(5, 2, 2);
    for (let i = 0; i < 8; i++) b.push([i, -i], i % 2, i * 10, i);
    expect(b.size).toBe(5);
    const w = b.recent(3);
    expect(Array.from(w.examples.features)).toEqual([5, -5, 6, -6, 7, -7]);
    expect([w.firstIndex, w.lastIndex, w.from, w.to]).toEqual([5, 7, 50, 70]);
    const drawn = b.weighted(5, 2000, 1, createRng(1)).examples;
    const newest = Array.from(drawn.features).filter((x, i) => i % 2 === 0 && x === 7).length;
    const oldest = Array.from(drawn.features).filter((x, i) => i % 2 === 0 && x === 3).length;
    expect(newest).toBeGreaterThan(oldest * 8);
  });
});

describe('throttle', () => {
  test('delivers at most N per second and flushes the last state', () => {
    let now = 0;
    let delivered = 0;
    const t = new Throttle(10, () => now, () => delivered++);
    for (let i = 0; i < 100; i++) {
      t.request();
      now += 10;
    }
    expect(delivered).toBe(10);
    t.flush();
    expect(delivered).toBe(11);
    t.flush();
    expect(delivered).toBe(11);
  });
});
