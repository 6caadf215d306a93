import { describe, expect, it } from 'vitest';
import { groundTruth } from '../../../datasets/scenarios/truth';
import { compact, mergeHealth, mergeSeries, mergeTimeline } from '../../../components/monitor/compact';
import { decimateMinMax, type PlotPoint } from '../../../components/monitor/decimate';
import type { TimelinePoint } from '../../../src/loop/observers/detector-timeline';
import type { HealthPoint } from '../../../src/loop/observers/health';
import { buildAnnotations, laneItems, type MarkerTheme } from '../../../components/monitor/monitor-annotations';
import { MonitorHistory } from '../../../components/monitor/monitor-history';
import { addMarker, markerOf, type MonitorMarker } from '../../../components/monitor/monitor-markers';
import { accuracyBefore, summarize } from '../../../components/monitor/monitor-summary';
import { snapshotTruth, truthBands } from '../../../components/monitor/truth-bands';
import { LabError } from '../../../src/errors';
import { lookupScenario } from '../../../src/loop/engine/scenarios';
import type { LabEvent } from '../../../src/loop/engine/events';
import type { SeriesPoint } from '../../../src/loop/observers/series';

const win = (start: number, realized: number | null, estimated: number | null = null, size = 100): SeriesPoint => ({ start, end: start + size, requests: size, realized, estimated, error_rate: 0 });
const alias = (index: number, version: string | null, previous: string | null, aliasName: 'production' | 'candidate' = 'production', reason = 'promoted'): LabEvent => ({ type: 'alias', t: index / 10, index, alias: aliasName, version, previous, reason, actor: 'learner' });
const rollbackDecision = (index: number, version: string): LabEvent => ({ type: 'decision', t: index / 10, index, kind: 'rollback', reason: 'learner rolled back', version, actor: 'learner' });
const drift = (index: number): LabEvent => ({ type: 'drift', t: index / 10, index, version: 'v1', detector: 'adwin', source: 'error' });
const alertEvent = (index: number, change: 'raised' | 'resolved'): LabEvent => ({
  type: 'alert',
  t: index / 10,
  index,
  change,
  alert: { seq: 1, ruleId: 'accuracy-drop', scope: 'production', metric: 'accuracy_drop', severity: 'critical', threshold: 0.05, raisedAt: index * 100, resolvedAt: null, valueAtRaise: 0.12345, peak: 0.2, evaluations: 3 },
});
const versionEvent = (index: number, id: string, parent: string | null): LabEvent => ({
  type: 'version',
  t: index / 10,
  index,
  version: { id, parent, trigger: 'alert', evaluation: { rows: 300, accuracy: 0.9234, loss: 0.2 }, data: { dataset: 'moons', seed: 1 } },
});

describe('decimateMinMax', () => {
  const line = (n: number): PlotPoint[] => Array.from({ length: n }, (_, i) => ({ x: i, y: i === 537 ? 0.1 : 0.9 - (i % 7) * 0.01 }));

  it('returns a copy when the line is short enough', () => {
    const points = line(10);
    const out = decimateMinMax(points, 10);
    expect(out).toEqual(points);
    expect(out).not.toBe(points);
  });

  it('keeps at most max points, the last one, and a one-window dip', () => {
    const points = line(10_000);
    for (const max of [3, 4, 11, 100, 601]) {
      const out = decimateMinMax(points, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.at(-1)).toEqual(points.at(-1));
      for (let i = 1; i < out.length; i++) expect((out[i] as PlotPoint).x).toBeGreaterThan((out[i - 1] as PlotPoint).x);
    }
    expect(decimateMinMax(points, 100)).toContainEqual({ x: 537, y: 0.1 });
    expect(decimateMinMax(points, 101).length).toBe(101);
  });

  it('refuses a max below 3 or not whole with a typed error', () => {
    for (const bad of [2, 0, -1, 3.5, NaN]) expect(() => decimateMinMax(line(5), bad)).toThrow(LabError);
  });
});

