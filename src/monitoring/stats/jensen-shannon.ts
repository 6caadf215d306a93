/**
 * Jensen–Shannon distance.
 *
 * With P and Q two distributions over the same bins and M = (P + Q) / 2,
 * JSD = ½ KL(P‖M) + ½ KL(Q‖M), where KL(P‖M) = Σ p_i ln(p_i / m_i) (terms with p_i = 0 are 0).
 * JSD is symmetric, finite even when one distribution has an empty bin (m_i > 0 wherever p_i > 0), and
 * at most ln 2 (natural log). The distance is √JSD, in [0, √ln 2 ≈ 0.833]; it is a metric. Numeric
 * features are binned on the reference's quantiles (10 bins, `binning.ts`); categorical features use
 * their categories as bins.
 */
import { MonitoringInputError } from '../errors';
import { binProportions, quantileEdges } from './binning';
import { categoryCounts } from './chi-square';
import { sortedSample } from './sample';

function normalize(field: string, weights: readonly number[], k: number): number[] {
  let total = 0;
  for (let i = 0; i < k; i++) {
    const w = weights[i] ?? 0;
    if (!Number.isFinite(w) || w < 0) throw new MonitoringInputError(field, `entry ${i} is ${w}; weights must be finite and >= 0`);
    total += w;
  }
  if (total === 0) throw new MonitoringInputError(field, 'has no mass (all zero or empty)');
  return Array.from({ length: k }, (_, i) => (weights[i] ?? 0) / total);
}

/** JS distance between two distributions given as (unnormalized) weights over the same bins. */
export function jensenShannonDistance(p: readonly number[], q: readonly number[]): number {
  const k = Math.max(p.length, q.length);
  const a = normalize('p', p, k);
  const b = normalize('q', q, k);
  let jsd = 0;
  for (let i = 0; i < k; i++) {
    const pi = a[i] as number;
    const qi = b[i] as number;
    const mi = (pi + qi) / 2;
    if (pi > 0) jsd += 0.5 * pi * Math.log(pi / mi);
    if (qi > 0) jsd += 0.5 * qi * Math.log(qi / mi);
  }
  return Math.sqrt(Math.max(0, jsd));
}

/** JS distance of a numeric sample against the reference, binned on `bins` reference quantiles. */
export function jensenShannonNumeric(reference: ArrayLike<number>, current: ArrayLike<number>, bins = 10): number {
  const ref = sortedSample('reference', reference);
  const cur = sortedSample('current', current);
  const edges = quantileEdges(ref, bins);
  return jensenShannonDistance(binProportions(ref, edges), binProportions(cur, edges));
}

/** JS distance of two samples of category indices. */
export function jensenShannonCategorical(reference: ArrayLike<number>, current: ArrayLike<number>, categories?: number): number {
  return jensenShannonDistance(categoryCounts('reference', reference, categories), categoryCounts('current', current, categories));
}
