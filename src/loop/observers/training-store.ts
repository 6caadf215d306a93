/**
 * The training store as an observer: every labelled request's input row goes into the bounded
 * store retrains draw their windows from (engine/buffer.ts) — unless a drill froze the copy job
 * (stale-training-data), or the request could not be encoded, or the endpoint flagged one of its
 * values outside the range seen in normal operation (`parameters.out_of_range`).
 *
 * A flagged row is held back, not stored: a salary sent in cents or a broken sensor's reading is a
 * data bug, and a retrain taught from it learns the bug. Held-back rows are counted, in all and per
 * feature (the first 32 features; a row with two flagged features counts once in all and once for
 * each feature), so the views can say how many rows the data check kept out of training.
 */
import type { IncidentState } from '../drills/incidents';
import type { LabelledBuffer } from '../engine/buffer';
import type { JoinedLabel, LoopObserver } from '../engine/observer';

/** Features whose held-back rows are counted one by one (the flag mask's width). */
export const COUNTED_FEATURES = 32;

/** What the data check kept out of the training store. */
export interface HeldBackRows {
  /** Labelled rows held back because the endpoint flagged a value out of range. */
  rows: number;
  /** Of those, per feature name (features with at least one held-back row, among the first 32). */
  byFeature: Record<string, number>;
}

/** Feeds the training store, holding back the rows the endpoint flagged out of range. */
export class TrainingStore implements LoopObserver {
  private heldBackRows = 0;
  private readonly heldPerFeature = new Int32Array(COUNTED_FEATURES);

  /** `features`: the schema's feature names, in order (to name the per-feature counts). */
  constructor(
    readonly buffer: LabelledBuffer,
    private readonly incidents: Readonly<IncidentState>,
    private readonly features: readonly string[] = [],
  ) {}

  onLabel(l: JoinedLabel): void {
    if (!l.row || this.incidents.frozenData) return;
    if (l.outOfRange) {
      this.heldBackRows++;
      const held = this.heldPerFeature;
      for (let m = l.outOfRangeMask, j = 0; m !== 0 && j < COUNTED_FEATURES; m >>>= 1, j++) if (m & 1) held[j] = (held[j] as number) + 1;
      return;
    }
    this.buffer.push(l.row, l.truth, l.t, l.index);
  }

  /** The rows held back so far, in all and per feature (plain JSON). */
  heldBack(): HeldBackRows {
    const byFeature: Record<string, number> = {};
    for (let j = 0; j < COUNTED_FEATURES; j++) {
      const n = this.heldPerFeature[j] as number;
      if (n > 0) byFeature[this.features[j] ?? `feature ${j}`] = n;
    }
    return { rows: this.heldBackRows, byFeature };
  }
}
