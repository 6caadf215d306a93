/**
 * The alert-settings sandbox: re-judges a finished run's recorded stream (recorded.ts) under other
 * alert settings and another detector setting, without running the model again. What a sandbox run
 * replays is the lab's own quality alert (decisions/alerting.ts): labels join in arrival order; each
 * production version's live baseline is its accuracy on its first BASELINE_LABELS labels (kept from
 * the version before when it was promoted while the alert was raised); after every tick of
 * `tickSeconds` the rule judges `accuracy_drop` (the drop below that baseline beyond two standard
 * errors) with the asked threshold, for-duration and cooldown, on the monitor's alert engine. The
 * detector runs on production's error bits in label order (reset when production changes), with its
 * main parameter set.
 *
 * The recorded stream is what happened under the run's own alerts: a tighter setting here shows what
 * it would have said on the same answers, not what retrains it would have caused (that is what a
 * compare of policies is for). A false alert is one raised before the drift began; the delay is
 * requests from the onset to the first alert at or after it (the request being sent when it fired).
 */
import { AlertEngine, DAY_MS } from '../../monitoring/alerts/engine';
import { DETECTOR_TABLE } from '../../monitoring/detectors/table';
import { accuracyDrop, BASELINE_LABELS } from '../decisions/alerting';
import { DEFAULT_ALERT_RULES } from '../decisions/alert-rules';
import { LabCommandError } from '../engine/errors';
import type { RecordedStream } from './recorded';

/** Detectors the sandbox can tune, and the one parameter it turns. */
export const SANDBOX_DETECTORS = {
  adwin: { label: 'ADWIN', parameter: 'delta', words: 'confidence δ (smaller: fewer, later alarms)', min: 0.00001, max: 0.5, default: 0.002, log: true },
  ddm: { label: 'DDM', parameter: 'driftThreshold', words: 'drift level in σ (larger: fewer, later alarms)', min: 1.5, max: 6, default: 3, log: false },
  'page-hinkley': { label: 'Page-Hinkley', parameter: 'threshold', words: 'threshold λ (larger: fewer, later alarms)', min: 1, max: 200, default: 50, log: false },
} as const;

/** A detector the sandbox tunes. */
export type SandboxDetector = keyof typeof SANDBOX_DETECTORS;

const QUALITY = DEFAULT_ALERT_RULES.find((r) => r.id === 'accuracy-drop');

/** One setting of the sandbox. Times in simulated seconds. */
export interface SandboxSettings {
  /** The accuracy_drop threshold (fraction of accuracy, e.g. 0.05 = 5 points). */
  threshold: number;
  forSeconds: number;
  cooldownSeconds: number;
  detector: SandboxDetector;
  /** The detector's main parameter (SANDBOX_DETECTORS[detector].parameter). */
  detectorValue: number;
}

/** The lab's own settings (the default rule, ADWIN at River's default). */
export const DEFAULT_SANDBOX: SandboxSettings = {
  threshold: QUALITY?.threshold ?? 0.05,
  forSeconds: (QUALITY?.forMs ?? 0) / 1000,
  cooldownSeconds: (QUALITY?.cooldownMs ?? 60_000) / 1000,
  detector: 'adwin',
  detectorValue: SANDBOX_DETECTORS.adwin.default,
};

/** Limits of the alert settings. */
export const SANDBOX_LIMITS = { threshold: { min: 0.005, max: 0.3 }, forSeconds: { min: 0, max: 600 }, cooldownSeconds: { min: 0, max: 3600 } } as const;

/** What one setting gives on the recorded stream. */
export interface SandboxOutcome {
  /** Stream positions (the request being sent) where the alert was raised. */
  alerts: number[];
  alertsPerDay: number;
  /** Alerts raised before the drift began. */
  falseAlerts: number;
  /** Requests from the onset to the first alert at or after it; null: none (or no drift). */
  delay: number | null;
  /** The detector's alarms (stream positions), false ones and its delay, the same way. */
  detectorAlarms: number[];
  detectorFalse: number;
  detectorDelay: number | null;
}

/** The recorded stream ready to be judged many times: labels in arrival order, and the clock. */
export interface PreparedStream {
  /** Answers in label-arrival order: their time, whether right, their version. */
  labelT: Float64Array;
  correct: Uint8Array;
  version: string[];
  /** Send times in stream order and their positions (to name the request being sent at a time). */
  sendT: Float64Array;
  sendIndex: Int32Array;
  /** Production's version per send, stream order. */
  sendVersion: string[];
  tickSeconds: number;
  /** Where the drift begins (null: none). */
  onset: number | null;
  /** Simulated seconds the run lasted. */
  seconds: number;
}

