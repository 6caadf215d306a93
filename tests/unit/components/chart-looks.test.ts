/**
 * The charts' looks, pure: labels go to a lane packed so none overlaps another; series colours are
 * fixed, distinct and differ by dash and point shape too; the monitor legend names every version drawn;
 * the drift timeline gives each detector's score its own axis and draws warnings and drift alarms
 * differently (hollow on the warning level, filled on the drift level).
 */
import { describe, expect, it } from 'vitest';
import { layoutLane } from '../../../components/monitor/label-lane';
import { seriesLook, SERIES_COLOURS, VERSION_COLOURS } from '../../../components/monitor/series-style';
import { legendEntries } from '../../../components/monitor/monitor-legend';
import { MonitorHistory } from '../../../components/monitor/monitor-history';
import { buildAnnotations, type MarkerTheme } from '../../../components/monitor/monitor-annotations';
import { alarmMarks, scoreAxes } from '../../../components/drift/drift-axes';
import type { ScoreLine } from '../../../components/drift/drift-history';
import { THEME_DEFAULTS } from '../../../components/trainer/trainer.styles';
import { DARK_DEFAULTS } from '../../../components/monitor/view.styles';
import type { LabEvent } from '../../../src/loop/engine/events';
import { markersNear, markerOf, type MonitorMarker } from '../../../components/monitor/monitor-markers';

function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
  return 0.2126 * (c[0] as number) + 0.7152 * (c[1] as number) + 0.0722 * (c[2] as number);
}
const contrast = (a: string, b: string) => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05);

describe('the label lane', () => {
  it('packs labels into rows without overlap; one with no room is left out', () => {
    // Three labels at one spot (a retrain, its deploy, a band) and one further right.
    const spans = [
      { left: 100, width: 60 },
      { left: 110, width: 50 },
      { left: 120, width: 40 },
      { left: 300, width: 40 },
    ];
    expect(layoutLane(spans, 2)).toEqual([0, 1, null, 0]);
    expect(layoutLane(spans, 3)).toEqual([0, 1, 2, 0]);
    // Placed left to right whatever the input order; a gap of 4 px is kept.
    expect(layoutLane([{ left: 164, width: 10 }, { left: 100, width: 60 }], 1)).toEqual([0, 0]);
    expect(layoutLane([{ left: 163, width: 10 }, { left: 100, width: 60 }], 1)).toEqual([null, 0]);
  });
});

describe('series looks', () => {
  it('six series: distinct colours, dashes and point shapes; fixed (no accent), 3:1 on the light and dark surfaces', () => {
    const looks = Array.from({ length: 6 }, (_, i) => seriesLook(i));
    expect(new Set(looks.map((l) => l.colour)).size).toBe(6);
    expect(new Set(looks.map((l) => JSON.stringify(l.dash))).size).toBe(6);
    expect(new Set(looks.map((l) => l.point)).size).toBe(6);
    for (const c of SERIES_COLOURS) {
      expect(c).not.toBe(THEME_DEFAULTS['--mlops-accent']);
      expect(contrast(c, THEME_DEFAULTS['--mlops-surface'])).toBeGreaterThanOrEqual(3);
      expect(contrast(c, DARK_DEFAULTS['--mlops-surface'])).toBeGreaterThanOrEqual(3);
    }
    // p50 / p95 / p99 differ by dash and shape, not only colour.
    expect([0, 1, 2].map((i) => seriesLook(i).words)).toEqual(['solid line, round points', 'dashed line, diamond points', 'dotted line, triangle points']);
    // Any four versions in a row get four colours.
    for (let i = 0; i < 8; i++) expect(new Set([0, 1, 2, 3].map((k) => VERSION_COLOURS[(i + k) % VERSION_COLOURS.length])).size).toBe(4);
  });
});

