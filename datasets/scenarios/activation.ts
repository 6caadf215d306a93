/**
 * How strongly a change acts at record i, by shape:
 * - sudden: 0 before `at`, 1 from `at` (back to 0 from `end`);
 * - gradual: the sigmoid of the MOA/River concept-drift stream, P(new) = 1 / (1 + exp(-4 (i - p) / w)),
 *   where p = `at` and w = `width`: about 12% of the records show the new concept at p - w/2, half of
 *   them at p, 88% at p + w/2. With an `end`, the mirror image brings the old concept back around it;
 * - incremental: a linear ramp from 0 at `at` to 1 at `at + width` (the change's magnitude grows a
 *   little every record);
 * - recurring: 1 during `duration` records every `period` records from `at` (until `end`).
 * For gradual changes the value is a probability (each record draws whether it shows the change);
 * for incremental ones it is a magnitude.
 */
import type { Change } from './types';

/** The logistic function. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The activation of `change` at record `i`, in [0, 1]. */
export function activation(change: Change, i: number): number {
  const end = change.end ?? Infinity;
  switch (change.shape) {
    case 'sudden':
      return i >= change.at && i < end ? 1 : 0;
    case 'gradual': {
      const w = change.width ?? 1;
      const up = sigmoid((4 * (i - change.at)) / w);
      return end === Infinity ? up : up * (1 - sigmoid((4 * (i - end)) / w));
    }
    case 'incremental': {
      if (i < change.at || i >= end) return 0;
      const w = change.width ?? 1;
      return Math.min(1, (i - change.at + 1) / w);
    }
    case 'recurring': {
      if (i < change.at || i >= end) return 0;
      return (i - change.at) % (change.period ?? 1) < (change.duration ?? 0) ? 1 : 0;
    }
  }
}
