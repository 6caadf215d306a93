/**
 * The alert log of `<mlops-alerts>`: every alert raised (and its resolve) from the Lab's `alert`
 * events, bounded; the active ones; how many alerts a simulated day brings (alert fatigue); and
 * each alert in plain words. Pure: no DOM. Times are simulated seconds (the alert engine counts in
 * simulated milliseconds; they are converted here).
 */
import type { AlertRecord } from '../../src/monitoring/index';
import type { LabEvent } from '../../src/loop/engine/events';
import type { LabSnapshot } from '../../src/loop/engine/snapshot';

/** Seconds in a simulated day. */
export const DAY_SECONDS = 86_400;

/** One alert of the log. */
export interface AlertEntry {
  seq: number;
  rule: string;
  severity: string;
  metric: string;
  threshold: number;
  /** Simulated seconds. */
  raisedAt: number;
  resolvedAt: number | null;
  valueAtRaise: number;
  peak: number;
  description: string | null;
}

/** Alerts raised per simulated day. */
export interface AlertRate {
  /** Alerts raised in each simulated day so far (day 0 first; days without alerts count 0). */
  days: { day: number; raised: number }[];
  /** Raised alerts divided by the simulated days elapsed (at least one simulated hour is assumed, so a rate is never blown up by a tiny elapsed time). */
  perDay: number;
  /** Simulated seconds elapsed. */
  elapsed: number;
  raised: number;
}

/** An alert record as a log entry (times to seconds). */
export function entryOf(alert: AlertRecord): AlertEntry {
  return {
    seq: alert.seq,
    rule: alert.ruleId,
    severity: alert.severity,
    metric: alert.metric,
    threshold: alert.threshold,
    raisedAt: alert.raisedAt / 1000,
    resolvedAt: alert.resolvedAt === null ? null : alert.resolvedAt / 1000,
    valueAtRaise: alert.valueAtRaise,
    peak: alert.peak,
    description: alert.description ?? null,
  };
}

/** The log of alerts, newest last, at most `limit` (oldest dropped). */
export class AlertLog {
  private readonly list: AlertEntry[] = [];
  /** Alerts raised in all (also those dropped from the list). */
  raised = 0;
  /** Raise times (simulated seconds) of every alert, for the per-day counts; bounded like the list. */
  private readonly times: number[] = [];

  constructor(readonly limit = 500) {}

  /** Takes an event in; returns the entry it created or updated (null for other events). */
  add(event: LabEvent): { change: 'raised' | 'resolved'; entry: AlertEntry } | null {
    if (event.type !== 'alert') return null;
    const entry = entryOf(event.alert);
    if (event.change === 'raised') {
      this.raised++;
      this.list.push(entry);
      this.times.push(entry.raisedAt);
      if (this.list.length > this.limit) this.list.shift();
      if (this.times.length > this.limit * 20) this.times.shift();
      return { change: 'raised', entry };
    }
    const open = this.list.findLastIndex((e) => e.seq === entry.seq);
    if (open >= 0) this.list[open] = entry;
    else {
      this.list.push(entry);
      if (this.list.length > this.limit) this.list.shift();
    }
    return { change: 'resolved', entry };
  }

  /** Every entry kept, oldest first. */
  get entries(): readonly AlertEntry[] {
    return this.list;
  }

  /** Entries still open (raised, not resolved). */
  get open(): AlertEntry[] {
    return this.list.filter((e) => e.resolvedAt === null);
  }

  /** Forgets everything (a new lab). */
  clear(): void {
    this.list.length = 0;
    this.times.length = 0;
    this.raised = 0;
  }

  /** Alerts per simulated day up to simulated time `now` (seconds). */
  rate(now: number): AlertRate {
    return alertRate(this.times, now, this.raised);
  }
}

/**
 * Alerts raised per simulated day, from the raise times (seconds). `raised` is the total count (it
 * may exceed `times.length` when old times were dropped); the rate is raised / max(now, 1 h) days.
 */
export function alertRate(times: readonly number[], now: number, raised = times.length): AlertRate {
  const elapsed = Math.max(0, now);
  const dayCount = Math.floor(elapsed / DAY_SECONDS) + 1;
  const shown = Math.min(dayCount, 60);
  const first = dayCount - shown;
  const days = Array.from({ length: shown }, (_, i) => ({ day: first + i, raised: 0 }));
  for (const t of times) {
    const d = Math.floor(t / DAY_SECONDS) - first;
    const slot = days[d];
    if (slot) slot.raised++;
  }
  const perDay = (raised / Math.max(elapsed, 3600)) * DAY_SECONDS;
  return { days, perDay, elapsed, raised };
}