describe('the monitor legend', () => {
  it('names every version drawn (the folded earlier versions too), then each kind of line', () => {
    const h = new MonitorHistory();
    const windows = Array.from({ length: 40 }, (_, i) => ({ start: i * 100, end: i * 100 + 100, requests: 100, realized: 0.8, estimated: 0.7, error_rate: 0.2 }));
    h.addSnapshot({ series: windows, position: 4000, deployed: { production: 'v7', candidate: null, shadow: null } });
    const alias = (index: number, version: string, previous: string | null): LabEvent => ({ type: 'alias', t: index, index, alias: 'production', version, previous, reason: 'test', actor: 'policy' });
    h.addEvent(alias(0, 'v1', null));
    for (let v = 2; v <= 7; v++) h.addEvent(alias((v - 1) * 600, `v${v}`, `v${v - 1}`));
    const entries = legendEntries(h.data().lines, (v) => `colour-${v}`, '#000');
    expect(entries.map((e) => e.text)).toEqual(['earlier versions (v1, v2, v3)', 'v4', 'v5', 'v6', 'v7', 'realized accuracy (solid, round points)', 'estimated accuracy (dashed, diamond points)']);
    expect(entries[1]).toMatchObject({ version: 'v4', colour: 'colour-v4' });
  });

  it('a drift alarm on the confidence is a hollow triangle, one on the error rate a filled one', () => {
    const theme: MarkerTheme = { text: '#000', surface: '#fff', drift: 'd', alert: 'a', retrain: 'r', deploy: 'p', rollback: 'b', incident: 'i', truth: 't', truthTransition: 'tt', font: 'f' };
    const h = new MonitorHistory();
    h.addEvent({ type: 'drift', t: 1, index: 9, version: 'v1', detector: 'ddm', source: 'error' });
    h.addEvent({ type: 'drift', t: 2, index: 19, version: 'v1', detector: 'ddm', source: 'confidence' });
    const a = buildAnnotations(h.data(), theme);
    expect(a['marker-0']).toMatchObject({ pointStyle: 'triangle', backgroundColor: 'd' });
    expect(a['marker-1']).toMatchObject({ pointStyle: 'triangle', backgroundColor: '#fff', borderColor: 'd' });
  });
});

describe('the drift timeline', () => {
  const line = (detector: ScoreLine['detector'], axis: ScoreLine['axis'], scale: string, threshold: number | null, warning: number | null): ScoreLine => ({ detector, label: detector, axis, scale, threshold, warning, points: [] });
  const lines = [line('adwin', 'rate', 'share of errors', null, null), line('ddm', 'sigma', 'σ of the best error rate', 3, 2), line('page-hinkley', 'sigma', "the input's unit, summed", 50, null), line('hddm-a', 'sigma', "share of Hoeffding's bound", 1, 0.88)];

  it('each detector has an axis of its own, titled with what its score counts', () => {
    const axes = scoreAxes(lines);
    expect(axes.map((a) => [a.id, a.position, a.title])).toEqual([
      ['score-adwin', 'left', 'ADWIN: share of errors'],
      ['score-ddm', 'right', 'DDM: σ of the best error rate'],
      ['score-page-hinkley', 'right', "Page-Hinkley: the input's unit, summed"],
      ['score-hddm-a', 'right', "HDDM_A: share of Hoeffding's bound"],
    ]);
    expect(axes.map((a) => a.percent)).toEqual([true, false, false, false]);
    expect(axes[1]?.suggestedMax).toBeCloseTo(3.75, 10); // the drift level stays in view
  });

  it('a drift alarm is filled on the drift level, a warning hollow on the warning level; no level: at the foot', () => {
    const marks = alarmMarks(
      lines,
      [
        { detector: 'ddm', kind: 'drift', position: 500, version: 'v1' },
        { detector: 'adwin', kind: 'drift', position: 600, version: 'v1' },
      ],
      [{ detector: 'ddm', kind: 'warning', position: 400, version: 'v1' }],
      40,
    );
    expect(marks).toEqual([
      { detector: 'ddm', kind: 'warning', x: 400, axis: 'score-ddm', y: 2, atFoot: false, shape: 'rectRot', filled: false },
      { detector: 'ddm', kind: 'drift', x: 500, axis: 'score-ddm', y: 3, atFoot: false, shape: 'rectRot', filled: true },
      { detector: 'adwin', kind: 'drift', x: 600, axis: 'score-adwin', y: 0, atFoot: true, shape: 'triangle', filled: true },
    ]);
  });
});