describe('markers', () => {
  it('maps each marked event kind with its position and version; ignores stations and epochs', () => {
    expect(markerOf(drift(99))).toMatchObject({ kind: 'drift', x: 100, version: 'v1', source: 'error', label: 'ADWIN drift (error rate)' });
    expect(markerOf({ ...drift(99), source: 'confidence' } as LabEvent)).toMatchObject({ source: 'confidence', label: 'ADWIN drift (confidence)' });
    expect(markerOf(alertEvent(199, 'raised'))).toMatchObject({ kind: 'alert', x: 200, label: 'accuracy-drop raised', detail: 'Alert accuracy-drop (critical) raised: accuracy_drop was 0.123, threshold 0.05.' });
    expect(markerOf(alertEvent(299, 'resolved'))).toMatchObject({ kind: 'alert-resolved', x: 300 });
    expect(markerOf(versionEvent(399, 'v2', 'v1'))).toMatchObject({ kind: 'retrain', x: 400, version: 'v2', label: 'v2 trained' });
    expect(markerOf(versionEvent(-1, 'v1', null))).toMatchObject({ x: 0 });
    expect(markerOf(alias(499, 'v2', 'v1'))).toMatchObject({ kind: 'deploy', x: 500, version: 'v2', label: 'v2 live' });
    expect(markerOf(alias(499, 'v3', null, 'candidate'))).toMatchObject({ kind: 'deploy', label: 'v3 candidate' });
    expect(markerOf(alias(499, null, 'v3', 'candidate'))).toBeNull();
    expect(markerOf({ type: 'station', t: 0, index: 5, station: 'observe', why: '' })).toBeNull();
    expect(markerOf({ type: 'decision', t: 0, index: 5, kind: 'promote', reason: '', actor: 'x' })).toBeNull();
  });

  it('turns the alias move of a production rollback into one rollback marker', () => {
    const markers: MonitorMarker[] = [];
    addMarker(markers, alias(599, 'v1', 'v2', 'production', 'learner rolled back'), 10);
    const changed = addMarker(markers, rollbackDecision(599, 'v1'), 10);
    expect(markers).toHaveLength(1);
    expect(changed).toBe(markers[0]);
    expect(markers[0]).toMatchObject({ kind: 'rollback', x: 600, version: 'v1', label: 'rollback to v1' });
  });

  it('keeps a trial rollback (no production move) as its own marker, and stays bounded', () => {
    const markers: MonitorMarker[] = [];
    addMarker(markers, alias(10, 'v2', 'v1'), 3);
    addMarker(markers, rollbackDecision(10, 'v3'), 3);
    expect(markers.map((m) => m.kind)).toEqual(['deploy', 'rollback']);
    for (let i = 0; i < 5; i++) addMarker(markers, drift(100 + i), 3);
    expect(markers.map((m) => m.x)).toEqual([103, 104, 105]);
  });
});

describe('truthBands', () => {
  it('shades a gradual drift from onset to now, the transition to its end, only once it began', () => {
    const truth = groundTruth(lookupScenario('moons-rotation'));
    const first = truth[0];
    if (!first || first.end === null) throw new Error('moons-rotation has a gradual drift');
    expect(truthBands(truth, first.onset - 1)).toEqual([]);
    const [band] = truthBands(truth, first.end + 500);
    expect(band).toMatchObject({ from: first.onset, to: first.end + 500, transitionEnd: first.end, kind: first.kind, shape: 'gradual', open: true, incident: false });
    const [mid] = truthBands(truth, first.onset + 10);
    expect(mid).toMatchObject({ to: first.onset + 10, transitionEnd: first.onset + 10 });
  });

  it('closes a drift at its revert (by change id, or by the wording of a snapshot), an incident at its end', () => {
    const exact = truthBands(
      [
        { kind: 'concept', shape: 'sudden', onset: 100, end: 100, description: 'A', change: 'c0' },
        { kind: 'concept', shape: 'sudden', onset: 300, end: 300, description: 'Back to before: A', change: 'c0', reverts: true },
        { kind: 'unit-change', shape: 'sudden', onset: 400, end: 450, description: 'x1000' },
      ],
      1000,
    );
    expect(exact).toEqual([
      { from: 100, to: 300, transitionEnd: 100, kind: 'concept', shape: 'sudden', incident: false, open: false, description: 'A' },
      { from: 400, to: 450, transitionEnd: 450, kind: 'unit-change', shape: 'sudden', incident: true, open: false, description: 'x1000' },
    ]);
    const fromSnapshot = truthBands(
      snapshotTruth({
        groundTruth: [
          { kind: 'concept', onset: 100, end: 100, description: 'A' },
          { kind: 'concept', onset: 300, end: 300, description: 'Back to before: A' },
          { kind: 'bad' },
          null,
        ],
      }),
      1000,
    );
    expect(fromSnapshot).toEqual([{ from: 100, to: 300, transitionEnd: 100, kind: 'concept', shape: null, incident: false, open: false, description: 'A' }]);
    expect(snapshotTruth({})).toEqual([]);
    expect(snapshotTruth(null)).toEqual([]);
  });

  it('shades each episode of a recurring change whole', () => {
    const truth = groundTruth(lookupScenario('stagger-recurring'));
    const bands = truthBands(truth, 7000);
    expect(bands.map((b) => [b.from, b.to])).toEqual([
      [2000, 4000],
      [6000, 7000],
    ]);
  });
});

