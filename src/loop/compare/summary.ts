/**
 * What a compare says of each run: the single run's summary (decisions/outcome.ts, the one definition
 * of "before the drift", detection and recovery) plus what a policy costs and buys:
 * - mean_accuracy_after_drift: realized accuracy pooled over every answer in the windows that start at
 *   or after the first drift's onset (null when no drift starts within the run);
 * - retrains: training runs after the first version (each registers a version, promoted or not; a
 *   training that failed counts too: it was paid for);
 * - alerts: alerts raised (every rule);
 * - labels_used: labelled rows the retrains read (their training windows, gate hold-out included):
 *   labels cost money, and a policy that retrains often spends more of them.
 * And, for the compare view, two numbers an instructor asks for: requests answered in windows below an
 * accuracy threshold, and the correct answers lost after the drift against the accuracy before it.
 */
import { DRIFT_KINDS, round4, type RunSummary } from '../decisions/outcome';
import type { SeriesPoint } from '../observers/series';
import type { SimulationReport } from '../commands/simulate';

/** The summary of one run in a compare (the contract of `npm run simulate -- --compare`). */
export type CompareSummary = RunSummary & {
  mean_accuracy_after_drift: number | null;
  retrains: number;
  alerts: number;
  labels_used: number;
};

/** Where the first drift (not an incident) begins, or null. */
export function driftOnset(report: Pick<SimulationReport, 'ground_truth'>): number | null {
  return report.ground_truth.find((e) => DRIFT_KINDS.has(e.kind))?.onset ?? null;
}

/** Answered requests of a window. */
function answered(w: SeriesPoint): number {
  return w.requests * (1 - w.error_rate);
}

/** Realized accuracy pooled over the windows that start at or after `onset` (null: no such answers). */
export function meanAccuracyAfter(series: readonly SeriesPoint[], onset: number): number | null {
  let n = 0;
  let correct = 0;
  for (const w of series) {
    if (w.start < onset || w.realized === null) continue;
    n += answered(w);
    correct += w.realized * answered(w);
  }
  return n > 0 ? correct / n : null;
}

/** The compare summary of a finished run's report. */
export function compareSummary(report: SimulationReport): CompareSummary {
  const onset = driftOnset(report);
  const later = report.versions.slice(1);
  return {
    ...report.summary,
    mean_accuracy_after_drift: onset === null ? null : round4(meanAccuracyAfter(report.series, onset)),
    retrains: later.length + report.training_failures.length,
    alerts: report.alerts.filter((a) => a.change === 'raised').length,
    labels_used: later.reduce((sum, v) => sum + v.train_rows, 0),
  };
}

/** Requests answered in windows whose realized accuracy is below `threshold` (a fraction). */
export function requestsBelow(series: readonly SeriesPoint[], threshold: number): number {
  let n = 0;
  for (const w of series) if (w.realized !== null && w.realized < threshold) n += Math.round(answered(w));
  return n;
}

/**
 * Correct answers lost after the drift: for each window from the onset on, the answers it would have
 * got right at the accuracy before the drift minus those it got right (a window better than before
 * gives back). Rounded to whole answers; 0 without a drift or a level before it.
 */
export function lostCorrect(report: Pick<SimulationReport, 'series' | 'ground_truth' | 'summary'>): number {
  const onset = driftOnset(report);
  const before = report.summary.accuracy_before_drift;
  if (onset === null || before === null) return 0;
  let lost = 0;
  for (const w of report.series) if (w.start >= onset && w.realized !== null) lost += (before - w.realized) * answered(w);
  return Math.round(lost);
}
