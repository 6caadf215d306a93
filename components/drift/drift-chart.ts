/**
 * The detectors' timeline chart (Chart.js; markers drawn by marker-layer.ts): each detector's score over the stream
 * on an axis of its own (drift-axes.ts), its drift level as a dotted line and its warning level as a
 * finer dotted one; drift alarms as filled markers on the drift level, warnings as hollow markers on
 * the warning level (one shape per detector); the ground-truth drift shaded as on the monitor chart,
 * its name in the lane above the plot (never over the lines). Colours are fixed (never the page's
 * accent). The legend, under the plot, names each line, each level and the two kinds of marker.
 * Never animates; `show()` replaces the data and redraws with `update('none')`; the axes are rebuilt only
 * when the detectors drawn change (otherwise only the x axis's end moves).
 */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type LegendItem } from 'chart.js';
import type { AnnotationOptions } from 'chartjs-plugin-annotation';
import { positionAxis, streamChartBase } from '../shared/stream-chart';
import type { DetectorKind } from '../../src/monitoring/detectors/types';
import type { PlotPoint } from '../monitor/decimate';
import { markerLayer } from '../monitor/marker-layer';
import { buildAnnotations, DRAWN_MARKERS, laneItems, type MarkerTheme } from '../monitor/monitor-annotations';
import { lanePlugin, laneHeight, type LaneItem, type LaneState } from '../monitor/label-lane';
import { SERIES_COLOURS } from '../monitor/series-style';
import { alarmMarks, axisId, DETECTOR_SHAPES, scoreAxes } from './drift-axes';
import { DETECTOR_NAMES, type DriftTimeline } from './drift-history';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

/** Colours of the chart (detector colours are fixed: SERIES_COLOURS). */
export type DriftChartTheme = MarkerTheme & { grid: string };

/** The timeline chart of one drift element. */
export class DriftChart {
  private readonly chart: Chart<'line', PlotPoint[]>;
  private readonly order = new Map<DetectorKind, number>();
  /** The markers, levels and bands drawn (annotation options, see marker-layer.ts). */
  private marks: Record<string, AnnotationOptions> = {};
  /** What the y axes were built from (they are rebuilt only when it changes). */
  private axesKey = '';
  private lane: LaneItem[] = [];
  private readonly laneState: LaneState;
  private extraLegend: LegendItem[] = [];

