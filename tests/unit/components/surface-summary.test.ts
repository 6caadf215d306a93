/**
 * The decision surface for k classes: the engine reads a softmax into argmax class and confidence per
 * cell, and the summary counts labelled points in their label's region (not on a P(class 1) > 0.5
 * side). A three-class Lab on blobs-covariate-shift: the counted share matches the realized accuracy.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { Lab } from '../../../src/loop/index';
import { readProbabilities, type DecisionSurface } from '../../../src/loop/observers/surface';
import { readField, summarize } from '../../../components/boundary/surface-summary';
import { tintStrength } from '../../../components/boundary/class-style';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('readProbabilities', () => {
  test('argmax class, its probability and P(class 1) per row; ties go to the lower class', () => {
    const probs = [0.1, 0.2, 0.7, 0.5, 0.3, 0.2, 0.4, 0.4, 0.2];
    expect(readProbabilities(probs, 3, 3)).toEqual({ predicted: [2, 0, 0], confidence: [0.7, 0.5, 0.4], probabilities: [0.2, 0.3, 0.4] });
    expect(readProbabilities([0.8, 0.2, 0.5, 0.5], 2, 2)).toEqual({ predicted: [0, 0], confidence: [0.8, 0.5], probabilities: [0.2, 0.5] });
    expect(() => readProbabilities([0.5, 0.5, 1], 2, 2)).toThrow(/expected 2 rows of 2 probabilities, got 3/);
  });
});

/** A 2 x 2 grid over [0, 2] x [0, 2] with three classes: bottom row "a", "b"; top row "c", "c". */
function threeClassSurface(points: DecisionSurface['points']): DecisionSurface {
  return {
    features: ['u', 'v'],
    classes: ['a', 'b', 'c'],
    size: 2,
    x: { min: 0, max: 2 },
    y: { min: 0, max: 2 },
    production: { version: 'v1', predicted: [0, 1, 2, 2], confidence: [0.9, 0.6, 0.5, 0.8], probabilities: [0.05, 0.6, 0.2, 0.1] },
    candidate: null,
    points,
    position: points.length,
  };
}

describe('summarize: counts by region for every class', () => {
  test('a point labelled 2 in a class-2 cell agrees (the old P(class 1) > 0.5 reading called it wrong)', () => {
    const s = threeClassSurface([
      { index: 0, x: 0.5, y: 0.5, label: 0 }, // "a" cell, label a: agrees
      { index: 1, x: 1.5, y: 0.5, label: 1 }, // "b" cell, label b: agrees
      { index: 2, x: 0.5, y: 1.5, label: 2 }, // "c" cell, label c: agrees
      { index: 3, x: 1.5, y: 1.5, label: 2 }, // "c" cell, label c: agrees
      { index: 4, x: 1.5, y: 1.5, label: 0 }, // "c" cell, label a: disagrees
      { index: 5, x: 0.5, y: 0.5, label: null }, // waiting
      { index: 6, x: 9, y: 9, label: 1 }, // outside the plot: not counted
    ]);
    const r = readField(s, s.production as NonNullable<DecisionSurface['production']>);
    expect(r).toEqual({ version: 'v1', areas: [0.25, 0.25, 0.5], labelled: 5, agreeing: 4 });
    expect(summarize(s)).toBe(
      'Plotted: u across, v up; 7 recent requests (1 still waiting for their label). Production v1 predicts "a" on 25%, "b" on 25% and "c" on 50% of the area. 4 of 5 labelled requests (80%) lie in the region of their label\'s class.',
    );
  });

  test('confidence sets the tint: pale at chance (1/k), strong where certain', () => {
    expect(tintStrength(1 / 3, 3)).toBeCloseTo(0.12, 10);
    expect(tintStrength(1, 3)).toBeCloseTo(0.72, 10);
    expect(tintStrength(0.5, 2)).toBeCloseTo(0.12, 10);
    expect(tintStrength(0.75, 2)).toBeCloseTo(0.42, 10);
  });
});

describe('the surface of a three-class Lab (blobs-covariate-shift)', () => {
  test('every class has a region; the share of labelled points in their region is close to the accuracy', async () => {
    const lab = await Lab.create({ scenario: 'blobs-covariate-shift', seed: 7, policy: 'manual', requests: 1200, initialRows: 600, window: 100, labelDelay: 2, training: { epochs: 3 } });
    try {
      await lab.bootstrap();
      await lab.runRequests(900);
      const s = await lab.surface(40);
      expect(s.classes).toHaveLength(3);
      const field = s.production as NonNullable<typeof s.production>;
      expect(new Set(field.predicted)).toEqual(new Set([0, 1, 2]));
      expect(field.confidence.every((c) => c >= 1 / 3 - 1e-6 && c <= 1)).toBe(true);
      const r = readField(s, field);
      expect(r.areas.every((a) => a > 0.05)).toBe(true);
      expect(r.areas.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
      // The points of every class are labelled: with three classes, half of them were counted wrong before.
      expect(new Set(s.points.map((q) => q.label).filter((l) => l !== null))).toEqual(new Set([0, 1, 2]));
      const share = r.agreeing / r.labelled;
      expect(share).toBeGreaterThan(0.85);
      expect(summarize(s)).toMatch(/predicts "blob A" on \d+%, "blob B" on \d+% and "blob C" on \d+% of the area\./);
    } finally {
      await lab.dispose();
    }
  });
});
