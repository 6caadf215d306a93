/**
 * Each Chart.js chart of a page as a PNG: finds the canvases that hold a chart, through every shadow
 * root under a starting node, and draws each onto a copy filled with the theme's surface colour
 * (a chart's own canvas is transparent, so a PNG of it would be unreadable on a dark viewer), then
 * downloads it under a name made of its view and its label.
 */
import { Chart } from 'chart.js';

/** A chart found in the page. */
export interface FoundChart {
  canvas: HTMLCanvasElement;
  /** Tag of the nearest `mlops-*` element around it (e.g. "mlops-monitor"), or "chart". */
  view: string;
  /** The canvas's accessible name (aria-label), or '' when it has none. */
  label: string;
  /** A file name: `<view>-<label or index>.png`, lower case, safe characters only. */
  fileName: string;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

function viewOf(node: Node): string {
  let at: Node | null = node;
  while (at) {
    if (at instanceof Element && at.tagName.toLowerCase().startsWith('mlops-') && at.tagName.toLowerCase() !== 'mlops-lab') return at.tagName.toLowerCase();
    at = at.parentNode ?? (at instanceof ShadowRoot ? at.host : null);
  }
  return 'chart';
}

function collect(root: ParentNode, out: HTMLCanvasElement[]): void {
  for (const el of root.querySelectorAll('*')) {
    if (el instanceof HTMLCanvasElement && Chart.getChart(el)) out.push(el);
    if (el.shadowRoot) collect(el.shadowRoot, out);
  }
}

/** Every Chart.js canvas under `root` (shadow roots included), in document order, with a unique file name each. */
export function findCharts(root: ParentNode): FoundChart[] {
  const canvases: HTMLCanvasElement[] = [];
  collect(root, canvases);
  const used = new Map<string, number>();
  return canvases.map((canvas) => {
    const view = viewOf(canvas);
    const label = canvas.getAttribute('aria-label') ?? '';
    const base = `${view}${label ? `-${slug(label)}` : ''}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return { canvas, view, label, fileName: `${base}${n > 1 || !label ? `-${n}` : ''}.png` };
  });
}

/** The background a chart sits on: the theme's `--mlops-surface` where the canvas is, else white. */
export function chartBackground(canvas: HTMLCanvasElement): string {
  const surface = getComputedStyle(canvas).getPropertyValue('--mlops-surface').trim();
  return surface || '#ffffff';
}

/** The chart as a PNG blob on an opaque `background`. */
export async function chartPng(canvas: HTMLCanvasElement, background = chartBackground(canvas)): Promise<Blob> {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d');
  if (!ctx) throw new Error('the browser gave no 2-D canvas to draw the PNG on');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, copy.width, copy.height);
  ctx.drawImage(canvas, 0, 0);
  return new Promise<Blob>((resolve, reject) => copy.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the chart could not be encoded as PNG'))), 'image/png'));
}

/** Saves a blob as a file through a temporary download link. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads every chart under `root` as PNG; resolves with the file names. */
export async function downloadChartPngs(root: ParentNode): Promise<string[]> {
  const charts = findCharts(root);
  for (const c of charts) downloadBlob(await chartPng(c.canvas), c.fileName);
  return charts.map((c) => c.fileName);
}
