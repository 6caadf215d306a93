import { describe, expect, test } from 'vitest';
import { createRng, deriveSeed } from '../../../datasets/random';

describe('seeded random numbers', () => {
  test('the same seed gives the same sequence; another seed another one', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(seqA);
  });

  test('uniform draws look uniform and normal draws look normal', () => {
    const rng = createRng(7);
    const n = 20_000;
    const u = Array.from({ length: n }, () => rng.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(u.reduce((s, x) => s + x, 0) / n).toBeCloseTo(0.5, 1);
    const z = Array.from({ length: n }, () => rng.normal(2, 3));
    const mean = z.reduce((s, x) => s + x, 0) / n;
    const variance = z.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
    expect(mean).toBeCloseTo(2, 1);
    expect(Math.sqrt(variance)).toBeCloseTo(3, 1);
  });

  test('int covers its range; shuffle is a seeded permutation', () => {
    const rng = createRng(1);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(6)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const items = Array.from({ length: 30 }, (_, i) => i);
    const shuffled = createRng(5).shuffle([...items]);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    expect(createRng(5).shuffle([...items])).toEqual(shuffled);
  });

  test('forks are reproducible and differ by label', () => {
    const f1 = createRng(9).fork('a');
    const f2 = createRng(9).fork('a');
    const g = createRng(9).fork('b');
    const x = f1.next();
    expect(f2.next()).toBe(x);
    expect(g.next()).not.toBe(x);
    expect(deriveSeed(3, 'kernel-1')).toBe(deriveSeed(3, 'kernel-1'));
    expect(deriveSeed(3, 'kernel-1')).not.toBe(deriveSeed(3, 'kernel-2'));
  });

  test('bad arguments are refused with a clear error', () => {
    expect(() => createRng(Number.NaN)).toThrow(/finite/);
    expect(() => createRng(1).int(0)).toThrow(/positive integer/);
  });
});