  constructor(
    canvas: HTMLCanvasElement,
    private readonly theme: DriftChartTheme,
  ) {
    const font = { family: theme.font };
    const lane = lanePlugin({ items: () => this.lane, rows: 1, font: theme.font });
    this.laneState = lane.state;
    this.chart = new Chart<'line', PlotPoint[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      plugins: [markerLayer(() => this.marks), lane],
      options: {
        ...streamChartBase(),
        layout: { padding: { top: laneHeight({ rows: 1 }) } },
        scales: { x: positionAxis({ text: theme.text, grid: theme.grid, font: theme.font }, undefined, 0) },
        plugins: {
          legend: {
            position: 'bottom',
            labels: {
              color: theme.text,
              font,
              usePointStyle: true,
              generateLabels: (chart) => [...Chart.defaults.plugins.legend.labels.generateLabels(chart), ...this.extraLegend],
            },
          },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${(item.parsed.y ?? NaN).toFixed(3)}` } },
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

  /** The y axes drawn now: id and title. */
  get axes(): { id: string; title: string }[] {
    return Object.entries(this.chart.options.scales ?? {})
      .filter(([id]) => id !== 'x')
      .map(([id, s]) => ({ id, title: String((s as { title?: { text?: unknown } }).title?.text ?? '') }));
  }

  /** The lane's labels placed at the last draw, and those left out. */
  get laneLabels(): LaneState {
    return this.laneState;
  }

  /** The legend's texts now (lines first, then levels and markers). */
  get legendTexts(): string[] {
    return [...this.chart.data.datasets.map((d) => String(d.label ?? '')), ...this.extraLegend.map((i) => i.text)];
  }

  /** Plots `t` (replacing what was shown) without animation. */
  show(t: DriftTimeline): void {
    const theme = this.theme;
    const colour = (d: DetectorKind) => SERIES_COLOURS[this.indexOf(d) % SERIES_COLOURS.length] as string;
    const shape = (d: DetectorKind) => DETECTOR_SHAPES[this.indexOf(d) % DETECTOR_SHAPES.length] ?? 'circle';
    const font = { family: theme.font };
    const tick = { color: theme.text, font };
    const axes = scoreAxes(t.lines);
    const axesKey = JSON.stringify(axes);
    const x = this.chart.options.scales?.x;
    if (axesKey !== this.axesKey || !x) {
      this.axesKey = axesKey;
      const scales: Record<string, unknown> = { x: { ...positionAxis({ text: theme.text, grid: theme.grid, font: theme.font }, undefined, 0), max: Math.max(t.position, 1) } };
      for (const axis of axes) {
        scales[axis.id] = {
          type: 'linear',
          position: axis.position,
          min: axis.min,
          ...(axis.suggestedMax !== undefined ? { suggestedMax: axis.suggestedMax } : {}),
          title: { display: true, text: axis.title, color: theme.text, font },
          ticks: { ...tick, ...(axis.percent ? { callback: (v: string | number) => `${Math.round(Number(v) * 1000) / 10}%` } : {}) },
          grid: axis.grid ? { color: theme.grid } : { drawOnChartArea: false },
        };
      }
      this.chart.options.scales = scales as NonNullable<typeof this.chart.options.scales>;
    } else x.max = Math.max(t.position, 1);
    this.chart.data.datasets = t.lines.map((line) => ({
      label: line.label,
      data: line.points,
      yAxisID: axisId(line.detector),
      borderColor: colour(line.detector),
      backgroundColor: colour(line.detector),
      pointBorderColor: colour(line.detector),
      borderWidth: 2,
      borderDash: this.indexOf(line.detector) % 2 === 1 ? [6, 4] : [],
      pointRadius: line.points.length > 120 ? 0 : 2,
      pointStyle: shape(line.detector),
    }));
    const annotations: Record<string, AnnotationOptions> = buildAnnotations({ position: t.position, windowSize: null, lines: [], markers: [], truth: t.truth, decimated: false }, theme);
    this.lane = laneItems({ position: t.position, windowSize: null, lines: [], markers: [], truth: t.truth, decimated: false }, theme);
    const extra: LegendItem[] = [];
    for (const line of t.lines) {
      const name = DETECTOR_NAMES[line.detector];
      if (line.threshold !== null) {
        annotations[`threshold-${line.detector}`] = { type: 'line', scaleID: axisId(line.detector), value: line.threshold, borderColor: colour(line.detector), borderWidth: 1.5, borderDash: [2, 3] };
        extra.push({ text: `${name} drift level (${line.threshold})`, fillStyle: 'transparent', strokeStyle: colour(line.detector), lineWidth: 1.5, lineDash: [2, 3], pointStyle: 'line', fontColor: theme.text, hidden: false });
      }
      if (line.warning !== null) {
        annotations[`warning-${line.detector}`] = { type: 'line', scaleID: axisId(line.detector), value: line.warning, borderColor: colour(line.detector), borderWidth: 1, borderDash: [1, 5] };
        extra.push({ text: `${name} warning level (${Math.round(line.warning * 100) / 100})`, fillStyle: 'transparent', strokeStyle: colour(line.detector), lineWidth: 1, lineDash: [1, 5], pointStyle: 'line', fontColor: theme.text, hidden: false });
      }
    }
    const marks = alarmMarks(t.lines, t.alarms, t.warnings, DRAWN_MARKERS);
    marks.forEach((m, j) => {
      annotations[`alarm-${j}`] = {
        type: 'point',
        adjustScaleRange: false,
        xValue: m.x,
        yScaleID: m.axis,
        yValue: m.y,
        ...(m.atFoot ? { yAdjust: -7 } : {}),
        pointStyle: m.shape,
        radius: m.filled ? 6 : 5,
        backgroundColor: m.filled ? colour(m.detector) : theme.surface,
        borderColor: m.filled ? theme.surface : colour(m.detector),
        borderWidth: m.filled ? 1 : 2,
      };
    });
    if (t.lines.length) {
      extra.push({ text: 'drift alarm (filled, on the drift level)', fillStyle: theme.text, strokeStyle: theme.text, lineWidth: 1, pointStyle: 'triangle', fontColor: theme.text, hidden: false });
      if (t.lines.some((l) => l.warning !== null)) extra.push({ text: 'warning (hollow, on the warning level)', fillStyle: 'transparent', strokeStyle: theme.text, lineWidth: 2, pointStyle: 'triangle', fontColor: theme.text, hidden: false });
    }
    this.extraLegend = extra;
    this.marks = annotations;
    this.chart.update('none');
  }

  /** Destroys the chart (the canvas stays). */
  destroy(): void {
    this.chart.destroy();
  }
}