function fail(message: string, field: string): never {
  throw new LabCommandError('sandbox', message, { field });
}

/** Sorts the recorded labels by arrival (stable: stream order breaks ties) once for many evaluations. */
export function prepareStream(recorded: RecordedStream, onset: number | null, tickSeconds: number): PreparedStream {
  if (!(tickSeconds > 0)) fail(`tickSeconds must be > 0, got ${tickSeconds}`, 'tickSeconds');
  const n = recorded.index.length;
  for (const key of ['t', 'labelT', 'correct', 'version'] as const) if (recorded[key].length !== n) fail(`the recorded stream's ${key} has ${recorded[key].length} entries, its index ${n}`, key);
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (recorded.labelT[i] !== null && recorded.correct[i] !== null) order.push(i);
  order.sort((a, b) => (recorded.labelT[a] as number) - (recorded.labelT[b] as number) || a - b);
  const lastLabel = order.length ? (recorded.labelT[order[order.length - 1] as number] as number) : 0;
  return {
    labelT: Float64Array.from(order, (i) => recorded.labelT[i] as number),
    correct: Uint8Array.from(order, (i) => recorded.correct[i] as number),
    version: order.map((i) => recorded.version[i] as string),
    sendT: Float64Array.from(recorded.t),
    sendIndex: Int32Array.from(recorded.index),
    sendVersion: [...recorded.version],
    tickSeconds,
    onset,
    seconds: Math.max(lastLabel, n ? (recorded.t[n - 1] as number) : 0),
  };
}

