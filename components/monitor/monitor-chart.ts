/**
 * The monitor's Chart.js chart: one line per (kind, production version) — realized solid with
 * round points, estimated dashed with diamond points, a colour per version — plus the annotation
 * plugin's markers and bands. Tree-shaken registration; never animates; `show()` replaces the
 * datasets and annotations and redraws with `update('none')`.
 */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';
import { positionAxis, streamChartBase } from '../shared/stream-chart';
import type { PlotPoint } from './decimate';
import { slotAnnotations } from './annotation-slots';
import { buildAnnotations, type MarkerTheme } from './monitor-annotations';
import { EARLIER_VERSIONS, type MonitorData } from './monitor-history';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, annotationPlugin);

/** Colours of the chart: text, grid, and one colour per version (cycled). */
export interface MonitorChartTheme extends MarkerTheme {
  grid: string;
  versions: readonly string[];
}

type MonitorChartJs = Chart<'line', PlotPoint[]>;

/** Colour of the line that folds the earlier versions together. */
const EARLIER_COLOUR = '#8c959f';

/** Versions named in the legend (the most recent ones). */
const LEGEND_VERSIONS = 4;

function versionOfDataset(dataset: unknown): string {
  const v = (dataset as { version?: unknown } | undefined)?.version;
  return typeof v === 'string' ? v : '';
}

/** The chart of one monitor element. */
export class MonitorChart {
  private readonly chart: MonitorChartJs;
  private readonly colours = new Map<string, string>();
  /** Versions named in the legend: the last few (a long run with many retrains would fill the chart with legend entries). */
  private legendVersions = new Set<string>();

  constructor(
    canvas: HTMLCanvasElement,
    private readonly theme: MonitorChartTheme,
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
          y: { type: 'linear', min: 0, max: 1, title: { display: true, text: 'Accuracy', color: theme.text, font }, ticks: { ...tick, callback: (v) => `${Math.round(Number(v) * 100)}%` }, grid: { color: theme.grid } },
        },
        plugins: {
          legend: { labels: { color: theme.text, font, usePointStyle: true, filter: (item, data) => this.legendVersions.has(versionOfDataset(data.datasets[item.datasetIndex ?? -1])) } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${Math.round((item.parsed.y ?? NaN) * 1000) / 10}%` } },
          annotation: { annotations: {} },
        },
      },
    });
  }

  /** The colour of a version (stable for the run); the folded earlier versions are grey. */
  colourOf(version: string): string {
    if (version === EARLIER_VERSIONS) return EARLIER_COLOUR;
    let colour = this.colours.get(version);
    if (!colour) {
      colour = this.theme.versions[this.colours.size % this.theme.versions.length] ?? this.theme.text;
      this.colours.set(version, colour);
    }
    return colour;
  }

  /** Plots `data` (replacing what was shown) without animation. */
  show(data: MonitorData): void {
    const versions = [...new Set(data.lines.map((l) => l.version))];
    this.legendVersions = new Set(versions.slice(-LEGEND_VERSIONS));
    this.chart.data.datasets = data.lines.map((line) => {
      const colour = this.colourOf(line.version);
      const estimated = line.kind === 'estimated';
      return {
        label: line.label,
        version: line.version,
        data: line.points,
        borderColor: colour,
        backgroundColor: estimated ? 'transparent' : colour,
        pointBorderColor: colour,
        borderWidth: 2,
        borderDash: estimated ? [6, 4] : [],
        pointRadius: line.points.length > 120 ? 0 : 2,
        pointStyle: estimated ? 'rectRot' : 'circle',
      };
    });
    const annotation = this.chart.options.plugins?.annotation;
    if (annotation) annotation.annotations = slotAnnotations(buildAnnotations(data, this.theme));
    const x = this.chart.options.scales?.x;
    if (x) x.max = Math.max(data.position, 1);
    this.chart.update('none');
  }

  /** Forgets the versions' colours (a new run: its v1 gets the first colour again). */
  reset(): void {
    this.colours.clear();
  }

  /** Destroys the chart (the canvas stays). */
  destroy(): void {
    this.chart.destroy();
  }
}
