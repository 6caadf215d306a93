import { describe, expect, test } from 'vitest';
import { createRng, type Rng } from '../../../datasets/random';
import { MonitoringInputError } from '../../../src/monitoring/errors';
import { compareEstimate, ConfidenceEstimator, evaluateIsotonic, fitIsotonic } from '../../../src/monitoring/estimate/index';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * A 1-D world: x ~ N(mean, sd), P(y = 1 | x) = sigmoid(4x · concept) (concept -1 flips the relation).
 * The "model" answers p1 = sigmoid(8x): right side, but overconfident (uncalibrated).
 */
function sample(rng: Rng, n: number, mean: number, sd: number, concept: 1 | -1) {
  const confidences: number[] = [];
  const correct: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = rng.normal(mean, sd);
    const y = rng.next() < sigmoid(4 * x * concept) ? 1 : 0;
    const p1 = sigmoid(8 * x);
    const predicted = p1 >= 0.5 ? 1 : 0;
    confidences.push(Math.max(p1, 1 - p1));
    correct.push(predicted === y ? 1 : 0);
  }
  const accuracy = correct.reduce((a, b) => a + b, 0) / n;
  const meanConfidence = confidences.reduce((a, b) => a + b, 0) / n;
  return { confidences, correct, accuracy, meanConfidence };
}

describe('isotonic calibration (PAV)', () => {
  test('a hand-worked fit', () => {
    // (1,1), (2,0) violate order and pool to 0.5; (3,1), (4,1) stay.
    const blocks = fitIsotonic([3, 1, 4, 2], [1, 1, 1, 0]);
    expect(blocks.map((b) => [b.xMin, b.xMax, b.value])).toEqual([[1, 2, 0.5], [3, 3, 1], [4, 4, 1]]);
    expect(evaluateIsotonic(blocks, 0)).toBe(0.5);
    expect(evaluateIsotonic(blocks, 1.5)).toBe(0.5);
    expect(evaluateIsotonic(blocks, 2.5)).toBe(0.75);
    expect(evaluateIsotonic(blocks, 9)).toBe(1);
  });

  test('equal x values share one block', () => {
    expect(fitIsotonic([1, 1, 2], [0, 1, 1]).map((b) => b.value)).toEqual([0.5, 1]);
  });
});

describe('CBPE-style accuracy estimate', () => {
  const rng = createRng(77);
  const evaluation = sample(rng, 5000, 0, 1, 1);
  const estimator = ConfidenceEstimator.fit(evaluation.confidences, evaluation.correct);

  test('no shift: the estimate matches the realized accuracy; raw confidence does not', () => {
    const live = sample(rng, 5000, 0, 1, 1);
    const est = estimator.estimate(live.confidences) as number;
    expect(Math.abs(est - live.accuracy)).toBeLessThan(0.02);
    // The model is overconfident: its raw mean confidence overstates accuracy.
    expect(live.meanConfidence - live.accuracy).toBeGreaterThan(0.05);
  });

  test('covariate shift (inputs move toward the boundary): the estimate follows the accuracy down', () => {
    const live = sample(rng, 5000, 0, 0.4, 1);
    const est = estimator.estimate(live.confidences) as number;
    expect(live.accuracy).toBeLessThan(evaluation.accuracy - 0.1);
    expect(Math.abs(est - live.accuracy)).toBeLessThan(0.03);
  });

  test('concept drift (the relation flips): the estimate stays put while accuracy collapses — its documented limit', () => {
    const live = sample(rng, 5000, 0, 1, -1);
    const est = estimator.estimate(live.confidences) as number;
    const c = compareEstimate(est, live.accuracy, 5000, 5000);
    expect(live.accuracy).toBeLessThan(0.3);
    expect(Math.abs(est - evaluation.accuracy)).toBeLessThan(0.02);
    expect(c.gap).toBeGreaterThan(0.4);
  });

  test('state round trip and bad input', () => {
    const again = ConfidenceEstimator.fromState(JSON.parse(JSON.stringify(estimator.state)));
    expect(again.calibrate(0.8)).toBe(estimator.calibrate(0.8));
    expect(estimator.estimate([])).toBeNull();
    expect(() => estimator.calibrate(Number.NaN)).toThrow(MonitoringInputError);
    expect(() => ConfidenceEstimator.fit([0.5], [1])).toThrow(/at least 2/);
    expect(() => ConfidenceEstimator.fit([0.5, 1.2], [1, 0])).toThrow(/not in \[0, 1\]/);
    expect(() => ConfidenceEstimator.fit([0.5, 0.6], [1, 2])).toThrow(/not 0 or 1/);
    expect(compareEstimate(null, 0.9, 0, 3).gap).toBeNull();
  });
});
