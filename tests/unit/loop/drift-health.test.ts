/**
 * The snapshot's drift, detector-timeline and health fields on seeded Labs (cpu backend): the drifted
 * feature's statistic crosses its threshold after a sudden covariate shift and never before; the
 * timeline's detector copies agree with the monitor's detectors; health windows add up to the request
 * totals with ordered percentiles; same config, same numbers; no tensor is left behind. Plus the
 * trackers' own contracts and bad input.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { Lab, takeSnapshot, type LabConfig, type LabSnapshot } from '../../../src/loop/index';
import { ddmLevel, readDetector } from '../../../src/loop/observers/detector-score';
import { DetectorTimeline } from '../../../src/loop/observers/detector-timeline';
import { FeatureDriftTracker } from '../../../src/loop/observers/drift-view';
import { HealthSeries } from '../../../src/loop/observers/health';
import { Ddm } from '../../../src/monitoring/detectors/ddm';
import { MonitoringInputError } from '../../../src/monitoring/errors';
import { Monitor } from '../../../src/monitoring/monitor';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Blobs whose points all move 0.8 to the right (x1) at request 4000. */
// The simulated latency, so that the same config gives the same health (a measured one varies from run to run).
const SHIFT: LabConfig = { scenario: 'blobs-covariate-shift', seed: 7, policy: 'off', requests: 6000, initialRows: 600, window: 100, labelDelay: 2, training: { epochs: 3 }, latency: 'simulated' };

/** Runs a Lab to the end, taking a snapshot every 200 requests. */
async function run(config: LabConfig): Promise<{ snapshots: LabSnapshot[]; final: LabSnapshot; tensorsLeft: number; lab: Lab }> {
  const lab = await Lab.create(config);
  await lab.bootstrap();
  const before = tf.memory().numTensors;
  const snapshots: LabSnapshot[] = [];
  while (!lab.done) {
    await lab.runRequests(200);
    snapshots.push(takeSnapshot(lab));
  }
  const final = takeSnapshot(lab, 1000);
  const tensorsLeft = tf.memory().numTensors - before;
  await lab.dispose();
  return { snapshots, final, tensorsLeft, lab };
}

