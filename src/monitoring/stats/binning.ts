/**
 * Bins for the binned drift statistics (PSI, Jensen–Shannon): edges at the reference's quantiles,
 * so each bin holds about the same share of the reference. With B bins the inner edges are the
 * reference quantiles at 1/B, 2/B, ..., (B-1)/B (duplicates removed, so a reference with few distinct
 * values gets fewer bins); the outer bins are open, so current values beyond the reference's range
 * still land in a bin. Bin i is (e_{i-1}, e_i], the last one (e_{B-1}, +∞).
 */
import { requireBins } from '../errors';
import { quantileSorted } from './sample';

/** Inner bin edges from a sorted reference sample. */
export function quantileEdges(sortedReference: ArrayLike<number>, bins: number): number[] {
  requireBins('bins', bins);
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = quantileSorted(sortedReference, k / bins);
    if (edges.length === 0 || e > (edges[edges.length - 1] as number)) edges.push(e);
  }
  return edges;
}

/** Index of the bin of `x` given sorted inner edges (binary search; bins are right-closed). */
export function binOf(x: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= (edges[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Share of `values` in each of the edges.length + 1 bins. */
export function binProportions(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[binOf(values[i] as number, edges)]! += 1;
  return counts.map((c) => c / values.length);
}
