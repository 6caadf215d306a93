/**
 * Pearson's chi-square test of homogeneity for a categorical feature: are the category counts of the
 * reference and of the current window draws from one distribution?
 *
 * The two samples form a 2 x k table of counts O_rc (row r: reference or current; column c: category).
 * Under H0 the expected count is E_rc = R_r · C_c / N (row total x column total / grand total), and
 * χ² = Σ_r Σ_c (O_rc - E_rc)² / E_rc, with k - 1 degrees of freedom, where k counts only categories seen
 * in at least one sample. p = P(χ²_{k-1} > χ²) = Q((k-1)/2, χ²/2) (regularized upper incomplete gamma).
 *
 * A single category (k = 1) leaves nothing that could change: the result is statistic 0, p-value 1,
 * with `degreesOfFreedom` 0 — defined, not NaN.
 */
import { MonitoringInputError } from '../errors';
import { chiSquareSurvival } from './special';

/** The result of a chi-square test. */
export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  degreesOfFreedom: number;
}

/** Counts of the category indices 0..k-1 in `values` (non-negative integers). */
export function categoryCounts(field: string, values: ArrayLike<number>, k?: number): number[] {
  let size = k ?? 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new MonitoringInputError(field, `value ${i} is ${String(v)}, not a category index (a non-negative integer)`, { index: i });
    if (k === undefined && v + 1 > size) size = v + 1;
    else if (k !== undefined && v >= k) throw new MonitoringInputError(field, `value ${i} is category ${v}, but there are only ${k}`, { index: i });
  }
  const counts = new Array<number>(size).fill(0);
  for (let i = 0; i < values.length; i++) counts[values[i] as number]! += 1;
  return counts;
}

/** Chi-square homogeneity test from two count vectors (same category order; missing entries are 0). */
export function chiSquareFromCounts(reference: readonly number[], current: readonly number[]): ChiSquareResult {
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
  const total = r0 + r1;
  let statistic = 0;
  let seen = 0;
  for (let c = 0; c < k; c++) {
    const a = reference[c] ?? 0;
    const b = current[c] ?? 0;
    const col = a + b;
    if (col === 0) continue;
    seen++;
    const ea = (r0 * col) / total;
    const eb = (r1 * col) / total;
    statistic += ((a - ea) * (a - ea)) / ea + ((b - eb) * (b - eb)) / eb;
  }
  const degreesOfFreedom = seen - 1;
  if (degreesOfFreedom === 0) return { statistic: 0, pValue: 1, degreesOfFreedom };
  return { statistic, pValue: chiSquareSurvival(statistic, degreesOfFreedom), degreesOfFreedom };
}

/** Chi-square homogeneity test of two samples of category indices. */
export function chiSquareTest(reference: ArrayLike<number>, current: ArrayLike<number>, categories?: number): ChiSquareResult {
  return chiSquareFromCounts(categoryCounts('reference', reference, categories), categoryCounts('current', current, categories));
}
