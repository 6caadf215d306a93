/**
 * The monitor: one object that watches the responses and late labels of every deployed version and
 * keeps, per version and in bounded memory,
 * - windowed metrics (health, prediction behaviour, quality once labels arrive) and all-time totals;
 * - the streaming detectors of `options.detectors`, fed with the error bit (1 wrong, 0 right) of each
 *   prediction as its label arrives, and those of `options.confidenceDetectors`, fed with each answer's
 *   confidence (a label-free signal: it moves at once, but only when the model's behaviour moves);
 * - the label-free accuracy estimate, when a calibrator is set for the version.
 * Predictions waiting for labels are shared across versions (`PendingLabels`). Versions beyond
 * `maxVersions` are forgotten, least recently seen first. Bad records throw MonitoringInputError and
 * change nothing.
 */
import { createDetector, type DetectorConfig, type DetectorKind, type DriftDetector } from './detectors/index';
import { scoreOf } from './detectors/table';
import { MonitoringInputError, requireFinite } from './errors';
import type { Calibrator } from './estimate/cbpe';
import { PendingLabels } from './metrics/pending';
import { RecentQuality } from './metrics/recent-quality';
import { checkWindowSpec, WindowedMetrics, type WindowSnapshot } from './metrics/window';
import type { LabelObservation, ResponseObservation, WindowSpec } from './types';

/** Monitor options. */
export interface MonitorOptions {
  window: WindowSpec;
  /** Closed windows kept per version. Default 120. */
  history: number;
  /** Versions tracked at once. Default 8. */
  maxVersions: number;
  /** Predictions kept waiting for labels. Default 10 000. */
  maxPendingLabels: number;
  /** Detectors run on each version's error stream. Default: ADWIN and DDM. */
  detectors: DetectorConfig[];
  /** Detectors run on each version's confidence stream (any that take real values). Default: none. */
  confidenceDetectors: DetectorConfig[];
  /** Drift signals kept in the log. Default 1000. */
  driftLogLimit: number;
  /** Each version's recent quality: its last `size` labelled answers, no value under `minLabels`. Default 200 and 100. */
  recent: { size: number; minLabels: number };
}

/** Default monitor options. */
export const DEFAULT_MONITOR_OPTIONS: MonitorOptions = {
  window: { kind: 'count', size: 200 },
  history: 120,
  maxVersions: 8,
  maxPendingLabels: 10_000,
  detectors: [{ kind: 'adwin' }, { kind: 'ddm' }],
  confidenceDetectors: [],
  driftLogLimit: 1000,
  recent: { size: 200, minLabels: 100 },
};

/** A detector firing on a version's error or confidence stream. */
export interface DriftSignal {
  version: string;
  detector: DetectorKind;
  /** Which stream the detector watches. */
  source: 'error' | 'confidence';
  kind: 'drift' | 'warning';
  /** Index in that stream (error: 0 = the version's first labelled prediction; confidence: its first answer). */
  at: number;
  /** Simulated time of the label that triggered it. */
  t: number;
  /** The detector's score at that moment (its table's score: e.g. DDM's sigma above the best error rate), or null. */
  score: number | null;
}

/** Everything the monitor knows about one version. */
export interface VersionSnapshot {
  version: string;
  current: WindowSnapshot;
  history: readonly WindowSnapshot[];
  total: Omit<WindowSnapshot, 'index' | 'start' | 'end' | 'closed'>;
  pendingLabels: number;
  labelled: number;
  detectors: { kind: DetectorKind; source: 'error' | 'confidence'; driftDetected: boolean; warningDetected: boolean; updates: number; drifts: number }[];
}

interface VersionState {
  metrics: WindowedMetrics;
  detectors: WatchedDetector[];
  confidenceDetectors: WatchedDetector[];
  answers: number;
  calibrator: Calibrator | null;
  labelled: number;
  classes: number;
  recent: RecentQuality;
}

interface WatchedDetector {
  detector: DriftDetector;
  drifts: number;
}

