/**
 * Two-sample Kolmogorov–Smirnov test.
 *
 * Statistic: D = sup_x |F_ref(x) - F_cur(x)|, the largest gap between the two empirical CDFs. It is
 * found by walking both sorted samples at once; tied values are consumed together, so only the CDFs'
 * values between distinct points are compared. D = 0 for identical samples, 1 for disjoint ones.
 *
 * p-value (two-sided, H0: both samples come from one continuous distribution):
 * - exact, when n·m <= EXACT_LIMIT: D only takes values |a·m - b·n| / (n·m), so "D >= d" is an event on
 *   the lattice paths from (0,0) to (n,m) (a step right per reference value, up per current value, in
 *   merged order; every path has probability 1 / C(n+m, n) under H0). P(D < d) is the share of paths
 *   that keep |i·m - j·n| < d·n·m at every point. We count it as a probability directly:
 *   u(i,j) = (i·u(i-1,j) + j·u(i,j-1)) / (i+j) inside the band, 0 outside, u(0,0) = 1 — the share of
 *   the C(i+j,i) paths to (i,j) that stayed inside (since C(i+j-1,i-1)/C(i+j,i) = i/(i+j)). Then
 *   p = 1 - u(n,m). Integer arithmetic decides "inside", so no rounding moves a path across the band.
 * - asymptotic otherwise: with the effective size e = n·m/(n+m), p = Q_KS((√e + 0.12 + 0.11/√e)·D),
 *   Stephens' (1970) small-sample correction of the Kolmogorov limit law.
 */
import { sortedSample } from './sample';
import { kolmogorovSurvival } from './special';

/** Above this n·m the p-value uses the asymptotic law (the exact count costs O(n·m)). */
export const KS_EXACT_LIMIT = 1_000_000;

/** The result of a two-sample KS test. */
export interface KsResult {
  statistic: number;
  pValue: number;
  /** How the p-value was computed. */
  method: 'exact' | 'asymptotic';
}

/** D between two sorted samples (no validation; the hot path of KSWIN). */
export function ksStatisticSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(a[i] as number, b[j] as number);
    while (i < n && a[i] === x) i++;
    while (j < m && b[j] === x) j++;
    const gap = Math.abs(i / n - j / m);
    if (gap > d) d = gap;
  }
  return d;
}

/** Exact two-sided p-value P(D >= d) for sample sizes n and m (continuous H0). */
export function ksExactPValue(d: number, n: number, m: number): number {
  // D·n·m is an integer on the lattice; round away the floating error of d.
  const bound = Math.round(d * n * m);
  if (bound <= 0) return 1;
  const row = new Float64Array(m + 1);
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      if (Math.abs(i * m - j * n) >= bound) {
        row[j] = 0;
      } else if (i === 0 && j === 0) {
        row[j] = 1;
      } else {
        const fromLeft = i > 0 ? i * (row[j] as number) : 0;
        const fromBelow = j > 0 ? j * (row[j - 1] as number) : 0;
        row[j] = (fromLeft + fromBelow) / (i + j);
      }
    }
  }
  return Math.min(1, Math.max(0, 1 - (row[m] as number)));
}

/** Asymptotic two-sided p-value (Kolmogorov law with Stephens' correction). */
export function ksAsymptoticPValue(d: number, n: number, m: number): number {
  const en = Math.sqrt((n * m) / (n + m));
  return kolmogorovSurvival((en + 0.12 + 0.11 / en) * d);
}

/** p-value for an observed D, exact when n·m <= KS_EXACT_LIMIT. */
export function ksPValue(d: number, n: number, m: number): { pValue: number; method: 'exact' | 'asymptotic' } {
  return n * m <= KS_EXACT_LIMIT ? { pValue: ksExactPValue(d, n, m), method: 'exact' } : { pValue: ksAsymptoticPValue(d, n, m), method: 'asymptotic' };
}

/**
 * Two-sample KS test of `reference` against `current`. Throws MonitoringInputError on an empty sample
 * or a non-finite value.
 */
export function ksTest(reference: ArrayLike<number>, current: ArrayLike<number>): KsResult {
  const a = sortedSample('reference', reference);
  const b = sortedSample('current', current);
  const statistic = ksStatisticSorted(a, b);
  return { statistic, ...ksPValue(statistic, a.length, b.length) };
}
