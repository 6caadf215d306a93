/**
 * Draws the charts' markers and bands straight on the canvas: the same option objects the annotation
 * plugin would take (boxes spanning the plot's height between xMin and xMax, lines at a value of a
 * scale — vertical on 'x', horizontal on a y axis —, points at xValue / yValue), painted by one small
 * Chart.js plugin at draw time. chartjs-plugin-annotation resolved every annotation's options through
 * Chart.js's option proxies and measured every line's (hidden) label on each update; at a few dozen
 * markers that was most of a monitor redraw (30-120 ms on the 2-core test machine). Here an update
 * costs nothing and a draw a few canvas strokes. Only the options the lab uses are read: `display`,
 * `drawTime` (`beforeDatasetsDraw`, else after), `xMin`/`xMax`, `scaleID`/`value`, `xValue`/`yValue`/
 * `yScaleID`/`yAdjust`, `backgroundColor`, `borderColor`, `borderWidth`, `borderDash`, `pointStyle`,
 * `radius`. Everything is clipped to the plot area.
 */
import type { Chart, Plugin, PointStyle } from 'chart.js';
import { drawPoint } from 'chart.js/helpers';
import type { AnnotationOptions } from 'chartjs-plugin-annotation';

/** The subset of annotation options drawn (see the file comment). */
interface Mark {
  type?: string;
  display?: boolean;
  drawTime?: string;
  xMin?: number;
  xMax?: number;
  scaleID?: string;
  value?: number;
  xValue?: number;
  yValue?: number;
  yScaleID?: string;
  yAdjust?: number;
  backgroundColor?: string;
  borderColor?: string;
  borderWidth?: number;
  borderDash?: number[];
  pointStyle?: PointStyle;
  radius?: number;
}

function paint(chart: Chart, marks: readonly Mark[], before: boolean): void {
  const area = chart.chartArea;
  if (!area || marks.length === 0) return;
  const ctx = chart.ctx;
  const x = chart.scales.x;
  ctx.save();
  ctx.beginPath();
  ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
  ctx.clip();
  for (const m of marks) {
    if (m.display === false || (m.drawTime === 'beforeDatasetsDraw') !== before) continue;
    if (m.type === 'box' && x && m.xMin !== undefined && m.xMax !== undefined) {
      const left = x.getPixelForValue(m.xMin);
      const right = x.getPixelForValue(m.xMax);
      ctx.fillStyle = m.backgroundColor ?? 'transparent';
      ctx.fillRect(Math.min(left, right), area.top, Math.abs(right - left), area.bottom - area.top);
      if (m.borderWidth) {
        ctx.lineWidth = m.borderWidth;
        ctx.strokeStyle = m.borderColor ?? 'transparent';
        ctx.strokeRect(Math.min(left, right), area.top, Math.abs(right - left), area.bottom - area.top);
      }
    } else if (m.type === 'line' && m.scaleID && m.value !== undefined) {
      const scale = chart.scales[m.scaleID];
      if (!scale) continue;
      const at = scale.getPixelForValue(m.value);
      ctx.beginPath();
      if (scale.isHorizontal()) {
        ctx.moveTo(at, area.top);
        ctx.lineTo(at, area.bottom);
      } else {
        ctx.moveTo(area.left, at);
        ctx.lineTo(area.right, at);
      }
      ctx.lineWidth = m.borderWidth ?? 2;
      ctx.strokeStyle = m.borderColor ?? 'black';
      ctx.setLineDash(m.borderDash ?? []);
      ctx.stroke();
      ctx.setLineDash([]);
    } else if (m.type === 'point' && x && m.xValue !== undefined && m.yValue !== undefined) {
      const y = chart.scales[m.yScaleID ?? 'y'];
      if (!y) continue;
      ctx.fillStyle = m.backgroundColor ?? 'transparent';
      ctx.strokeStyle = m.borderColor ?? 'transparent';
      ctx.lineWidth = m.borderWidth ?? 1;
      drawPoint(ctx, { pointStyle: m.pointStyle ?? 'circle', radius: m.radius ?? 5, borderWidth: m.borderWidth ?? 1, rotation: 0 }, x.getPixelForValue(m.xValue), y.getPixelForValue(m.yValue) + (m.yAdjust ?? 0));
    }
  }
  ctx.restore();
}

/** A per-chart plugin drawing `marks()` (read at every draw): boxes before the datasets, the rest after. */
export function markerLayer(marks: () => Readonly<Record<string, AnnotationOptions>>): Plugin<'line'> {
  let list: readonly Mark[] = [];
  return {
    id: 'mlopsMarkers',
    beforeDatasetsDraw(chart) {
      list = Object.values(marks()) as readonly Mark[];
      paint(chart as unknown as Chart, list, true);
    },
    afterDatasetsDraw(chart) {
      paint(chart as unknown as Chart, list, false);
    },
  };
}
