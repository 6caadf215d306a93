/**
 * Small helpers on samples shared by the drift statistics: a sorted copy, empirical quantiles,
 * mean and population standard deviation, and the number of distinct values.
 */
import { finiteSample } from '../errors';

/** A sorted Float64Array copy of a finite, non-empty sample (throws MonitoringInputError otherwise). */
export function sortedSample(field: string, values: ArrayLike<number>): Float64Array {
  return finiteSample(field, values).sort();
}

/**
 * The q-quantile of a sorted sample by linear interpolation between order statistics (Hyndman & Fan
 * type 7, the default of numpy and R): h = (n - 1) q, Q = x_⌊h⌋ + (h - ⌊h⌋)(x_⌊h⌋+1 - x_⌊h⌋).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, n - 1)] as number;
  const t = h - lo;
  if (t === 0) return a;
  const diff = b - a;
  // b - a overflows only for values near ±1.8e308 of opposite signs; then weigh the two ends instead.
  return Number.isFinite(diff) ? a + t * diff : a * (1 - t) + b * t;
}

/**
 * A power of two that brings the largest magnitude of `values` to about 1 when it exceeds 1e150
 * (else 1). Multiplying by a power of two is exact (short of subnormals), so scale-free statistics
 * (a normed distance, a mean over a standard deviation) can be computed on scaled values without
 * overflowing to Infinity or NaN.
 */
export function overflowScale(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i] as number);
    if (v > max) max = v;
  }
  return max > 1e150 ? 2 ** -Math.ceil(Math.log2(max)) : 1;
}

/**
 * Mean and population standard deviation (divides by n, as numpy's std). Values near the largest
 * double are scaled by a power of two first, so the result is finite whenever it is representable.
 */
export function meanStd(values: ArrayLike<number>): { mean: number; std: number } {
  const scale = overflowScale(values);
  if (scale !== 1) {
    const scaled = Float64Array.from(values as ArrayLike<number>, (v) => v * scale);
    const r = meanStd(scaled);
    return { mean: r.mean / scale, std: r.std / scale };
  }
  const n = values.length;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    const d = x - mean;
    mean += d / (i + 1);
    m2 += d * (x - mean);
  }
  return { mean, std: n > 0 ? Math.sqrt(m2 / n) : 0 };
}

/** Number of distinct values of a sorted sample. */
export function distinctSorted(sorted: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) count++;
  return count;
}
