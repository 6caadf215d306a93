/**
 * Isotonic regression by pool-adjacent-violators (PAV): the non-decreasing function f minimizing
 * Σ (y_i - f(x_i))². Sorting the points by x, PAV walks them left to right keeping blocks with their
 * mean y; whenever a block's mean is below the previous block's, the two merge (weighted mean) and
 * the check repeats leftwards. The result is a step function over blocks; between two blocks we
 * interpolate linearly (from the right end of one to the left end of the next), and outside the
 * fitted range the end values hold. Used as the confidence calibrator: x = confidence, y = 1 when the
 * prediction was right.
 */
import { MonitoringInputError } from '../errors';

/** One fitted block: x range and fitted value. */
export interface IsotonicBlock {
  xMin: number;
  xMax: number;
  value: number;
  weight: number;
}

/** Fits PAV blocks to points (x_i, y_i); x and y finite, same length >= 1. */
export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>): IsotonicBlock[] {
  if (x.length !== y.length || x.length === 0) throw new MonitoringInputError('isotonic', `needs x and y of one non-zero length, got ${x.length} and ${y.length}`);
  const order = Array.from({ length: x.length }, (_, i) => i);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) throw new MonitoringInputError('isotonic', `point ${i} is not finite`);
  }
  order.sort((a, b) => (x[a] as number) - (x[b] as number));
  const blocks: IsotonicBlock[] = [];
  for (const i of order) {
    const xi = x[i] as number;
    const last = blocks[blocks.length - 1];
    // Equal x values share one block so the fit is a function of x.
    if (last && last.xMax === xi) {
      last.value = (last.value * last.weight + (y[i] as number)) / (last.weight + 1);
      last.weight++;
    } else blocks.push({ xMin: xi, xMax: xi, value: y[i] as number, weight: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1] as IsotonicBlock;
      const a = blocks[blocks.length - 2] as IsotonicBlock;
      if (a.value <= b.value) break;
      const w = a.weight + b.weight;
      blocks.splice(blocks.length - 2, 2, { xMin: a.xMin, xMax: b.xMax, value: (a.value * a.weight + b.value * b.weight) / w, weight: w });
    }
  }
  return blocks;
}

/** Evaluates fitted blocks at x (binary search; linear between blocks, constant outside). */
export function evaluateIsotonic(blocks: readonly IsotonicBlock[], x: number): number {
  const first = blocks[0];
  if (!first) throw new MonitoringInputError('isotonic', 'has no fitted blocks');
  if (x <= first.xMax) return first.value;
  let lo = 0;
  let hi = blocks.length - 1;
  // Find the last block with xMin <= x.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((blocks[mid] as IsotonicBlock).xMin <= x) lo = mid;
    else hi = mid - 1;
  }
  const b = blocks[lo] as IsotonicBlock;
  const next = blocks[lo + 1];
  if (x <= b.xMax || !next) return b.value;
  const f = (x - b.xMax) / (next.xMin - b.xMax);
  return b.value + f * (next.value - b.value);
}
