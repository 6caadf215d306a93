/**
 * The drift statistics reproduce SciPy. Every reference number below was printed once by
 * /usr/bin/python3 (SciPy 1.10.1, numpy 1.24.2) with the recipe in the comment beside it;
 * `r(x) = repr(float(x))`. Relative tolerance 1e-9 where the computation is exact (SciPy's exact KS,
 * chi-square, Wasserstein, Jensen–Shannon); the asymptotic KS law is a series SciPy evaluates in
 * another order, checked to 1e-8.
 */
import { describe, expect, test } from 'vitest';
import { MonitoringInputError } from '../../../src/monitoring/errors';
import { chiSquareFromCounts, chiSquareTest, jensenShannonCategorical, jensenShannonDistance, jensenShannonNumeric, ksTest, psi, psiFromProportions, quantileEdges, wasserstein, wassersteinNormed } from '../../../src/monitoring/stats/index';

function close(actual: number, expected: number, rel = 1e-9): void {
  if (expected === 0) expect(actual).toBe(0);
  else expect(Math.abs(actual - expected) / Math.abs(expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(rel);
}
const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

describe('KS as scipy.stats.ks_2samp (two-sided, method auto)', () => {
  test('exact, n = m: a = [(i*7)%31/31 for i in range(30)], b = [((i*11)%37)/37 + 0.2 for i in range(30)]', () => {
    const r = ksTest(range(30, (i) => ((i * 7) % 31) / 31), range(30, (i) => ((i * 11) % 37) / 37 + 0.2));
    expect(r.method).toBe('exact');
    close(r.statistic, 0.23333333333333334);
    close(r.pValue, 0.39294501397971776);
  });

  test('exact, n != m: a = [i/100 for i in range(100)], b = [(j/80)**1.3 for j in range(80)]', () => {
    const r = ksTest(range(100, (i) => i / 100), range(80, (j) => (j / 80) ** 1.3));
    close(r.statistic, 0.1075);
    close(r.pValue, 0.6450143122539445);
  });

  test('p-values below 1e-15 keep full relative precision (computed directly, not as 1 - u)', () => {
    // ks_2samp(range(100), range(60, 160)) -> 0.6, 4.528308394643339e-17
    const eq = ksTest(range(100, (i) => i), range(100, (i) => i + 60));
    close(eq.statistic, 0.6);
    close(eq.pValue, 4.528308394643339e-17);
    // ks_2samp(range(90), [x + 0.5 for x in range(50, 170)]) -> 0.675, 8.765330894829656e-23
    const neq = ksTest(range(90, (i) => i), range(120, (i) => i + 50.5));
    close(neq.statistic, 0.675);
    close(neq.pValue, 8.765330894829656e-23);
    // ks_2samp(range(40), range(100, 150)) -> 1.0, 3.340520538602392e-26 (= 2 / C(90, 40))
    const disjoint = ksTest(range(40, (i) => i), range(50, (i) => i + 100));
    expect(disjoint.statistic).toBe(1);
    close(disjoint.pValue, 3.340520538602392e-26);
  });

  test('the flipped verdict: n = 1000, m = 2000, D = 0.0525 -> p = 0.0501 (above 0.05: no drift)', () => {
    // a = [i/1000 for i in range(1000)]; b = [j/2000 + 0.0515 for j in range(2000)]
    // ks_2samp(a, b) -> 0.0525, 0.050090236955325794 (the earlier n·m switch and Stephens' formula gave 0.0489)
    const r = ksTest(range(1000, (i) => i / 1000), range(2000, (j) => j / 2000 + (0.05 + 6 * 0.00025)));
    expect(r.method).toBe('exact');
    close(r.statistic, 0.0525);
    close(r.pValue, 0.050090236955325794);
    expect(r.pValue).toBeGreaterThan(0.05);
  });

  test('asymptotic above 10 000 values: kstwo.sf(D, round(n·m/(n+m))) in each of its regions', () => {
    // a = [i/n for i in range(n)]; b = [j/m + s for j in range(m)]; ks_2samp(a, b)
    const cases: [number, number, number, number, number][] = [
      [12000, 15000, 0.015, 0.015083333333333337, 0.09530749251142856], // Pelz-Good
      [12000, 15000, 0.03, 0.03008333333333335, 1.1236961387544913e-5], // 2 x smirnov
      [12000, 15000, 0.002, 0.0020833333333333337, 1.0], // Durbin matrix
      [20, 20000, 0.2, 0.25, 0.13762569836717486], // n <= 140: Durbin matrix
      [20, 20000, 0.5, 0.54995, 3.2947628943223588e-6], // x >= 0.5: 2 x smirnov, exact
      [11000, 11000, 0.01, 0.010090909090909095, 0.6261638869267121], // Pelz-Good
    ];
    for (const [n, m, s, d, p] of cases) {
      const r = ksTest(range(n, (i) => i / n), range(m, (j) => j / m + s));
      expect(r.method).toBe('asymptotic');
      close(r.statistic, d, 1e-12);
      close(r.pValue, p, 1e-8);
    }
  });
});

describe('chi-square as scipy.stats.chi2_contingency (Yates only for 2 x 2, as SciPy)', () => {
  test('2 x 3, no correction: [[10, 20, 30], [15, 25, 5]] -> 17.629629629629633, 0.0001485164524699713, dof 2', () => {
    const r = chiSquareFromCounts([10, 20, 30], [15, 25, 5]);
    close(r.statistic, 17.629629629629633);
    close(r.pValue, 0.0001485164524699713);
    expect(r).toMatchObject({ degreesOfFreedom: 2, yates: false });
  });

  test('2 x 2 with Yates: [[12, 5], [7, 20]] -> 6.758472652218781, 0.00933035874515043', () => {
    const r = chiSquareFromCounts([12, 5], [7, 20]);
    close(r.statistic, 6.758472652218781);
    close(r.pValue, 0.00933035874515043);
    expect(r.yates).toBe(true);
    // correction=False is SciPy's other answer; here only to show the option.
    expect(chiSquareFromCounts([12, 5], [7, 20], false).statistic).toBeGreaterThan(r.statistic);
  });

  test('Yates moves a count by at most |O - E|: [[10, 10], [10, 11]] -> 0.0, 1.0', () => {
    const r = chiSquareFromCounts([10, 10], [10, 11]);
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
  });

  test('a p-value below 1e-15: [[200, 50], [50, 200]] -> 177.608, 1.6132805081614933e-40', () => {
    const r = chiSquareFromCounts([200, 50], [50, 200]);
    close(r.statistic, 177.608);
    close(r.pValue, 1.6132805081614933e-40);
  });

  test('a category seen in neither sample is dropped: [[500, 3, 0, 40], [400, 30, 0, 60]] -> 34.57376774472275, 3.107432652467326e-08, dof 2', () => {
    const r = chiSquareFromCounts([500, 3, 0, 40], [400, 30, 0, 60]);
    close(r.statistic, 34.57376774472275);
    close(r.pValue, 3.107432652467326e-8);
    expect(r.degreesOfFreedom).toBe(2);
  });

  test('categories are counted in a Map: indices 5e7 and 2^32 are fast and exact', () => {
    const t0 = performance.now();
    const ref = [...range(500, () => 5e7), ...range(3, () => 2 ** 32), ...range(40, () => 7)];
    const cur = [...range(400, () => 5e7), ...range(30, () => 2 ** 32), ...range(60, () => 7)];
    const r = chiSquareTest(ref, cur);
    expect(performance.now() - t0).toBeLessThan(200);
    // Same table as above, in the order of the sorted category indices (7, 5e7, 2^32).
    const same = chiSquareFromCounts([40, 500, 3], [60, 400, 30]);
    close(r.statistic, same.statistic, 1e-15);
    expect(jensenShannonCategorical([2 ** 32, 0], [2 ** 32, 2 ** 32])).toBeCloseTo(jensenShannonDistance([1, 1], [0, 2]), 15);
    expect(() => chiSquareTest([1.5], [1])).toThrow(MonitoringInputError);
    expect(() => chiSquareTest([2 ** 53], [1])).toThrow(/not a category index/);
  });
});

describe('Wasserstein as scipy.stats.wasserstein_distance', () => {
  test('ties and unequal sizes: u = [0, 1, 3, 3, 7.5], v = [5, 6, 8, 1, 1, 1, 2] -> 1.0999999999999999', () => {
    close(wasserstein([0, 1, 3, 3, 7.5], [5, 6, 8, 1, 1, 1, 2]), 1.0999999999999999);
  });

  test('u = [i**1.5/100 for i in range(200)], v = [(j*0.7) % 13 for j in range(150)] -> 4.921981973071768', () => {
    close(wasserstein(range(200, (i) => i ** 1.5 / 100), range(150, (j) => (j * 0.7) % 13)), 4.921981973071768);
  });

  test('extreme finite values do not overflow to NaN: [-1e308, 1e308] vs [0, 1e308] -> 5e+307', () => {
    close(wasserstein([-1e308, 1e308], [0, 1e308]), 5e307);
    expect(Number.isFinite(wassersteinNormed([-1e308, 1e308], [0, 1e308]))).toBe(true);
    close(wassersteinNormed([-1e308, 1e308], [0, 1e308]), 0.5, 1e-12);
    // A distance beyond the largest double is a clear error, not Infinity.
    expect(() => wasserstein([-1.7e308, -1.7e308], [1.7e308, 1.7e308])).toThrow(/largest finite/);
  });
});

describe('Jensen-Shannon as scipy.spatial.distance.jensenshannon (natural log by default)', () => {
  test('jensenshannon([1, 2, 3, 0], [0, 1, 1, 5]) -> 0.6143619391517867; base=2 -> 0.7379238922207084', () => {
    close(jensenShannonDistance([1, 2, 3, 0], [0, 1, 1, 5]), 0.6143619391517867);
    close(jensenShannonDistance([1, 2, 3, 0], [0, 1, 1, 5], 2), 0.7379238922207084);
  });

  test('jensenshannon([0.25, 0.75], [0.5, 0.5]) -> 0.1839077909404743; huge weights do not overflow', () => {
    close(jensenShannonDistance([0.25, 0.75], [0.5, 0.5]), 0.1839077909404743);
    close(jensenShannonDistance([0.8e308, 1.6e308], [1.7e308, 1.7e308]), jensenShannonDistance([1, 2], [1, 1]), 1e-12);
  });
});

describe('PSI: its documented formula, only empty bins replaced by epsilon', () => {
  test('a bin of 3/50000 is used as it is; only the empty bin becomes 1e-4', () => {
    // sum((c - r) * log(c / r)) with r = [0.5, 0.49994, 0.00006, 0] -> [.., .., .., 1e-4] and c = [0.3, 0.3, 0.3, 0.1]
    const r = [0.5, 0.49994, 3 / 50000, 0];
    const c = [0.3, 0.3, 0.3, 0.1];
    const expected = [0, 1, 2, 3].reduce((s, i) => {
      const ri = (r[i] as number) === 0 ? 1e-4 : (r[i] as number);
      return s + ((c[i] as number) - ri) * Math.log((c[i] as number) / ri);
    }, 0);
    close(psiFromProportions(r, c), expected, 1e-15);
    // Flooring every share at 1e-4 (the earlier code) would change the third term.
    const floored = [0, 1, 2, 3].reduce((s, i) => s + ((c[i] as number) - Math.max(r[i] as number, 1e-4)) * Math.log((c[i] as number) / Math.max(r[i] as number, 1e-4)), 0);
    expect(Math.abs(psiFromProportions(r, c) - floored)).toBeGreaterThan(0.05);
  });

  test('bins must be an integer >= 2 and epsilon in (0, 1): clear MonitoringInputError', () => {
    const a = range(100, (i) => i);
    const b = range(100, (i) => i + 1000);
    for (const bins of [0, 1, 2.5, Number.NaN, -3]) {
      expect(() => psi(a, b, bins)).toThrow(MonitoringInputError);
      expect(() => jensenShannonNumeric(a, b, bins)).toThrow(/integer >= 2/);
      expect(() => quantileEdges(a, bins)).toThrow(MonitoringInputError);
    }
    for (const eps of [0, -1e-4, Number.NaN, 1, Infinity]) expect(() => psi(a, b, 10, eps)).toThrow(/epsilon/);
    // Disjoint samples with valid bins: a large PSI, never 0.
    expect(psi(a, b, 2)).toBeGreaterThan(1);
  });

  test('extreme finite values bin without NaN', () => {
    const v = psi([-1.7e308, -1e308, 0, 1e308, 1.7e308, 5], [-1.7e308, 1.7e308, 1.7e308, 1.7e308], 4);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThan(0);
  });
});
