/**
 * Small streaming line charts on Chart.js, tree-shaken: only the line controller, its elements, a
 * linear scale, the legend and tooltips are registered. Charts never animate; call `update('none')`
 * after appending points.
 */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type PointStyle } from 'chart.js';
import { positionAxis, streamChartBase } from './stream-chart';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

/** One line of a chart. */
export interface SeriesStyle {
  label: string;
  color: string;
  /** Dashed line and hollow points, so series differ by more than colour. */
  dashed?: boolean;
  /** The line's dash pattern (overrides `dashed`'s; [] = solid). */
  dash?: number[];
  /** The points' shape (overrides `dashed`'s). */
  point?: PointStyle;
}

/** How a chart looks. */
export interface LineChartOptions {
  series: SeriesStyle[];
  xTitle: string;
  yTitle: string;
  /** Fixed bounds of the y axis (e.g. 0..1 for accuracy); free when omitted. */
  yMin?: number;
  yMax?: number;
  /** Formats y values in ticks (default: Chart.js's own) and tooltips (default: 3 decimals). */
  format?: (value: number) => string;
  /** Where the legend sits (default top). */
  legendPosition?: 'top' | 'bottom';
  /** Colour of text and grid lines, and the font family. */
  textColor: string;
  gridColor: string;
  font: string;
}

/** A point of a line. */
export interface Point {
  x: number;
  y: number;
}

/** A line chart whose datasets hold `{x, y}` points. */
export type LineChart = Chart<'line', Point[]>;

/** Creates a line chart on a canvas whose parent sets the size. */
export function createLineChart(canvas: HTMLCanvasElement, options: LineChartOptions): LineChart {
  const format = options.format ?? ((v: number) => v.toFixed(3));
  const tickFormat = options.format;
  const font = { family: options.font };
  return new Chart<'line', Point[]>(canvas, {
    type: 'line',
    data: {
      datasets: options.series.map((s) => ({
        label: s.label,
        data: [],
        borderColor: s.color,
        backgroundColor: s.dashed ? 'transparent' : s.color,
        pointBorderColor: s.color,
        borderWidth: 2,
        borderDash: s.dash ?? (s.dashed ? [6, 4] : []),
        pointRadius: 2,
        pointStyle: s.point ?? (s.dashed ? 'rectRot' : 'circle'),
      })),
    },
    options: {
      ...streamChartBase(),
      scales: {
        x: positionAxis({ text: options.textColor, grid: options.gridColor, font: options.font }, options.xTitle),
        y: {
          type: 'linear',
          ...(options.yMin !== undefined ? { min: options.yMin } : {}),
          ...(options.yMax !== undefined ? { max: options.yMax } : {}),
          title: { display: true, text: options.yTitle, color: options.textColor, font },
          ticks: { color: options.textColor, font, ...(tickFormat ? { callback: (v: string | number) => tickFormat(Number(v)) } : {}) },
          grid: { color: options.gridColor },
        },
      },
      plugins: {
        legend: { position: options.legendPosition ?? 'top', labels: { color: options.textColor, font, usePointStyle: true, boxWidth: 10, boxHeight: 10 } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${format(item.parsed.y ?? NaN)}` } },
      },
    },
  });
}

/** Appends one x with a y per series (an undefined y leaves that series without a point). */
export function appendPoint(chart: LineChart, x: number, ys: readonly (number | undefined)[]): void {
  chart.data.datasets.forEach((dataset, i) => {
    const y = ys[i];
    if (y !== undefined && Number.isFinite(y)) dataset.data.push({ x, y });
  });
}

/** Removes every point. */
export function clearChart(chart: LineChart): void {
  for (const dataset of chart.data.datasets) dataset.data.length = 0;
}
