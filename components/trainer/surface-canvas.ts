/**
 * The trainer's live decision surface (2-D data): a small canvas tinted per cell with the class the
 * model predicts there (stronger where it is surer) and the training points drawn over it, each
 * class with its colour and marker shape (components/boundary/class-style.ts). It only paints what the
 * training worker computed (src/worker/training-surface.ts); a repaint costs one ImageData fill of
 * size x size cells and a few hundred markers, so it never holds the main thread for long.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { TrainerSurface } from '../../src/worker/training-surface';
import { classColour, classShape, rgb, tintStrength } from '../boundary/class-style';

/** Side of the canvas in CSS pixels. */
export const SURFACE_CANVAS_PX = 220;

/** The surface view: its template and its painting. */
export class SurfaceCanvas {
  private surface: TrainerSurface | null = null;
  private painted: TrainerSurface | null = null;

  /** Forgets the last run's surface. */
  reset(): void {
    this.surface = null;
    this.painted = null;
  }

  /** Keeps the newest surface (painted at the next `paint`). */
  set(surface: TrainerSurface): void {
    this.surface = surface;
  }

  /** The surface shown, if any. */
  get current(): TrainerSurface | null {
    return this.surface;
  }

  /** The figure: the canvas and a one-line caption (nothing before a 2-D run sent a surface). */
  render(): TemplateResult | typeof nothing {
    const s = this.surface;
    if (!s) return nothing;
    return html`<figure part="surface" class="surface">
      <canvas width=${SURFACE_CANVAS_PX} height=${SURFACE_CANVAS_PX} role="img" aria-label=${this.label(s)}></canvas>
      <figcaption class="hint">Decision surface after epoch ${s.epoch + 1}: each area is tinted with the class the model predicts there (paler near the boundary); dots are training points.</figcaption>
    </figure>`;
  }

  /** Paints the newest surface into the canvas of `root` (no-op when it is already painted). */
  paint(root: ParentNode, element: Element): void {
    const s = this.surface;
    const canvas = root.querySelector<HTMLCanvasElement>('canvas[role="img"]');
    if (!s || !canvas || s === this.painted) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    this.painted = s;
    const colours = Array.from({ length: s.classes }, (_, k) => rgb(classColour(element, k)));
    const cells = ctx.createImageData(s.size, s.size);
    for (let j = 0; j < s.size; j++) {
      for (let i = 0; i < s.size; i++) {
        const cell = j * s.size + i;
        const [r, g, b] = colours[s.predicted[cell] ?? 0] ?? [128, 128, 128];
        const a = tintStrength(s.confidence[cell] ?? 0, s.classes);
        // Canvas rows run top-down; the grid's rows bottom-up.
        const o = ((s.size - 1 - j) * s.size + i) * 4;
        cells.data[o] = Math.round(255 + (r - 255) * a);
        cells.data[o + 1] = Math.round(255 + (g - 255) * a);
        cells.data[o + 2] = Math.round(255 + (b - 255) * a);
        cells.data[o + 3] = 255;
      }
    }
    const w = canvas.width;
    const h = canvas.height;
    const grid = new OffscreenCanvasOrCanvas(s.size);
    grid.context.putImageData(cells, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(grid.canvas, 0, 0, w, h);
    const px = (x: number) => ((x - s.x.min) / (s.x.max - s.x.min)) * w;
    const py = (y: number) => h - ((y - s.y.min) / (s.y.max - s.y.min)) * h;
    ctx.lineWidth = 0.25;
    ctx.strokeStyle = '#ffffff';
    for (const p of s.points) {
      const [r, g, b] = colours[p.label] ?? [128, 128, 128];
      ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
      ctx.setTransform(3, 0, 0, 3, px(p.x), py(p.y));
      const path = new Path2D(classShape(p.label).path);
      ctx.fill(path);
      ctx.stroke(path);
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  }

  private label(s: TrainerSurface): string {
    const share = new Array<number>(s.classes).fill(0);
    for (const c of s.predicted) share[c] = (share[c] ?? 0) + 1;
    const parts = share.map((n, k) => `class ${k}: ${Math.round((n / s.predicted.length) * 100)}% of the area`);
    return `Decision surface after epoch ${s.epoch + 1}, ${parts.join(', ')}.`;
  }
}

/** A small scratch canvas for the cell image (an OffscreenCanvas where there is one). */
class OffscreenCanvasOrCanvas {
  readonly canvas: OffscreenCanvas | HTMLCanvasElement;
  readonly context: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

  constructor(size: number) {
    if (typeof OffscreenCanvas !== 'undefined') {
      const c = new OffscreenCanvas(size, size);
      this.canvas = c;
      this.context = c.getContext('2d') as OffscreenCanvasRenderingContext2D;
    } else {
      const c = document.createElement('canvas');
      c.width = size;
      c.height = size;
      this.canvas = c;
      this.context = c.getContext('2d') as CanvasRenderingContext2D;
    }
  }
}
