/**
 * The annotation slots reference only axes their chart has: chartjs-plugin-annotation (3.1) warns
 * "No scale found with id ..." for any annotation naming (or defaulting to) a missing scale, and the
 * hidden fillers used to default to 'y', which the drift timeline (score axes only) does not have.
 * Also: the slot layout grows in blocks without changing any position's type, and says when nothing changed.
 */
import { describe, expect, it } from 'vitest';
import type { AnnotationOptions } from 'chartjs-plugin-annotation';
import { AnnotationSlotLayout, slotAnnotations } from '../../../components/monitor/annotation-slots';
import { buildAnnotations, type MarkerTheme } from '../../../components/monitor/monitor-annotations';
import { monitorScales } from '../../../components/monitor/monitor-chart';
import { MonitorHistory } from '../../../components/monitor/monitor-history';
import { axisId, scoreAxes } from '../../../components/drift/drift-axes';
import type { ScoreLine } from '../../../components/drift/drift-history';
import type { LabEvent } from '../../../src/loop/engine/events';

const theme = { text: '#000', surface: '#fff', drift: 'd', alert: 'a', retrain: 'r', deploy: 'p', rollback: 'b', incident: 'i', truth: 't', truthTransition: 'tt', font: 'f', grid: '#ccc', versions: ['#111'] } satisfies MarkerTheme & { grid: string; versions: string[] };

/**
 * The scale ids the plugin looks up for `a` on a chart with `axes` (id and direction), following its
 * rule: `scaleID` when set; `xScaleID` / `yScaleID` when set or when an x / y value (Min, Max, Value) is
 * given, defaulting to the chart's first axis of that direction, else the bare letter.
 */
function referencedAxes(a: AnnotationOptions, axes: Record<string, 'x' | 'y'>): string[] {
  const o = a as unknown as Record<string, unknown>;
  const out: string[] = [];
  if (typeof o.scaleID === 'string') out.push(o.scaleID);
  for (const axis of ['x', 'y'] as const) {
    const given = ['Min', 'Max', 'Value'].some((p) => o[axis + p] !== undefined);
    if (!given) continue;
    const id = o[`${axis}ScaleID`];
    out.push(typeof id === 'string' ? id : (Object.keys(axes).find((k) => axes[k] === axis) ?? axis));
  }
  return out;
}

function missing(slots: Record<string, AnnotationOptions>, axes: Record<string, 'x' | 'y'>): string[] {
  return Object.entries(slots).flatMap(([key, a]) => referencedAxes(a, axes).filter((id) => !(id in axes)).map((id) => `${key}: ${id}`));
}

/** Annotation options written in a test (the plugin's option types are per-chart-type generics). */
const ann = (o: Record<string, unknown>): AnnotationOptions => o as unknown as AnnotationOptions;

const driftEvent = (index: number): LabEvent => ({ type: 'drift', t: index / 10, index, version: 'v1', detector: 'adwin', source: 'error' });

describe('annotation slots name only axes of their chart', () => {
  it('monitor chart: markers, bands and fillers use its x and y', () => {
    const axes = Object.fromEntries(Object.keys(monitorScales(theme)).map((id) => [id, id === 'x' ? 'x' : 'y'] as const));
    expect(Object.keys(axes)).toEqual(['x', 'y']);
    const h = new MonitorHistory();
    for (let i = 0; i < 5; i++) h.addEvent(driftEvent(i * 100));
    const built = buildAnnotations(h.data([{ kind: 'concept', shape: 'gradual', onset: 50, end: 150, description: 'A' }]), theme);
    const slotted = slotAnnotations(built);
    expect(Object.values(slotted).some((a) => a.type === 'point' && a.display !== false)).toBe(true);
    expect(missing(slotted, axes)).toEqual([]);
    expect(missing(new AnnotationSlotLayout().layout(built) ?? {}, axes)).toEqual([]);
  });

  it('drift timeline: fillers name no y axis, with score axes only or with no y axis at all', () => {
    const line: ScoreLine = { detector: 'adwin', label: 'ADWIN', axis: 'rate', scale: 'share of errors', threshold: null, warning: null, points: [] };
    const withScores: Record<string, 'x' | 'y'> = { x: 'x', ...Object.fromEntries(scoreAxes([line]).map((a) => [a.id, 'y'] as const)) };
    expect(Object.keys(withScores)).toEqual(['x', axisId('adwin')]);
    const alarm = ann({ type: 'point', xValue: 10, yValue: 0.5, yScaleID: axisId('adwin') });
    const threshold: AnnotationOptions = { type: 'line', scaleID: axisId('adwin'), value: 0.3 };
    expect(missing(slotAnnotations({ alarm, threshold }), withScores)).toEqual([]);
    expect(missing(slotAnnotations({}), { x: 'x' })).toEqual([]);
    // The old filler (xValue / yValue with no axis id) defaulted to 'y' on a chart without a y axis: caught.
    expect(missing({ 'point-0': ann({ type: 'point', display: false, xValue: 0, yValue: 0 }) }, { x: 'x' })).toEqual(['point-0: y']);
  });

  it('health charts: fillers are fine on an x / y chart too', () => {
    expect(missing(slotAnnotations({}), { x: 'x', y: 'y' })).toEqual([]);
  });
});

describe('AnnotationSlotLayout', () => {
  const point = (x: number): AnnotationOptions => ann({ type: 'point', xValue: x, yValue: 0.03 });
  const line = (x: number): AnnotationOptions => ({ type: 'line', scaleID: 'x', value: x });
  const types = (slots: Record<string, AnnotationOptions>) => Object.values(slots).map((a) => a.type);

  it('starts empty, grows per type in blocks, never changes the type at a position, caps at the maximum', () => {
    const layout = new AnnotationSlotLayout(4, { box: 4, point: 8, line: 8 });
    expect(layout.layout({})).toEqual({});
    const a = layout.layout({ p0: point(1), l0: line(2) }) ?? {};
    expect(Object.keys(a)).toEqual(['point-0', 'point-1', 'point-2', 'point-3', 'line-0', 'line-1', 'line-2', 'line-3']);
    expect(a['point-0']).toMatchObject({ xValue: 1 });
    expect(a['point-1']).toMatchObject({ display: false });
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`p${i}`, point(i)]));
    const b = layout.layout({ ...many, l0: line(2) }) ?? {};
    expect(types(b).slice(0, 8)).toEqual(types(a)); // earlier positions keep their types
    expect(types(b)).toHaveLength(12);
    expect(layout.slots).toEqual({ box: 0, point: 8, line: 4 });
    expect(b['point-0']).toMatchObject({ xValue: 4 }); // the 8 most recent points are kept
    expect(b['point-7']).toMatchObject({ xValue: 11 });
  });

  it('returns null when the annotations did not change, and the slots again after invalidate()', () => {
    const layout = new AnnotationSlotLayout();
    expect(layout.layout({ p: point(1) })).not.toBeNull();
    expect(layout.layout({ p: point(1) })).toBeNull();
    expect(layout.layout({ p: point(2) })).not.toBeNull();
    layout.invalidate();
    expect(layout.layout({ p: point(2) })).not.toBeNull();
    expect(() => new AnnotationSlotLayout(0)).toThrow(RangeError);
  });
});
