/**
 * Wasserstein-1 (earth mover's) distance, as `scipy.stats.wasserstein_distance(u, v)`, and its normed
 * form used by the drift report.
 *
 * For one-dimensional samples W1 = ∫ |F_ref(x) - F_cur(x)| dx: the area between the two empirical
 * CDFs. Both CDFs are step functions, so the integral is a sum over the merged sorted values:
 * Σ_k |F_ref(x_k) - F_cur(x_k)| · (x_{k+1} - x_k). W1 is in the feature's unit; dividing by the
 * reference's (population) standard deviation makes it unit-free, so one threshold (0.1) fits every
 * feature: "the current distribution moved by 0.1 reference standard deviations" (Evidently's normed
 * Wasserstein). A constant reference has std 0; its std is floored at 0.001 so the result stays
 * finite. Values near ±1.8e308 are scaled by a power of two before differences are taken, so no
 * gap overflows to Infinity (or 0 · Infinity to NaN); a raw distance that is itself beyond the
 * largest double is refused with a clear error.
 */
import { MonitoringInputError } from '../errors';
import { meanStd, overflowScale, sortedSample } from './sample';

/** Floor of the reference standard deviation in the normed distance. */
export const WASSERSTEIN_STD_FLOOR = 0.001;

/** W1 between two sorted samples (values already small enough that gaps cannot overflow). */
function areaBetween(a: ArrayLike<number>, b: ArrayLike<number>, scale: number): number {
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  let area = 0;
  let prev = Math.min(a[0] as number, b[0] as number) * scale;
  while (i < n || j < m) {
    const raw = j >= m || (i < n && (a[i] as number) <= (b[j] as number)) ? (a[i] as number) : (b[j] as number);
    const x = raw * scale;
    const gap = Math.abs(i / n - j / m);
    if (gap > 0) area += gap * (x - prev);
    prev = x;
    while (i < n && a[i] === raw) i++;
    while (j < m && b[j] === raw) j++;
  }
  return area;
}

/** W1 between two sorted samples. */
export function wassersteinSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const scale = Math.min(overflowScale(a), overflowScale(b));
  const w = areaBetween(a, b, scale) / scale;
  if (!Number.isFinite(w)) throw new MonitoringInputError('samples', 'their Wasserstein distance exceeds the largest finite number');
  return w;
}

/** W1 between two samples, as scipy.stats.wasserstein_distance (throws MonitoringInputError on empty or non-finite input). */
export function wasserstein(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  return wassersteinSorted(sortedSample('reference', reference), sortedSample('current', current));
}

/** W1 divided by max(std(reference), 0.001). */
export function wassersteinNormed(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const a = sortedSample('reference', reference);
  const b = sortedSample('current', current);
  const scale = Math.min(overflowScale(a), overflowScale(b));
  if (scale === 1) return areaBetween(a, b, 1) / Math.max(meanStd(a).std, WASSERSTEIN_STD_FLOOR);
  // Scale-free: compute both in the scaled unit (the floor too, so the result is unchanged).
  const std = meanStd(Float64Array.from(a, (v) => v * scale)).std;
  return areaBetween(a, b, scale) / Math.max(std, WASSERSTEIN_STD_FLOOR * scale);
}
