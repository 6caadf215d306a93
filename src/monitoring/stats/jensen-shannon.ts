/**
 * Jensen–Shannon distance, as `scipy.spatial.distance.jensenshannon(p, q)`: natural logarithm by
 * default (`base` changes it, as SciPy's argument does).
 *
 * With P and Q two distributions over the same bins (weights normalized to sum 1) and M = (P + Q) / 2,
 * JSD = ½ KL(P‖M) + ½ KL(Q‖M), where KL(P‖M) = Σ p_i ln(p_i / m_i) (terms with p_i = 0 are 0).
 * JSD is symmetric, finite even when one distribution has an empty bin (m_i > 0 wherever p_i > 0), and
 * at most ln 2 (natural log). The distance is √JSD, in [0, √ln 2 ≈ 0.833] (1 in base 2); it is a
 * metric. Numeric features are binned on the reference's quantiles (10 bins, `binning.ts`; `bins`
 * an integer >= 2); categorical features use their categories as bins (counted in a Map). Weights are
 * divided by their largest value before summing, so huge weights cannot overflow the total.
 */
import { MonitoringInputError, requireBins } from '../errors';
import { binProportions, quantileEdges } from './binning';
import { alignCounts, categoryCounts } from './chi-square';
import { sortedSample } from './sample';

function normalize(field: string, weights: readonly number[], k: number): number[] {
  let max = 0;
  for (let i = 0; i < k; i++) {
    const w = weights[i] ?? 0;
    if (!Number.isFinite(w) || w < 0) throw new MonitoringInputError(field, `entry ${i} is ${w}; weights must be finite and >= 0`);
    if (w > max) max = w;
  }
  if (max === 0) throw new MonitoringInputError(field, 'has no mass (all zero or empty)');
  let total = 0;
  for (let i = 0; i < k; i++) total += (weights[i] ?? 0) / max;
  return Array.from({ length: k }, (_, i) => (weights[i] ?? 0) / max / total);
}

/** JS distance between two distributions given as (unnormalized) weights over the same bins. */
export function jensenShannonDistance(p: readonly number[], q: readonly number[], base?: number): number {
  if (base !== undefined && !(base > 0 && base !== 1 && Number.isFinite(base))) throw new MonitoringInputError('base', `must be a positive number other than 1, got ${String(base)}`);
  const k = Math.max(p.length, q.length);
  const a = normalize('p', p, k);
  const b = normalize('q', q, k);
  let jsd = 0;
  for (let i = 0; i < k; i++) {
    const pi = a[i] as number;
    const qi = b[i] as number;
    const mi = (pi + qi) / 2;
    if (pi > 0) jsd += pi * Math.log(pi / mi);
    if (qi > 0) jsd += qi * Math.log(qi / mi);
  }
  if (base !== undefined) jsd /= Math.log(base);
  return Math.sqrt(Math.max(0, jsd / 2));
}

/** JS distance of a numeric sample against the reference, binned on `bins` reference quantiles. */
export function jensenShannonNumeric(reference: ArrayLike<number>, current: ArrayLike<number>, bins = 10): number {
  requireBins('jensen-shannon.bins', bins);
  const ref = sortedSample('reference', reference);
  const cur = sortedSample('current', current);
  const edges = quantileEdges(ref, bins);
  return jensenShannonDistance(binProportions(ref, edges), binProportions(cur, edges));
}

/** JS distance of two samples of category indices. */
export function jensenShannonCategorical(reference: ArrayLike<number>, current: ArrayLike<number>, categories?: number): number {
  const aligned = alignCounts(categoryCounts('reference', reference, categories), categoryCounts('current', current, categories));
  return jensenShannonDistance(aligned.reference, aligned.current);
}
