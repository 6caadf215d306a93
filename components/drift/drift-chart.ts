/**
 * The detectors' timeline chart (Chart.js + annotation plugin): each detector's score over the stream
 * — ADWIN's window error rate on the left axis, DDM's σ level on the right one, with its drift level
 * as a dashed line — alarms as markers at the foot (a triangle for the first detector, a diamond for
 * the second, ...), and the ground-truth drift shaded as on the monitor chart (its annotation helper).
 * Never animates; `show()` replaces the data and redraws with `update('none')`.
 */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type PointStyle } from 'chart.js';
import annotationPlugin, { type AnnotationOptions } from 'chartjs-plugin-annotation';
import { positionAxis, streamChartBase } from '../shared/stream-chart';
import type { DetectorKind } from '../../src/monitoring/detectors/types';
import type { PlotPoint } from '../monitor/decimate';
import { slotAnnotations } from '../monitor/annotation-slots';
import { buildAnnotations, DRAWN_MARKERS, type MarkerTheme } from '../monitor/monitor-annotations';
import { DETECTOR_NAMES, type DriftTimeline } from './drift-history';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, annotationPlugin);

/** Colours of the chart. */
export interface DriftChartTheme extends MarkerTheme {
  grid: string;
  /** One colour per detector, in the order the Lab lists them (cycled). */
  detectors: readonly string[];
}

/** Marker shapes per detector, in order: shape tells detectors apart without colour. */
const SHAPES: readonly PointStyle[] = ['triangle', 'rectRot', 'rect', 'star', 'crossRot', 'circle'];

/** The timeline chart of one drift element. */
export class DriftChart {
  private readonly chart: Chart<'line', PlotPoint[]>;
  private readonly order = new Map<DetectorKind, number>();

  constructor(
    canvas: HTMLCanvasElement,
    private readonly theme: DriftChartTheme,
  ) {
    const font = { family: theme.font };
    const tick = { color: theme.text, font };
    this.chart = new Chart<'line', PlotPoint[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        ...streamChartBase(),
        scales: {
          x: positionAxis({ text: theme.text, grid: theme.grid, font: theme.font }, undefined, 0),
          rate: { type: 'linear', position: 'left', min: 0, title: { display: true, text: 'Error rate (ADWIN window)', color: theme.text, font }, ticks: { ...tick, callback: (v) => `${Math.round(Number(v) * 1000) / 10}%` }, grid: { color: theme.grid } },
          sigma: { type: 'linear', position: 'right', min: 0, suggestedMax: 4, title: { display: true, text: 'DDM level (σ)', color: theme.text, font }, ticks: tick, grid: { drawOnChartArea: false } },
        },
        plugins: {
          legend: { labels: { color: theme.text, font, usePointStyle: true } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${(item.parsed.y ?? NaN).toFixed(3)}` } },
          annotation: { annotations: {} },
        },
      },
    });
  }

  /** The index of a detector (stable for the chart's life): its colour and marker shape. */
  indexOf(detector: DetectorKind): number {
    let i = this.order.get(detector);
    if (i === undefined) {
      i = this.order.size;
      this.order.set(detector, i);
    }
    return i;
  }

  /** Plots `t` (replacing what was shown) without animation. */
  show(t: DriftTimeline): void {
    const colour = (d: DetectorKind) => this.theme.detectors[this.indexOf(d) % this.theme.detectors.length] ?? this.theme.text;
    this.chart.data.datasets = t.lines.map((line) => ({
      label: line.label,
      data: line.points,
      yAxisID: line.axis,
      borderColor: colour(line.detector),
      backgroundColor: colour(line.detector),
      pointBorderColor: colour(line.detector),
      borderWidth: 2,
      borderDash: line.axis === 'sigma' ? [6, 4] : [],
      pointRadius: line.points.length > 120 ? 0 : 2,
      pointStyle: SHAPES[this.indexOf(line.detector) % SHAPES.length] ?? 'circle',
    }));
    const annotations: Record<string, AnnotationOptions> = buildAnnotations({ position: t.position, windowSize: null, lines: [], markers: [], truth: t.truth, decimated: false }, this.theme);
    for (const line of t.lines) {
      if (line.threshold === null) continue;
      annotations[`threshold-${line.detector}`] = {
        type: 'line',
        scaleID: line.axis,
        value: line.threshold,
        borderColor: colour(line.detector),
        borderWidth: 1,
        borderDash: [2, 3],
        label: { display: true, content: `${DETECTOR_NAMES[line.detector]} drift level`, position: 'start', color: this.theme.surface, backgroundColor: colour(line.detector), font: { family: this.theme.font, size: 11 }, padding: 2 },
      };
    }
    // The most recent alarms only (each is an annotation element; a long run raises hundreds).
    const first = Math.max(0, t.alarms.length - DRAWN_MARKERS);
    t.alarms.slice(first).forEach((a, j) => {
      annotations[`alarm-${first + j}`] = {
        type: 'point',
        adjustScaleRange: false,
        xValue: a.position,
        yScaleID: 'sigma',
        yValue: 0.12,
        pointStyle: SHAPES[this.indexOf(a.detector) % SHAPES.length] ?? 'triangle',
        radius: 6,
        backgroundColor: colour(a.detector),
        borderColor: this.theme.surface,
        borderWidth: 1,
      };
    });
    const annotation = this.chart.options.plugins?.annotation;
    if (annotation) annotation.annotations = slotAnnotations(annotations);
    const x = this.chart.options.scales?.x;
    if (x) x.max = Math.max(t.position, 1);
    this.chart.update('none');
  }

  /** Destroys the chart (the canvas stays). */
  destroy(): void {
    this.chart.destroy();
  }
}