describe('MonitorHistory', () => {
  it('merges snapshot windows by start (a window seen again replaces the old copy)', () => {
    const h = new MonitorHistory();
    h.addSnapshot({ series: [win(0, 0.9), win(100, 0.5)], position: 150, deployed: { production: 'v1', candidate: null, shadow: null } });
    h.addSnapshot({ series: [win(100, 0.8), win(200, 0.7)], position: 250, deployed: { production: 'v1', candidate: null, shadow: null } });
    h.addSnapshot({ series: [win(0, 0.95)], position: 250, deployed: { production: 'v1', candidate: null, shadow: null } });
    expect(h.series.map((w) => [w.start, w.realized])).toEqual([
      [0, 0.95],
      [100, 0.8],
      [200, 0.7],
    ]);
    expect(h.position).toBe(250);
  });

  it('splits the lines by the production version that served most of each window', () => {
    const h = new MonitorHistory();
    h.addEvent(alias(-1, 'v1', null));
    h.addEvent(alias(249, 'v2', 'v1'));
    h.addSnapshot({ series: [win(0, 0.9, 0.85), win(100, 0.6, 0.8), win(200, 0.5, 0.7), win(300, 0.9, 0.88)], position: 400, deployed: { production: 'v2', candidate: null, shadow: null } });
    const data = h.data();
    expect(data.lines.map((l) => [l.kind, l.version, l.points.map((p) => p.x)])).toEqual([
      ['realized', 'v1', [50, 150]],
      ['realized', 'v2', [250, 350]],
      ['estimated', 'v1', [50, 150]],
      ['estimated', 'v2', [250, 350]],
    ]);
    expect(data.lines[0]?.label).toBe('Realized accuracy, v1');
    expect(data.windowSize).toBe(100);
    expect(data.decimated).toBe(false);
    expect(data.markers.map((m) => m.label)).toEqual(['v1 live', 'v2 live']);
  });

  it('before any production move is seen, names the version the first move replaced, else the snapshot production', () => {
    const h = new MonitorHistory();
    h.addSnapshot({ series: [win(0, 0.9)], position: 100, deployed: { production: 'v4', candidate: null, shadow: null } });
    expect(h.versionAt(50)).toBe('v4');
    h.addEvent(alias(499, 'v5', 'v3'));
    expect(h.versionAt(50)).toBe('v3');
    expect(h.versionAt(500)).toBe('v5');
  });

  it('keeps the plotted points bounded on a long run, and the windows and markers it keeps', () => {
    const h = new MonitorHistory({ windows: 5000, plotted: 101, markers: 20 });
    const series = Array.from({ length: 6000 }, (_, i) => win(i * 100, i === 3000 ? 0.2 : 0.9, 0.8));
    h.addSnapshot({ series, position: 600_000, deployed: { production: 'v1', candidate: null, shadow: null } });
    for (let i = 0; i < 50; i++) h.addEvent(drift(i * 1000));
    const data = h.data();
    // Past 5000 windows the older ones are merged pairwise: the whole run stays, at most 5000 windows, the last 100 exact.
    expect(h.series.length).toBeLessThanOrEqual(5000);
    expect(h.series.length).toBeGreaterThanOrEqual(2500);
    expect(h.series[0]?.start).toBe(0);
    expect(h.series.at(-1)).toEqual(series.at(-1));
    expect(h.series.slice(-100).every((w) => w.end - w.start === 100)).toBe(true);
    expect(h.series.reduce((n, w) => n + w.requests, 0)).toBe(600_000);
    expect(data.windowSize).toBe(100);
    expect(data.decimated).toBe(true);
    for (const line of data.lines) expect(line.points.length).toBeLessThanOrEqual(101);
    // the dip (one window at 20%) survives as the lowest point, merged with its neighbour: (0.2 + 0.9) / 2
    const lowest = Math.min(...(data.lines[0]?.points ?? []).map((p) => p.y));
    expect(lowest).toBeCloseTo(0.55, 9);
    expect(data.markers).toHaveLength(20);
  });

  it('refuses bad limits with a typed error naming the field', () => {
    expect(() => new MonitorHistory({ plotted: 2 })).toThrow(/plotted must be a whole number >= 3/);
    expect(() => new MonitorHistory({ windows: 1.5 })).toThrow(LabError);
    expect(() => new MonitorHistory().setPlotted(0)).toThrow(LabError);
  });
});

