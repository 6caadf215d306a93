/**
 * The endpoint's out-of-range flags on the stream, counted: how many requests the endpoint answered
 * with a value outside the range seen in normal operation (`parameters.out_of_range` not empty), when
 * the first and the last came, which features, and the same over the most recent answers (the drift
 * table's window), so a view can tell a data bug from a drift where both show.
 *
 * Cost per answer: a few integer operations; the recent window is a ring of flag masks.
 */
import type { AnsweredRequest, LoopObserver } from '../engine/observer';
import { DRIFT_TRACKER_DEFAULTS } from './drift-view';
import { COUNTED_FEATURES, type HeldBackRows } from './training-store';
import { MonitoringInputError } from '../../monitoring/errors';

/** The data check as a snapshot carries it (plain JSON). */
export interface DataChecksView {
  /** Stream requests the endpoint flagged (a value outside the range seen in normal operation), since the run began. */
  flagged: number;
  /** Stream position of the first and of the last flagged request (null before any). */
  firstFlagged: number | null;
  lastFlagged: number | null;
  /** Flagged requests per feature name (features flagged at least once, among the first 32). */
  byFeature: Record<string, number>;
  /** The same over the last `requests` answers (at most the drift table's window). */
  recent: { requests: number; flagged: number; byFeature: Record<string, number> };
  /** Labelled rows the training store held back because they were flagged. */
  heldBack: HeldBackRows;
}

/** Counts the endpoint's out-of-range flags on the stream's answers. */
export class OutOfRangeFlags implements LoopObserver {
  private total = 0;
  private first = -1;
  private last = -1;
  private readonly perFeature = new Int32Array(COUNTED_FEATURES);
  private readonly recentPerFeature = new Int32Array(COUNTED_FEATURES);
  private readonly ringFlag: Uint8Array;
  private readonly ringMask: Uint32Array;
  private head = 0;
  private held = 0;
  private recentFlagged = 0;

  /** `features`: the schema's feature names, in order; `capacity`: answers in the recent window (default: the drift table's). */
  constructor(
    private readonly features: readonly string[],
    readonly capacity = DRIFT_TRACKER_DEFAULTS.capacity,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new MonitoringInputError('rangeFlags.capacity', `must be a positive integer, got ${String(capacity)}`);
    this.ringFlag = new Uint8Array(capacity);
    this.ringMask = new Uint32Array(capacity);
  }

  onAnswer(a: AnsweredRequest): void {
    const slot = this.head;
    if (this.held === this.capacity && this.ringFlag[slot] === 1) {
      this.recentFlagged--;
      count(this.recentPerFeature, this.ringMask[slot] as number, -1);
    } else if (this.held < this.capacity) this.held++;
    this.ringFlag[slot] = a.outOfRange ? 1 : 0;
    this.ringMask[slot] = a.outOfRangeMask;
    this.head = (slot + 1) % this.capacity;
    if (!a.outOfRange) return;
    this.total++;
    if (this.first < 0) this.first = a.index;
    if (a.index > this.last) this.last = a.index;
    this.recentFlagged++;
    count(this.perFeature, a.outOfRangeMask, 1);
    count(this.recentPerFeature, a.outOfRangeMask, 1);
  }

  /** The counts, with the training store's held-back rows. */
  view(heldBack: HeldBackRows): DataChecksView {
    return {
      flagged: this.total,
      firstFlagged: this.first < 0 ? null : this.first,
      lastFlagged: this.last < 0 ? null : this.last,
      byFeature: named(this.perFeature, this.features),
      recent: { requests: this.held, flagged: this.recentFlagged, byFeature: named(this.recentPerFeature, this.features) },
      heldBack,
    };
  }
}

/** Adds `by` to the count of every feature set in `mask`. */
function count(counts: Int32Array, mask: number, by: number): void {
  for (let m = mask, j = 0; m !== 0 && j < COUNTED_FEATURES; m >>>= 1, j++) if (m & 1) counts[j] = (counts[j] as number) + by;
}

/** The non-zero counts by feature name. */
function named(counts: Int32Array, features: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let j = 0; j < COUNTED_FEATURES; j++) {
    const n = counts[j] as number;
    if (n > 0) out[features[j] ?? `feature ${j}`] = n;
  }
  return out;
}
