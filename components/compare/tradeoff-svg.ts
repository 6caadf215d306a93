/**
 * The alert trade-off as a small SVG chart: for each threshold of the sweep, the detection delay
 * (requests from the drift's start to the first alert; x) against the false alerts before it (y),
 * with the current setting drawn as a larger point on that curve. A threshold that never fires after
 * the drift sits in the "not detected" column at the right. Pure lit-html, no Chart.js: it redraws on
 * every slider move.
 */
import { svg, type TemplateResult } from 'lit';
import type { TradeoffPoint } from '../../src/loop/compare/sandbox';

const W = 360;
const H = 200;
const PAD = { left: 44, right: 64, top: 12, bottom: 36 };

/** Where a point lands (x: delay, or the "not detected" column; y: false alerts). */
export function place(p: Pick<TradeoffPoint, 'delay' | 'falseAlerts'>, maxDelay: number, maxFalse: number): { x: number; y: number } {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = p.delay === null ? W - PAD.right + 32 : PAD.left + (p.delay / Math.max(1, maxDelay)) * plotW;
  const y = PAD.top + plotH - (p.falseAlerts / Math.max(1, maxFalse)) * plotH;
  return { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
}

/** The chart; `current` is the setting now (drawn as `part="tradeoff-point"`). */
export function tradeoffSvg(curve: readonly TradeoffPoint[], current: TradeoffPoint, colors: { text: string; line: string; point: string }): TemplateResult {
  const maxDelay = Math.max(1, ...curve.map((c) => c.delay ?? 0), current.delay ?? 0);
  const maxFalse = Math.max(1, ...curve.map((c) => c.falseAlerts), current.falseAlerts);
  const pts = curve.map((c) => ({ c, ...place(c, maxDelay, maxFalse) }));
  const now = place(current, maxDelay, maxFalse);
  const path = pts.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ');
  return svg`<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Trade-off: false alerts before the drift against detection delay, one point per alert threshold; the current setting is the large point">
    <line x1=${PAD.left} y1=${H - PAD.bottom} x2=${W - PAD.right} y2=${H - PAD.bottom} stroke=${colors.text} stroke-width="1"></line>
    <line x1=${PAD.left} y1=${PAD.top} x2=${PAD.left} y2=${H - PAD.bottom} stroke=${colors.text} stroke-width="1"></line>
    <text x=${PAD.left} y=${H - 20} fill=${colors.text} font-size="10">0</text>
    <text x=${W - PAD.right} y=${H - 20} fill=${colors.text} font-size="10" text-anchor="end">${maxDelay}</text>
    <text x=${(W - PAD.right + PAD.left) / 2} y=${H - 6} fill=${colors.text} font-size="11" text-anchor="middle">detection delay (requests after the drift began)</text>
    <text x=${W - PAD.right + 32} y=${H - 20} fill=${colors.text} font-size="10" text-anchor="middle">missed</text>
    <text x="4" y=${PAD.top + 8} fill=${colors.text} font-size="10">${maxFalse}</text>
    <text x="4" y=${H - PAD.bottom} fill=${colors.text} font-size="10">0</text>
    <text x="12" y=${(H - PAD.bottom + PAD.top) / 2} fill=${colors.text} font-size="11" text-anchor="middle" transform=${`rotate(-90 12 ${(H - PAD.bottom + PAD.top) / 2})`}>false alerts</text>
    <path d=${path} fill="none" stroke=${colors.line} stroke-width="1.5"></path>
    ${pts.map((p) => svg`<circle cx=${p.x} cy=${p.y} r="3" fill=${colors.line}><title>threshold ${(p.c.threshold * 100).toFixed(1)} points: ${p.c.falseAlerts} false, delay ${p.c.delay ?? 'missed'}</title></circle>`)}
    <circle part="tradeoff-point" cx=${now.x} cy=${now.y} r="7" fill="none" stroke=${colors.point} stroke-width="3" data-delay=${current.delay ?? 'missed'} data-false=${current.falseAlerts}></circle>
  </svg>`;
}