describe('summary', () => {
  it('says what accuracy is now, before the drift, and the last marker', () => {
    const h = new MonitorHistory();
    h.addEvent(alias(-1, 'v1', null));
    h.addSnapshot({ series: [win(0, 0.9, 0.9), win(100, 0.94, 0.9), win(200, 0.6, 0.85), win(300, 0.55, 0.8)], position: 400, deployed: { production: 'v1', candidate: null, shadow: null } });
    h.addEvent(drift(289));
    const truth = [{ kind: 'concept', shape: 'sudden' as const, onset: 200, end: 200, description: 'A' }];
    const s = summarize(h.data(truth), h.series, 'v1');
    // A gap of 5+ points between the two lines is named as a signal (issue 18: the estimate is calibrated confidence).
    expect(s.now).toBe('Now (requests 300 to 400, production v1): realized accuracy 55%, estimated 80% (the estimate is 25.0 points above: the model is confidently wrong, as under concept drift or inputs outside its training range).');
    expect(s.before).toBe('The concept drift (sudden) began at request 200; accuracy before it was 92%.');
    expect(s.lastMarker).toBe('Last marker: Detector ADWIN raised a drift alarm on the error rate of v1. (request 290).');
    expect(s.text).toContain('Realized accuracy is the share of right answers in each window of 100 requests');
  });

  it('falls back to the first drift alarm without ground truth, and says when nothing is scored yet', () => {
    const h = new MonitorHistory();
    expect(summarize(h.data(), h.series, null).now).toBe('No accuracy yet: 0 requests sent, no window scored.');
    h.addSnapshot({ series: [win(0, 0.8), win(100, 0.6)], position: 200, deployed: { production: 'v1', candidate: null, shadow: null } });
    h.addEvent(drift(149));
    expect(summarize(h.data(), h.series, 'v1').before).toBe('The first drift alarm came at request 150; accuracy before it was 80%.');
  });

  it('weights the accuracy before by answered requests', () => {
    const series: SeriesPoint[] = [
      { start: 0, end: 100, requests: 100, realized: 1, estimated: null, error_rate: 0.5 },
      { start: 100, end: 200, requests: 100, realized: 0.5, estimated: null, error_rate: 0 },
    ];
    expect(accuracyBefore(series, 200)).toBeCloseTo((50 + 50) / 150, 12);
    expect(accuracyBefore(series, 50)).toBeNull();
  });
});

describe('buildAnnotations', () => {
  const theme: MarkerTheme = { text: '#000', surface: '#fff', drift: 'd', alert: 'a', retrain: 'r', deploy: 'p', rollback: 'b', incident: 'i', truth: 't', truthTransition: 'tt', font: 'f' };

  it('draws bands (with their transition), alarms as triangles, releases as lines, no label inside the plot; names and alert diamonds go to the lane above', () => {
    const h = new MonitorHistory();
    h.addEvent(drift(99));
    h.addEvent(alertEvent(199, 'raised'));
    h.addEvent(alertEvent(299, 'resolved'));
    h.addEvent(versionEvent(399, 'v2', 'v1'));
    h.addEvent(alias(449, 'v2', 'v1'));
    h.addEvent(alias(549, 'v1', 'v2'));
    h.addEvent(rollbackDecision(549, 'v1'));
    const a = buildAnnotations(h.data([{ kind: 'concept', shape: 'gradual', onset: 50, end: 150, description: 'A' }]), theme);
    const data = h.data([{ kind: 'concept', shape: 'gradual', onset: 50, end: 150, description: 'A' }]);
    expect(Object.keys(a)).toEqual(['truth-0', 'truth-0-transition', 'marker-0', 'marker-3', 'marker-4', 'marker-5']);
    expect(a['truth-0']).toMatchObject({ type: 'box', xMin: 50, xMax: 550, backgroundColor: 't', adjustScaleRange: false });
    expect(a['truth-0-transition']).toMatchObject({ type: 'box', xMin: 50, xMax: 150, backgroundColor: 'tt' });
    expect(a['marker-0']).toMatchObject({ type: 'point', xValue: 100, pointStyle: 'triangle', backgroundColor: 'd' });
    expect(a['marker-3']).toMatchObject({ type: 'line', value: 400, borderColor: 'r' });
    expect(a['marker-4']).toMatchObject({ type: 'line', value: 450, borderColor: 'p', borderDash: [] });
    expect(a['marker-5']).toMatchObject({ type: 'line', value: 550, borderColor: 'b', borderDash: [8, 4] });
    // Nothing carries a label drawn inside the plot area.
    for (const v of Object.values(a)) expect((v as { label?: unknown }).label).toBeUndefined();
    expect(laneItems(data, theme)).toEqual([
      { x: 50, text: 'concept drift (gradual)', colour: 'tt', textColour: '#000', align: 'start' },
      { x: 200, glyph: 'diamond', colour: 'a' },
      { x: 300, glyph: 'diamond-hollow', colour: 'a' },
      { x: 400, text: 'v2 trained', colour: 'r', textColour: '#fff', align: 'center' },
      { x: 450, text: 'v2 live', colour: 'p', textColour: '#fff', align: 'center' },
      { x: 550, text: 'rollback to v1', colour: 'b', textColour: '#fff', align: 'center' },
    ]);
  });
});

