import { describe, expect, test } from 'vitest';
import { createRng } from '../../../datasets/random';
import { MonitoringInputError } from '../../../src/monitoring/errors';
import { BehaviourAccumulator, HealthAccumulator, PendingLabels, QualityAccumulator, QuantileSketch, WindowedMetrics } from '../../../src/monitoring/metrics/index';

/** Exact lower quantile: the order statistic of rank floor(q (n - 1)), the one the sketch bounds. */
function exactQuantile(sorted: Float64Array, q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] as number;
}

describe('quantile sketch (relative error 1%)', () => {
  test('p50/p95/p99 within 1% of the exact quantiles on seeded log-normal latencies', () => {
    const rng = createRng(21);
    const sketch = new QuantileSketch();
    const values = new Float64Array(50_000);
    for (let i = 0; i < values.length; i++) {
      values[i] = Math.exp(rng.normal(3, 1));
      sketch.add(values[i] as number);
    }
    values.sort();
    for (const q of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1]) {
      const exact = exactQuantile(values, q);
      const estimate = sketch.quantile(q) as number;
      expect(Math.abs(estimate - exact) / exact, `q=${q}`).toBeLessThanOrEqual(0.01);
    }
    expect(sketch.min).toBe(values[0]);
    expect(sketch.max).toBe(values[values.length - 1]);
  });

  test('zeros, a single value and an empty sketch', () => {
    const s = new QuantileSketch();
    expect(s.quantile(0.5)).toBeNull();
    expect(s.mean).toBeNull();
    s.add(0);
    s.add(0);
    s.add(10);
    expect(s.quantile(0.5)).toBe(0);
    expect(s.quantile(1)).toBeCloseTo(10, 1);
    const one = new QuantileSketch();
    one.add(7);
    expect(one.quantile(0.99)).toBe(7);
  });

  test('bounded memory after 1M updates: the bucket count, not the heap', () => {
    const rng = createRng(22);
    const s = new QuantileSketch();
    for (let i = 0; i < 1_000_000; i++) s.add(Math.exp(rng.uniform(-5, 12)));
    // Values span e^-5..e^12: ln(e^17) / ln(1.01/0.99) = 17 / 0.0200 ≈ 850 buckets at most.
    expect(s.count).toBe(1_000_000);
    expect(s.bucketCount).toBeLessThanOrEqual(851);
    const capped = new QuantileSketch({ maxBuckets: 64 });
    for (let i = 0; i < 100_000; i++) capped.add(Math.exp(rng.uniform(-5, 12)));
    expect(capped.bucketCount).toBeLessThanOrEqual(64);
    // The top quantiles keep their guarantee after the lowest buckets merged.
    expect(capped.quantile(1)).toBe(capped.max);
  });

  test('merging two sketches equals one sketch of both', () => {
    const a = new QuantileSketch();
    const b = new QuantileSketch();
    const both = new QuantileSketch();
    for (let i = 1; i <= 1000; i++) {
      (i % 2 ? a : b).add(i);
      both.add(i);
    }
    a.merge(b);
    expect(a.count).toBe(1000);
    for (const q of [0.1, 0.5, 0.99]) expect(a.quantile(q)).toBe(both.quantile(q));
  });

  test('garbage is refused', () => {
    const s = new QuantileSketch();
    expect(() => s.add(Number.NaN)).toThrow(MonitoringInputError);
    expect(() => s.add(-1)).toThrow(MonitoringInputError);
    expect(() => s.add(Infinity)).toThrow(MonitoringInputError);
    expect(() => s.quantile(1.5)).toThrow(MonitoringInputError);
    expect(() => new QuantileSketch({ relativeAccuracy: 0 })).toThrow(MonitoringInputError);
  });
});