describe('the drift, detectors and health fields of a seeded run (blobs, sudden shift of x1 at 4000)', () => {
  let first: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    first = await run(SHIFT);
  });

  test('x1 drifts after the onset and never before; x2 never drifts; the reference is v1 training data', () => {
    const { snapshots } = first;
    expect(snapshots.length).toBeGreaterThan(25);
    for (const s of snapshots) {
      const d = s.drift;
      expect(d?.reference).toEqual({ source: 'training-data', version: 'v1', rows: 450 });
      const rows = d?.features;
      expect(rows?.map((r) => [r.feature, r.statistic, r.threshold])).toEqual([
        ['x1', 'PSI', 0.1],
        ['x2', 'PSI', 0.1],
      ]);
      const [x1, x2] = rows ?? [];
      expect(x2?.drifting).toBe(false);
      if (s.position <= 4000) {
        expect(x1?.drifting, `x1 at ${s.position}`).toBe(false);
        expect(x1?.value).toBeLessThan(0.05);
      }
      if (s.position >= 4400) expect(x1?.drifting, `x1 at ${s.position}`).toBe(true);
      for (const r of rows ?? []) expect(r.drifting).toBe(r.value >= r.threshold);
    }
    const last = first.final.drift;
    expect(last?.current).toEqual({ rows: 1000, capacity: 1000 });
    expect(last?.features?.[0]).toMatchObject({ feature: 'x1', value: 1.4223, level: 'major', drifting: true });
    // x1 moved right (its typical value went up by more than the 0.8 shift's share of it); x2 stayed.
    const m1 = last?.features?.[0]?.medians;
    expect((m1?.current ?? 0) - (m1?.reference ?? 0)).toBeGreaterThan(0.7);
    const m2 = last?.features?.[1]?.medians;
    expect(Math.abs((m2?.current ?? 9) - (m2?.reference ?? 0))).toBeLessThan(0.15);
    expect(last?.driftingFeatures).toBe(1);
    expect(last?.rejectedRows).toBe(0);
  });

  test('the detector timeline: a sample per window, an ADWIN drift alarm after the onset, copies agree with the monitor', () => {
    const t = first.final.detectors;
    expect(t?.every).toBe(100);
    expect(t?.detectors.map((d) => [d.kind, d.unit, d.threshold])).toEqual([
      ['adwin', 'rate', null],
      ['ddm', 'sigma', 3],
    ]);
    expect(t?.points.map((p) => p.position)).toEqual(Array.from({ length: 60 }, (_, i) => (i + 1) * 100));
    for (const p of t?.points ?? []) expect(p.version).toBe('v1');
    const drifts = (t?.alarms ?? []).filter((a) => a.kind === 'drift');
    expect(drifts.filter((a) => a.position < 4000)).toEqual([]);
    const adwin = drifts.find((a) => a.detector === 'adwin');
    expect(adwin?.position).toBe(4722);
    // The alarms are the monitor's: each one is a drift event of the Lab at the same position.
    const events = first.lab.log().filter((e) => e.type === 'drift');
    expect(drifts.map((a) => [a.detector, a.position])).toEqual(events.map((e) => (e.type === 'drift' ? [e.detector, e.index + 1] : [])));
    // ADWIN's window shrinks at its drift.
    const widthAt = (x: number) => t?.points.find((p) => p.position === x)?.readings.find((r) => r.detector === 'adwin')?.width ?? 0;
    expect(widthAt(4800)).toBeLessThan(widthAt(4700));
    // Each sample says what the detector did since the previous one.
    const stateAt = (x: number, d: string) => t?.points.find((p) => p.position === x)?.readings.find((r) => r.detector === d)?.state;
    expect(stateAt(4800, 'adwin')).toBe('drift');
    expect(stateAt(4700, 'adwin')).toBe('stable');
    const ddmDrift = drifts.find((a) => a.detector === 'ddm');
    expect(ddmDrift?.position).toBe(4429);
    expect(stateAt(4500, 'ddm')).toBe('drift');
    // The timeline keeps no detector of its own: it reads the monitor's (the single source).
    expect(first.lab.monitor.errorDetectors('v1')?.map((d) => d.kind)).toEqual(['adwin', 'ddm']);
  });

  test('health: volumes add up to the request total, p50 <= p95 <= p99, no errors on a clean stream', () => {
    const h = first.final.health ?? [];
    expect(h).toHaveLength(60);
    expect(h.reduce((n, w) => n + w.requests, 0)).toBe(first.final.totals.requests);
    for (const w of h) {
      expect(w.requests).toBe(w.answered + w.errors);
      expect(w.errors).toBe(0);
      expect(w.perSecond).toBeGreaterThan(0);
      expect(w.to).toBeGreaterThan(w.from);
      const l = w.latency;
      expect(l).not.toBeNull();
      expect(l?.p50).toBeLessThanOrEqual(l?.p95 as number);
      expect(l?.p95).toBeLessThanOrEqual(l?.p99 as number);
      expect(l?.p50).toBeGreaterThan(0);
    }
    // Simulated latency: 0.5 ms + 1 ms per 400 trainable parameters (the frozen input scaling is not counted), seeded jitter.
    expect(h[0]?.latency).toEqual({ p50: 1.733, p95: 2.075, p99: 2.117 });
  });

  test('the same config gives the same drift, detectors and health; no tensor is left', async () => {
    const again = await run(SHIFT);
    expect(again.final.drift).toEqual(first.final.drift);
    expect(again.final.detectors).toEqual(first.final.detectors);
    expect(again.final.health).toEqual(first.final.health);
    // A Lab on simulated latency carries no wall-clock figure (the model's time is only measured).
    expect(first.final.endpoint).toBeDefined();
    expect(first.final.endpoint?.model).toBeUndefined();
    expect(again.snapshots.map((s) => s.drift)).toEqual(first.snapshots.map((s) => s.drift));
    expect(first.tensorsLeft).toBe(0);
  });
});

