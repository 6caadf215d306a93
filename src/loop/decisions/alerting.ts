/**
 * The alert rules judged on production after every tick. Values come from the monitor (the single
 * source): production's open window (error rate, simulated latency, ...), the label backlog, and
 * `accuracy_drop`, the lab's own metric.
 *
 * `accuracy_drop` compares production with itself, live: its **baseline** is its accuracy on its first
 * BASELINE_LABELS labelled answers after it became production (not any version's offline accuracy
 * on a few hundred held-out rows, which may overstate or understate how it does live). Then, each
 * tick, its accuracy on its last BASELINE_LABELS labelled answers is compared with the baseline, and
 * the part of the gap within sampling noise is taken off: two standard errors of the difference of two
 * such shares, 2 * sqrt(2 b (1 - b) / n). So
 *
 *     accuracy_drop = max(0, (baseline - recent) - 2 * sqrt(2 b (1 - b) / n))
 *
 * is how far production fell below the live level beyond what chance alone explains; it is null
 * until the baseline is measured. A version promoted while this alert is raised (a fix during the
 * incident) is held to the level production had before the incident, not to its own first answers:
 * otherwise a half-good fix would set a lower bar and the alert would go quiet on it. The monitor's
 * recent-quality ring restarts when production changes.
 */
import { AlertEngine, type AlertEvent, type AlertRule, type Monitor } from '../../monitoring/index';

/** Labelled answers of a new production version its baseline is measured on, and the recent window compared with it. */
export const BASELINE_LABELS = 200;

/** Standard errors of sampling noise allowed before a gap counts as a drop. */
export const NOISE_ERRORS = 2;

/** Production's live baseline: the version, the accuracy it is held to (null while measuring), and whether that was inherited. */
export interface LiveBaseline {
  version: string;
  accuracy: number | null;
  /** True when the version was promoted during an accuracy alert and keeps the level before it. */
  inherited: boolean;
}

/** The rule whose alert marks an incident of quality. */
const QUALITY_RULE = 'accuracy-drop';

/** The drop beyond noise (see the file comment), or null without a baseline or a full recent window. */
export function accuracyDrop(baseline: number | null, recent: number | null, n: number): number | null {
  if (baseline === null || recent === null) return null;
  const noise = NOISE_ERRORS * Math.sqrt((2 * baseline * (1 - baseline)) / n);
  return Math.max(0, baseline - recent - noise);
}

/** The alerts of the lab's production endpoint. */
export class AlertWatch {
  readonly engine: AlertEngine;
  private live: LiveBaseline | null = null;

  constructor(
    rules: readonly AlertRule[],
    private readonly monitor: Monitor,
  ) {
    this.engine = new AlertEngine(rules);
  }

  /** Production's live baseline now (null before anything was in production). */
  get baseline(): Readonly<LiveBaseline> | null {
    return this.live;
  }

  /** Judges the rules for `production` at simulated time `t` (s); `muted`: a drill muted the quality metrics. */
  evaluate(production: string, t: number, muted: boolean): AlertEvent[] {
    if (production !== this.live?.version) {
      const duringIncident = this.live?.accuracy !== null && this.live !== null && this.engine.active.some((a) => a.ruleId === QUALITY_RULE);
      this.live = duringIncident && this.live ? { version: production, accuracy: this.live.accuracy, inherited: true } : { version: production, accuracy: null, inherited: false };
      this.monitor.restartRecent(production);
    }
    const recent = this.monitor.recentAccuracy(production);
    const labels = this.monitor.recentLabels(production);
    if (this.live.accuracy === null && labels >= BASELINE_LABELS && recent !== null) this.live.accuracy = recent;
    const values = this.monitor.metricValues(production);
    const all: Record<string, number | null> = { ...values, accuracy_drop: accuracyDrop(this.live.accuracy, labels >= BASELINE_LABELS ? recent : null, BASELINE_LABELS), label_backlog: this.monitor.pending.pendingFor(production) };
    if (muted) {
      all.accuracy_drop = null;
      all.accuracy = null;
    }
    return this.engine.evaluate(t * 1000, all, 'production');
  }
}