describe('window accumulators', () => {
  test('health: volume, error rate by kind, latency; empty window gives nulls', () => {
    const h = new HealthAccumulator();
    expect(h.snapshot()).toEqual({ requests: 0, errors: 0, errorRate: null, errorsByKind: {}, latency: null });
    h.add(10, null);
    h.add(20, 'timeout');
    h.add(30, 'schema');
    h.add(40, 'timeout');
    const s = h.snapshot();
    expect(s.requests).toBe(4);
    expect(s.errorRate).toBe(0.75);
    expect(s.errorsByKind).toEqual({ timeout: 2, schema: 1 });
    expect(s.latency?.mean).toBe(25);
    expect(s.latency?.max).toBe(40);
  });

  test('behaviour: class mix, mean confidence, histogram bins', () => {
    const b = new BehaviourAccumulator();
    expect(b.snapshot().classMix).toBeNull();
    b.add(0, 0.95, null);
    b.add(1, 0.55, null);
    b.add(1, 1, null);
    b.add(0, 0.6, null);
    const s = b.snapshot();
    expect(s.classMix).toEqual([0.5, 0.5]);
    expect(s.meanConfidence).toBeCloseTo(0.775, 12);
    expect(s.confidenceHistogram).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0, 2]);
    expect(s.estimatedAccuracy).toBeNull();
  });

  test('quality: a hand-computed confusion matrix', () => {
    const q = new QualityAccumulator();
    expect(q.snapshot().accuracy).toBeNull();
    // (label, predicted, p(label)): 3 right on class 0, 1 class-0 predicted as 1, 1 right on 1, 1 class-1 predicted as 0.
    const rows: [number, number, number][] = [[0, 0, 0.9], [0, 0, 0.8], [0, 0, 0.7], [0, 1, 0.4], [1, 1, 0.6], [1, 0, 0.5]];
    for (const [y, p, prob] of rows) q.add(y, p, prob);
    const s = q.snapshot();
    expect(s.confusion).toEqual([[3, 1], [1, 1]]);
    expect(s.accuracy).toBeCloseTo(4 / 6, 12);
    // class 0: P = 3/4, R = 3/4, F1 = 3/4; class 1: P = 1/2, R = 1/2, F1 = 1/2.
    expect(s.perClass[0]).toEqual({ precision: 0.75, recall: 0.75, f1: 0.75, support: 4 });
    expect(s.perClass[1]).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(s.macroF1).toBeCloseTo(0.625, 12);
    const logLoss = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.7) + Math.log(0.4) + Math.log(0.6) + Math.log(0.5)) / 6;
    expect(s.logLoss).toBeCloseTo(logLoss, 12);
  });

  test('quality: a never-predicted class has null precision, a confident miss has finite log loss', () => {
    const q = new QualityAccumulator();
    q.add(1, 0, 0);
    const s = q.snapshot();
    expect(s.perClass[1]).toEqual({ precision: null, recall: 0, f1: null, support: 1 });
    expect(s.perClass[0]).toEqual({ precision: 0, recall: null, f1: null, support: 0 });
    expect(s.macroF1).toBeNull();
    expect(s.logLoss).toBeCloseTo(-Math.log(1e-15), 9);
  });
});

describe('windows', () => {
  test('count windows close every N responses and keep a bounded history', () => {
    const w = new WindowedMetrics({ kind: 'count', size: 3 }, 2);
    for (let i = 0; i < 10; i++) w.beforeResponse(i).health.add(i, null);
    expect(w.history.map((h) => [h.index, h.start, h.end, h.health.requests])).toEqual([
      [1, 3, 6, 3],
      [2, 6, 9, 3],
    ]);
    expect(w.currentSnapshot()).toMatchObject({ index: 3, start: 9, closed: false });
    expect(w.currentSnapshot().health.requests).toBe(1);
    expect(w.total.responses).toBe(10);
  });

  test('time windows align to their size; a gap closes empty windows', () => {
    const w = new WindowedMetrics({ kind: 'time', sizeMs: 1000 }, 10);
    w.beforeResponse(1500).health.add(1, null);
    w.beforeResponse(1900).health.add(1, null);
    w.beforeResponse(4200).health.add(1, null);
    expect(w.history.map((h) => [h.start, h.end, h.health.requests])).toEqual([
      [1000, 2000, 2],
      [2000, 3000, 0],
      [3000, 4000, 0],
    ]);
    expect(w.currentSnapshot().start).toBe(4000);
    // A very long gap closes at most `history` empty windows.
    w.beforeResponse(1e9);
    expect(w.history.length).toBe(10);
    expect(w.currentSnapshot().start).toBe(1e9);
  });

  test('bad window specs are refused', () => {
    expect(() => new WindowedMetrics({ kind: 'count', size: 0 })).toThrow(MonitoringInputError);
    expect(() => new WindowedMetrics({ kind: 'time', sizeMs: Number.NaN })).toThrow(MonitoringInputError);
    expect(() => new WindowedMetrics({ kind: 'hour' } as never)).toThrow(/count" or "time/);
  });
});

describe('pending labels', () => {
  test('bounded: the oldest expire, unknown labels are counted', () => {
    const p = new PendingLabels(3);
    for (let i = 0; i < 5; i++) p.add(`r${i}`, { version: i < 2 ? 'v1' : 'v2', t: i, predicted: 0, probabilities: new Float64Array([1, 0]) });
    expect(p.size).toBe(3);
    expect(p.expired).toBe(2);
    expect(p.pendingFor('v1')).toBe(0);
    expect(p.pendingFor('v2')).toBe(3);
    expect(p.take('r0')).toBeNull();
    expect(p.take('r4')?.t).toBe(4);
    expect(p.take('r4')).toBeNull();
    expect(p.unmatched).toBe(2);
  });
});
