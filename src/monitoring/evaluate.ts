/**
 * Detector scoring against a stream's ground truth: the numbers a learner compares detectors by.
 *
 * Ground truth is a list of change points in stream records (plain indices, or the scenario's
 * `DriftEvent`s: onset, and end for a gradual change). Change k owns the acceptance interval
 *   [onset_k, min((end_k ?? onset_k) + maxDelay, onset_{k+1}))
 * — a change that takes time (gradual, incremental) may be caught any time during its transition or
 * within `maxDelay` records after it completes. Then:
 * - the first detection inside change k's interval is a true detection, its delay = detection - onset_k;
 * - further detections inside the same interval are `repeats` (the detector re-firing on the same change:
 *   neither a hit nor a false alarm);
 * - a change with no detection in its interval is missed;
 * - every detection outside all intervals is a false alarm. The records outside all intervals are the
 *   stable samples; false alarms per 10k stable samples = 10^4 · falseAlarms / stableSamples, and the
 *   mean time between false alarms = stableSamples / falseAlarms (null when there was none).
 */
import type { DriftEvent } from '../../datasets/ground-truth';
import { createDetector, type DetectorConfig, type DriftDetector } from './detectors/index';
import { MonitoringInputError } from './errors';

/** A ground-truth change: a record index, or a scenario event (its onset and end are used). */
export type ChangePoint = number | Pick<DriftEvent, 'onset' | 'end'>;

/** Scoring options. */
export interface ScoreOptions {
  /** Records after a change (after its end, for a gradual one) within which a detection counts. Default 1000. */
  maxDelay: number;
}

/** Default scoring options. */
export const DEFAULT_SCORE_OPTIONS: ScoreOptions = { maxDelay: 1000 };

/** How a detector did on one stream. */
export interface DetectorScore {
  /** Record indices at which the detector reported a drift. */
  detections: number[];
  /** Per change, the delay of its true detection (null when missed). */
  delays: (number | null)[];
  /** Mean delay over the detected changes (null when none was detected). */
  meanDelay: number | null;
  detected: number;
  missed: number;
  repeats: number;
  falseAlarms: number;
  stableSamples: number;
  /** False alarms per 10 000 stable samples (null when there is no stable sample). */
  falseAlarmsPer10k: number | null;
  /** Stable samples per false alarm (null when there was no false alarm). */
  meanTimeBetweenFalseAlarms: number | null;
}

interface Interval {
  onset: number;
  until: number;
}

function intervals(changes: readonly ChangePoint[], length: number, maxDelay: number): Interval[] {
  const points = changes.map((c, i) => {
    const onset = typeof c === 'number' ? c : c.onset;
    const end = typeof c === 'number' ? c : (c.end ?? c.onset);
    if (!Number.isInteger(onset) || onset < 0 || onset >= length) throw new MonitoringInputError(`changes[${i}]`, `onset ${onset} is not a record index in [0, ${length})`);
    if (!Number.isFinite(end) || end < onset) throw new MonitoringInputError(`changes[${i}]`, `end ${end} is before the onset ${onset}`);
    return { onset, end };
  });
  points.sort((a, b) => a.onset - b.onset);
  return points.map((p, i) => ({ onset: p.onset, until: Math.min(p.end + maxDelay, points[i + 1]?.onset ?? Infinity, length) }));
}

/** Scores detection indices against the ground truth of a stream of `length` records. */
export function scoreDetections(detections: readonly number[], changes: readonly ChangePoint[], length: number, options: Partial<ScoreOptions> = {}): DetectorScore {
  const { maxDelay } = { ...DEFAULT_SCORE_OPTIONS, ...options };
  if (!Number.isInteger(length) || length < 1) throw new MonitoringInputError('length', `must be a positive integer, got ${length}`);
  if (!Number.isInteger(maxDelay) || maxDelay < 1) throw new MonitoringInputError('maxDelay', `must be a positive integer, got ${maxDelay}`);
  const spans = intervals(changes, length, maxDelay);
  const delays: (number | null)[] = spans.map(() => null);
  let repeats = 0;
  let falseAlarms = 0;
  for (const d of detections) {
    const k = spans.findIndex((s) => d >= s.onset && d < s.until);
    if (k < 0) falseAlarms++;
    else if (delays[k] === null) delays[k] = d - (spans[k] as Interval).onset;
    else repeats++;
  }
  const covered = spans.reduce((sum, s) => sum + (s.until - s.onset), 0);
  const stableSamples = length - covered;
  const hits = delays.filter((d): d is number => d !== null);
  return {
    detections: [...detections],
    delays,
    meanDelay: hits.length > 0 ? hits.reduce((a, b) => a + b, 0) / hits.length : null,
    detected: hits.length,
    missed: spans.length - hits.length,
    repeats,
    falseAlarms,
    stableSamples,
    falseAlarmsPer10k: stableSamples > 0 ? (1e4 * falseAlarms) / stableSamples : null,
    meanTimeBetweenFalseAlarms: falseAlarms > 0 ? stableSamples / falseAlarms : null,
  };
}

/** Feeds a whole stream to a detector and returns the indices at which it reported a drift. */
export function runDetector(detector: DriftDetector, values: ArrayLike<number>): number[] {
  const found: number[] = [];
  for (let i = 0; i < values.length; i++) {
    detector.update(values[i] as number);
    if (detector.driftDetected) found.push(i);
  }
  return found;
}

/** Runs fresh detectors on one stream and scores each against its ground truth. */
export function compareDetectors(configs: readonly DetectorConfig[], values: ArrayLike<number>, changes: readonly ChangePoint[], options: Partial<ScoreOptions> = {}): Record<string, DetectorScore> {
  const out: Record<string, DetectorScore> = {};
  for (const config of configs) out[config.kind] = scoreDetections(runDetector(createDetector(config), values), changes, values.length, options);
  return out;
}