describe('health with bad requests in the stream', () => {
  test('errors by kind add up to the Lab and endpoint totals', async () => {
    const lab = await Lab.create({ scenario: 'moons-rotation', seed: 9, policy: 'manual', requests: 1200, initialRows: 600, window: 100, labelDelay: 2, badRequestShare: 0.2, training: { epochs: 3 } });
    try {
      await lab.bootstrap();
      await lab.runToEnd();
      const h = takeSnapshot(lab, 1000).health ?? [];
      const sum = (f: (w: (typeof h)[number]) => number) => h.reduce((n, w) => n + f(w), 0);
      expect(sum((w) => w.requests)).toBe(lab.totals.requests);
      expect(sum((w) => w.errors)).toBe(lab.totals.errors);
      expect(lab.totals.errors).toBeGreaterThan(100);
      const kinds = lab.endpointStats().totals.errors;
      for (const k of Object.keys(kinds) as (keyof typeof kinds)[]) expect(sum((w) => w.errorsByKind[k])).toBe(kinds[k]);
      expect(sum((w) => w.errorsByKind.malformed + w.errorsByKind.schema)).toBeGreaterThan(0);
      // A measuring Lab's snapshot says how many rows its model calls answered (every answer of the
      // stream on cpu, no padding; refused requests never reach the model) and their wall-clock time.
      const model = takeSnapshot(lab, 10).endpoint?.model;
      expect(model?.rows).toBe(lab.endpointStats().totals.ok);
      expect(model?.calls).toBeGreaterThan(1);
      expect(model?.calls).toBeLessThan(model?.rows as number);
      expect(model?.ms).toBeGreaterThan(0);
    } finally {
      await lab.dispose();
    }
  });
});