describe('bounded views of a long run', () => {
  it('compacts a history past its cap by merging the older windows pairwise (weighted accuracy, worse latency, stronger detector state)', () => {
    const list = Array.from({ length: 9 }, (_, i) => i);
    compact(list, (a, b) => a * 10 + b, 8, 3);
    expect(list).toEqual([1, 23, 45, 6, 7, 8]);
    expect(mergeSeries(win(0, 0.5, null, 100), win(100, 1, 0.8, 300))).toEqual({ start: 0, end: 400, requests: 400, realized: 0.875, estimated: 0.8, error_rate: 0 });
    const health = (start: number, p95: number, schema: number): HealthPoint => ({ start, end: start + 10, requests: 10, from: start, to: start + 9, perSecond: 1, answered: 10 - schema, fallback: 0, errors: schema, errorsByKind: { malformed: 0, 'unknown-model': 0, schema, 'model-failure': 0, unavailable: 0 }, latency: { p50: 1, p95, p99: p95 * 2 } });
    expect(mergeHealth(health(0, 3, 1), health(10, 5, 2))).toMatchObject({ start: 0, end: 20, requests: 20, errors: 3, errorsByKind: { schema: 3 }, latency: { p50: 1, p95: 5, p99: 10 } });
    const sample = (position: number, score: number, state: 'stable' | 'warning' | 'drift'): TimelinePoint => ({ position, version: 'v1', readings: [{ detector: 'adwin', score, width: null, state }] });
    expect(mergeTimeline(sample(10, 0.4, 'drift'), sample(20, 0.1, 'stable'))).toEqual(sample(20, 0.4, 'drift'));
  });

  it('keeps lines for the last 4 production versions; earlier ones share one "earlier versions" line per kind', () => {
    const h = new MonitorHistory();
    const windows = Array.from({ length: 40 }, (_, i) => win(i * 100, 0.8, 0.7));
    h.addSnapshot({ series: windows, position: 4000, deployed: { production: 'v7', candidate: null, shadow: null } });
    h.addEvent(alias(0, 'v1', null));
    for (let v = 2; v <= 7; v++) h.addEvent(alias((v - 1) * 600, `v${v}`, `v${v - 1}`));
    const data = h.data();
    expect(data.lines.filter((l) => l.kind === 'realized').map((l) => l.version)).toEqual(['earlier versions', 'v4', 'v5', 'v6', 'v7']);
    expect(data.lines.filter((l) => l.kind === 'estimated')).toHaveLength(5);
    // every window is still plotted, once
    expect(data.lines.filter((l) => l.kind === 'realized').reduce((n, l) => n + l.points.length, 0)).toBe(40);
    const earlier = data.lines.find((l) => l.version === 'earlier versions' && l.kind === 'realized');
    expect(earlier?.points.at(-1)?.x).toBe(1750); // v1..v3 served up to request 1800
    expect(new MonitorHistory({ versions: 1 }).data().lines).toEqual([]);
    expect(() => new MonitorHistory({ versions: 0 })).toThrow(LabError);
  });

  it('draws at most the 40 most recent markers as annotations (the data keeps them all)', () => {
    const h = new MonitorHistory();
    for (let i = 0; i < 150; i++) h.addEvent(drift(i * 10));
    const data = h.data();
    expect(data.markers).toHaveLength(150);
    const theme = { text: '#000', surface: '#fff', drift: 'red', alert: 'red', retrain: 'red', deploy: 'red', rollback: 'red', incident: 'red', truth: 'red', truthTransition: 'red', font: 'x' } satisfies MarkerTheme;
    const ids = Object.keys(buildAnnotations(data, theme)).filter((k) => k.startsWith('marker-'));
    expect(ids).toHaveLength(40);
    expect(ids[0]).toBe('marker-110');
    const annotations = buildAnnotations(data, theme);
    // The last drift event (index 1490) sits one past its index.
    expect(annotations['marker-149']).toMatchObject({ xValue: 1491 });
  });
});
