/**
 * The alert engine: evaluates rules on metric values at simulated times and keeps the alert log.
 *
 * Per rule and scope (e.g. a model version) a small state machine runs on each `evaluate(t, values)`:
 *   ok --breach--> pending --held forMs--> firing --clears (with hysteresis)--> ok (cooldown starts)
 *   pending --no breach--> ok
 * - The value judged is the mean of the metric's samples within the rule's window (bounded deque).
 * - A missing value (null/undefined: no data yet) changes nothing: no data is not a recovery.
 * - A non-finite value is refused (MonitoringInputError): a NaN must never look like "all clear".
 * - De-duplication: while an alert fires, further breaches do not raise new alerts; they are counted
 *   on the open alert (`evaluations`), and its `peak` keeps the worst value.
 * - Cooldown: a pending alert that reaches its for-duration inside the cooldown is held (counted as
 *   `suppressed`) and raises when the cooldown ends, if the breach is still there.
 * The log keeps the last `logLimit` alerts with raise and resolve times; `alertsPerDay()` divides the
 * alerts raised by the simulated days elapsed — the number that makes alert fatigue visible.
 */
import { MonitoringInputError } from '../errors';
import { breaches, checkRule, clears, type AlertRule, type Severity } from './rule';

/** Simulated milliseconds per day. */
export const DAY_MS = 86_400_000;

/** One alert in the log. */
export interface AlertRecord {
  /** Sequence number, unique in this engine. */
  seq: number;
  ruleId: string;
  scope: string;
  metric: string;
  severity: Severity;
  threshold: number;
  raisedAt: number;
  resolvedAt: number | null;
  valueAtRaise: number;
  /** Worst value while firing (largest for > / >=, smallest for < / <=). */
  peak: number;
  /** Evaluations that breached while it was firing (de-duplicated into this alert). */
  evaluations: number;
  description?: string;
}

/** What an evaluation changed. */
export interface AlertEvent {
  type: 'raised' | 'resolved';
  alert: AlertRecord;
}

interface RuleState {
  phase: 'ok' | 'pending' | 'firing';
  since: number;
  cooldownUntil: number;
  open: AlertRecord | null;
  samples: { t: number; v: number }[];
}

/** Alert engine options. */
export interface AlertEngineOptions {
  /** Alerts kept in the log. Default 1000. */
  logLimit: number;
  /** Samples kept per rule window. Default 10 000. */
  maxSamples: number;
}

/** Evaluates alert rules; see the file comment. */
export class AlertEngine {
  readonly rules: readonly AlertRule[];
  readonly options: AlertEngineOptions;
  private readonly states = new Map<string, RuleState>();
  private readonly records: AlertRecord[] = [];
  private seq = 0;
  private firstT: number | null = null;
  private lastT: number | null = null;
  /** Alerts raised since creation (the log may have dropped old ones). */
  raised = 0;
  /** Raises held back by a cooldown. */
  suppressed = 0;

  constructor(rules: readonly (Partial<AlertRule> & Pick<AlertRule, 'id' | 'metric' | 'comparator' | 'threshold'>)[], options: Partial<AlertEngineOptions> = {}) {
    this.rules = rules.map(checkRule);
    const ids = new Set<string>();
    for (const r of this.rules) {
      if (ids.has(r.id)) throw new MonitoringInputError('rules', `rule id "${r.id}" is used twice`);
      ids.add(r.id);
    }
    this.options = { logLimit: 1000, maxSamples: 10_000, ...options };
  }

  /** The alert log, oldest first (at most `logLimit`). */
  get log(): readonly AlertRecord[] {
    return this.records;
  }

  /** Alerts firing now. */
  get active(): AlertRecord[] {
    return [...this.states.values()].flatMap((s) => (s.phase === 'firing' && s.open ? [s.open] : []));
  }

  private stateOf(rule: AlertRule, scope: string): RuleState {
    const key = `${rule.id}\u0000${scope}`;
    let s = this.states.get(key);
    if (!s) {
      s = { phase: 'ok', since: 0, cooldownUntil: -Infinity, open: null, samples: [] };
      this.states.set(key, s);
    }
    return s;
  }

  private windowMean(rule: AlertRule, s: RuleState, t: number, v: number): number {
    s.samples.push({ t, v });
    const from = t - rule.windowMs;
    while (s.samples.length > 1 && ((s.samples[0] as { t: number }).t < from || rule.windowMs === 0 || s.samples.length > this.options.maxSamples)) s.samples.shift();
    let sum = 0;
    for (const x of s.samples) sum += x.v;
    return sum / s.samples.length;
  }

  /**
   * Evaluates every rule on `values` (metric name -> value, null for "no data") at simulated time `t`,
   * for `scope` (default "global"). Returns the alerts raised and resolved by this evaluation.
   */
  evaluate(t: number, values: Record<string, number | null | undefined>, scope = 'global'): AlertEvent[] {
    if (!Number.isFinite(t)) throw new MonitoringInputError('t', `must be a finite time, got ${String(t)}`);
    if (this.lastT !== null && t < this.lastT) throw new MonitoringInputError('t', `went back in time: ${t} after ${this.lastT}`);
    this.firstT ??= t;
    this.lastT = t;
    const events: AlertEvent[] = [];
    for (const rule of this.rules) {
      const raw = values[rule.metric];
      if (raw === null || raw === undefined) continue;
      if (!Number.isFinite(raw)) throw new MonitoringInputError(`values.${rule.metric}`, `must be a finite number or null, got ${String(raw)}`);
      const s = this.stateOf(rule, scope);
      const value = this.windowMean(rule, s, t, raw);
      if (s.phase === 'firing' && s.open) {
        if (clears(rule, value)) {
          s.open.resolvedAt = t;
          events.push({ type: 'resolved', alert: s.open });
          s.open = null;
          s.phase = 'ok';
          s.cooldownUntil = t + rule.cooldownMs;
        } else {
          if (breaches(rule, value)) s.open.evaluations++;
          const worse = rule.comparator === '>' || rule.comparator === '>=' ? value > s.open.peak : value < s.open.peak;
          if (worse) s.open.peak = value;
        }
        continue;
      }
      if (!breaches(rule, value)) {
        s.phase = 'ok';
        continue;
      }
      if (s.phase === 'ok') {
        s.phase = 'pending';
        s.since = t;
      }
      if (t - s.since < rule.forMs) continue;
      if (t < s.cooldownUntil) {
        this.suppressed++;
        continue;
      }
      const alert: AlertRecord = {
        seq: this.seq++,
        ruleId: rule.id,
        scope,
        metric: rule.metric,
        severity: rule.severity,
        threshold: rule.threshold,
        raisedAt: t,
        resolvedAt: null,
        valueAtRaise: value,
        peak: value,
        evaluations: 1,
        ...(rule.description ? { description: rule.description } : {}),
      };
      s.phase = 'firing';
      s.open = alert;
      this.raised++;
      this.records.push(alert);
      if (this.records.length > this.options.logLimit) this.records.shift();
      events.push({ type: 'raised', alert });
    }
    return events;
  }

  /** Alerts raised per simulated day so far (null before any time has passed). */
  alertsPerDay(): number | null {
    if (this.firstT === null || this.lastT === null || this.lastT === this.firstT) return null;
    return (this.raised * DAY_MS) / (this.lastT - this.firstT);
  }
}
