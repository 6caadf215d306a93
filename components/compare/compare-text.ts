/**
 * The words and numbers of the compare view, pure (no DOM): one table row per run, the sentence that
 * says who lost least, the words on label delay beside the realized-accuracy line (how it lags,
 * and when the label-free estimate helps: covariate drift, not concept drift), and the status line.
 */
import type { CompareResult, CompareRun } from '../../src/loop/compare/runner';
import { driftOnset, lostCorrect, requestsBelow } from '../../src/loop/compare/summary';

/** A mean gap (fraction) below which the estimate is said to follow realized accuracy. */
const FOLLOWS = 0.05;

/** One row of the per-policy table. */
export interface CompareRow {
  policy: string;
  /** "fork at request N" or "as run" or "". */
  note: string;
  meanAfter: string;
  below: number;
  detect: string;
  recover: string;
  retrains: number;
  rollbacks: number;
  alerts: number;
  labelsUsed: number;
  lost: number;
}

/** Percent with one decimal, or "n/a". */
export function pct(x: number | null | undefined): string {
  return x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`;
}

/** The table rows; `threshold` is the accuracy (fraction) below which a window's requests count. */
export function compareRows(result: CompareResult, threshold: number): CompareRow[] {
  return result.runs.map((r) => ({
    policy: r.policy,
    note: result.forkAt === null ? '' : r.forkedAt === null ? 'what really happened' : `takes over at request ${r.forkedAt}`,
    meanAfter: pct(r.summary.mean_accuracy_after_drift),
    below: requestsBelow(r.report.series, threshold),
    detect: r.summary.requests_to_detect === null ? 'not detected' : `${r.summary.requests_to_detect} requests`,
    recover: r.summary.requests_to_recover === null ? 'not recovered' : r.summary.requests_to_recover === 0 ? 'never fell' : `${r.summary.requests_to_recover} requests`,
    retrains: r.summary.retrains,
    rollbacks: r.summary.rollbacks,
    alerts: r.summary.alerts,
    labelsUsed: r.summary.labels_used,
    lost: lostCorrect(r.report),
  }));
}

/** One sentence: which run lost the fewest correct answers after the drift, and at what cost in labels. */
export function verdict(result: CompareResult): string {
  const onset = driftOnset((result.runs[0] as CompareRun).report);
  if (onset === null) return 'No drift begins within this run: the runs differ only by what each policy did on a stable stream.';
  const rows = result.runs.map((r) => ({ policy: r.policy, lost: lostCorrect(r.report), labels: r.summary.labels_used }));
  if (rows.length === 1) {
    const only = rows[0] as (typeof rows)[0];
    return `From request ${onset} on, ${only.policy} lost ${only.lost} correct answers against its accuracy before the drift, reading ${only.labels} labelled rows for its retrains.`;
  }
  const best = rows.reduce((a, b) => (b.lost < a.lost ? b : a));
  const worst = rows.reduce((a, b) => (b.lost > a.lost ? b : a));
  return `From request ${onset} on, ${best.policy} lost the fewest correct answers (${best.lost}, against ${worst.lost} for ${worst.policy}), reading ${best.labels} labelled rows for its retrains.`;
}

/**
 * Words on label delay for the run: how far behind the realized-accuracy line is (labels arrive
 * `labelDelay` simulated seconds after the answer, about `labelDelay * rate` requests), and how the
 * label-free estimate (CBPE: mean calibrated confidence) did here: it follows a covariate drift (the
 * model is less sure on unfamiliar inputs) but not a concept drift (the inputs look the same, the
 * model stays sure and is wrong). The gap is measured on the run's own windows.
 */
export function labelDelayWords(run: CompareRun, labelDelay: number | null, rate: number | null, labelLoss = 0): string[] {
  const report = run.report;
  const onset = driftOnset(report);
  const drift = report.ground_truth.find((e) => e.onset === onset);
  const lag = labelDelay !== null && rate !== null ? Math.round(labelDelay * rate) : null;
  const words = [
    labelDelay === null
      ? 'Realized accuracy needs the true label, which arrives later than the answer: the monitor’s realized line always shows the past.'
      : `Labels arrive ${labelDelay} simulated seconds after each answer${lag !== null ? ` (about ${lag} requests)` : ''}: the monitor’s realized-accuracy line is that far behind the traffic, and an alert on it cannot fire sooner. Longer delays, or labels that never arrive, blind the quality alert for longer.`,
  ];
  if (labelLoss > 0) words.push(`${Math.round(labelLoss * 100)}% of the labels never arrive: the realized line and the quality alert see only the rest (${run.report.totals.labels} labels for ${run.report.totals.answered} answers), and every retrain has fewer fresh rows to learn from.`);
  if (onset === null || !drift) return words;
  const after = report.series.filter((w) => w.start >= onset && w.realized !== null && w.estimated !== null);
  if (!after.length) return words;
  const gap = after.reduce((s, w) => s + Math.abs((w.estimated as number) - (w.realized as number)), 0) / after.length;
  const minRealized = Math.min(...after.map((w) => w.realized as number));
  const estimateThen = after.find((w) => w.realized === minRealized)?.estimated as number;
  if (drift.kind === 'concept') {
    words.push(`This run’s drift is a concept drift: the inputs look as before, so the model stays just as confident and the label-free estimate (CBPE) barely moves — at the worst window realized accuracy was ${pct(minRealized)} while the estimate said ${pct(estimateThen)} (mean gap after the drift ${(gap * 100).toFixed(1)} points). Only labels reveal a concept drift.`);
  } else if (drift.kind === 'covariate' && gap < FOLLOWS) {
    words.push(`This run’s drift is a covariate drift: inputs move into regions the model is less sure about, so the label-free estimate (CBPE) moves with realized accuracy without waiting for labels — at the worst window realized ${pct(minRealized)}, estimated ${pct(estimateThen)} (mean gap ${(gap * 100).toFixed(1)} points). Here the estimate is an early warning.`);
  } else if (drift.kind === 'covariate') {
    words.push(`This run’s drift is a covariate drift, yet the label-free estimate (CBPE) did not follow it (mean gap ${(gap * 100).toFixed(1)} points; at the worst window realized ${pct(minRealized)}, estimated ${pct(estimateThen)}): the inputs left the range the model was trained on, where its confidence says little. The estimate helps with covariate drift inside that range only.`);
  } else {
    words.push(`This run’s drift is a ${drift.kind} drift; after it the label-free estimate was ${(gap * 100).toFixed(1)} points from realized accuracy on average (worst window realized ${pct(minRealized)}, estimated ${pct(estimateThen)}). The estimate follows changes that move the model’s confidence, not a changed input-to-label relation.`);
  }
  return words;
}

/** Requests per simulated second of `run` (one decimal; null when its report or recording is empty). */
export function requestRate(run: CompareRun): number | null {
  const last = run.report.series[run.report.series.length - 1];
  const t = run.recorded.t[run.recorded.t.length - 1];
  return last && t ? Math.round((last.end / t) * 10) / 10 : null;
}

/** What the status line of the compare view says. */
export interface CompareStatus {
  state: 'idle' | 'running' | 'done' | 'error';
  /** The last compare's or sandbox's failure. */
  failure: { message: string } | null;
  /** The Lab's own failure. */
  labError: { message: string } | null;
  result: CompareResult | null;
  hasLab: boolean;
}

/** The status line, in words. */
export function compareStatusText({ state, failure, labError, result, hasLab }: CompareStatus): string {
  return state === 'running'
    ? 'Running each policy on the same stream in the lab’s worker: a few seconds per policy, and the main run waits meanwhile (it is not changed)…'
    : failure
      ? `That did not work: ${failure.message}`
      : labError
        ? `The lab failed: ${labError.message}`
        : result
          ? `${result.runs.length} ${result.runs.length === 1 ? 'run' : 'runs'} of ${result.scenario} (seed ${result.seed}, ${result.requests} requests)${result.forkAt !== null ? `, forked at request ${result.forkAt}` : ''}. Move the alert sliders or answer the questions below.`
          : hasLab
            ? 'Pick two to four policies and compare them on the same stream, or fork the running lab here.'
            : 'Waiting for the lab…';
}