function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if ((p[i] as number) > (p[best] as number)) best = i;
  return best;
}

/** Watches responses and labels; see the file comment. */
export class Monitor {
  readonly options: MonitorOptions;
  readonly pending: PendingLabels;
  private readonly versions = new Map<string, VersionState>();
  private readonly log: DriftSignal[] = [];
  /** The most recently seen version and its state (the last entry of `versions`). */
  private lastVersion: string | null = null;
  private lastState: VersionState | null = null;

  constructor(options: Partial<MonitorOptions> = {}) {
    this.options = { ...DEFAULT_MONITOR_OPTIONS, ...options };
    checkWindowSpec(this.options.window);
    for (const key of ['history', 'maxVersions', 'maxPendingLabels', 'driftLogLimit'] as const) {
      const v = this.options[key];
      if (!Number.isInteger(v) || v < 1) throw new MonitoringInputError(`monitor.${key}`, `must be a positive integer, got ${v}`);
    }
    [...this.options.detectors, ...this.options.confidenceDetectors].forEach((c) => createDetector(c));
    this.pending = new PendingLabels(this.options.maxPendingLabels);
  }

  private state(version: string, classes: number): VersionState {
    // The version seen last is already the most recent: no reordering (the common case, every request).
    if (version === this.lastVersion && this.lastState) return this.lastState;
    let s = this.versions.get(version);
    if (s) {
      this.versions.delete(version);
      this.versions.set(version, s);
      this.lastVersion = version;
      this.lastState = s;
      return s;
    }
    s = {
      metrics: new WindowedMetrics(this.options.window, this.options.history),
      detectors: this.options.detectors.map((c) => ({ detector: createDetector(c), drifts: 0 })),
      confidenceDetectors: this.options.confidenceDetectors.map((c) => ({ detector: createDetector(c), drifts: 0 })),
      answers: 0,
      calibrator: null,
      labelled: 0,
      classes,
      recent: new RecentQuality(this.options.recent.size, this.options.recent.minLabels),
    };
    this.versions.set(version, s);
    if (this.versions.size > this.options.maxVersions) this.versions.delete(this.versions.keys().next().value as string);
    this.lastVersion = version;
    this.lastState = s;
    return s;
  }

  /** Sets (or clears) the calibrator of a version's label-free accuracy estimate. */
  setCalibrator(version: string, calibrator: Calibrator | null): void {
    this.state(version, 0).calibrator = calibrator;
  }

  /** Records one answered or failed request; returns the confidence-detector signals it caused. */
  observeResponse(r: ResponseObservation): DriftSignal[] {
    if (!r || typeof r.id !== 'string' || r.id === '') throw new MonitoringInputError('response.id', 'must be a non-empty string');
    if (r.key !== undefined && !Number.isSafeInteger(r.key)) throw new MonitoringInputError('response.key', `must be a whole number when given, got ${String(r.key)}`);
    if (typeof r.version !== 'string' || r.version === '') throw new MonitoringInputError('response.version', 'must be a non-empty string');
    const t = requireFinite('response.t', r.t);
    const latency = requireFinite('response.latencyMs', r.latencyMs);
    if (latency < 0) throw new MonitoringInputError('response.latencyMs', `must be >= 0, got ${latency}`);
    const errorKind = r.errorKind ?? null;
    if (errorKind !== null && (typeof errorKind !== 'string' || errorKind === '')) throw new MonitoringInputError('response.errorKind', 'must be a non-empty string or null');
    // Validated in place: the pending store copies what it keeps (pending.ts), nothing else outlives this call.
    let probabilities: ArrayLike<number> | null = null;
    let predicted = -1;
    if (errorKind === null) {
      const p = r.probabilities;
      if (!p || typeof p.length !== 'number' || p.length < 1) throw new MonitoringInputError('response.probabilities', 'a successful response needs class probabilities');
      for (let i = 0; i < p.length; i++) {
        const v = p[i];
        if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new MonitoringInputError('response.probabilities', `entry ${i} is ${String(v)}, not a probability in [0, 1]`);
      }
      probabilities = p;
      predicted = r.predicted ?? argmax(probabilities);
      if (!Number.isInteger(predicted) || predicted < 0 || predicted >= p.length) throw new MonitoringInputError('response.predicted', `must be a class index in [0, ${p.length}), got ${String(predicted)}`);
      const known = this.versions.get(r.version)?.classes ?? 0;
      if (known > 0 && known !== p.length) throw new MonitoringInputError('response.probabilities', `version ${r.version} answers ${known} classes, this response has ${p.length}`);
    }
    const s = this.state(r.version, probabilities?.length ?? 0);
    const window = s.metrics.beforeResponse(t);
    window.health.add(latency, errorKind);
    s.metrics.total.health.add(latency, errorKind);
    if (probabilities === null) return [];
    if (s.classes === 0) s.classes = probabilities.length;
    const confidence = probabilities[predicted] as number;
    const calibrated = s.calibrator ? s.calibrator.calibrate(confidence) : null;
    window.behaviour.add(predicted, confidence, calibrated);
    s.metrics.total.behaviour.add(predicted, confidence, calibrated);
    this.pending.keep(r.key ?? r.id, r.version, t, predicted, probabilities);
    const at = s.answers++;
    return s.confidenceDetectors.length > 0 ? this.feed(s.confidenceDetectors, confidence, r.version, 'confidence', at, t) : [];
  }

