import { describe, expect, test } from 'vitest';
import { createRng } from '../../../datasets/random';
import { MonitoringInputError } from '../../../src/monitoring/errors';
import {
  chiSquareFromCounts,
  chiSquareSurvival,
  chiSquareTest,
  datasetDrift,
  featureDrift,
  jensenShannonCategorical,
  jensenShannonDistance,
  kolmogorovSurvival,
  ksAsymptoticPValue,
  ksExactPValue,
  ksTest,
  logGamma,
  psi,
  psiFromProportions,
  psiLevel,
  quantileEdges,
  wasserstein,
  wassersteinNormed,
} from '../../../src/monitoring/stats/index';

describe('special functions against published tables', () => {
  test('log-gamma of integers and of 1/2', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });

  test('chi-square critical values give their table p-values', () => {
    // Upper-tail critical values (any statistics table): [df, x, p].
    const table: [number, number, number][] = [
      [1, 3.841, 0.05], [1, 6.635, 0.01], [1, 10.828, 0.001],
      [2, 5.991, 0.05], [2, 9.21, 0.01],
      [5, 11.07, 0.05], [10, 18.307, 0.05], [10, 23.209, 0.01], [30, 43.773, 0.05],
    ];
    for (const [df, x, p] of table) expect(chiSquareSurvival(x, df)).toBeCloseTo(p, 4);
  });

  test('chi-square with 2 degrees of freedom is exp(-x/2) exactly', () => {
    for (const x of [0.1, 1, 4, 12, 40]) expect(chiSquareSurvival(x, 2)).toBeCloseTo(Math.exp(-x / 2), 12);
  });

  test('Kolmogorov distribution critical values', () => {
    // P(K > 1.224) = 0.10, P(K > 1.358) = 0.05, P(K > 1.628) = 0.01 (Smirnov's table).
    expect(kolmogorovSurvival(1.2238)).toBeCloseTo(0.1, 3);
    expect(kolmogorovSurvival(1.3581)).toBeCloseTo(0.05, 3);
    expect(kolmogorovSurvival(1.6276)).toBeCloseTo(0.01, 3);
    expect(kolmogorovSurvival(0)).toBe(1);
    expect(kolmogorovSurvival(0.2)).toBeCloseTo(1, 6);
    // Tabulated CDF values on both sides of the switch between the two series at 1.18:
    // K(0.5) = 0.036055, K(1.0) = 0.730000, K(2.0) = 0.999329.
    expect(1 - kolmogorovSurvival(0.5)).toBeCloseTo(0.036055, 5);
    expect(1 - kolmogorovSurvival(1)).toBeCloseTo(0.73, 5);
    expect(1 - kolmogorovSurvival(2)).toBeCloseTo(0.999329, 5);
  });
});

