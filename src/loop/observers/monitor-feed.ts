/**
 * Feeds the monitor (src/monitoring), the single source of the loop's metrics: every stream answer
 * (with its deterministic simulated latency, so alerts on latency give the same run on every machine)
 * and every joined label. The detector signals a label causes are handed to the listeners (the
 * detectors' timeline, the retrain trigger) at once.
 */
import type { DriftSignal, LabelObservation, Monitor, ResponseObservation } from '../../monitoring/index';
import type { AnsweredRequest, JoinedLabel, LoopObserver } from '../engine/observer';

/** Hears the detector signals a label caused. */
export type SignalListener = (signals: readonly DriftSignal[], label: JoinedLabel) => void;

/** The monitor as an observer of the per-request path. */
export class MonitorFeed implements LoopObserver {
  private readonly listeners: SignalListener[] = [];
  /** The observations handed to the monitor, reused from request to request (it keeps none of them: it copies what it keeps). */
  private readonly response: ResponseObservation = { id: '', key: 0, t: 0, version: '', latencyMs: 0, errorKind: null, probabilities: undefined, predicted: undefined };
  private readonly label: LabelObservation = { id: '', key: 0, t: 0, label: 0 };

  constructor(readonly monitor: Monitor) {}

  /** Subscribes to the detector signals of every label (in registration order). */
  onSignals(listener: SignalListener): void {
    this.listeners.push(listener);
  }

  onAnswer(a: AnsweredRequest): void {
    const r = this.response;
    r.id = a.id;
    // Keyed by stream position (one per id in a run): the monitor's pending store hashes no fresh id string.
    r.key = a.index;
    r.t = a.t * 1000;
    if (a.errorKind !== null) {
      r.version = a.version ?? 'none';
      r.latencyMs = 0;
      r.errorKind = a.errorKind;
      r.probabilities = undefined;
      r.predicted = undefined;
    } else {
      r.version = a.version as string;
      r.latencyMs = a.simulatedLatencyMs;
      r.errorKind = null;
      r.probabilities = a.probabilities as number[];
      r.predicted = a.predicted;
    }
    this.monitor.observeResponse(r);
  }

  onLabel(l: JoinedLabel): void {
    const o = this.label;
    o.id = l.id;
    o.key = l.index;
    o.t = l.t * 1000;
    o.label = l.truth;
    const signals = this.monitor.observeLabel(o);
    if (signals.length > 0) for (const listener of this.listeners) listener(signals, l);
  }
}
