/**
 * The one definition of a run's outcome (the report's summary, the guide's story and the monitor's
 * text all read it), computed from the per-window series, the ground truth and the alarms:
 * - accuracy_before_drift: realized accuracy over every answer before the first drift onset (over the
 *   whole run when no drift starts within it; null only when no label arrived at all);
 * - min_accuracy_after_drift: the lowest window accuracy among windows starting at or after it;
 * - requests_to_detect: requests from the onset to the first alarm after it (a detector drift on
 *   production's error stream, or a raised alert); null if nothing fired;
 * - requests_to_recover: requests from the onset to the end of the first window that is back within
 *   `tolerance` (2 points) of the pre-drift accuracy, after a window fell below that band, and is
 *   followed by a second such window (one lucky window is not a recovery); 0 when accuracy never fell
 *   out of the band; null when it fell and never came back.
 * Accuracies are fractions in [0, 1]; positions are stream indices.
 */
import type { SeriesPoint } from '../observers/series';

/** The kinds of change that are drift (the others are incidents of the pipe: unit change, missing field, ...). */
export const DRIFT_KINDS: ReadonlySet<string> = new Set(['covariate', 'concept', 'prior', 'sensor']);

/** How close to the accuracy before the drift counts as recovered (2 points). */
export const RECOVERY_TOLERANCE = 0.02;

/** The summary's fields (the contract of `npm run simulate`). */
export interface RunSummary {
  accuracy_before_drift: number | null;
  min_accuracy_after_drift: number | null;
  requests_to_detect: number | null;
  requests_to_recover: number | null;
  versions: number;
  rollbacks: number;
  /**
   * Versions promoted to production after the first one and before any change of the scenario began
   * (any kind, incidents included; the whole run when nothing changes): with nothing to fix, each is
   * noise taught as improvement (or a retrain a schedule asked for).
   */
  promotions_before_change: number;
}

/** Where the first change of any kind begins (Infinity when none does within the run). */
export function firstChange(truth: readonly { onset: number }[]): number {
  return truth.reduce((min, e) => Math.min(min, e.onset), Number.POSITIVE_INFINITY);
}

/** Pooled accuracy of the windows that end at or before `onset`. */
export function accuracyBefore(series: readonly SeriesPoint[], onset: number): number | null {
  let answered = 0;
  let correct = 0;
  for (const w of series) {
    if (w.end > onset || w.realized === null) continue;
    const n = w.requests * (1 - w.error_rate);
    answered += n;
    correct += w.realized * n;
  }
  return answered > 0 ? correct / answered : null;
}

/** The lowest window accuracy after the onset (windows with answers only). */
export function minAfter(series: readonly SeriesPoint[], onset: number): number | null {
  let min: number | null = null;
  for (const w of series) if (w.start >= onset && w.realized !== null && (min === null || w.realized < min)) min = w.realized;
  return min;
}

/** Requests from the onset until accuracy is back within `tolerance` of `before` (see the file comment). */
export function requestsToRecover(series: readonly SeriesPoint[], onset: number, before: number, tolerance: number): number | null {
  const band = before - tolerance;
  const after = series.filter((w) => w.start >= onset && w.realized !== null);
  const fell = after.findIndex((w) => (w.realized as number) < band);
  if (fell < 0) return 0;
  for (let i = fell + 1; i < after.length - 1; i++) {
    if ((after[i]?.realized as number) >= band && (after[i + 1]?.realized as number) >= band) return (after[i] as SeriesPoint).end - onset;
  }
  return null;
}

/** Rounds a fraction to 4 decimals (reports stay readable and byte-stable). */
export function round4(x: number | null): number | null {
  return x === null ? null : Math.round(x * 1e4) / 1e4;
}

/** A run's outcome, unrounded (see the file comment). */
export interface RunOutcome {
  /** Stream position where the first drift begins (null: none within the run). */
  onset: number | null;
  accuracyBefore: number | null;
  minAfter: number | null;
  /** Stream position of the first alarm at or after the onset (null: none). */
  detectedAt: number | null;
  /** Requests from the onset to the first alarm. */
  requestsToDetect: number | null;
  /** Requests from the onset until recovered (0: never fell; null: fell and did not recover). */
  requestsToRecover: number | null;
}

/** The outcome of a run from its series, its ground truth (kind and onset of each change) and its alarm positions. */
export function runOutcome(series: readonly SeriesPoint[], truth: readonly { kind: string; onset: number }[], alarms: readonly number[]): RunOutcome {
  const onset = truth.find((e) => DRIFT_KINDS.has(e.kind))?.onset ?? null;
  // A run that ends before any drift (or a scenario without one) is all "before the drift".
  const before = accuracyBefore(series, onset ?? Number.POSITIVE_INFINITY);
  let detectedAt: number | null = null;
  if (onset !== null) for (const a of alarms) if (a >= onset && (detectedAt === null || a < detectedAt)) detectedAt = a;
  return {
    onset,
    accuracyBefore: before,
    minAfter: onset === null ? null : minAfter(series, onset),
    detectedAt,
    requestsToDetect: onset === null || detectedAt === null ? null : detectedAt - onset,
    requestsToRecover: onset === null || before === null ? null : requestsToRecover(series, onset, before, RECOVERY_TOLERANCE),
  };
}