describe('two-sample KS', () => {
  test('identical samples: D = 0, p = 1', () => {
    const r = ksTest([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]);
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
    expect(r.method).toBe('exact');
  });

  test('disjoint samples: D = 1 and the exact p = 2 / C(n+m, n)', () => {
    // Only the two paths that take all n steps of one sample first reach D = 1.
    const three = ksTest([1, 2, 3], [10, 11, 12]);
    expect(three.statistic).toBe(1);
    expect(three.pValue).toBeCloseTo(2 / 20, 12);
    const five = ksTest([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(five.pValue).toBeCloseTo(2 / 252, 12);
  });

  test('a hand-counted intermediate case: n = m = 2, D = 1/2', () => {
    // The 6 paths from (0,0) to (2,2): all have D >= 1/2 (the first step already makes a gap of 1/2).
    expect(ksExactPValue(0.5, 2, 2)).toBeCloseTo(1, 12);
    // D >= 1 only on the 2 extreme paths.
    expect(ksExactPValue(1, 2, 2)).toBeCloseTo(2 / 6, 12);
  });

  test('statistic with ties and unequal sizes', () => {
    // F_ref jumps 1/2 at 1 and at 2; F_cur jumps 1/4 at 2 and 3/4 at 3. Largest gap at x = 1: 1/2 - 0.
    expect(ksTest([1, 2], [2, 3, 3, 3]).statistic).toBeCloseTo(0.75, 12);
  });

  test('exact p-value matches an independent implementation (scipy 1.17 ks_2samp, method exact)', () => {
    // ks_2samp(range(200), range(40, 240)) gives D = 0.2, p = 0.000648608042418048.
    const r = ksTest(Array.from({ length: 200 }, (_, i) => i), Array.from({ length: 200 }, (_, i) => i + 40));
    expect(r.statistic).toBeCloseTo(0.2, 12);
    expect(r.pValue).toBeCloseTo(0.000648608042418048, 9);
  });

  test('exact and asymptotic p-values agree for moderate samples', () => {
    const d = 0.2;
    expect(ksExactPValue(d, 200, 200)).toBeCloseTo(ksAsymptoticPValue(d, 200, 200), 2);
  });

  test('samples above 10 000 values use the asymptotic law (SciPy: max(n, m) <= 10 000 is exact)', () => {
    const rng = createRng(3);
    const a = Array.from({ length: 1200 }, () => rng.normal());
    const b = Array.from({ length: 10_001 }, () => rng.normal(0.5));
    const r = ksTest(a, b);
    expect(r.method).toBe('asymptotic');
    expect(r.pValue).toBeLessThan(1e-10);
    expect(ksTest(a, b.slice(0, 10_000)).method).toBe('exact');
  });

  test('garbage input is refused', () => {
    expect(() => ksTest([], [1])).toThrow(MonitoringInputError);
    expect(() => ksTest([1, Number.NaN], [1])).toThrow(/value 1 is NaN/);
    expect(() => ksTest([1], [Infinity])).toThrow(MonitoringInputError);
  });
});

describe('chi-square homogeneity', () => {
  test('a hand-computed 2 x 2 table, with and without Yates', () => {
    // Counts [10, 20] vs [20, 10]: every expected count is 30*30/60 = 15. Without correction
    // chi2 = 4 * (5^2 / 15) = 20/3 with 1 degree of freedom (the table puts 6.635 at p = 0.01); with
    // Yates' correction (SciPy's default for 2 x 2) every |O - E| shrinks by 0.5: 4 * 4.5^2 / 15 = 5.4.
    const plain = chiSquareFromCounts([10, 20], [20, 10], false);
    expect(plain.statistic).toBeCloseTo(20 / 3, 12);
    expect(plain.degreesOfFreedom).toBe(1);
    expect(plain.pValue).toBeLessThan(0.01);
    expect(plain.pValue).toBeGreaterThan(0.0095);
    const r = chiSquareFromCounts([10, 20], [20, 10]);
    expect(r.statistic).toBeCloseTo(5.4, 12);
    expect(r.yates).toBe(true);
  });

  test('a hand-computed 2 x 3 table', () => {
    // Reference [30, 30, 40], current [20, 40, 40]: N = 200, columns 50, 70, 80, rows 100/100, so
    // E = 25, 35, 40 in each row; chi2 = 2 * (25/25 + 25/35 + 0) = 2 + 10/7 with 2 degrees of freedom.
    const r = chiSquareTest([...Array(30).fill(0), ...Array(30).fill(1), ...Array(40).fill(2)], [...Array(20).fill(0), ...Array(40).fill(1), ...Array(40).fill(2)]);
    expect(r.statistic).toBeCloseTo(2 + 10 / 7, 12);
    expect(r.degreesOfFreedom).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-(2 + 10 / 7) / 2), 12);
  });

  test('a single category is defined: statistic 0, p 1', () => {
    expect(chiSquareTest([0, 0, 0], [0, 0])).toEqual({ statistic: 0, pValue: 1, degreesOfFreedom: 0, yates: false });
  });

  test('a category only in the current window is counted', () => {
    const r = chiSquareFromCounts([50, 50], [40, 40, 20]);
    expect(r.degreesOfFreedom).toBe(2);
    expect(r.pValue).toBeLessThan(1e-4);
  });

  test('garbage input is refused', () => {
    expect(() => chiSquareTest([0, 1.5], [0])).toThrow(/category index/);
    expect(() => chiSquareTest([], [0])).toThrow(MonitoringInputError);
    expect(() => chiSquareFromCounts([1, Number.NaN], [1, 1])).toThrow(MonitoringInputError);
  });
});

describe('PSI', () => {
  test('a small table computed by hand', () => {
    // (0.1-0.25)ln(0.4) + (0.2-0.25)ln(0.8) + (0.3-0.25)ln(1.2) + (0.4-0.25)ln(1.6)
    // = 0.137444 + 0.011157 + 0.009116 + 0.070501 = 0.228218
    expect(psiFromProportions([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4])).toBeCloseTo(0.228218, 5);
    expect(psiLevel(0.228218)).toBe('moderate');
    expect(psiLevel(0.05)).toBe('none');
    expect(psiLevel(0.25)).toBe('major');
  });

  test('an empty bin uses epsilon 1e-4', () => {
    // (1e-4 - 0.5) ln(1e-4 / 0.5) + (1 - 0.5) ln(1 / 0.5)
    const expected = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + 0.5 * Math.log(2);
    expect(psiFromProportions([0.5, 0.5], [0, 1])).toBeCloseTo(expected, 12);
  });

  test('bins come from reference quantiles; the same sample gives 0', () => {
    const ref = Array.from({ length: 100 }, (_, i) => i);
    expect(quantileEdges(ref, 4)).toEqual([24.75, 49.5, 74.25]);
    expect(psi(ref, ref)).toBe(0);
    // Shifting everything past the top edge puts all current mass in the last of 10 bins.
    const shifted = ref.map((x) => x + 1000);
    const expected = 9 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1) + (1 - 0.1) * Math.log(1 / 0.1);
    expect(psi(ref, shifted)).toBeCloseTo(expected, 10);
  });
});

