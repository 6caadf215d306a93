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

/** The three health charts of one monitor element. */
export class HealthCharts {
  private readonly latency: LineChart;
  private readonly errors: LineChart;
  private readonly volume: LineChart;

  constructor(canvases: HealthCanvases, theme: HealthChartTheme, kinds: readonly string[]) {
    const base = { xTitle: X_TITLE, textColor: theme.text, gridColor: theme.grid, font: theme.font };
    const styles = (labels: readonly string[]): SeriesStyle[] =>
      labels.map((label, i) => {
        const look = seriesLook(i);
        return { label, color: look.colour, dash: look.dash, point: look.point };
      });
    this.latency = createLineChart(canvases.latency, { ...base, series: styles(['p50', 'p95', 'p99']), yTitle: 'Latency (ms)', yMin: 0, format: (v) => `${v.toFixed(2)} ms` });
    this.errors = createLineChart(canvases.errors, { ...base, series: styles(kinds), yTitle: 'Error rate', yMin: 0, format: (v) => `${Math.round(v * 1000) / 10}%` });
    this.volume = createLineChart(canvases.volume, { ...base, series: styles(['requests per second']), yTitle: 'Requests / simulated s', yMin: 0, format: (v) => v.toFixed(1) });
  }

  /** Plots `data` (replacing what was shown) without animation. */
  show(data: HealthData): void {
    const put = (chart: LineChart, lines: readonly HealthLine[]) => {
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
    };
    put(this.latency, data.latency);
    put(this.errors, data.errors);
    put(this.volume, data.volume);
  }

  /** Destroys the charts (the canvases stay). */
  destroy(): void {
    this.latency.destroy();
    this.errors.destroy();
    this.volume.destroy();
  }
}
