/**
 * The promotion gate as a paired test on rows neither model trained on: McNemar's exact one-sided
 * p-value matches SciPy's `binomtest(b, b + c, 0.5, alternative='greater')`; the gate needs the
 * sample, the margin and the test; its words quote the numbers; the window puts the newest rows at
 * the gate's tail and the candidate never trains on them.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { mcnemarExact } from '../../../src/monitoring/stats/mcnemar';
import { applyGate, explainGate, gateComparison } from '../../../src/loop/decisions/gate';
import { splitWindow, takeWindow, trainedUpTo } from '../../../src/loop/decisions/gate-window';
import { LabelledBuffer } from '../../../src/loop/engine/buffer';
import { createRng } from '../../../datasets/random';
import { runSimulation } from '../../../src/loop/commands/simulate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe("McNemar's exact test", () => {
  // scipy.stats.binomtest(b, b + c, 0.5, alternative='greater').pvalue (SciPy 1.x)
  test.each([
    [0, 0, 1.0],
    [5, 0, 0.03125],
    [3, 7, 0.9453125],
    [10, 2, 0.019287109375],
    [30, 10, 0.0011107168866146822],
    [55, 5, 5.191331739484717e-12],
    [200, 180, 0.16486248509602588],
    [1, 1, 0.75],
    [16, 4, 0.005908966064453125],
  ])('b = %i, c = %i -> p = %f', (b, c, p) => {
    expect(mcnemarExact(b, c).pValue).toBeCloseTo(p, 12);
  });

  test('bad counts are refused', () => {
    expect(() => mcnemarExact(-1, 2)).toThrow(/whole counts/);
    expect(() => mcnemarExact(1.5, 2)).toThrow(/whole counts/);
  });
});

describe('the gate', () => {
  const policy = { minImprovement: 0.01, minSamples: 100, holdout: 0.25, alpha: 0.05 };

  test('passes only with enough paired rows, the margin and p <= alpha', () => {
    // +4 points with 10 vs 2 discordant rows: significant.
    const strong = applyGate(policy, { rows: 400, candidateCorrect: 376, productionCorrect: 360, candidateOnly: 20, productionOnly: 4 });
    expect(strong.passed).toBe(true);
    expect(strong.metrics.pValue).toBeCloseTo(mcnemarExact(20, 4).pValue, 15);
    // The same +4 points from 60 vs 44 discordant rows: could be noise.
    const noisy = applyGate(policy, { rows: 400, candidateCorrect: 376, productionCorrect: 360, candidateOnly: 60, productionOnly: 44 });
    expect(noisy.passed).toBe(false);
    // Significant but below the margin.
    expect(applyGate(policy, { rows: 4000, candidateCorrect: 3630, productionCorrect: 3600, candidateOnly: 40, productionOnly: 10 }).passed).toBe(false);
    // Too few rows, however good.
    expect(applyGate(policy, { rows: 99, candidateCorrect: 99, productionCorrect: 50, candidateOnly: 49, productionOnly: 0 }).passed).toBe(false);
    // Nothing in production: enough held-out rows suffice.
    expect(applyGate(policy, { rows: 100, candidateCorrect: 90, productionCorrect: null, candidateOnly: 0, productionOnly: 0 }).passed).toBe(true);
  });

  test('its words quote the difference, the p-value and the paired rows', () => {
    const g = applyGate(policy, { rows: 400, candidateCorrect: 376, productionCorrect: 360, candidateOnly: 20, productionOnly: 4 });
    expect(gateComparison(g)).toBe('better by 4.0 points, p < 0.001 on 400 paired rows');
    const worse = applyGate(policy, { rows: 200, candidateCorrect: 150, productionCorrect: 180, candidateOnly: 5, productionOnly: 35 });
    expect(gateComparison(worse)).toBe('worse by 15.0 points, p = 1.00 on 200 paired rows');
    expect(explainGate(worse)).toMatch(/^gate refused: candidate worse by 15\.0 points, p = 1\.00 on 200 paired rows \(75\.0% vs production 90\.0% .*needs \+1\.0 point and p <= 0\.05\)$/);
    const near = applyGate(policy, { rows: 200, candidateCorrect: 186, productionCorrect: 180, candidateOnly: 12, productionOnly: 6 });
    expect(gateComparison(near)).toBe(`better by 3.0 points, p = ${mcnemarExact(12, 6).pValue.toFixed(2)} on 200 paired rows`);
    expect(explainGate(applyGate(policy, { rows: 60, candidateCorrect: 60, productionCorrect: 30, candidateOnly: 30, productionOnly: 0 }))).toBe('gate refused: only 60 recent labelled rows neither model trained on, needs 100');
  });
});

describe('the gate window', () => {
  const fill = (n: number) => {
    const b = new LabelledBuffer(5000, 1, 2);
    for (let i = 0; i < n; i++) b.push([i], i % 2, i / 10, i);
    return b;
  };

  test('recent: the newest share is the gate tail, the candidate trains on the older rows', () => {
    const b = fill(1000);
    const w = takeWindow(b, { kind: 'recent', rows: 800 }, { holdout: 0.25 }, createRng(1));
    expect(w.gateRows).toBe(200);
    expect(w.storeTotal).toBe(1000);
    expect(trainedUpTo(w)).toBe(800);
    const { train, gate } = splitWindow(w, 0.25);
    expect(Array.from(gate.features)).toEqual(Array.from({ length: 200 }, (_, i) => 800 + i));
    expect(Math.max(...train.features)).toBe(799);
    expect(train.rows).toBe(600);
  });

  test('recent-weighted: training rows are drawn from the older rows only, the gate rows are distinct', () => {
    const b = fill(2000);
    const w = takeWindow(b, { kind: 'recent-weighted', rows: 1500, halfLifeRows: 400 }, { holdout: 0.25 }, createRng(2));
    const { train, gate } = splitWindow(w, 0.25);
    expect(gate.rows).toBe(375);
    expect(new Set(gate.features).size).toBe(375);
    expect(Math.min(...gate.features)).toBe(1625);
    expect(Math.max(...train.features)).toBeLessThan(1625);
    expect(Math.min(...train.features)).toBeGreaterThanOrEqual(500);
    // Weighted toward the newest of the older rows.
    const recentHalf = Array.from(train.features).filter((x) => x >= 1625 - 400).length;
    expect(recentHalf / train.rows).toBeGreaterThan(0.4);
  });
});

describe('the gate in a run', () => {
  test('every compared row is newer than anything production trained on, and p is quoted', async () => {
    const r = await runSimulation({ scenario: 'moons-rotation', seed: 7, policy: 'on-alert', requests: 7000 });
    const gates = r.decisions.filter((d) => d.kind === 'gate' && d.index >= 0);
    expect(gates.length).toBeGreaterThan(0);
    for (const g of gates) expect(g.reason).toMatch(/(better|worse) by \d+\.\d points?, p [=<] [\d.]+ on \d+ paired rows|as accurate|only \d+ recent labelled rows/);
    for (const p of r.promotions.filter((x) => x.gate && x.gate.hasProduction === 1)) {
      expect(p.gate?.rows).toBeGreaterThanOrEqual(100);
      expect(p.gate?.pValue).toBeLessThanOrEqual(0.05);
      expect(p.gate?.improvement).toBeGreaterThanOrEqual(0.01);
    }
  });
});

describe('a policy without alpha (written before the paired test)', () => {
  test('the test is reported, not applied, and a negative margin reads as negative', () => {
    const old = { minImprovement: -1, minSamples: 1, holdout: 0.25 };
    const g = applyGate(old, { rows: 200, candidateCorrect: 180, productionCorrect: 182, candidateOnly: 4, productionOnly: 6 });
    expect(g.passed).toBe(true);
    expect(g.metrics.pValue).toBeCloseTo(mcnemarExact(4, 6).pValue, 15);
    expect(g.metrics.alpha).toBeUndefined();
    expect(explainGate(g)).toBe('gate passed: candidate worse by 1.0 point, p = 0.83 on 200 paired rows (90.0% vs production 91.0% on the same recent rows neither trained on; needs -100.0 points)');
  });
});
