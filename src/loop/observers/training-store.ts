/**
 * The training store as an observer: every labelled request's input row goes into the bounded
 * store retrains draw their windows from (engine/buffer.ts) — unless a drill froze the copy job
 * (stale-training-data), or the request could not be encoded.
 */
import type { IncidentState } from '../drills/incidents';
import type { LabelledBuffer } from '../engine/buffer';
import type { JoinedLabel, LoopObserver } from '../engine/observer';

/** Feeds the training store. */
export class TrainingStore implements LoopObserver {
  constructor(
    readonly buffer: LabelledBuffer,
    private readonly incidents: Readonly<IncidentState>,
  ) {}

  onLabel(l: JoinedLabel): void {
    if (l.row && !this.incidents.frozenData) this.buffer.push(l.row, l.truth, l.t, l.index);
  }
}
