import { describe, expect, test } from 'vitest';
import { createRng } from '../../../datasets/random';
import { AlertEngine } from '../../../src/monitoring/alerts/index';
import { MonitoringInputError } from '../../../src/monitoring/errors';
import { ConfidenceEstimator } from '../../../src/monitoring/estimate/index';
import { Monitor } from '../../../src/monitoring/monitor';
import { FeatureDriftWindow } from '../../../src/monitoring/stats/index';
import type { ResponseObservation } from '../../../src/monitoring/types';

function ok(id: string, t: number, p1: number, version = 'v1'): ResponseObservation {
  return { id, t, version, latencyMs: 5 + (t % 7), probabilities: [1 - p1, p1] };
}

describe('monitor: responses, late labels, detectors', () => {
  test('quality appears as labels arrive; pending counts the rest', () => {
    const m = new Monitor({ window: { kind: 'count', size: 100 } });
    m.observeResponse(ok('a', 0, 0.9));
    m.observeResponse(ok('b', 1, 0.2));
    m.observeResponse({ id: 'c', t: 2, version: 'v1', latencyMs: 50, errorKind: 'timeout' });
    let v = m.versionSnapshot('v1');
    expect(v?.current.health).toMatchObject({ requests: 3, errors: 1, errorsByKind: { timeout: 1 } });
    expect(v?.current.behaviour.classCounts).toEqual([1, 1]);
    expect(v?.current.quality.accuracy).toBeNull();
    expect(v?.pendingLabels).toBe(2);
    m.observeLabel({ id: 'a', t: 10, label: 1 });
    m.observeLabel({ id: 'b', t: 11, label: 1 });
    v = m.versionSnapshot('v1');
    expect(v?.current.quality.accuracy).toBe(0.5);
    expect(v?.current.quality.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.2)) / 2, 12);
    expect(v?.pendingLabels).toBe(0);
    expect(v?.labelled).toBe(2);
    // A label for a failed request or an unknown id is counted, not an error.
    expect(m.observeLabel({ id: 'c', t: 12, label: 0 })).toEqual([]);
    expect(m.pending.unmatched).toBe(1);
    expect(m.metricValues('v1')).toMatchObject({ requests: 3, accuracy: 0.5, pending_labels: 0, estimated_accuracy: null });
  });

  test('a numeric key joins a label as its id would, and the same stream keyed or not gives the same metrics', () => {
    const keyed = new Monitor({ window: { kind: 'count', size: 50 } });
    const plain = new Monitor({ window: { kind: 'count', size: 50 } });
    const rng = createRng(3);
    for (let i = 0; i < 400; i++) {
      const p1 = rng.next();
      keyed.observeResponse({ ...ok(`r${i}`, i, p1), key: i });
      plain.observeResponse(ok(`r${i}`, i, p1));
      if (i >= 20) {
        const label = rng.next() < 0.7 ? 1 : 0;
        expect(keyed.observeLabel({ id: `r${i - 20}`, key: i - 20, t: i, label })).toEqual(plain.observeLabel({ id: `r${i - 20}`, t: i, label }));
      }
    }
    expect(keyed.versionSnapshot('v1')).toEqual(plain.versionSnapshot('v1'));
    expect(keyed.pending.size).toBe(20);
    // A keyed answer waits under its key: a label with the id alone does not find it (and is counted).
    expect(keyed.observeLabel({ id: 'r390', t: 500, label: 1 })).toEqual([]);
    expect(keyed.pending.unmatched).toBe(1);
    expect(keyed.pending.size).toBe(20);
    expect(() => keyed.observeResponse({ ...ok('x', 1, 0.5), key: 1.5 })).toThrow(MonitoringInputError);
    expect(() => keyed.observeLabel({ id: 'x', key: Number.NaN, t: 1, label: 0 })).toThrow(MonitoringInputError);
  });

  test('detectors on the error stream fire after the error rate jumps (seeded, exact)', () => {
    const m = new Monitor({ window: { kind: 'time', sizeMs: 60_000 } });
    const fired: string[] = [];
    for (let i = 0; i < 2000; i++) {
      m.observeResponse(ok(`r${i}`, i * 100, 0.8));
      // Labels arrive 30 requests late; every prediction (class 1) is right, so nothing may fire.
      if (i >= 30) for (const s of m.observeLabel({ id: `r${i - 30}`, t: i * 100, label: 1 })) fired.push(s.kind);
    }
    expect(fired.filter((kind) => kind === 'drift')).toEqual([]);
    expect(m.versionSnapshot('v1')?.pendingLabels).toBe(30);

    const bits = createRng(42);
    const m2 = new Monitor({ window: { kind: 'time', sizeMs: 60_000 } });
    const drifts: [string, number][] = [];
    const ddmScores: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const wrong = bits.next() < (i < 1000 ? 0.1 : 0.5);
      m2.observeResponse(ok(`r${i}`, i * 100, 0.8));
      for (const s of m2.observeLabel({ id: `r${i}`, t: i * 100, label: wrong ? 0 : 1 })) {
        if (s.kind === 'drift') drifts.push([s.detector, s.at]);
        if (s.detector === 'ddm') ddmScores.push(s.kind === 'drift' ? (s.score ?? Number.NaN) : Math.min(s.score ?? Number.NaN, 2.999));
      }
    }
    // The same error stream as the detectors' golden test: ADWIN at 1055, DDM at 1038.
    expect(drifts).toEqual([['ddm', 1038], ['adwin', 1055]]);
    // A signal carries the detector's score at that moment: DDM's warning at >= 2 sigma, its drift at >= 3
    // (the view draws the alarm on the line; DDM resets only on its next update, after the signal).
    const ddmDrift = m2.driftLog.find((s) => s.detector === 'ddm' && s.kind === 'drift');
    expect(ddmDrift?.score).toBeGreaterThanOrEqual(3);
    expect(ddmScores.length).toBeGreaterThanOrEqual(2);
    for (const score of ddmScores) expect(score).toBeGreaterThanOrEqual(2);
    expect(m2.driftLog.length).toBeGreaterThanOrEqual(2);
    const snap = m2.versionSnapshot('v1');
    expect(snap?.detectors.map((d) => [d.kind, d.source, d.drifts])).toEqual([['adwin', 'error', 1], ['ddm', 'error', 1]]);
    // 2000 requests at 100 ms = 200 s: three closed one-minute windows and the open one.
    expect(snap?.history.length).toBe(3);
    expect(snap?.total.health.requests).toBe(2000);
  });

  test('time windows: a late label counts in the window open when it arrives', () => {
    const m = new Monitor({ window: { kind: 'time', sizeMs: 1000 } });
    m.observeResponse(ok('a', 100, 0.9));
    m.observeResponse(ok('b', 200, 0.9));
    // The labels arrive at 2500: the window [0, 1000) closed with no quality, [1000, 2000) is empty.
    m.observeLabel({ id: 'a', t: 2500, label: 1 });
    m.observeLabel({ id: 'b', t: 2600, label: 0 });
    const v = m.versionSnapshot('v1');
    expect(v?.history.map((w) => [w.start, w.health.requests, w.quality.labelled])).toEqual([[0, 2, 0], [1000, 0, 0]]);
    expect(v?.current).toMatchObject({ start: 2000, closed: false });
    expect(v?.current.quality.accuracy).toBe(0.5);
    expect(v?.current.health.requests).toBe(0);
    expect(v?.total.quality.labelled).toBe(2);
  });

  test('confidence detectors watch the answers without waiting for labels', () => {
    const rng = createRng(4);
    const m = new Monitor({ confidenceDetectors: [{ kind: 'page-hinkley' }] });
    const drifts: number[] = [];
    for (let i = 0; i < 3000; i++) {
      // Confidence about 0.9 for 2000 answers, then about 0.6: the model grows unsure.
      const p1 = Math.min(1, Math.max(0.5, rng.normal(i < 2000 ? 0.9 : 0.6, 0.05)));
      for (const s of m.observeResponse(ok(`r${i}`, i, p1))) if (s.kind === 'drift') drifts.push(s.at);
    }
    expect(drifts.length).toBeGreaterThan(0);
    expect(drifts[0]).toBeGreaterThanOrEqual(2000);
    expect(drifts[0]).toBeLessThan(2400);
    expect(m.versionSnapshot('v1')?.detectors.map((d) => [d.kind, d.source])).toEqual([['adwin', 'error'], ['ddm', 'error'], ['page-hinkley', 'confidence']]);
    expect(m.driftLog.every((s) => s.source === 'confidence')).toBe(true);
  });

  test('alert rules read the monitor\'s metric values, per version', () => {
    const rng = createRng(12);
    const m = new Monitor({ window: { kind: 'count', size: 100 } });
    const alerts = new AlertEngine([{ id: 'accuracy-low', metric: 'accuracy', comparator: '<', threshold: 0.8, hysteresis: 0.05, forMs: 2000, cooldownMs: 60_000, severity: 'critical' }]);
    const events: [string, number][] = [];
    for (let i = 0; i < 3000; i++) {
      const right = rng.next() < (i < 1500 ? 0.95 : 0.6);
      m.observeResponse(ok(`r${i}`, i * 10, 0.9));
      m.observeLabel({ id: `r${i}`, t: i * 10, label: right ? 1 : 0 });
      if (i % 100 === 99) for (const e of alerts.evaluate(i * 10, m.metricValues('v1'), 'v1')) events.push([e.type, e.alert.raisedAt]);
    }
    // Accuracy falls at request 1500 (t = 15 s); the window of 100 shows it from t = 15.99 s and the
    // for-duration of 2 s raises it at the third low evaluation.
    expect(events).toEqual([['raised', 17_990]]);
    expect(alerts.active[0]).toMatchObject({ scope: 'v1', severity: 'critical' });
  });

  test('label-free estimate beside the realized accuracy', () => {
    const m = new Monitor();
    const est = ConfidenceEstimator.fit([0.6, 0.6, 0.9, 0.9], [0, 1, 1, 1]);
    m.setCalibrator('v1', est);
    m.observeResponse(ok('a', 0, 0.9));
    m.observeResponse(ok('b', 1, 0.4));
    // Calibrated: 0.9 -> 1, 0.6 -> 0.5; mean 0.75.
    expect(m.metricValues('v1').estimated_accuracy).toBeCloseTo(0.75, 12);
  });

  test('versions are bounded, least recently seen first', () => {
    const m = new Monitor({ maxVersions: 2 });
    m.observeResponse(ok('a', 0, 0.9, 'v1'));
    m.observeResponse(ok('b', 1, 0.9, 'v2'));
    m.observeResponse(ok('c', 2, 0.9, 'v1'));
    m.observeResponse(ok('d', 3, 0.9, 'v3'));
    expect(m.versionNames).toEqual(['v1', 'v3']);
    expect(m.versionSnapshot('v2')).toBeNull();
    expect(m.metricValues('v2')).toEqual({});
  });

  test('bounded memory after 1M requests with a stalled label feed', () => {
    const m = new Monitor({ window: { kind: 'count', size: 1000 }, history: 50, maxPendingLabels: 5000 });
    const r: ResponseObservation = { id: '', t: 0, version: 'v1', latencyMs: 3, probabilities: [0.3, 0.7] };
    for (let i = 0; i < 1_000_000; i++) {
      r.id = `r${i}`;
      r.t = i;
      m.observeResponse(r);
    }
    const v = m.versionSnapshot('v1');
    expect(v?.history.length).toBe(50);
    expect(m.pending.size).toBe(5000);
    expect(m.pending.expired).toBe(995_000);
    expect(v?.total.health.requests).toBe(1_000_000);
  });

  test('garbage records are refused with the field named and change nothing', () => {
    const m = new Monitor();
    m.observeResponse(ok('a', 0, 0.9));
    const before = JSON.stringify(m.versionSnapshot('v1'));
    expect(() => m.observeResponse({ ...ok('x', 1, 0.5), latencyMs: Number.NaN })).toThrow(/latencyMs/);
    expect(() => m.observeResponse({ ...ok('x', 1, 0.5), t: Infinity })).toThrow(/response.t/);
    expect(() => m.observeResponse({ ...ok('x', 1, 0.5), probabilities: [0.5, Number.NaN] })).toThrow(/entry 1/);
    expect(() => m.observeResponse({ ...ok('x', 1, 0.5), probabilities: [0.2, 0.3, 0.5] })).toThrow(/answers 2 classes/);
    expect(() => m.observeResponse({ id: 'x', t: 1, version: 'v1', latencyMs: 1 })).toThrow(/needs class probabilities/);
    expect(() => m.observeResponse({ ...ok('x', 1, 0.5), predicted: 2 })).toThrow(/class index/);
    expect(() => m.observeResponse({ ...ok('x', 1, 0.5), version: '' })).toThrow(MonitoringInputError);
    expect(() => m.observeLabel({ id: 'a', t: 1, label: 1.5 })).toThrow(/label.label/);
    expect(JSON.stringify(m.versionSnapshot('v1'))).toBe(before);
    expect(() => m.observeLabel({ id: 'a', t: 1, label: 7 })).toThrow(/out of range/);
    expect(() => new Monitor({ window: { kind: 'count', size: -1 } })).toThrow(MonitoringInputError);
    expect(() => new Monitor({ detectors: [{ kind: 'bogus' } as never] })).toThrow(/unknown detector/);
  });
});

describe('feature drift window', () => {
  test('recent rows against the reference; bad rows are counted, not stored', () => {
    const rng = createRng(8);
    const reference = [
      { name: 'x1', type: 'numeric' as const, values: Array.from({ length: 500 }, () => rng.normal()) },
      { name: 'x2', type: 'numeric' as const, values: Array.from({ length: 500 }, () => rng.normal()) },
    ];
    const w = new FeatureDriftWindow(reference, 200);
    expect(w.report()).toBeNull();
    for (let i = 0; i < 300; i++) w.add([rng.normal(), rng.normal()]);
    expect(w.size).toBe(200);
    expect(w.report()?.datasetDrift).toBe(false);
    for (let i = 0; i < 200; i++) w.add([rng.normal(2), rng.normal()]);
    const r = w.report();
    expect(r?.features.map((f) => f.drifted)).toEqual([true, false]);
    expect(r?.datasetDrift).toBe(true);
    expect(w.add([1])).toBe(false);
    expect(w.add([1, Number.NaN])).toBe(false);
    expect(w.rejectedRows).toBe(2);
  });
});