describe('Wasserstein-1', () => {
  test('two point masses: the distance between them', () => {
    expect(wasserstein([0, 0, 0], [3, 3])).toBeCloseTo(3, 12);
  });

  test('a shifted sample moves by the shift; normed by the reference std', () => {
    // ref {0, 2} has mean 1 and population std 1; current {1, 3} is the same shifted by 1.
    expect(wasserstein([0, 2], [1, 3])).toBeCloseTo(1, 12);
    expect(wassersteinNormed([0, 2], [1, 3])).toBeCloseTo(1, 12);
    expect(wassersteinNormed([0, 2, 4, 6], [0, 2, 4, 6])).toBe(0);
  });

  test('a constant reference uses the std floor 0.001 (finite, not NaN)', () => {
    expect(wassersteinNormed([5, 5, 5], [5.001, 5.001])).toBeCloseTo(1, 9);
  });
});

describe('Jensen–Shannon distance', () => {
  test('disjoint distributions: sqrt(ln 2)', () => {
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(Math.sqrt(Math.LN2), 12);
  });

  test('(1/2, 1/2) vs (1, 0): sqrt(3/4 ln(4/3))', () => {
    // M = (3/4, 1/4); KL(P||M) = 1/2 ln(4/3), KL(Q||M) = ln(4/3); JSD = 1/2 (1/2 + 1) ln(4/3).
    expect(jensenShannonDistance([0.5, 0.5], [1, 0])).toBeCloseTo(Math.sqrt(0.75 * Math.log(4 / 3)), 12);
  });

  test('identical category samples: 0', () => {
    expect(jensenShannonCategorical([0, 1, 2, 2], [2, 1, 0, 2])).toBe(0);
    expect(() => jensenShannonDistance([0, 0], [1, 1])).toThrow(MonitoringInputError);
  });
});

describe('drift report (Evidently defaults)', () => {
  const rng = createRng(11);
  const normal = (n: number, mean: number) => Array.from({ length: n }, () => rng.normal(mean, 1));

  test('small reference: KS for numeric, chi-square for categorical, dataset drift at half the features', () => {
    const ref = [
      { name: 'x1', type: 'numeric' as const, values: normal(500, 0) },
      { name: 'x2', type: 'numeric' as const, values: normal(500, 0) },
      { name: 'c', type: 'categorical' as const, values: Array.from({ length: 500 }, (_, i) => i % 3) },
    ];
    const cur = [
      { name: 'x1', type: 'numeric' as const, values: normal(300, 1) },
      { name: 'x2', type: 'numeric' as const, values: normal(300, 0) },
      { name: 'c', type: 'categorical' as const, values: Array.from({ length: 300 }, (_, i) => (i % 5 === 0 ? 0 : 1)) },
    ];
    const r = datasetDrift(ref, cur);
    expect(r.features.map((f) => [f.feature, f.method, f.drifted])).toEqual([
      ['x1', 'ks', true],
      ['x2', 'ks', false],
      ['c', 'chi-square', true],
    ]);
    expect(r.driftedShare).toBeCloseTo(2 / 3, 12);
    expect(r.datasetDrift).toBe(true);
    expect(r.features[0]?.psiLevel).toBe('major');
    expect(r.features[2]?.psi).toBeNull();
  });

  test('large reference: normed Wasserstein and Jensen–Shannon at 0.1', () => {
    const ref = { name: 'x', type: 'numeric' as const, values: normal(2000, 0) };
    const same = featureDrift(ref, { ...ref, values: normal(1000, 0) });
    expect(same.method).toBe('wasserstein');
    expect(same.drifted).toBe(false);
    const moved = featureDrift(ref, { ...ref, values: normal(1000, 0.5) });
    expect(moved.statistic).toBeGreaterThan(0.4);
    expect(moved.drifted).toBe(true);
    const cat = { name: 'c', type: 'categorical' as const, values: Array.from({ length: 2000 }, (_, i) => i % 2) };
    expect(featureDrift(cat, { ...cat, values: [0, 1, 0, 1] }).method).toBe('jensen-shannon');
  });

  test('a numeric feature with few distinct values is treated as categorical; methods can be forced', () => {
    const ref = { name: 'x', type: 'numeric' as const, values: Array.from({ length: 100 }, (_, i) => i % 3) };
    expect(featureDrift(ref, { ...ref, values: [0, 1, 2] }).method).toBe('chi-square');
    const forced = featureDrift(ref, { ...ref, values: [0, 1, 2] }, { methods: { x: 'psi' } });
    expect(forced.method).toBe('psi');
    expect(forced.threshold).toBe(0.1);
  });

  test('an empty current window or a missing column is a clear error', () => {
    const ref = { name: 'x', type: 'numeric' as const, values: [1, 2, 3] };
    expect(() => featureDrift(ref, { ...ref, values: [] })).toThrow(/current.x: needs at least 1/);
    expect(() => datasetDrift([ref], [])).toThrow(/no column "x"/);
  });
});
