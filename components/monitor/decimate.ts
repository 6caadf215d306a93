/**
 * Keeps a long line's point count bounded without hiding what matters on an accuracy chart: the dips.
 * Min-max decimation: the points are cut into `(max - 1) / 2` buckets of consecutive x, and each bucket
 * keeps only its lowest and its highest point (in x order). A drop of accuracy inside a bucket
 * survives (plain every-k-th sampling can skip it); the last point is always kept, so "now" stays
 * exact. Output length is at most `max`; a line already short enough is returned as a copy.
 */
import { LabError } from '../../src/errors';

/** A point of a line. */
export interface PlotPoint {
  x: number;
  y: number;
}

/** Decimates `points` (sorted by x) to at most `max` points (`max` >= 3) by min-max per bucket. */
export function decimateMinMax(points: readonly PlotPoint[], max: number): PlotPoint[] {
  if (!Number.isInteger(max) || max < 3) throw new LabError('invalid-monitoring-input', `decimateMinMax: max must be a whole number >= 3, got ${max}`);
  if (points.length <= max) return points.slice();
  // (max - 1) / 2 buckets of at most 2 points each, plus the last point: never more than max.
  const buckets = Math.max(1, Math.floor((max - 1) / 2));
  const out: PlotPoint[] = [];
  const last = points[points.length - 1] as PlotPoint;
  // The last point is kept on its own, so the buckets share the other n - 1 points.
  const n = points.length - 1;
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    if (to <= from) continue;
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i++) {
      const p = points[i] as PlotPoint;
      if (p.y < (points[lo] as PlotPoint).y) lo = i;
      if (p.y > (points[hi] as PlotPoint).y) hi = i;
    }
    const first = Math.min(lo, hi);
    const second = Math.max(lo, hi);
    out.push(points[first] as PlotPoint);
    if (second !== first) out.push(points[second] as PlotPoint);
  }
  out.push(last);
  return out;
}
