/**
 * The fixed look of every plotted series: colours that stay distinct whatever a page sets as its
 * accent (each at least 3:1 against both the light and the dark default surface), and for every
 * series of one chart its own dash pattern and point shape too, so lines differ without colour.
 * Pure data: no DOM, no Chart.js instance.
 */
import type { PointStyle } from 'chart.js';

/** How one series looks. */
export interface SeriesLook {
  colour: string;
  /** Canvas dash pattern ([] = solid). */
  dash: number[];
  point: PointStyle;
  /** Words for the legend and the text key, e.g. "solid line, round points". */
  words: string;
}

/** Series colours, in order (cycled). */
export const SERIES_COLOURS: readonly string[] = ['#0072b2', '#d55e00', '#009e73', '#c05780', '#8c6d1f', '#6a5acd'];

/** Dash patterns and point shapes, in order (cycled; never two alike within six series). */
const LOOKS: readonly Omit<SeriesLook, 'colour'>[] = [
  { dash: [], point: 'circle', words: 'solid line, round points' },
  { dash: [6, 4], point: 'rectRot', words: 'dashed line, diamond points' },
  { dash: [2, 3], point: 'triangle', words: 'dotted line, triangle points' },
  { dash: [10, 3, 2, 3], point: 'rect', words: 'dash-dot line, square points' },
  { dash: [12, 5], point: 'crossRot', words: 'long-dashed line, cross points' },
  { dash: [4, 2, 1, 2, 1, 2], point: 'star', words: 'dash-dot-dot line, star points' },
];

/** The look of the `i`-th series of a chart. */
export function seriesLook(i: number): SeriesLook {
  const n = ((i % LOOKS.length) + LOOKS.length) % LOOKS.length;
  return { colour: SERIES_COLOURS[n % SERIES_COLOURS.length] as string, ...(LOOKS[n] as Omit<SeriesLook, 'colour'>) };
}

/** Colour of versions folded into one "earlier versions" line. */
export const EARLIER_COLOUR = '#8c8c8c';

/** Colours of production versions, in the order they first appear (cycled; any four in a row are distinct). */
export const VERSION_COLOURS: readonly string[] = SERIES_COLOURS;
