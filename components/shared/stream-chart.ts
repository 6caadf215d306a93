/**
 * What the lab's Chart.js line charts over the stream share: they redraw at once on every update (no
 * animation), take `{x, y}` points already in order (no parsing, normalized), show the tooltip of the
 * nearest x, and count the stream on a linear x axis of whole numbers.
 */
import type { ChartOptions } from 'chart.js';

/** The common options of a streaming line chart (spread into its `options`). */
export function streamChartBase(): Pick<ChartOptions<'line'>, 'animation' | 'responsive' | 'maintainAspectRatio' | 'parsing' | 'normalized' | 'interaction'> {
  return { animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true, interaction: { mode: 'nearest', axis: 'x', intersect: false } };
}

/** Colours and font of an axis. */
export interface AxisLook {
  text: string;
  grid: string;
  font: string;
}

/** The x axis: stream positions (whole numbers) titled `title`, from `min` when given. */
export function positionAxis(look: AxisLook, title = 'Requests sent (stream position)', min?: number) {
  const font = { family: look.font };
  return {
    type: 'linear' as const,
    ...(min !== undefined ? { min } : {}),
    title: { display: true, text: title, color: look.text, font },
    ticks: { precision: 0, color: look.text, font },
    grid: { color: look.grid },
  };
}
