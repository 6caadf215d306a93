/**
 * Pearson's chi-square test of homogeneity for a categorical feature, as
 * `scipy.stats.chi2_contingency(table)` on the 2 x k table of counts (row 0 the reference, row 1 the
 * current window; column c a category seen in at least one of them).
 *
 * Under H0 the expected count is E_rc = R_r · C_c / N (row total x column total / grand total) and
 * χ² = Σ_r Σ_c (O_rc - E_rc)² / E_rc with k - 1 degrees of freedom; p = P(χ²_{k-1} >= χ²) =
 * Q((k-1)/2, χ²/2) (regularized upper incomplete gamma, computed directly, so tiny p-values keep their
 * digits). Yates' continuity correction is applied exactly when SciPy applies it: with one degree of
 * freedom (two categories, a 2 x 2 table) and `correction` on (the default), each observed count moves
 * towards its expected count by min(0.5, |O - E|) before the sum. A single category (k = 1) leaves
 * nothing that could change: statistic 0, p-value 1, `degreesOfFreedom` 0 (SciPy's answer too).
 *
 * Categories are counted in a Map, so a category index of 5e7 or 2^32 costs what any other does.
 */
import { MonitoringInputError } from '../errors';
import { chiSquareSurvival } from './special';

/** The result of a chi-square test. */
export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  degreesOfFreedom: number;
  /** Whether Yates' continuity correction was applied (2 x 2 tables only). */
  yates: boolean;
}

/** Counts of the category indices (non-negative safe integers) in `values`, in a Map. */
export function categoryCounts(field: string, values: ArrayLike<number>, k?: number): Map<number, number> {
  if (k !== undefined && (!Number.isSafeInteger(k) || k < 1)) throw new MonitoringInputError('categories', `must be a positive integer, got ${String(k)}`);
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') throw new MonitoringInputError(field, 'must be an array of category indices');
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new MonitoringInputError(field, `value ${i} is ${String(v)}, not a category index (a non-negative integer)`, { index: i });
    if (k !== undefined && v >= k) throw new MonitoringInputError(field, `value ${i} is category ${v}, but there are only ${k}`, { index: i });
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

/** Two count tables aligned on the sorted union of their categories (absent counts are 0). */
export function alignCounts(reference: ReadonlyMap<number, number>, current: ReadonlyMap<number, number>): { categories: number[]; reference: number[]; current: number[] } {
  const categories = [...new Set([...reference.keys(), ...current.keys()])].sort((a, b) => a - b);
  return { categories, reference: categories.map((c) => reference.get(c) ?? 0), current: categories.map((c) => current.get(c) ?? 0) };
}

/** Chi-square homogeneity test from two count vectors (same category order; missing entries are 0). */
export function chiSquareFromCounts(reference: readonly number[], current: readonly number[], correction = true): ChiSquareResult {
  const k = Math.max(reference.length, current.length);
  let r0 = 0;
  let r1 = 0;
  for (let c = 0; c < k; c++) {
    const a = reference[c] ?? 0;
    const b = current[c] ?? 0;
    if (!Number.isFinite(a) || !Number.isFinite(b) || a < 0 || b < 0) throw new MonitoringInputError('counts', `category ${c} has counts ${a} and ${b}; counts must be finite and >= 0`);
    r0 += a;
    r1 += b;
  }
  if (r0 === 0) throw new MonitoringInputError('reference', 'is empty');
  if (r1 === 0) throw new MonitoringInputError('current', 'is empty');
  if (!Number.isFinite(r0 + r1)) throw new MonitoringInputError('counts', 'their total exceeds the largest finite number');
  const total = r0 + r1;
  const columns: [number, number][] = [];
  for (let c = 0; c < k; c++) {
    const a = reference[c] ?? 0;
    const b = current[c] ?? 0;
    if (a + b > 0) columns.push([a, b]);
  }
  const degreesOfFreedom = columns.length - 1;
  if (degreesOfFreedom === 0) return { statistic: 0, pValue: 1, degreesOfFreedom, yates: false };
  const yates = correction && degreesOfFreedom === 1;
  let statistic = 0;
  for (const [a, b] of columns) {
    const col = a + b;
    for (const [observed, rowTotal] of [[a, r0], [b, r1]] as const) {
      const expected = (rowTotal * col) / total;
      let o = observed;
      if (yates) {
        const diff = expected - o;
        o += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      statistic += ((o - expected) * (o - expected)) / expected;
    }
  }
  return { statistic, pValue: chiSquareSurvival(statistic, degreesOfFreedom), degreesOfFreedom, yates };
}

/** Chi-square homogeneity test of two samples of category indices (Yates' correction for 2 x 2, as SciPy). */
export function chiSquareTest(reference: ArrayLike<number>, current: ArrayLike<number>, categories?: number, correction = true): ChiSquareResult {
  const aligned = alignCounts(categoryCounts('reference', reference, categories), categoryCounts('current', current, categories));
  return chiSquareFromCounts(aligned.reference, aligned.current, correction);
}