  /** Feeds one value to detectors; logs and returns their drifts and new warnings. */
  private feed(watched: WatchedDetector[], x: number, version: string, source: DriftSignal['source'], at: number, t: number): DriftSignal[] {
    let signals: DriftSignal[] | null = null;
    for (const d of watched) {
      const wasWarning = d.detector.warningDetected;
      d.detector.update(x);
      if (d.detector.driftDetected) {
        d.drifts++;
        (signals ??= []).push({ version, source, at, t, detector: d.detector.kind, kind: 'drift', score: scoreOf(d.detector) });
      } else if (d.detector.warningDetected && !wasWarning) (signals ??= []).push({ version, source, at, t, detector: d.detector.kind, kind: 'warning', score: scoreOf(d.detector) });
    }
    // Nearly every update signals nothing: the caller gets a fresh empty array without a signal array per update.
    if (signals === null) return [];
    for (const signal of signals) {
      this.log.push(signal);
      if (this.log.length > this.options.driftLogLimit) this.log.shift();
    }
    return signals;
  }

  /**
   * Records a late label: joins it to its prediction, updates quality and feeds the version's
   * detectors. Returns the detector signals it caused (drifts and new warnings). A label for an unknown
   * request is counted (`pending.unmatched`) and returns no signal.
   */
  observeLabel(l: LabelObservation): DriftSignal[] {
    if (!l || typeof l.id !== 'string' || l.id === '') throw new MonitoringInputError('label.id', 'must be a non-empty string');
    if (l.key !== undefined && !Number.isSafeInteger(l.key)) throw new MonitoringInputError('label.key', `must be a whole number when given, got ${String(l.key)}`);
    const t = requireFinite('label.t', l.t);
    if (!Number.isInteger(l.label) || l.label < 0) throw new MonitoringInputError('label.label', `must be a class index, got ${String(l.label)}`);
    const pending = this.pending;
    const slot = pending.takeSlot(l.key ?? l.id);
    if (slot < 0) return [];
    const classes = pending.classesAt(slot);
    if (l.label >= classes) throw new MonitoringInputError('label.label', `class ${l.label} is out of range: the model answers ${classes} classes`);
    const version = pending.versionAt(slot);
    const predicted = pending.predictedAt(slot);
    const s = this.versions.get(version);
    if (!s) return [];
    s.metrics.advanceTime(t);
    const probability = pending.probabilityAt(slot, l.label);
    s.metrics.current.quality.add(l.label, predicted, probability);
    s.metrics.total.quality.add(l.label, predicted, probability);
    const at = s.labelled++;
    s.recent.add(predicted === l.label);
    return this.feed(s.detectors, predicted === l.label ? 0 : 1, version, 'error', at, t);
  }