describe('the trackers alone', () => {
  test('HealthSeries windows by stream index, bounded, and refuses bad input', () => {
    const h = new HealthSeries(10, 3);
    for (let i = 0; i < 50; i++) h.answer(i, i / 10, i % 10);
    h.error(49, 4.9, 'schema');
    h.answer(49, 4.9, 5, true);
    const points = h.points();
    expect(points.map((p) => p.start)).toEqual([20, 30, 40]);
    expect(points[2]).toMatchObject({ requests: 12, answered: 11, fallback: 1, errors: 1, errorsByKind: { schema: 1, malformed: 0 }, from: 4, to: 4.9 });
    expect(points[2]?.perSecond).toBeCloseTo(11 / 0.9, 3);
    // Latencies 0..9: the exact lower quantiles are 4 (p50) and 8 (p95, p99 of 10 values); the sketch is within 1%.
    expect(points[0]?.latency).toEqual({ p50: 4.015, p95: 7.925, p99: 7.925 });
    expect(Math.abs((points[0]?.latency?.p50 as number) - 4)).toBeLessThanOrEqual(0.04);
    expect(Math.abs((points[0]?.latency?.p95 as number) - 8)).toBeLessThanOrEqual(0.08);
    expect(h.points(1)).toHaveLength(1);
    expect(() => new HealthSeries(0)).toThrow(MonitoringInputError);
    expect(() => h.answer(1, 0, Number.NaN)).toThrow(/latencyMs/);
    expect(() => h.answer(-1, 0, 1)).toThrow(/stream index/);
    expect(() => h.answer(1, Number.NaN, 1)).toThrow(/simulated time/);
    expect(() => h.error(1, 0, 'teapot' as never)).toThrow(/one of malformed/);
  });

  test('DDM level: (p + s - p_min) / s_min, null before warm start or without scale', () => {
    expect(ddmLevel({ n: 100, errors: 10, pMin: 0.05, sMin: 0.02 }, 30)).toBeCloseTo(4, 10);
    expect(ddmLevel({ n: 10, errors: 1, pMin: 0.05, sMin: 0.02 }, 30)).toBeNull();
    expect(ddmLevel({ n: 100, errors: 0, pMin: 0, sMin: 0 }, 30)).toBeNull();
    const ddm = new Ddm();
    for (let i = 0; i < 200; i++) ddm.update(i % 10 === 0 ? 1 : 0);
    const r = readDetector(ddm);
    expect(r.detector).toBe('ddm');
    expect(r.score).not.toBeNull();
    expect(Number.isFinite(r.score)).toBe(true);
  });

  test('DetectorTimeline samples once per window, keeps production alarms only, bounded', () => {
    const monitor = new Monitor({ detectors: [{ kind: 'adwin' }, { kind: 'ddm' }] });
    for (let i = 0; i < 40; i++) {
      monitor.observeResponse({ id: `r${i}`, t: i, version: 'v1', latencyMs: 1, probabilities: [0.9, 0.1], predicted: 0 });
      monitor.observeLabel({ id: `r${i}`, t: i, label: 0 });
    }
    const t = new DetectorTimeline(10, monitor, () => 'v1', 3, 2);
    for (let pos = 1; pos <= 50; pos++) t.pass(pos);
    const v = t.view();
    expect(v.points.map((p) => p.position)).toEqual([30, 40, 50]);
    expect(v.points[0]?.readings[0]).toEqual({ detector: 'adwin', score: 0, width: 40, state: 'stable' });
    t.signals([{ version: 'v2', detector: 'adwin', source: 'error', kind: 'drift', at: 1, t: 0, score: null }], 51, 'v1');
    t.signals([{ version: 'v1', detector: 'adwin', source: 'confidence', kind: 'drift', at: 1, t: 0, score: null }], 52, 'v1');
    for (const pos of [53, 54, 55]) t.signals([{ version: 'v1', detector: 'ddm', source: 'error', kind: 'drift', at: 1, t: 0, score: null }], pos, 'v1');
    expect(t.view().alarms.map((a) => a.position)).toEqual([54, 55]);
    expect(v.detectors.map((d) => d.kind)).toEqual(['adwin', 'ddm']);
    expect(() => new DetectorTimeline(0, monitor, () => 'v1')).toThrow(MonitoringInputError);
  });

  test('FeatureDriftTracker: first-window reference without training data, rejects unreadable rows, refuses bad references', () => {
    const schema = { features: [{ name: 'a', type: 'numeric' as const }, { name: 'c', type: 'categorical' as const, categories: ['x', 'y', 'z'] }], classes: ['0', '1'] };
    const d = new FeatureDriftTracker(schema, { capacity: 200, minRows: 50 });
    expect(d.view(null, 0).features).toBeNull();
    for (let i = 0; i < 200; i++) d.add([(i * 37) % 100, i % 3]);
    d.add(null);
    d.add([Number.NaN, 1]);
    const same = d.view('v1', 202);
    expect(same.reference).toEqual({ source: 'first-window', version: null, rows: 200 });
    expect(same.rejectedRows).toBe(2);
    expect(same.features?.map((f) => [f.feature, f.statistic, f.drifting])).toEqual([
      ['a', 'PSI', false],
      ['c', 'Jensen–Shannon distance', false],
    ]);
    expect(same.features?.[1]?.medians).toBeNull();
    expect(same.features?.[0]?.medians?.reference).toBe(same.features?.[0]?.medians?.current);
    for (let i = 0; i < 200; i++) d.add([50 + ((i * 37) % 100), 2]);
    const moved = d.view('v1', 402);
    expect(moved.features?.map((f) => f.drifting)).toEqual([true, true]);
    expect(moved.driftingFeatures).toBe(2);
    expect(d.view('v1', 402)).toBe(moved); // cached until a request comes
    expect(d.setReference('v1', new Float32Array(5), 2)).toBe(false);
    expect(d.setReference('v1', new Float32Array([50, 2, 60, 2, 70, 2, 80, 2]), 4)).toBe(true);
    expect(d.view('v1', 402).reference).toEqual({ source: 'training-data', version: 'v1', rows: 4 });
    expect(() => new FeatureDriftTracker(schema, { capacity: 0 })).toThrow(MonitoringInputError);
  });

  test('FeatureDriftTracker on a wide dataset reports the first maxFeatures features; a row of the wrong width is rejected', () => {
    const wide = { features: Array.from({ length: 40 }, (_, j) => ({ name: `p${j}`, type: 'numeric' as const })), classes: ['0', '1'] };
    const d = new FeatureDriftTracker(wide, { capacity: 100, minRows: 50 });
    const row = new Float32Array(40);
    for (let i = 0; i < 100; i++) {
      row.fill(i % 10);
      d.add(row);
    }
    d.add(new Float32Array(39));
    const v = d.view(null, 101);
    expect(v.totalFeatures).toBe(40);
    expect(v.features?.map((f) => f.feature)).toEqual(Array.from({ length: 32 }, (_, j) => `p${j}`));
    expect(v.rejectedRows).toBe(1);
    expect(v.features?.every((f) => !f.drifting)).toBe(true);
  });
});
