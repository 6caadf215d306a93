/**
 * The compare chart: one realized-accuracy line per run (per report window, at the window's end) on
 * the same stream positions, the real drift shaded from its onset to where it is complete (lighter
 * after), and a fork's request marked. Built anew for each result (a compare is a finished thing).
 */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import annotationPlugin, { type AnnotationOptions } from 'chartjs-plugin-annotation';
import type { CompareResult } from '../../src/loop/compare/runner';
import { positionAxis, streamChartBase } from '../shared/stream-chart';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, annotationPlugin);

/** Line colours of the runs (Okabe-Ito: told apart with colour-blindness), and their dash patterns. */
export const RUN_COLORS: readonly string[] = ['#0072b2', '#d55e00', '#009e73', '#cc79a7'];
const DASHES: readonly number[][] = [[], [6, 4], [2, 3], [10, 3, 2, 3]];

/** Colours of text, grid and the drift band. */
export interface CompareLook {
  text: string;
  grid: string;
  font: string;
  band: string;
}

/** Draws `result` on `canvas` (whose parent sets the size). */
export function createCompareChart(canvas: HTMLCanvasElement, result: CompareResult, look: CompareLook): Chart<'line', { x: number; y: number }[]> {
  const font = { family: look.font };
  const annotations: Record<string, AnnotationOptions> = {};
  const truth = result.runs[0]?.report.ground_truth ?? [];
  truth.forEach((e, i) => {
    const end = e.end ?? result.requests;
    annotations[`drift${i}`] = { type: 'box', xMin: e.onset, xMax: Math.max(end, e.onset + 1), backgroundColor: look.band, borderWidth: 0, label: { display: true, content: `${e.kind} drift`, position: { x: 'start', y: 'start' }, color: look.text, font } };
    if (e.end !== null && e.end < result.requests) annotations[`after${i}`] = { type: 'box', xMin: e.end, xMax: result.requests, backgroundColor: look.band.replace(/[\d.]+\)$/, '0.08)'), borderWidth: 0 };
  });
  if (result.forkAt !== null) annotations.fork = { type: 'line', xMin: result.forkAt, xMax: result.forkAt, borderColor: look.text, borderDash: [4, 4], borderWidth: 1, label: { display: true, content: `fork at ${result.forkAt}`, position: 'end', color: look.text, backgroundColor: 'transparent', font } };
  return new Chart<'line', { x: number; y: number }[]>(canvas, {
    type: 'line',
    data: {
      datasets: result.runs.map((r, i) => ({
        label: r.forkedAt === null && result.forkAt !== null ? `${r.policy} (what happened)` : r.policy,
        data: r.report.series.filter((w) => w.realized !== null).map((w) => ({ x: w.end, y: w.realized as number })),
        borderColor: RUN_COLORS[i % RUN_COLORS.length],
        backgroundColor: RUN_COLORS[i % RUN_COLORS.length],
        borderDash: DASHES[i % DASHES.length] as number[],
        borderWidth: 2,
        pointRadius: 1.5,
      })),
    },
    options: {
      ...streamChartBase(),
      scales: {
        x: { ...positionAxis({ text: look.text, grid: look.grid, font: look.font }), min: 0, max: result.requests },
        y: { type: 'linear', min: 0.4, max: 1, title: { display: true, text: 'Realized accuracy per window', color: look.text, font }, ticks: { color: look.text, font, callback: (v: string | number) => `${Math.round(Number(v) * 100)}%` }, grid: { color: look.grid } },
      },
      plugins: {
        legend: { labels: { color: look.text, font } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${((item.parsed.y ?? NaN) * 100).toFixed(1)}%` } },
        annotation: { annotations },
      },
    },
  });
}