function pct(v: number): string {
  return `${Math.round(v * 1000) / 10}%`;
}

/** The value of a metric in words (percent for shares, ms for latencies, a count for backlogs). */
export function formatMetric(metric: string, value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (metric === 'accuracy_drop') return `${Math.round(value * 1000) / 10} points`;
  if (metric.includes('rate') || metric.includes('accuracy')) return pct(value);
  if (metric.startsWith('latency')) return `${Math.round(value * 10) / 10} ms`;
  return String(Math.round(value * 100) / 100);
}

/** One or two plain sentences: what the alert means and what to look at. */
export function explainAlert(entry: Pick<AlertEntry, 'rule' | 'metric' | 'threshold' | 'valueAtRaise' | 'description'>): string {
  const v = formatMetric(entry.metric, entry.valueAtRaise);
  const th = formatMetric(entry.metric, entry.threshold);
  switch (entry.metric) {
    case 'accuracy_drop':
      return `The live model answers worse than it did: its accuracy on its last 200 labelled requests is ${v} below its own live baseline (its first 200 labelled answers in production, or the level before this incident), beyond chance (the limit is ${th}). The world may have drifted; compare the drift view and consider a retrain.`;
    case 'error_rate':
      return `${v} of requests got an error instead of an answer (the limit is ${th}). Look for malformed requests or a broken deploy.`;
    case 'latency_p95':
      return `One request in twenty took longer than ${v} of simulated latency (the limit is ${th}; simulated from the version's size so every machine gives the same run). Users wait; look at batch sizes and the version's speed.`;
    case 'label_backlog':
      return `${v} answers still wait for their true label (the limit is ${th}). Until labels arrive, realized accuracy cannot be measured: the feedback loop is stalled.`;
    default:
      return `${entry.description ?? `${entry.metric} crossed its threshold.`} Value ${v}, threshold ${th}.`;
  }
}

/** Fewest alerts, and shortest simulated time (s), from which a per-day rate is quoted. */
export const MIN_ALERTS_FOR_RATE = 5;
export const MIN_SECONDS_FOR_RATE = 3600;

/** What the per-day rate means for whoever is on call (only from enough alerts over enough time). */
export function fatigueNote(rate: AlertRate): string {
  if (rate.raised === 0) return 'No alert so far.';
  const counted = `${rate.raised} alert${rate.raised === 1 ? '' : 's'} in ${formatDuration(rate.elapsed)} of simulated time`;
  // A rate from a handful of alerts, or from a few minutes, says nothing about a day: say so instead.
  if (rate.raised < MIN_ALERTS_FOR_RATE || rate.elapsed < MIN_SECONDS_FOR_RATE) return `${counted}: too few ${rate.raised < MIN_ALERTS_FOR_RATE ? 'alerts' : 'minutes'} for a rate per day (it takes at least ${MIN_ALERTS_FOR_RATE} alerts over an hour).`;
  const perDay = Math.round(rate.perDay * 10) / 10;
  const base = `${counted}: about ${perDay} per simulated day.`;
  if (perDay > 20) return `${base} That is alert fatigue: nobody reads ${perDay} pages a day with care. Hysteresis, cooldowns and fewer, better rules keep alerts meaningful.`;
  if (perDay > 5) return `${base} Busy for whoever is on call; check that each alert needs a human.`;
  return `${base} A pace a person can follow.`;
}

/** A simulated duration in words (s, min, h, days). */
export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * DAY_SECONDS) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${Math.round((seconds / DAY_SECONDS) * 10) / 10} days`;
}

/** An alert open now, as the view shows it. */
export interface ActiveAlert {
  rule: string;
  severity: string;
  /** Simulated seconds. */
  raisedAt: number;
  value: number;
  metric: string | null;
  explanation: string;
}

/** The snapshot's open alerts, explained; details (metric, threshold) come from the log when the raise was seen. */
export function activeOf(snapshot: Pick<LabSnapshot, 'alerts'> | null, entries: readonly AlertEntry[]): ActiveAlert[] {
  if (!snapshot) return [];
  return snapshot.alerts.map((a) => {
    const seen = entries.findLast((e) => e.rule === a.rule && e.resolvedAt === null);
    const explanation = seen ? explainAlert(seen) : `Rule ${a.rule} is firing (value ${Math.round(a.value * 1000) / 1000}).`;
    return { rule: a.rule, severity: a.severity, raisedAt: a.raisedAt, value: a.value, metric: seen?.metric ?? null, explanation };
  });
}