describe('markers on hover', () => {
  it('lists the markers near the hovered position, closest first: every label can be read even when the lane had no room', () => {
    const events: LabEvent[] = [
      { type: 'version', t: 1, index: 5199, version: { id: 'v2', trigger: 'alert', parent: 'v1', evaluation: { accuracy: 0.9 } } } as unknown as LabEvent,
      { type: 'alias', t: 1, index: 5209, alias: 'production', version: 'v2', previous: 'v1', reason: 'gate passed', actor: 'policy:on-alert' },
      { type: 'drift', t: 1, index: 5149, version: 'v1', detector: 'adwin', source: 'error' },
      { type: 'alias', t: 2, index: 7999, alias: 'production', version: 'v3', previous: 'v2', reason: 'gate passed', actor: 'policy:on-alert' },
    ];
    const markers = events.map(markerOf).filter((m): m is MonitorMarker => m !== null);
    expect(markersNear(markers, 5200, 50)).toEqual(['v2 trained (request 5,200)', 'v2 live (request 5,210)', 'Detector ADWIN raised a drift alarm on the error rate of v1 (request 5,150)']);
    expect(markersNear(markers, 6000, 50)).toEqual([]);
  });
});

describe('the detector line reaches the level it crossed', () => {
  it('an alarm that carries the score at that moment adds it to the line and places its marker there; without one, the marker sits on the level', async () => {
    const { DriftHistory } = await import('../../../components/drift/drift-history');
    const meanings = [{ kind: 'ddm' as const, label: 'DDM level', threshold: 3, warning: 2, unit: 'sigma' as const, direction: 'above' as const, scale: 'σ of the best error rate' }];
    const sample = (position: number, score: number) => ({ position, version: 'v1', readings: [{ detector: 'ddm' as const, score, width: null, state: 'stable' as const }] });
    const snapshot = (alarms: unknown[]) => ({ position: 300, detectors: { every: 100, detectors: meanings, points: [sample(100, 1.2), sample(200, 0.4), sample(300, 0.5)], alarms } }) as never;
    const withScore = new DriftHistory();
    withScore.addSnapshot(snapshot([{ detector: 'ddm', kind: 'drift', position: 150, version: 'v1', score: 3.4 }]));
    const t = withScore.timeline();
    expect(t.lines[0]?.points).toEqual([
      { x: 100, y: 1.2 },
      { x: 150, y: 3.4 },
      { x: 200, y: 0.4 },
      { x: 300, y: 0.5 },
    ]);
    expect(alarmMarks(t.lines, t.alarms, t.warnings, 40)[0]).toMatchObject({ x: 150, y: 3.4, filled: true });
    const without = new DriftHistory();
    without.addSnapshot(snapshot([{ detector: 'ddm', kind: 'drift', position: 150, version: 'v1' }]));
    const u = without.timeline();
    expect(u.lines[0]?.points.map((p) => p.x)).toEqual([100, 200, 300]);
    expect(alarmMarks(u.lines, u.alarms, u.warnings, 40)[0]).toMatchObject({ x: 150, y: 3, filled: true });
  });
});

describe('the drift timeline in words', () => {
  it('with no change in the scenario every alarm is a false alarm; warnings are named warnings', async () => {
    const { timelineSentences } = await import('../../../components/drift/drift-summary');
    const t = {
      position: 3000,
      lines: [],
      alarms: [
        { detector: 'ddm' as const, kind: 'drift' as const, position: 177, version: 'v1' },
        { detector: 'ddm' as const, kind: 'drift' as const, position: 2400, version: 'v1' },
      ],
      warnings: [
        { detector: 'ddm' as const, kind: 'warning' as const, position: 150, version: 'v1' },
        { detector: 'ddm' as const, kind: 'warning' as const, position: 2300, version: 'v1' },
      ],
      truth: [],
      decimated: false,
    };
    expect(timelineSentences(t)).toEqual([
      'DDM raised a drift alarm at request 177 and 1 more time; nothing changes in this scenario, so these are false alarms.',
      'DDM warned 2 times: its score entered the warning zone (a warning, not a drift alarm; it may settle again).',
    ]);
  });
});
