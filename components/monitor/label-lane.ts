/**
 * A lane above a chart's plot area for the labels of its markers (version names on retrain / deploy /
 * rollback lines, the names of ground-truth bands) and for glyphs such as alert diamonds, so no label
 * or glyph is ever drawn over the data. Labels are packed greedily into a few rows; a label that finds
 * no room is left out of the lane (its line stays, and the element's text lists every marker).
 * `layoutLane` is pure; `lanePlugin` is a per-chart Chart.js plugin that reserves the lane (top
 * padding) and draws it after everything else.
 */
import type { Chart, Plugin } from 'chart.js';

/** Height of one lane row, CSS pixels. */
export const LANE_ROW_PX = 15;

/** One thing drawn in the lane, at data value `x` of the chart's x scale. */
export interface LaneItem {
  x: number;
  /** A text label (a box in `colour` with `textColour` text), or a glyph drawn in the glyph row. */
  text?: string;
  glyph?: 'diamond' | 'diamond-hollow';
  colour: string;
  textColour?: string;
  /** `start`: the label begins at x (a band's name); `center`: it is centred on x (a line's label). */
  align?: 'start' | 'center';
}

/** A label's horizontal extent, in pixels. */
export interface Span {
  left: number;
  width: number;
}

/**
 * Rows for spans (in the given order, leftmost placed first): each goes into the first of `rows` rows
 * where it clears the previous span by `gap` pixels; null when no row has room.
 */
export function layoutLane(spans: readonly Span[], rows: number, gap = 4): (number | null)[] {
  const ends = new Array<number>(rows).fill(Number.NEGATIVE_INFINITY);
  const order = spans.map((s, i) => ({ s, i })).sort((a, b) => a.s.left - b.s.left);
  const out = new Array<number | null>(spans.length).fill(null);
  for (const { s, i } of order) {
    const row = ends.findIndex((end) => s.left >= end + gap);
    if (row < 0) continue;
    out[i] = row;
    ends[row] = s.left + s.width;
  }
  return out;
}

/** Options of the lane. */
export interface LaneOptions {
  /** The items to draw now (read at every draw). */
  items: () => readonly LaneItem[];
  /** Label rows (default 2), under one glyph row when `glyphs` is true. */
  rows?: number;
  glyphs?: boolean;
  font: string;
}

/** The lane's height in pixels for `options`. */
export function laneHeight(options: Pick<LaneOptions, 'rows' | 'glyphs'>): number {
  return ((options.rows ?? 2) + (options.glyphs ? 1 : 0)) * LANE_ROW_PX + 2;
}

/** Labels placed in the lane at the last draw, and those left out (for tests and the text). */
export interface LaneState {
  placed: string[];
  left: string[];
}

/** The plugin; `state` is filled at each draw. */
export function lanePlugin(options: LaneOptions): Plugin<'line'> & { state: LaneState } {
  const state: LaneState = { placed: [], left: [] };
  const rows = options.rows ?? 2;
  const glyphRows = options.glyphs ? 1 : 0;
  return {
    id: 'mlopsLabelLane',
    state,
    afterDraw(chart: Chart<'line'>) {
      const area = chart.chartArea;
      const scale = chart.scales.x;
      if (!area || !scale) return;
      const ctx = chart.ctx;
      const top = area.top - laneHeight(options);
      const items = options.items();
      ctx.save();
      ctx.font = `11px ${options.font}`;
      ctx.textBaseline = 'middle';
      const labels = items.filter((it) => it.text);
      const spans = labels.map((it) => {
        const width = ctx.measureText(it.text as string).width + 6;
        const px = scale.getPixelForValue(it.x);
        const left = it.align === 'start' ? px : px - width / 2;
        return { left: Math.min(Math.max(left, area.left), chart.width - width), width };
      });
      const placedRows = layoutLane(spans, rows);
      state.placed = [];
      state.left = [];
      labels.forEach((it, i) => {
        const row = placedRows[i];
        const span = spans[i] as Span;
        if (row === null || row === undefined) {
          state.left.push(it.text as string);
          return;
        }
        state.placed.push(it.text as string);
        const y = top + (glyphRows + row) * LANE_ROW_PX;
        ctx.fillStyle = it.colour;
        ctx.fillRect(span.left, y + 1, span.width, LANE_ROW_PX - 2);
        ctx.fillStyle = it.textColour ?? '#ffffff';
        ctx.fillText(it.text as string, span.left + 3, y + LANE_ROW_PX / 2);
      });
      for (const it of items) {
        if (!it.glyph || !glyphRows) continue;
        const px = scale.getPixelForValue(it.x);
        if (px < area.left - 1 || px > area.right + 1) continue;
        const cy = top + LANE_ROW_PX / 2;
        const r = 5;
        ctx.beginPath();
        ctx.moveTo(px, cy - r);
        ctx.lineTo(px + r, cy);
        ctx.lineTo(px, cy + r);
        ctx.lineTo(px - r, cy);
        ctx.closePath();
        ctx.lineWidth = 2;
        ctx.strokeStyle = it.colour;
        if (it.glyph === 'diamond') {
          ctx.fillStyle = it.colour;
          ctx.fill();
        }
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}
