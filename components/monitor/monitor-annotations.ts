/**
 * The monitor's markers and ground-truth bands as chartjs-plugin-annotation options, and the labels
 * and glyphs of the lane above the plot (label-lane.ts). Shapes differ by more than colour: drift
 * alarms are triangles at the bottom (filled: on the error rate; hollow: on the confidence), retrain /
 * deploy / rollback / incident vertical lines (dotted, solid, dashed, dash-dot), the ground truth a
 * shaded band (the transition darker). No label is drawn inside the plot: the lines' version names,
 * the bands' names and the alert diamonds (hollow once resolved) sit in the lane above it.
 * Pure: builds plain option objects; no Chart.js instance needed.
 */
import type { AnnotationOptions } from 'chartjs-plugin-annotation';
import type { LaneItem } from './label-lane';
import type { MonitorData } from './monitor-history';
import type { MarkerKind } from './monitor-markers';
import { bandName } from './truth-bands';

/** Colours of the annotations (canvas cannot read CSS custom properties by itself). */
export interface MarkerTheme {
  text: string;
  surface: string;
  drift: string;
  alert: string;
  retrain: string;
  deploy: string;
  rollback: string;
  incident: string;
  /** Fill of the ground-truth band (translucent) and of its transition part. */
  truth: string;
  truthTransition: string;
  font: string;
}

const LINE_DASH: Record<Extract<MarkerKind, 'retrain' | 'deploy' | 'rollback' | 'incident'>, number[]> = {
  retrain: [2, 3],
  deploy: [],
  rollback: [8, 4],
  incident: [8, 3, 2, 3],
};

/** Markers drawn on the chart at most (the most recent; the table and `chartData` keep more). */
export const DRAWN_MARKERS = 40;

/**
 * The annotation options of `data`, keyed by a stable id (bands first, so they are drawn under the
 * lines). Alerts are not among them: they are glyphs of the lane (`laneItems`).
 */
export function buildAnnotations(data: MonitorData, theme: MarkerTheme): Record<string, AnnotationOptions> {
  const out: Record<string, AnnotationOptions> = {};
  data.truth.forEach((band, i) => {
    out[`truth-${i}`] = {
      type: 'box',
      drawTime: 'beforeDatasetsDraw',
      adjustScaleRange: false,
      xMin: band.from,
      xMax: Math.max(band.to, band.from + 1),
      backgroundColor: theme.truth,
      borderWidth: 0,
    };
    if (band.transitionEnd > band.from) {
      out[`truth-${i}-transition`] = { type: 'box', drawTime: 'beforeDatasetsDraw', adjustScaleRange: false, xMin: band.from, xMax: band.transitionEnd, backgroundColor: theme.truthTransition, borderWidth: 0 };
    }
  });
  const first = Math.max(0, data.markers.length - DRAWN_MARKERS);
  data.markers.slice(first).forEach((m, j) => {
    const id = `marker-${first + j}`;
    switch (m.kind) {
      case 'drift':
        out[id] =
          m.source === 'confidence'
            ? { type: 'point', adjustScaleRange: false, xValue: m.x, yValue: 0.03, pointStyle: 'triangle', radius: 6, backgroundColor: theme.surface, borderColor: theme.drift, borderWidth: 2 }
            : { type: 'point', adjustScaleRange: false, xValue: m.x, yValue: 0.03, pointStyle: 'triangle', radius: 6, backgroundColor: theme.drift, borderColor: theme.surface, borderWidth: 1 };
        break;
      case 'alert':
      case 'alert-resolved':
        break;
      default:
        out[id] = {
          type: 'line',
          adjustScaleRange: false,
          scaleID: 'x',
          value: m.x,
          borderColor: theme[m.kind],
          borderWidth: 2,
          borderDash: LINE_DASH[m.kind],
        };
    }
  });
  return out;
}

/**
 * What the lane above the plot shows: each band's name (from its start), each drawn line's label
 * (centred on it) and each alert as a diamond (filled when raised, hollow when resolved).
 */
export function laneItems(data: MonitorData, theme: MarkerTheme): LaneItem[] {
  const out: LaneItem[] = data.truth.map((band) => ({ x: band.from, text: bandName(band), colour: theme.truthTransition, textColour: theme.text, align: 'start' as const }));
  for (const m of data.markers.slice(-DRAWN_MARKERS)) {
    if (m.kind === 'alert' || m.kind === 'alert-resolved') out.push({ x: m.x, glyph: m.kind === 'alert' ? 'diamond' : 'diamond-hollow', colour: theme.alert });
    else if (m.kind !== 'drift') out.push({ x: m.x, text: m.label, colour: theme[m.kind], textColour: theme.surface, align: 'center' });
  }
  return out;
}
