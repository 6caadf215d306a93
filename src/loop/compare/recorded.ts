/**
 * A finished run's recorded stream, as the alert sandbox needs it: every answer production gave, in
 * stream order, with when it was sent, when its label arrived (null: never, or not yet at the end)
 * and whether the answer was right. Taken from the lab's traffic log (the single record of answers),
 * as plain arrays so it crosses a worker boundary cheaply.
 */
import type { TrafficLogEntry } from '../observers/traffic-log';

/** Production's answers of one run, column by column (same length each). */
export interface RecordedStream {
  /** Stream positions. */
  index: number[];
  /** Simulated seconds the request was sent. */
  t: number[];
  /** Simulated seconds its label arrived, or null. */
  labelT: (number | null)[];
  /** 1 right, 0 wrong, null: no label. */
  correct: (0 | 1 | null)[];
  /** The version that answered (production at that moment). */
  version: string[];
}

/** The recorded stream of production's answers in `entries` (a traffic log's, oldest first). */
export function recordStream(entries: readonly TrafficLogEntry[]): RecordedStream {
  const out: RecordedStream = { index: [], t: [], labelT: [], correct: [], version: [] };
  for (const e of entries) {
    if (e.route !== 'production') continue;
    out.index.push(e.index);
    out.t.push(e.t);
    out.labelT.push(e.labelT);
    out.correct.push(e.label === null ? null : e.label === e.prediction ? 1 : 0);
    out.version.push(e.version);
  }
  return out;
}
