/**
 * Normed Wasserstein-1 (earth mover's) distance.
 *
 * For one-dimensional samples W1 = ∫ |F_ref(x) - F_cur(x)| dx: the area between the two empirical
 * CDFs. Both CDFs are step functions, so the integral is a sum over the merged sorted values:
 * Σ_k |F_ref(x_k) - F_cur(x_k)| · (x_{k+1} - x_k). W1 is in the feature's unit; dividing by the
 * reference's (population) standard deviation makes it unit-free, so one threshold (0.1) fits every
 * feature: "the current distribution moved by 0.1 reference standard deviations". A constant reference
 * has std 0; its std is floored at 0.001 so the result stays finite.
 */
import { meanStd, sortedSample } from './sample';

/** Floor of the reference standard deviation in the normed distance. */
export const WASSERSTEIN_STD_FLOOR = 0.001;

/** W1 between two sorted samples. */
export function wassersteinSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  let area = 0;
  let prev = Math.min(a[0] as number, b[0] as number);
  while (i < n || j < m) {
    const x = j >= m || (i < n && (a[i] as number) <= (b[j] as number)) ? (a[i] as number) : (b[j] as number);
    area += Math.abs(i / n - j / m) * (x - prev);
    prev = x;
    while (i < n && a[i] === x) i++;
    while (j < m && b[j] === x) j++;
  }
  return area;
}

/** W1 between two samples (throws MonitoringInputError on empty or non-finite input). */
export function wasserstein(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  return wassersteinSorted(sortedSample('reference', reference), sortedSample('current', current));
}

/** W1 divided by max(std(reference), 0.001). */
export function wassersteinNormed(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const a = sortedSample('reference', reference);
  const b = sortedSample('current', current);
  return wassersteinSorted(a, b) / Math.max(meanStd(a).std, WASSERSTEIN_STD_FLOOR);
}
