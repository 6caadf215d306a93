/**
 * Feeds the monitor (src/monitoring), the single source of the loop's metrics: every stream answer
 * (with its deterministic simulated latency, so alerts on latency give the same run on every machine)
 * and every joined label. The detector signals a label causes are handed to the listeners (the
 * detectors' timeline, the retrain trigger) at once.
 */
import type { DriftSignal, Monitor } from '../../monitoring/index';
import type { AnsweredRequest, JoinedLabel, LoopObserver } from '../engine/observer';

/** Hears the detector signals a label caused. */
export type SignalListener = (signals: readonly DriftSignal[], label: JoinedLabel) => void;

/** The monitor as an observer of the per-request path. */
export class MonitorFeed implements LoopObserver {
  private readonly listeners: SignalListener[] = [];

  constructor(readonly monitor: Monitor) {}

  /** Subscribes to the detector signals of every label (in registration order). */
  onSignals(listener: SignalListener): void {
    this.listeners.push(listener);
  }

  onAnswer(a: AnsweredRequest): void {
    const t = a.t * 1000;
    if (a.errorKind !== null) this.monitor.observeResponse({ id: a.id, t, version: a.version ?? 'none', latencyMs: 0, errorKind: a.errorKind });
    else this.monitor.observeResponse({ id: a.id, t, version: a.version as string, latencyMs: a.simulatedLatencyMs, probabilities: a.probabilities as number[], predicted: a.predicted });
  }

  onLabel(l: JoinedLabel): void {
    const signals = this.monitor.observeLabel({ id: l.id, t: l.t * 1000, label: l.truth });
    if (signals.length > 0) for (const listener of this.listeners) listener(signals, l);
  }
}
