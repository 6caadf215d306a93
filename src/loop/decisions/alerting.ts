/**
 * The alert rules judged on production after every tick. Values come from the monitor (the single
 * source): production's open window (error rate, simulated latency, ...), the label backlog, and
 * `accuracy_drop`, the lab's own metric: the service level minus production's accuracy on its last
 * labelled answers (the monitor's recent quality, restarted when production changes). The service
 * level is the first production version's evaluation accuracy.
 */
import { AlertEngine, type AlertEvent, type AlertRule, type Monitor } from '../../monitoring/index';
import type { ModelRegistry } from '../../registry/index';

/** The alerts of the lab's production endpoint. */
export class AlertWatch {
  readonly engine: AlertEngine;
  /** The accuracy production is held to (the first version's evaluation accuracy): the service level. */
  private target: number | null = null;
  private watched: string | null = null;

  constructor(
    rules: readonly AlertRule[],
    private readonly monitor: Monitor,
    private readonly registry: () => ModelRegistry,
  ) {
    this.engine = new AlertEngine(rules);
  }

  /** Judges the rules for `production` at simulated time `t` (s); `muted`: a drill muted the quality metrics. */
  evaluate(production: string, t: number, muted: boolean): AlertEvent[] {
    if (production !== this.watched) {
      this.watched = production;
      this.monitor.restartRecent(production);
    }
    this.target ??= this.registry().get(production).evaluation.accuracy;
    const values = this.monitor.metricValues(production);
    const accuracy = this.monitor.recentAccuracy(production);
    const all: Record<string, number | null> = { ...values, accuracy_drop: accuracy === null ? null : this.target - accuracy, label_backlog: this.monitor.pending.pendingFor(production) };
    if (muted) {
      all.accuracy_drop = null;
      all.accuracy = null;
    }
    return this.engine.evaluate(t * 1000, all, 'production');
  }
}
