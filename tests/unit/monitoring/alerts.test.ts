import { describe, expect, test } from 'vitest';
import { AlertEngine, DAY_MS } from '../../../src/monitoring/alerts/index';
import { MonitoringInputError } from '../../../src/monitoring/errors';

const MIN = 60_000;

/** Feeds one value per minute; returns the events as [minute, type]. */
function run(engine: AlertEngine, values: (number | null)[], metric = 'error_rate'): [number, string][] {
  const out: [number, string][] = [];
  values.forEach((v, i) => {
    for (const e of engine.evaluate(i * MIN, { [metric]: v })) out.push([i, e.type]);
  });
  return out;
}

describe('alert rules', () => {
  test('raise at once, resolve when the value is back', () => {
    const e = new AlertEngine([{ id: 'errors', metric: 'error_rate', comparator: '>', threshold: 0.1 }]);
    expect(run(e, [0.05, 0.2, 0.3, 0.1, 0.2])).toEqual([[1, 'raised'], [3, 'resolved'], [4, 'raised']]);
    expect(e.log.map((a) => [a.raisedAt / MIN, a.resolvedAt === null ? null : a.resolvedAt / MIN, a.peak])).toEqual([[1, 3, 0.3], [4, null, 0.2]]);
    expect(e.active.map((a) => a.seq)).toEqual([1]);
  });

  test('for-duration: the breach must hold, a dip restarts the clock', () => {
    const e = new AlertEngine([{ id: 'r', metric: 'error_rate', comparator: '>', threshold: 0.1, forMs: 2 * MIN }]);
    // Breaches at 1, 2, dip at 3, breaches from 4: raised at 6 (4 + 2 minutes).
    expect(run(e, [0, 0.2, 0.2, 0, 0.2, 0.2, 0.2, 0.2])).toEqual([[6, 'raised']]);
  });

  test('hysteresis: a value hovering at the threshold does not flap', () => {
    const values = [0.2, 0.09, 0.11, 0.09, 0.11, 0.09, 0.04, 0.11];
    const flappy = new AlertEngine([{ id: 'r', metric: 'error_rate', comparator: '>', threshold: 0.1 }]);
    expect(run(flappy, values).length).toBe(7);
    const calm = new AlertEngine([{ id: 'r', metric: 'error_rate', comparator: '>', threshold: 0.1, hysteresis: 0.05 }]);
    // Resolves only at <= 0.05 (minute 6), raises again at 7.
    expect(run(calm, values)).toEqual([[0, 'raised'], [6, 'resolved'], [7, 'raised']]);
    expect(calm.log[0]?.evaluations).toBe(3);
  });

  test('hysteresis for a "below" rule (accuracy)', () => {
    const e = new AlertEngine([{ id: 'acc', metric: 'accuracy', comparator: '<', threshold: 0.8, hysteresis: 0.05 }]);
    expect(run(e, [0.9, 0.7, 0.82, 0.86], 'accuracy')).toEqual([[1, 'raised'], [3, 'resolved']]);
  });

  test('cooldown: no raise within it; a breach still there when it ends raises then', () => {
    const e = new AlertEngine([{ id: 'r', metric: 'error_rate', comparator: '>', threshold: 0.1, cooldownMs: 3 * MIN }]);
    // Resolved at 2 -> quiet until 5. Breach from 3: held (suppressed at 3 and 4), raised at 5.
    expect(run(e, [0.2, 0.2, 0, 0.2, 0.2, 0.2, 0.2])).toEqual([[0, 'raised'], [2, 'resolved'], [5, 'raised']]);
    expect(e.suppressed).toBe(2);
    // A breach that ends inside the cooldown never raises.
    const f = new AlertEngine([{ id: 'r', metric: 'error_rate', comparator: '>', threshold: 0.1, cooldownMs: 3 * MIN }]);
    expect(run(f, [0.2, 0, 0.2, 0, 0, 0])).toEqual([[0, 'raised'], [1, 'resolved']]);
  });

  test('window: the mean over the window is judged', () => {
    const e = new AlertEngine([{ id: 'r', metric: 'error_rate', comparator: '>', threshold: 0.1, windowMs: 2 * MIN }]);
    // Means over [t-2min, t]: 0, 0.1, 0.0967, 0.13, 0.197; the single 0.2 at minute 1 alone would breach.
    expect(run(e, [0, 0.2, 0.09, 0.1, 0.4])).toEqual([[3, 'raised']]);
  });

  test('de-duplication per rule and scope; scopes are independent', () => {
    const e = new AlertEngine([{ id: 'r', metric: 'error_rate', comparator: '>', threshold: 0.1 }]);
    for (let i = 0; i < 5; i++) {
      e.evaluate(i * MIN, { error_rate: 0.5 }, 'v1');
      e.evaluate(i * MIN, { error_rate: i < 2 ? 0 : 0.5 }, 'v2');
    }
    expect(e.log.map((a) => [a.scope, a.raisedAt / MIN, a.evaluations])).toEqual([['v1', 0, 5], ['v2', 2, 3]]);
    expect(e.raised).toBe(2);
  });

  test('no data changes nothing; NaN is refused', () => {
    const e = new AlertEngine([{ id: 'r', metric: 'error_rate', comparator: '>', threshold: 0.1 }]);
    expect(run(e, [0.2, null, null, 0])).toEqual([[0, 'raised'], [3, 'resolved']]);
    expect(() => e.evaluate(5 * MIN, { error_rate: Number.NaN })).toThrow(MonitoringInputError);
    expect(() => e.evaluate(0, { error_rate: 0 })).toThrow(/back in time/);
  });

  test('alerts per simulated day makes fatigue visible', () => {
    const e = new AlertEngine([{ id: 'r', metric: 'error_rate', comparator: '>', threshold: 0.1 }]);
    expect(e.alertsPerDay()).toBeNull();
    // Flapping every hour for half a day: 6 raises in 12 hours = 12 per day.
    for (let h = 0; h <= 12; h++) e.evaluate(h * 3_600_000, { error_rate: h % 2 === 0 ? 0.2 : 0 });
    expect(e.raised).toBe(7);
    expect(e.alertsPerDay()).toBeCloseTo((7 * DAY_MS) / (12 * 3_600_000), 12);
  });

  test('bad rules are refused with the field named', () => {
    expect(() => new AlertEngine([{ id: 'r', metric: 'm', comparator: '!=' as never, threshold: 1 }])).toThrow(/comparator/);
    expect(() => new AlertEngine([{ id: 'r', metric: 'm', comparator: '>', threshold: Number.NaN }])).toThrow(/threshold/);
    expect(() => new AlertEngine([{ id: 'r', metric: 'm', comparator: '>', threshold: 1, cooldownMs: -1 }])).toThrow(/cooldownMs/);
    expect(() => new AlertEngine([{ id: 'r', metric: 'm', comparator: '>', threshold: 1 }, { id: 'r', metric: 'n', comparator: '<', threshold: 1 }])).toThrow(/twice/);
  });

  test('the log is bounded', () => {
    const e = new AlertEngine([{ id: 'r', metric: 'x', comparator: '>', threshold: 0 }], { logLimit: 3 });
    for (let i = 0; i < 20; i++) e.evaluate(i, { x: i % 2 });
    expect(e.log.length).toBe(3);
    expect(e.raised).toBe(10);
  });
});
