/**
 * The monitor's Chart.js chart: one line per (kind, production version) — realized solid with
 * round points, estimated dashed with diamond points, a fixed colour per version — plus the
 * markers and bands (annotation options drawn by marker-layer.ts), and a lane above the plot for the labels and alert glyphs
 * (nothing is written over the data). The legend, under the plot, names every version drawn and
 * each kind of line; clicking an entry hides or shows that version or kind. Tree-shaken registration;
 * never animates; `show()` replaces the datasets and markers and redraws with `update('none')`.
 */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { AnnotationOptions } from 'chartjs-plugin-annotation';
import { positionAxis, streamChartBase } from '../shared/stream-chart';
import type { PlotPoint } from './decimate';
import { markerLayer } from './marker-layer';
import { buildAnnotations, laneItems, type MarkerTheme } from './monitor-annotations';
import { EARLIER_VERSIONS, type MonitorData } from './monitor-history';
import { lanePlugin, laneHeight, type LaneItem, type LaneState } from './label-lane';
import { legendEntries, type LegendEntry } from './monitor-legend';
import { EARLIER_COLOUR } from './series-style';
import { markersNear, type MonitorMarker } from './monitor-markers';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

/** Colours of the chart: text, grid, and one colour per version (cycled). */
export interface MonitorChartTheme extends MarkerTheme {
  grid: string;
  versions: readonly string[];
}

type MonitorChartJs = Chart<'line', PlotPoint[]>;

/** Label rows of the lane above the plot (under its glyph row). */
const LANE_ROWS = 2;

/** The monitor chart's axes: 'x' (stream position) and 'y' (accuracy, 0 to 1). */
export function monitorScales(theme: MonitorChartTheme) {
  const font = { family: theme.font };
  return {
    x: positionAxis({ text: theme.text, grid: theme.grid, font: theme.font }, undefined, 0),
    y: { type: 'linear' as const, min: 0, max: 1, title: { display: true, text: 'Accuracy', color: theme.text, font }, ticks: { color: theme.text, font, callback: (v: string | number) => `${Math.round(Number(v) * 100)}%` }, grid: { color: theme.grid } },
  };
}

/** The chart of one monitor element. */
export class MonitorChart {
  private readonly chart: MonitorChartJs;
  private readonly colours = new Map<string, string>();
  private entries: LegendEntry[] = [];
  private markers: readonly MonitorMarker[] = [];
  private hoverSpan = 50;
  private lane: LaneItem[] = [];
  private readonly laneState: LaneState;
  /** Versions and kinds the learner hid by clicking the legend. */
  private readonly hidden = new Set<string>();
  /** The markers and bands drawn (annotation options, see marker-layer.ts). */
  private marks: Record<string, AnnotationOptions> = {};

  constructor(
    canvas: HTMLCanvasElement,
    private readonly theme: MonitorChartTheme,
  ) {
    const font = { family: theme.font };
    const lane = lanePlugin({ items: () => this.lane, rows: LANE_ROWS, glyphs: true, font: theme.font });
    this.laneState = lane.state;
    this.chart = new Chart<'line', PlotPoint[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      plugins: [markerLayer(() => this.marks), lane],
      options: {
        ...streamChartBase(),
        layout: { padding: { top: laneHeight({ rows: LANE_ROWS, glyphs: true }) } },
        scales: monitorScales(theme),
        plugins: {
          legend: {
            position: 'bottom',
            labels: {
              color: theme.text,
              font,
              usePointStyle: true,
              generateLabels: () =>
                this.entries.map((e, i) => ({
                  text: e.text,
                  datasetIndex: i,
                  fillStyle: e.point === 'line' ? e.colour : 'transparent',
                  strokeStyle: e.colour,
                  fontColor: theme.text,
                  lineWidth: 2,
                  lineDash: e.dash,
                  pointStyle: e.point,
                  hidden: this.hidden.has(e.version ?? `kind:${e.kind ?? ''}`),
                })),
            },
            onClick: (_event, item) => {
              const e = this.entries[item.datasetIndex ?? -1];
              if (!e) return;
              const key = e.version ?? `kind:${e.kind ?? ''}`;
              if (this.hidden.has(key)) this.hidden.delete(key);
              else this.hidden.add(key);
              this.applyHidden();
              this.chart.update('none');
            },
          },
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label ?? ''}: ${Math.round((item.parsed.y ?? NaN) * 1000) / 10}%`,
              // Markers near the hovered position, so every label can be read on hover too.
              footer: (items) => {
                const x = items[0]?.parsed.x;
                return x === undefined || x === null ? [] : markersNear(this.markers, x, this.hoverSpan);
              },
            },
          },
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

  /** The legend's entries now: every version drawn, then each kind of line. */
  get legend(): readonly LegendEntry[] {
    return this.entries;
  }

  /** The lane's labels placed at the last draw, and those that found no room. */
  get laneLabels(): LaneState {
    return this.laneState;
  }

  private applyHidden(): void {
    for (const d of this.chart.data.datasets as unknown as { version: string; kind: string; hidden?: boolean }[]) d.hidden = this.hidden.has(d.version) || this.hidden.has(`kind:${d.kind}`);
  }

  /** Plots `data` (replacing what was shown) without animation. */
  show(data: MonitorData): void {
    this.entries = legendEntries(data.lines, (v) => this.colourOf(v), this.theme.text);
    this.lane = laneItems(data, this.theme);
    this.markers = data.markers;
    this.hoverSpan = Math.max(1, (data.windowSize ?? 100) / 2);
    this.chart.data.datasets = data.lines.map((line) => {
      const colour = this.colourOf(line.version);
      const estimated = line.kind === 'estimated';
      return {
        label: line.label,
        version: line.version,
        kind: line.kind,
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
    this.marks = buildAnnotations(data, this.theme);
    this.applyHidden();
    const x = this.chart.options.scales?.x;
    if (x) x.max = Math.max(data.position, 1);
    this.chart.update('none');
  }

  /** Forgets the versions' colours (a new run: its v1 gets the first colour again). */
  reset(): void {
    this.colours.clear();
    this.hidden.clear();
  }

  /** Destroys the chart (the canvas stays). */
  destroy(): void {
    this.chart.destroy();
  }
}