/** The position of the last request sent at or before `t` (-1: none yet). */
function sendIndexAt(p: PreparedStream, t: number): number {
  let lo = 0;
  let hi = p.sendT.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((p.sendT[mid] as number) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function score(positions: readonly number[], onset: number | null): { false: number; delay: number | null } {
  if (onset === null) return { false: positions.length, delay: null };
  const after = positions.find((i) => i >= onset);
  return { false: positions.filter((i) => i < onset).length, delay: after === undefined ? null : after - onset };
}

/** Checks a setting against the limits (typed error naming the field). */
export function checkSettings(s: SandboxSettings): SandboxSettings {
  for (const key of ['threshold', 'forSeconds', 'cooldownSeconds'] as const) {
    const { min, max } = SANDBOX_LIMITS[key];
    if (typeof s[key] !== 'number' || !(s[key] >= min && s[key] <= max)) fail(`${key} must be a number from ${min} to ${max}, got ${JSON.stringify(s[key])}`, key);
  }
  const d = SANDBOX_DETECTORS[s.detector];
  if (!d) fail(`detector must be one of ${Object.keys(SANDBOX_DETECTORS).join(', ')}, got ${JSON.stringify(s.detector)}`, 'detector');
  if (typeof s.detectorValue !== 'number' || !(s.detectorValue >= d.min && s.detectorValue <= d.max)) fail(`${d.parameter} must be a number from ${d.min} to ${d.max}, got ${JSON.stringify(s.detectorValue)}`, 'detectorValue');
  return s;
}

/** The quality alert's raises under `s` (stream positions). */
function replayAlert(p: PreparedStream, s: SandboxSettings): number[] {
  const rule = { ...(QUALITY ?? { id: 'accuracy-drop', metric: 'accuracy_drop', comparator: '>' as const, severity: 'critical' as const, windowMs: 0 }), threshold: s.threshold, forMs: s.forSeconds * 1000, cooldownMs: s.cooldownSeconds * 1000, hysteresis: Math.min(QUALITY?.hysteresis ?? 0.025, s.threshold / 2) };
  const engine = new AlertEngine([rule]);
  const raised: number[] = [];
  const ring = new Uint8Array(BASELINE_LABELS);
  let ringCount = 0;
  let ringSum = 0;
  let ringNext = 0;
  let production: string | null = null;
  let baseline: number | null = null;
  let firing = false;
  let next = 0;
  const ticks = Math.ceil(p.seconds / p.tickSeconds) + 1;
  for (let k = 1; k <= ticks; k++) {
    const t = k * p.tickSeconds;
    const sent = sendIndexAt(p, t);
    const now = sent >= 0 ? (p.sendVersion[sent] as string) : null;
    if (now !== production) {
      // A version promoted during the alert keeps the level before the incident (alerting.ts).
      baseline = firing && baseline !== null ? baseline : null;
      production = now;
      ringCount = ringSum = ringNext = 0;
    }
    while (next < p.labelT.length && (p.labelT[next] as number) <= t) {
      if (p.version[next] === production) {
        const bit = p.correct[next] as number;
        if (ringCount === BASELINE_LABELS) ringSum -= ring[ringNext] as number;
        else ringCount++;
        ring[ringNext] = bit;
        ringSum += bit;
        ringNext = (ringNext + 1) % BASELINE_LABELS;
      }
      next++;
    }
    if (production === null) continue;
    const recent = ringCount > 0 ? ringSum / ringCount : null;
    if (baseline === null && ringCount >= BASELINE_LABELS) baseline = recent;
    const drop = accuracyDrop(baseline, ringCount >= BASELINE_LABELS ? recent : null, BASELINE_LABELS);
    for (const e of engine.evaluate(t * 1000, { accuracy_drop: drop }, 'production')) {
      if (e.type === 'raised') {
        raised.push(p.sendIndex[Math.max(0, sent)] as number);
        firing = true;
      } else firing = false;
    }
  }
  return raised;
}

/** The detector's alarms under `s` (stream positions of the request being sent at the label's arrival). */
function replayDetector(p: PreparedStream, s: SandboxSettings): number[] {
  const make = () => {
    if (s.detector === 'ddm') return DETECTOR_TABLE.ddm.create({ driftThreshold: s.detectorValue, warningThreshold: Math.min(2, (s.detectorValue * 2) / 3) });
    if (s.detector === 'page-hinkley') return DETECTOR_TABLE['page-hinkley'].create({ threshold: s.detectorValue });
    return DETECTOR_TABLE.adwin.create({ delta: s.detectorValue });
  };
  let detector = make();
  let production: string | null = null;
  const alarms: number[] = [];
  for (let i = 0; i < p.labelT.length; i++) {
    const v = p.version[i] as string;
    const sent = sendIndexAt(p, p.labelT[i] as number);
    const now = sent >= 0 ? (p.sendVersion[sent] as string) : v;
    if (now !== production) {
      production = now;
      detector = make();
    }
    if (v !== production) continue;
    detector.update(1 - (p.correct[i] as number));
    if (detector.driftDetected) alarms.push(p.sendIndex[Math.max(0, sent)] as number);
  }
  return alarms;
}

/** Judges one setting on a prepared stream. */
export function evaluateSetting(p: PreparedStream, settings: SandboxSettings): SandboxOutcome {
  const s = checkSettings(settings);
  const alerts = replayAlert(p, s);
  const detectorAlarms = replayDetector(p, s);
  const a = score(alerts, p.onset);
  const d = score(detectorAlarms, p.onset);
  const days = (p.seconds * 1000) / DAY_MS;
  return { alerts, alertsPerDay: days > 0 ? alerts.length / days : 0, falseAlerts: a.false, delay: a.delay, detectorAlarms, detectorFalse: d.false, detectorDelay: d.delay };
}

/** One point of the trade-off curve. */
export interface TradeoffPoint {
  threshold: number;
  falseAlerts: number;
  alertsPerDay: number;
  delay: number | null;
}

/** Thresholds the curve sweeps (the current one is added). */
export const SWEEP_THRESHOLDS: readonly number[] = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2];

/**
 * The trade-off of the quality alert: for each threshold of the sweep (and the current one), with the
 * current for-duration and cooldown, its false alerts, alerts per day and detection delay.
 */
export function tradeoffCurve(p: PreparedStream, settings: SandboxSettings): TradeoffPoint[] {
  const thresholds = [...new Set([...SWEEP_THRESHOLDS, settings.threshold])].sort((a, b) => a - b);
  return thresholds.map((threshold) => {
    const s = checkSettings({ ...settings, threshold });
    const alerts = replayAlert(p, s);
    const a = score(alerts, p.onset);
    const days = (p.seconds * 1000) / DAY_MS;
    return { threshold, falseAlerts: a.false, alertsPerDay: days > 0 ? alerts.length / days : 0, delay: a.delay };
  });
}
