import { describe, expect, it } from 'vitest';
import { activeOf, AlertLog, alertRate, DAY_SECONDS, explainAlert, fatigueNote, formatDuration, formatMetric } from '../../../components/alerts/alert-log';
import type { LabEvent } from '../../../src/loop/engine/events';
import type { AlertRecord } from '../../../src/monitoring/index';

const record = (seq: number, raisedAtS: number, resolvedAtS: number | null = null, over: Partial<AlertRecord> = {}): AlertRecord => ({
  seq,
  ruleId: 'accuracy-drop',
  scope: 'production',
  metric: 'accuracy_drop',
  severity: 'critical',
  threshold: 0.05,
  raisedAt: raisedAtS * 1000,
  resolvedAt: resolvedAtS === null ? null : resolvedAtS * 1000,
  valueAtRaise: 0.083,
  peak: 0.12,
  evaluations: 4,
  ...over,
});
const ev = (change: 'raised' | 'resolved', alert: AlertRecord): LabEvent => ({ type: 'alert', t: (alert.resolvedAt ?? alert.raisedAt) / 1000, index: 10, change, alert });

describe('AlertLog', () => {
  it('logs raises, updates the same alert on resolve, converts ms to seconds', () => {
    const log = new AlertLog();
    expect(log.add({ type: 'station', t: 0, index: 0, station: 'data', why: '' })).toBeNull();
    expect(log.add(ev('raised', record(1, 30)))?.change).toBe('raised');
    log.add(ev('raised', record(2, 40, null, { ruleId: 'error-rate', metric: 'error_rate', severity: 'critical', valueAtRaise: 0.08 })));
    const resolved = log.add(ev('resolved', record(1, 30, 95)));
    expect(resolved?.entry).toMatchObject({ seq: 1, raisedAt: 30, resolvedAt: 95, rule: 'accuracy-drop', peak: 0.12 });
    expect(log.entries.map((e) => [e.seq, e.resolvedAt])).toEqual([
      [1, 95],
      [2, null],
    ]);
    expect(log.open.map((e) => e.rule)).toEqual(['error-rate']);
    expect(log.raised).toBe(2);
    log.clear();
    expect(log.entries).toEqual([]);
    expect(log.raised).toBe(0);
  });

  it('stays bounded but keeps counting', () => {
    const log = new AlertLog(5);
    for (let i = 0; i < 12; i++) log.add(ev('raised', record(i, i * 10)));
    expect(log.entries.map((e) => e.seq)).toEqual([7, 8, 9, 10, 11]);
    expect(log.raised).toBe(12);
    expect(log.rate(120).raised).toBe(12);
  });
});

describe('alerts per simulated day', () => {
  it('counts raises per day and divides by the days elapsed', () => {
    const r = alertRate([10, 20, DAY_SECONDS + 5, 2 * DAY_SECONDS + 1, 2 * DAY_SECONDS + 2], 2.5 * DAY_SECONDS);
    expect(r.days).toEqual([
      { day: 0, raised: 2 },
      { day: 1, raised: 1 },
      { day: 2, raised: 2 },
    ]);
    expect(r.perDay).toBeCloseTo(2, 12);
  });

  it('assumes at least one simulated hour, so two alerts in 10 s are not 17 280 a day', () => {
    expect(alertRate([1, 2], 10).perDay).toBe(48);
    expect(alertRate([], 0)).toEqual({ days: [{ day: 0, raised: 0 }], perDay: 0, elapsed: 0, raised: 0 });
  });

  it('shows at most the last 60 days', () => {
    const r = alertRate([0, 99 * DAY_SECONDS], 99.5 * DAY_SECONDS);
    expect(r.days).toHaveLength(60);
    expect(r.days[0]?.day).toBe(40);
    expect(r.days.at(-1)).toEqual({ day: 99, raised: 1 });
    expect(r.raised).toBe(2);
  });

  it('names alert fatigue when the pace is high', () => {
    expect(fatigueNote(alertRate([], 100))).toBe('No alert so far.');
    // One alert (the '24 alerts per simulated day' came from one): no rate, said plainly.
    expect(fatigueNote(alertRate([5], 3600))).toBe('1 alert in 60 min of simulated time: too few alerts for a rate per day (it takes at least 5 alerts over an hour).');
    expect(fatigueNote(alertRate([1, 2, 3, 4, 5], 600))).toMatch(/^5 alerts in 10 min of simulated time: too few minutes for a rate per day/);
    expect(fatigueNote(alertRate([1, 2, 3, 4, 5, 6], 7200))).toBe('6 alerts in 2 h of simulated time: about 72 per simulated day. That is alert fatigue: nobody reads 72 pages a day with care. Hysteresis, cooldowns and fewer, better rules keep alerts meaningful.');
    expect(fatigueNote(alertRate([1, 2, 3, 4, 5], 7200))).toMatch(/about 60 per simulated day/);
    expect(fatigueNote(alertRate([1, 2, 3, 4, 5], 2 * DAY_SECONDS))).toMatch(/about 2\.5 per simulated day\. A pace a person can follow\.$/);
    expect(fatigueNote(alertRate([1, 2, 3, 4, 5, 6, 7, 8], DAY_SECONDS))).toMatch(/about 8 per simulated day\. Busy for whoever is on call/);
  });
});