  /**
   * Adds a detector to every version's error stream from now on (the versions tracked get a fresh one:
   * it watches from this moment). A kind already watched is left as it is. Returns whether it was added.
   */
  watchWith(config: DetectorConfig): boolean {
    if (this.options.detectors.some((c) => c.kind === config.kind)) return false;
    createDetector(config);
    this.options.detectors = [...this.options.detectors, config];
    for (const s of this.versions.values()) s.detectors.push({ detector: createDetector(config), drifts: 0 });
    return true;
  }

  /** Accuracy of a version's last labelled answers (see `options.recent`), or null with too few of them. */
  recentAccuracy(version: string): number | null {
    return this.versions.get(version)?.recent.accuracy ?? null;
  }

  /** Labelled answers in a version's recent-quality ring (0 for a version not tracked). */
  recentLabels(version: string): number {
    return this.versions.get(version)?.recent.labels ?? 0;
  }

  /** Forgets a version's recent labelled answers (its service starts afresh, e.g. on becoming production). */
  restartRecent(version: string): void {
    this.versions.get(version)?.recent.restart();
  }

  /**
   * The detectors on a version's error stream, in `options.detectors` order (null when the version is
   * not tracked): read-only access for views that plot a detector's state. Never update them.
   */
  errorDetectors(version: string): readonly Readonly<DriftDetector>[] | null {
    return this.versions.get(version)?.detectors.map((d) => d.detector) ?? null;
  }

  /** The version names tracked, least recently seen first. */
  get versionNames(): string[] {
    return [...this.versions.keys()];
  }

  /** The detector signals so far (bounded). */
  get driftLog(): readonly DriftSignal[] {
    return this.log;
  }

  /** Everything about one version, or null if it is not tracked. */
  versionSnapshot(version: string): VersionSnapshot | null {
    const s = this.versions.get(version);
    if (!s) return null;
    return {
      version,
      current: s.metrics.currentSnapshot(),
      history: s.metrics.history,
      total: s.metrics.totalSnapshot(),
      pendingLabels: this.pending.pendingFor(version),
      labelled: s.labelled,
      detectors: [
        ...s.detectors.map((d) => ({ d, source: 'error' as const })),
        ...s.confidenceDetectors.map((d) => ({ d, source: 'confidence' as const })),
      ].map(({ d, source }) => ({ kind: d.detector.kind, source, driftDetected: d.detector.driftDetected, warningDetected: d.detector.warningDetected, updates: d.detector.updates, drifts: d.drifts })),
    };
  }

  /**
   * Flat metric values of a version's open window, for alert rules (null = no data yet). Names:
   * `requests`, `error_rate`, `latency_p50`, `latency_p95`, `latency_p99`, `mean_confidence`,
   * `accuracy`, `log_loss`, `macro_f1`, `estimated_accuracy`, `pending_labels`,
   * `total_accuracy`, `total_error_rate`.
   */
  metricValues(version: string): Record<string, number | null> {
    const s = this.versions.get(version);
    if (!s) return {};
    // The open window's snapshot and two all-time figures: read every tick by the alerts, so not the
    // whole version snapshot (its all-time latency quantiles, history and detector list).
    const { health, behaviour, quality } = s.metrics.currentSnapshot();
    const total = s.metrics.total;
    return {
      requests: health.requests,
      error_rate: health.errorRate,
      latency_p50: health.latency?.p50 ?? null,
      latency_p95: health.latency?.p95 ?? null,
      latency_p99: health.latency?.p99 ?? null,
      mean_confidence: behaviour.meanConfidence,
      accuracy: quality.accuracy,
      log_loss: quality.logLoss,
      macro_f1: quality.macroF1,
      estimated_accuracy: behaviour.estimatedAccuracy,
      pending_labels: this.pending.pendingFor(version),
      total_accuracy: total.quality.snapshot().accuracy,
      total_error_rate: total.health.errorRate,
    };
  }
}
