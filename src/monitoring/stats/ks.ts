/**
 * Two-sample Kolmogorov–Smirnov test, as `scipy.stats.ks_2samp(reference, current)` (two-sided,
 * method "auto").
 *
 * Statistic: D = sup_x |F_ref(x) - F_cur(x)|, the largest gap between the two empirical CDFs, found
 * by walking both sorted samples at once; tied values are consumed together, so only the CDFs' values
 * at data points are compared. D = 0 for identical samples, 1 for disjoint ones.
 *
 * p-value (H0: both samples come from one continuous distribution):
 * - exact when max(n, m) <= 10 000 (SciPy's rule). D only takes values h / L with L = lcm(n, m), so
 *   h = round(D·L) and the reported statistic is h / L (as SciPy reports it). A merged sample is a
 *   lattice path from (0,0) to (n,m) — a step right per reference value, up per current value — and
 *   every path has probability 1 / C(n+m, n) under H0. The p-value is the share of paths that touch
 *   the band's edge |i·(m/g) - j·(n/g)| >= h somewhere (g = gcd(n, m)). It is counted directly as a
 *   probability, never as 1 minus the share that stayed inside (which would lose every digit below
 *   about 1e-16): q(i,j) = 1 on or outside the edge, else (i·q(i-1,j) + j·q(i,j-1)) / (i+j), q(0,0) = 0
 *   (C(i+j-1, i-1) / C(i+j, i) = i / (i+j)); every term is >= 0, so tiny p-values keep full relative
 *   precision. For n = m the closed form 2 Σ_k (-1)^(k-1) C(2n, n-kh) / C(2n, n) is used, in SciPy's
 *   nested (Horner) form, which has no cancellation either.
 * - otherwise SciPy's asymptotic: the one-sample Kolmogorov distribution at the effective size
 *   round(n·m/(n+m)), P(D_en >= D) (`kolmogorov-n.ts`).
 */
import { MonitoringInputError } from '../errors';
import { kolmogorovNSurvival } from './kolmogorov-n';
import { sortedSample } from './sample';

/** Up to this max(n, m), `ksTest` computes the exact p-value (SciPy's MAX_AUTO_N). */
export const KS_EXACT_MAX_N = 10_000;

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

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** D rounded onto its lattice h / lcm(n, m), as SciPy reports the statistic of an exact test. */
export function ksLatticeStatistic(d: number, n: number, m: number): number {
  const lcm = (n / gcd(n, m)) * m;
  return Math.round(d * lcm) / lcm;
}

/** P(D >= h/n) for two samples of size n: 2 Σ_{k>=1} (-1)^(k-1) C(2n, n-kh) / C(2n, n), nested. */
function outsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let a = 1;
    for (let j = 0; j < h; j++) a = ((n - k * h - j) * a) / (n + k * h + j + 1);
    p = a * (1 - p);
  }
  return 2 * p;
}

/** Share of lattice paths from (0,0) to (n,m) that touch |i·(m/g) - j·(n/g)| >= h. */
function outsideBand(n: number, m: number, h: number): number {
  const g = gcd(n, m);
  const mg = m / g;
  const ng = n / g;
  const q = new Float64Array(m + 1);
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      if (Math.abs(i * mg - j * ng) >= h) q[j] = 1;
      else if (i === 0 && j === 0) q[j] = 0;
      else q[j] = (i * (i > 0 ? (q[j] as number) : 0) + j * (j > 0 ? (q[j - 1] as number) : 0)) / (i + j);
    }
  }
  return q[m] as number;
}

/** Exact two-sided p-value P(D >= d) for sample sizes n and m (continuous H0). */
export function ksExactPValue(d: number, n: number, m: number): number {
  const lcm = (n / gcd(n, m)) * m;
  const h = Math.round(d * lcm);
  if (h <= 0) return 1;
  const p = n === m ? outsideSquare(n, h) : outsideBand(n, m, h);
  return Math.min(1, Math.max(0, p));
}

/** SciPy's asymptotic two-sided p-value: P(D_en >= d) with en = round(n·m / (n+m)), half to even. */
export function ksAsymptoticPValue(d: number, n: number, m: number): number {
  const en = (Math.max(n, m) * Math.min(n, m)) / (n + m);
  const fl = Math.floor(en);
  const rounded = en - fl === 0.5 ? (fl % 2 === 0 ? fl : fl + 1) : Math.round(en);
  return kolmogorovNSurvival(Math.max(1, rounded), d);
}

/** The statistic and p-value for an observed D: exact when max(n, m) <= KS_EXACT_MAX_N. */
export function ksPValue(d: number, n: number, m: number): KsResult {
  if (Math.max(n, m) <= KS_EXACT_MAX_N) {
    const statistic = ksLatticeStatistic(d, n, m);
    const pValue = ksExactPValue(statistic, n, m);
    if (Number.isFinite(pValue)) return { statistic, pValue, method: 'exact' };
  }
  return { statistic: d, pValue: ksAsymptoticPValue(d, n, m), method: 'asymptotic' };
}

/**
 * Two-sample KS test of `reference` against `current`, as `scipy.stats.ks_2samp` (two-sided, method
 * "auto"). Throws MonitoringInputError on an empty sample or a non-finite value.
 */
export function ksTest(reference: ArrayLike<number>, current: ArrayLike<number>): KsResult {
  const a = sortedSample('reference', reference);
  const b = sortedSample('current', current);
  if (a.length === 0 || b.length === 0) throw new MonitoringInputError('sample', 'must not be empty');
  return ksPValue(ksStatisticSorted(a, b), a.length, b.length);
}
