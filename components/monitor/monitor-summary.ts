/**
 * The monitor chart in words, for readers who cannot see it (and for everyone who wants the numbers):
 * what accuracy is now, what it was before the drift, and the last marker. Pure: no DOM.
 */
import type { SeriesPoint } from '../../src/loop/observers/series';
import type { MonitorData } from './monitor-history';
import { bandName } from './truth-bands';
import { formatCount } from '../shared/format-count';

/** The summary's parts, each one sentence (empty parts are left out of `text`). */
export interface MonitorSummary {
  /** What the two lines mean. */
  meaning: string;
  now: string;
  before: string;
  lastMarker: string;
  /** Every sentence, in order. */
  text: string;
}

/** A share as a whole-number percentage, e.g. 0.914 -> "91%". */
export function percent(v: number): string {
  return `${Math.round(v * 100)}%`;
}

/** A count with thousands separators (fixed locale, so text is the same everywhere). */
export function count(n: number): string {
  return formatCount(n);
}

/**
 * Mean realized accuracy of the windows that end at or before `x` (the last `take` of them), or null.
 * Weighted by answered requests (a window's realized share times its requests), so a half-empty
 * window counts for half.
 */
export function accuracyBefore(series: readonly SeriesPoint[], x: number, take = 4): number | null {
  const before = series.filter((w) => w.end <= x && w.realized !== null).slice(-take);
  let right = 0;
  let total = 0;
  for (const w of before) {
    const answered = w.requests * (1 - w.error_rate);
    right += (w.realized as number) * answered;
    total += answered;
  }
  return total > 0 ? right / total : null;
}

/** Gap (estimate minus realized) from which the summary names it as a signal. */
export const ESTIMATE_GAP = 0.05;

/** The gap between the label-free estimate and realized accuracy, in words when it is at least `ESTIMATE_GAP`. */
export function estimateGap(estimated: number, realized: number): string {
  const gap = estimated - realized;
  if (Math.abs(gap) < ESTIMATE_GAP) return '';
  const points = `${(Math.abs(gap) * 100).toFixed(1)} points`;
  return gap > 0 ? ` (the estimate is ${points} above: the model is confidently wrong, as under concept drift or inputs outside its training range)` : ` (the estimate is ${points} below: the model is less sure than it need be)`;
}

/** Writes the summary of `data`; `series` are the raw windows (not decimated), `production` the live version. */
export function summarize(data: MonitorData, series: readonly SeriesPoint[], production: string | null): MonitorSummary {
  const size = data.windowSize;
  const meaning = `Realized accuracy is the share of right answers in each window of ${size === null ? 'requests' : `${count(size)} requests`}, checked against the true labels; estimated accuracy is known without labels: the model's confidence, calibrated on labelled rows it was not trained on. It can follow inputs that move within the range the model was trained on; it cannot see inputs outside that range or a change of the rule from inputs to labels (concept drift), so a gap between the two lines is itself a signal. The x axis counts requests sent.`;
  const last = [...series].reverse().find((w) => w.realized !== null);
  let now: string;
  if (!last) now = `No accuracy yet: ${count(data.position)} requests sent, no window scored.`;
  else {
    const est = last.estimated === null ? '' : `, estimated ${percent(last.estimated)}${estimateGap(last.estimated, last.realized as number)}`;
    now = `Now (requests ${count(last.start)} to ${count(last.end)}${production ? `, production ${production}` : ''}): realized accuracy ${percent(last.realized as number)}${est}.`;
  }
  const firstBand = data.truth.find((b) => !b.incident) ?? data.truth[0];
  const firstAlarm = data.markers.find((m) => m.kind === 'drift');
  let before = '';
  if (firstBand) {
    const acc = accuracyBefore(series, firstBand.from);
    before = `The ${bandName(firstBand)} began at request ${count(firstBand.from)}${acc === null ? '' : `; accuracy before it was ${percent(acc)}`}.`;
  } else if (firstAlarm) {
    const acc = accuracyBefore(series, firstAlarm.x);
    before = `The first drift alarm came at request ${count(firstAlarm.x)}${acc === null ? '' : `; accuracy before it was ${percent(acc)}`}.`;
  }
  const marker = data.markers[data.markers.length - 1];
  const lastMarker = marker ? `Last marker: ${marker.detail} (request ${count(marker.x)}).` : 'No markers yet.';
  const text = [meaning, now, before, lastMarker].filter((s) => s !== '').join(' ');
  return { meaning, now, before, lastMarker, text };
}
