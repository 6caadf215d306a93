/**
 * Per-window accuracy series of the answers users got, by stream position: window w covers the
 * requests with index in [w * size, (w + 1) * size) (production's answers, plus a canary's share while
 * one runs; shadow answers are never counted: users never see them).
 * - realized: right answers / answered requests, scored against each request's true label (the
 *   simulator knows it at once; the monitor, which must wait for labels, sees the same numbers later);
 * - estimated: the mean calibrated confidence of production's answers (CBPE: no label needed);
 * - errors: requests that got an error instead of an answer.
 * Bounded: at most `maxWindows` windows are kept (the oldest go first).
 */

/** One window of the series. */
export interface SeriesWindow {
  start: number;
  end: number;
  answered: number;
  correct: number;
  errors: number;
  /** Sum of calibrated confidences, and how many answers had a calibrator. */
  estimateSum: number;
  estimated: number;
}

/** The report form of a window. */
export interface SeriesPoint {
  start: number;
  end: number;
  requests: number;
  realized: number | null;
  estimated: number | null;
  error_rate: number;
}

import type { AnsweredRequest, LoopObserver } from '../engine/observer';

/** Accumulates the series. */
export class AccuracySeries implements LoopObserver {
  private readonly windows: SeriesWindow[] = [];

  /** `calibrated(version, confidence)` maps a production answer's confidence to its calibrated one (null: no calibrator). */
  constructor(
    readonly size: number,
    readonly maxWindows = 10_000,
    private readonly calibrated: (version: string, confidence: number) => number | null = () => null,
  ) {}

  /** Counts every stream answer users got: right or wrong, with production's calibrated confidence (not a canary candidate's). */
  onAnswer(a: AnsweredRequest): void {
    if (a.errorKind !== null) {
      this.error(a.index);
      return;
    }
    this.answer(a.index, a.predicted === a.truth, a.byProduction && a.version !== null ? this.calibrated(a.version, a.probability) : null);
  }

  private at(index: number): SeriesWindow {
    const start = Math.floor(index / this.size) * this.size;
    const newest = this.windows[this.windows.length - 1];
    if (newest && newest.start === start) return newest;
    // Requests come in stream order: a window newer than the newest is appended without a search.
    if (newest && newest.start > start) {
      const found = this.windows.find((w) => w.start === start);
      if (found) return found;
    }
    const fresh: SeriesWindow = { start, end: start + this.size, answered: 0, correct: 0, errors: 0, estimateSum: 0, estimated: 0 };
    this.windows.push(fresh);
    if (newest && newest.start > start) this.windows.sort((a, b) => a.start - b.start);
    if (this.windows.length > this.maxWindows) this.windows.shift();
    return fresh;
  }

  /** Records an answer (right or wrong, with its calibrated confidence when known). */
  answer(index: number, right: boolean, calibrated: number | null): void {
    const w = this.at(index);
    w.answered++;
    if (right) w.correct++;
    if (calibrated !== null) {
      w.estimateSum += calibrated;
      w.estimated++;
    }
  }

  /** Records a request that got an error. */
  error(index: number): void {
    this.at(index).errors++;
  }

  /** The windows as report points (rounded to 4 decimals so reports stay readable). */
  points(): SeriesPoint[] {
    const r = (x: number) => Math.round(x * 1e4) / 1e4;
    return this.windows.map((w) => {
      const requests = w.answered + w.errors;
      return { start: w.start, end: w.end, requests, realized: w.answered ? r(w.correct / w.answered) : null, estimated: w.estimated ? r(w.estimateSum / w.estimated) : null, error_rate: requests ? r(w.errors / requests) : 0 };
    });
  }

  /** The raw windows. */
  raw(): readonly SeriesWindow[] {
    return this.windows;
  }
}
