import { describe, expect, test } from 'vitest';
import { circles, createDataset, moons, type DatasetRef } from '../../../datasets/index';
import { createRng } from '../../../datasets/random';

describe('2-D datasets', () => {
  test('moons: same seed, same rows; balanced classes; schema matches', () => {
    const a = moons().sample(200, createRng(3));
    const b = moons().sample(200, createRng(3));
    expect(a.features).toEqual(b.features);
    expect(a.labels).toEqual(b.labels);
    expect(a.cols).toBe(2);
    expect(a.labels.filter((l) => l === 1).length).toBe(100);
    expect(moons().schema.classes).toHaveLength(2);
  });

  test('moons without noise lie exactly on their arcs', () => {
    const d = moons({ noise: 0 }).sample(100, createRng(1));
    for (let i = 0; i < d.rows; i++) {
      const x = d.features[2 * i] as number;
      const y = d.features[2 * i + 1] as number;
      const [cx, cy] = d.labels[i] === 0 ? [0, 0] : [1, 0.5];
      expect(Math.hypot(x - cx, y - cy)).toBeCloseTo(1, 5);
      if (d.labels[i] === 0) expect(y).toBeGreaterThanOrEqual(-1e-6);
      else expect(y).toBeLessThanOrEqual(0.5 + 1e-6);
    }
  });

  test('circles without noise lie on radius 1 (class 0) and radius factor (class 1)', () => {
    const d = circles({ noise: 0, factor: 0.3 }).sample(100, createRng(2));
    for (let i = 0; i < d.rows; i++) {
      const r = Math.hypot(d.features[2 * i] as number, d.features[2 * i + 1] as number);
      expect(r).toBeCloseTo(d.labels[i] === 0 ? 1 : 0.3, 5);
    }
  });

  test('noise spreads the points by about its standard deviation', () => {
    const d = circles({ noise: 0.1, factor: 0.5 }).sample(4000, createRng(4));
    let sq = 0;
    for (let i = 0; i < d.rows; i++) {
      const r = Math.hypot(d.features[2 * i] as number, d.features[2 * i + 1] as number);
      sq += (r - (d.labels[i] === 0 ? 1 : 0.5)) ** 2;
    }
    expect(Math.sqrt(sq / d.rows)).toBeGreaterThan(0.08);
    expect(Math.sqrt(sq / d.rows)).toBeLessThan(0.12);
  });

  test('bad parameters and unknown ids are refused clearly', () => {
    expect(() => moons({ noise: -1 })).toThrow(/moons: noise must be a number from 0 to 10, got -1/);
    expect(() => circles({ factor: 1.5 })).toThrow(/circles: factor must be in \(0, 1\), got 1.5/);
    expect(() => createDataset({ id: 'nope' } as unknown as DatasetRef)).toThrow(/unknown dataset "nope"/);
    expect(() => moons().sample(-1, createRng(1))).toThrow(RangeError);
  });
});