describe('words', () => {
  it('formats metric values by kind', () => {
    expect(formatMetric('accuracy_drop', 0.083)).toBe('8.3 points');
    expect(formatMetric('error_rate', 0.0512)).toBe('5.1%');
    expect(formatMetric('latency_p95', 51.26)).toBe('51.3 ms');
    expect(formatMetric('label_backlog', 2101)).toBe('2101');
    expect(formatMetric('x', NaN)).toBe('NaN');
    expect(formatDuration(59)).toBe('59 s');
    expect(formatDuration(600)).toBe('10 min');
    expect(formatDuration(3 * 3600)).toBe('3 h');
    expect(formatDuration(3 * DAY_SECONDS)).toBe('3 days');
  });

  it('explains each default rule in plain words, and any other rule from its description', () => {
    expect(explainAlert({ rule: 'accuracy-drop', metric: 'accuracy_drop', threshold: 0.05, valueAtRaise: 0.083, description: null })).toBe(
      'The live model answers worse than it did: its accuracy on its last 200 labelled requests is 8.3 points below its own live baseline (its first 200 labelled answers in production, or the level before this incident), beyond chance (the limit is 5 points). The world may have drifted; compare the drift view and consider a retrain.',
    );
    expect(explainAlert({ rule: 'error-rate', metric: 'error_rate', threshold: 0.05, valueAtRaise: 0.08, description: null })).toMatch(/^8% of requests got an error/);
    expect(explainAlert({ rule: 'latency-p95', metric: 'latency_p95', threshold: 50, valueAtRaise: 61, description: null })).toMatch(/longer than 61 ms of simulated latency \(the limit is 50 ms; simulated from the version.s size/);
    expect(explainAlert({ rule: 'label-backlog', metric: 'label_backlog', threshold: 2000, valueAtRaise: 2500, description: null })).toMatch(/feedback loop is stalled/);
    expect(explainAlert({ rule: 'custom', metric: 'psi', threshold: 0.2, valueAtRaise: 0.31, description: 'PSI of x1 above 0.2.' })).toBe('PSI of x1 above 0.2. Value 0.31, threshold 0.2.');
  });

  it('explains open alerts from the snapshot, with the log details when the raise was seen', () => {
    const log = new AlertLog();
    log.add(ev('raised', record(1, 30)));
    const active = activeOf(
      {
        alerts: [
          { rule: 'accuracy-drop', severity: 'critical', raisedAt: 30, value: 0.083 },
          { rule: 'latency-p95', severity: 'warning', raisedAt: 12, value: 55.5 },
        ],
      },
      log.entries,
    );
    expect(active.map((a) => [a.rule, a.metric])).toEqual([
      ['accuracy-drop', 'accuracy_drop'],
      ['latency-p95', null],
    ]);
    expect(active[0]?.explanation).toMatch(/8\.3 points below/);
    expect(active[1]?.explanation).toBe('Rule latency-p95 is firing (value 55.5).');
    expect(activeOf(null, [])).toEqual([]);
  });
});
