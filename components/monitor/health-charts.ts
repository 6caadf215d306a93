/**
 * The monitor's three health panels on Chart.js (shared line-chart helper): latency p50 / p95 / p99
 * (ms), error rate by kind (share of each window's requests), and volume (requests per simulated
 * second). Every line has a fixed colour (never the page's accent) and its own dash pattern and point
 * shape (series-style.ts), so p50 / p95 / p99 and the error kinds differ without colour too. `show()` replaces the points and
 * redraws with `update('none')`: no animation while streaming.
 */
import { createLineChart, type LineChart, type SeriesStyle } from '../shared/line-chart';
import { seriesLook } from './series-style';
import type { HealthData, HealthLine } from './health-history';

/** Colours of the panels' text and grid (the lines' own colours are fixed). */
export interface HealthChartTheme {
  text: string;
  grid: string;
  font: string;
}

/** The canvases of the three panels. */
export interface HealthCanvases {
  latency: HTMLCanvasElement;
  errors: HTMLCanvasElement;
  volume: HTMLCanvasElement;
}

const X_TITLE = 'Requests sent (stream position)';

/** The three panels, in page order. */
export const HEALTH_PANELS = ['latency', 'errors', 'volume'] as const;

/** One of the health panels. */
export type HealthPanel = (typeof HEALTH_PANELS)[number];

/**
 * The three health charts of one monitor element. Each panel's chart is made on its own (`create`),
 * so a page can spread the three over separate frames, and drawn on its own (`showPanel`).
 */
export class HealthCharts {
  private readonly charts: Partial<Record<HealthPanel, LineChart>> = {};

  constructor(
    private readonly canvases: HealthCanvases,
    private readonly theme: HealthChartTheme,
    private readonly kinds: readonly string[],
  ) {}

  /** Makes the chart of `panel` (once). */
  create(panel: HealthPanel): void {
    if (this.charts[panel]) return;
    const theme = this.theme;
    const base = { xTitle: X_TITLE, textColor: theme.text, gridColor: theme.grid, font: theme.font };
    const styles = (labels: readonly string[]): SeriesStyle[] =>
      labels.map((label, i) => {
        const look = seriesLook(i);
        return { label, color: look.colour, dash: look.dash, point: look.point };
      });
    const canvas = this.canvases[panel];
    if (panel === 'latency') this.charts.latency = createLineChart(canvas, { ...base, series: styles(['p50', 'p95', 'p99']), yTitle: 'Latency (ms)', yMin: 0, format: (v) => `${v.toFixed(2)} ms` });
    else if (panel === 'errors') this.charts.errors = createLineChart(canvas, { ...base, series: styles(this.kinds), yTitle: 'Error rate', yMin: 0, format: (v) => `${Math.round(v * 1000) / 10}%` });
    else this.charts.volume = createLineChart(canvas, { ...base, series: styles(['requests per second']), yTitle: 'Requests / simulated s', yMin: 0, format: (v) => v.toFixed(1) });
  }

  /** True once the chart of `panel` exists. */
  has(panel: HealthPanel): boolean {
    return this.charts[panel] !== undefined;
  }

  /** Plots `data` (replacing what was shown) on every panel made so far, without animation. */
  show(data: HealthData): void {
    for (const panel of HEALTH_PANELS) this.showPanel(panel, data);
  }

  /** Plots the lines of `panel` from `data` (replacing what was shown), without animation. */
  showPanel(panel: HealthPanel, data: HealthData): void {
    const chart = this.charts[panel];
    if (!chart) return;
    const lines: readonly HealthLine[] = data[panel];
    chart.data.datasets.forEach((dataset, i) => {
      const points = lines[i]?.points ?? [];
      dataset.data = points;
      dataset.pointRadius = points.length > 120 ? 0 : 2;
    });
    const x = chart.options.scales?.x;
    if (x) {
      x.min = 0;
      x.max = Math.max(data.position, 1);
    }
    chart.update('none');
  }

  /** Destroys the charts (the canvases stay). */
  destroy(): void {
    for (const panel of HEALTH_PANELS) {
      this.charts[panel]?.destroy();
      delete this.charts[panel];
    }
  }
}
