/**
 * The monitor's markers and ground-truth bands as chartjs-plugin-annotation options. Shapes differ
 * by more than colour: drift alarms are triangles at the bottom, alerts diamonds at the top (hollow
 * once resolved), retrain / deploy / rollback / incident vertical lines with their version written
 * on them (dotted, solid, dashed, dash-dot), the ground truth a shaded band (the transition darker).
 * Pure: builds plain option objects; no Chart.js instance needed.
 */
import type { AnnotationOptions } from 'chartjs-plugin-annotation';
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

/** Where each kind writes its label along the line, so a retrain and its deploy at one position do not overlap. */
const LABEL_AT: Record<Extract<MarkerKind, 'retrain' | 'deploy' | 'rollback' | 'incident'>, 'start' | 'center' | 'end'> = {
  retrain: 'start',
  deploy: 'end',
  rollback: 'center',
  incident: 'center',
};

const LINE_DASH: Record<Extract<MarkerKind, 'retrain' | 'deploy' | 'rollback' | 'incident'>, number[]> = {
  retrain: [2, 3],
  deploy: [],
  rollback: [8, 4],
  incident: [8, 3, 2, 3],
};

/** Markers drawn on the chart at most (the most recent; the table and `chartData` keep more). */
export const DRAWN_MARKERS = 40;

/** The annotation options of `data`, keyed by a stable id (bands first, so they are drawn under the lines). */
export function buildAnnotations(data: MonitorData, theme: MarkerTheme): Record<string, AnnotationOptions> {
  const out: Record<string, AnnotationOptions> = {};
  const font = { family: theme.font, size: 11 };
  data.truth.forEach((band, i) => {
    out[`truth-${i}`] = {
      type: 'box',
      drawTime: 'beforeDatasetsDraw',
      adjustScaleRange: false,
      xMin: band.from,
      xMax: Math.max(band.to, band.from + 1),
      backgroundColor: theme.truth,
      borderWidth: 0,
      label: { display: true, content: bandName(band), position: { x: 'start', y: 'start' }, color: theme.text, font },
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
        out[id] = { type: 'point', adjustScaleRange: false, xValue: m.x, yValue: 0.03, pointStyle: 'triangle', radius: 6, backgroundColor: theme.drift, borderColor: theme.surface, borderWidth: 1 };
        break;
      case 'alert':
      case 'alert-resolved':
        out[id] = {
          type: 'point',
          adjustScaleRange: false,
          xValue: m.x,
          yValue: 0.97,
          pointStyle: 'rectRot',
          radius: 6,
          backgroundColor: m.kind === 'alert' ? theme.alert : theme.surface,
          borderColor: theme.alert,
          borderWidth: 2,
        };
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
          label: { display: true, content: m.label, position: LABEL_AT[m.kind], rotation: -90, color: theme.surface, backgroundColor: theme[m.kind], font, padding: 3 },
        };
    }
  });
  return out;
}
