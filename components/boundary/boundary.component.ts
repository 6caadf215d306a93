import { firstRenderTurn } from '../shared/render-queue';
import { html, LitElement, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { toLabError, type SerializedLabError } from '../../src/errors';
import type { DecisionSurface, SurfaceField } from '../../src/loop/observers/surface';
import type { LabSnapshot } from '../../src/loop/engine/snapshot';
import type { LabClient } from '../../src/worker/lab-client';
import { LabController } from '../shared/lab-controller';
import { renderLabNotice } from '../shared/lab-notice';
import { renderOwnPlay } from '../traffic/play-control';
import { readTheme } from '../monitor/view.styles';
import { isVisible, watchVisibility } from '../shared/visibility';
import { summarize } from './surface-summary';
import { classColour, classShape, rgb, tintStrength } from './class-style';
import { boundaryStyles } from './boundary.styles';

/** What the view is doing: no surface yet, showing one, the dataset is not 2-D, or the lab failed. */
export type BoundaryState = 'waiting' | 'idle' | 'unavailable' | 'error';

/** CSS pixels of each plot's side. */
const PLOT_PX = 260;

/**
 * The decision surface of a 2-D dataset, for any number of classes: each cell is coloured by the class
 * the deployed model predicts there (its argmax), stronger where the model is surer and pale near a
 * boundary (where the regions meet); the recent traffic points on top are drawn in their true label's
 * colour and shape once the label has arrived (hollow while waiting). The legend names every class. When a candidate is on trial, its surface is drawn beside
 * production's. As drift moves the data, points of one colour cross into the other colour's side.
 *
 * The grid is predicted in the Lab (in its worker), never here: the view asks for it at most
 * `refreshPerSecond` times a second while the stream moves, and draws it. A text summary says what
 * the plots show. The Lab comes from `.lab`, else an enclosing `<mlops-lab>`, else its own.
 *
 * @summary Where each model draws its boundary, and where the traffic falls.
 *
 * @csspart plot - Each plot (a canvas; `data-role` = production | candidate).
 * @csspart legend - The legend: every class's colour and marker shape.
 * @csspart summary - The text summary.
 * @csspart notice - What to know about the element's own Lab: default settings used (a bad attribute or shared link), or it runs in the page rather than a Web Worker.
 * @csspart play-button - Play / Hold of the element's own Lab's traffic (only when it runs its own Lab, alone on a page; `data-playing`).
 * @csspart status - The status line (`data-state` = waiting | idle | unavailable | error).
 *
 * @cssproperty --mlops-font - Font family.
 * @cssproperty --mlops-surface - Background.
 * @cssproperty --mlops-text - Text colour.
 * @cssproperty --mlops-muted - Secondary text; points still waiting for a label.
 * @cssproperty --mlops-border - Borders.
 * @cssproperty --mlops-accent - The focus ring.
 * @cssproperty --mlops-class-0 - Class 0's colour (its region and its points); `--mlops-class-1`, `--mlops-class-2`, ... likewise. Defaults: a fixed colour-blind-safe set.
 * @cssproperty --mlops-danger - Errors.
 */
export class MlopsBoundary extends LitElement {
  static override styles = boundaryStyles;

  /** The first render waits for its turn in the page's render queue (first renders spread over frames). */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) await firstRenderTurn(this);
    super.scheduleUpdate();
  }

  static override properties = {
    lab: { attribute: false },
    size: { type: Number },
    refreshPerSecond: { type: Number, attribute: 'refresh-per-second' },
  };

  /** The Lab to show. Left empty: the enclosing `<mlops-lab>`'s, else one the element starts. */
  declare lab: LabClient | null;
  /** Grid cells per side (4 to 96; default 40). */
  declare size: number;
  /** At most this many surfaces a second are asked of the Lab (default 2, at most 10). */
  declare refreshPerSecond: number;

  private readonly controller = new LabController(this, {
    explicit: () => this.lab,
    onSnapshot: (snapshot) => this.onSnapshot(snapshot),
    onLabChange: () => {
      this.data = null;
      this.failure = null;
      this.stopTimer();
    },
    onRunChange: () => {
      this.data = null;
      this.failure = null;
      this.look = null;
    },
  });
  /**
   * The colours read from the theme (classes, surface, muted, text), read once and kept until the
   * element reconnects or a new run starts: reading computed styles while the page changes forces a
   * style recalculation of the whole document, each time.
   */
  private look: { classes: string[]; surface: string; muted: string; text: string } | null = null;
  /** The surface a canvas still has to paint (it was out of view when the surface came). */
  private unpainted = false;
  private unwatch: (() => void) | null = null;
  private summaryCache: { surface: DecisionSurface; text: string } | null = null;
  private data: DecisionSurface | null = null;
  private failure: SerializedLabError | null = null;
  private inFlight = false;
  private lastAskedAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private fetches = 0;

  constructor() {
    super();
    this.lab = null;
    this.size = 40;
    this.refreshPerSecond = 2;
  }

  /** The Lab in use (given, provided or own), null until known. */
  get activeLab(): LabClient | null {
    return this.controller.lab;
  }

  /** The surface drawn now, as the engine sent it (null until the first). */
  get surface(): DecisionSurface | null {
    return this.data;
  }

  /** Surfaces received so far (each is one request to the Lab). */
  get surfaceCount(): number {
    return this.fetches;
  }

  /** The text summary of the surface drawn now. */
  get summary(): string {
    return this.data ? this.summaryOf(this.data) : '';
  }

  /** What the view is doing (the status line's `data-state`). */
  get boundaryState(): BoundaryState {
    if (this.failure) return this.failure.details?.field === 'features' ? 'unavailable' : 'error';
    if (this.controller.error) return 'error';
    return this.data ? 'idle' : 'waiting';
  }

  /** Asks the Lab for a fresh surface now (resolves once drawn, or failed). */
  async refresh(): Promise<void> {
    this.stopTimer();
    const lab = this.controller.lab;
    if (!lab || this.inFlight) return;
    this.inFlight = true;
    this.lastAskedAt = performance.now();
    try {
      const surface = await lab.surface(this.size);
      if (this.controller.lab !== lab) return;
      this.data = surface;
      this.failure = null;
      this.fetches++;
    } catch (error) {
      if (this.controller.lab === lab) this.failure = toLabError(error).toJSON();
    } finally {
      this.inFlight = false;
      this.requestUpdate();
    }
    const latest = this.controller.snapshot;
    if (latest && this.stale(latest)) this.schedule();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTimer();
    this.unwatch?.();
    this.unwatch = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.look = null;
    // The plots paint only while near the viewport; back in view, they paint the latest surface.
    this.unwatch ??= watchVisibility(this, (visible) => {
      if (visible && this.unpainted) this.paint();
    });
  }

  /** The summary of surface `d` (worked out once per surface: the view re-renders on every snapshot, the surface changes a few times a second). */
  private summaryOf(d: DecisionSurface): string {
    if (this.summaryCache?.surface !== d) this.summaryCache = { surface: d, text: summarize(d) };
    return this.summaryCache.text;
  }

  /** The theme's colours for `classes` classes (see `look`). */
  private colours(classes: number): { classes: string[]; surface: string; muted: string; text: string } {
    if (!this.look || this.look.classes.length < classes) {
      const k = Math.max(classes, this.look?.classes.length ?? 0);
      this.look = { classes: Array.from({ length: k }, (_, c) => classColour(this, c)), surface: readTheme(this, '--mlops-surface'), muted: readTheme(this, '--mlops-muted'), text: readTheme(this, '--mlops-text') };
    }
    return this.look;
  }

  /** True when the surface drawn no longer matches the snapshot (traffic moved, or a model changed). */
  private stale(s: LabSnapshot): boolean {
    const d = this.data;
    if (!d) return true;
    return d.position !== s.position || (d.production?.version ?? null) !== s.deployed.production || (d.candidate?.version ?? null) !== (s.deployed.candidate ?? s.deployed.shadow);
  }

  private onSnapshot(snapshot: LabSnapshot): void {
    if (this.boundaryState === 'unavailable') return;
    if (this.stale(snapshot)) this.schedule();
  }

  /** Asks for a surface as soon as the refresh rate allows. */
  private schedule(): void {
    if (this.timer !== null || this.inFlight || !this.isConnected) return;
    const rate = Math.min(10, Math.max(0.1, this.refreshPerSecond || 2));
    const wait = Math.max(0, this.lastAskedAt + 1000 / rate - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, wait);
  }

  private stopTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lab')) this.controller.sync();
  }

  protected override updated(): void {
    const d = this.data;
    if (!d) {
      // A Lab that was ready before this element connected sends no snapshot of its own: ask once.
      if (!this.failure && this.controller.lab) this.schedule();
      return;
    }
    this.unpainted = true;
    if (isVisible(this)) this.paint();
  }

  /** Paints the plots of the surface now. */
  private paint(): void {
    const d = this.data;
    this.unpainted = false;
    if (!d) return;
    for (const canvas of this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-role]')) {
      const field = canvas.dataset.role === 'candidate' ? d.candidate : d.production;
      if (field) this.draw(canvas, d, field);
    }
  }

  /** Paints one field: the grid as an image scaled to the canvas, then the points. */
  private draw(canvas: HTMLCanvasElement, d: DecisionSurface, field: SurfaceField): void {
    const ratio = window.devicePixelRatio || 1;
    const px = Math.round(PLOT_PX * ratio);
    if (canvas.width !== px) canvas.width = canvas.height = px;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const k = Math.max(2, d.classes.length);
    const look = this.colours(d.classes.length);
    const colours = look.classes;
    const channels = colours.map(rgb);
    const bg = rgb(look.surface);
    const n = d.size;
    const image = new ImageData(n, n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        const cell = j * n + i;
        const c = channels[field.predicted[cell] ?? 0] ?? bg;
        // Stronger colour where the model is surer; close to the background on a boundary.
        const a = tintStrength(field.confidence[cell] ?? 1 / k, k);
        const k4 = ((n - 1 - j) * n + i) * 4; // the grid's first row is the bottom one
        for (let ch = 0; ch < 3; ch++) image.data[k4 + ch] = Math.round((bg[ch] as number) * (1 - a) + (c[ch] as number) * a);
        image.data[k4 + 3] = 255;
      }
    }
    const tile = document.createElement('canvas');
    tile.width = tile.height = n;
    tile.getContext('2d')?.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(tile, 0, 0, px, px);
    const muted = look.muted;
    const sx = (x: number) => ((x - d.x.min) / (d.x.max - d.x.min)) * px;
    const sy = (y: number) => px - ((y - d.y.min) / (d.y.max - d.y.min)) * px;
    const r = 3 * ratio;
    const text = look.text;
    const shapes = d.classes.map((_, c) => new Path2D(classShape(c).path));
    const hollow = new Path2D(classShape(0).path);
    for (const q of d.points) {
      ctx.save();
      ctx.translate(sx(q.x), sy(q.y));
      ctx.scale(r, r);
      ctx.lineWidth = 1 / 3;
      if (q.label === null) {
        ctx.strokeStyle = muted;
        ctx.stroke(hollow);
      } else {
        ctx.fillStyle = colours[q.label] ?? muted;
        ctx.fill(shapes[q.label] ?? hollow);
        ctx.strokeStyle = text;
        ctx.stroke(shapes[q.label] ?? hollow);
      }
      ctx.restore();
    }
  }

  protected override render(): TemplateResult {
    const d = this.data;
    const state = this.boundaryState;
    const status =
      state === 'unavailable'
        ? `No decision surface for this dataset: ${this.failure?.message ?? ''}`
        : state === 'error'
          ? `The lab failed: ${this.failure?.message ?? this.controller.error?.message ?? ''}`
          : state === 'waiting'
            ? 'Waiting for the lab (training its first version)…'
            : `Surface at request ${d?.position ?? 0}.`;
    return html`<h2>Decision boundary</h2>
      ${d ? this.renderPlots(d) : nothing}
      ${renderOwnPlay(this.controller, (error) => {
        this.failure = toLabError(error).toJSON();
        this.requestUpdate();
      })}
      ${renderLabNotice(this.controller.notice)}
      <p part="status" class="status" role="status" data-state=${state}>${status}</p>`;
  }

  private renderPlots(d: DecisionSurface): TemplateResult {
    const plot = (role: 'production' | 'candidate', field: SurfaceField | null) =>
      field
        ? html`<figure>
            <canvas part="plot" data-role=${role} role="img" aria-label="${role === 'production' ? 'Production' : 'Candidate'} ${field.version}: decision surface over ${d.features[0]} and ${d.features[1]} with recent requests" style="width:${PLOT_PX}px;height:${PLOT_PX}px"></canvas>
            <figcaption>${role === 'production' ? 'Production' : 'Candidate'} <strong>${field.version}</strong></figcaption>
          </figure>`
        : nothing;
    const marker = (path: string, fill: string, stroke: string) =>
      html`<svg class="marker" viewBox="-1.4 -1.4 2.8 2.8" aria-hidden="true">${svg`<path d=${path} fill=${fill} stroke=${stroke} stroke-width="0.3"></path>`}</svg>`;
    return html`<div class="plots">${plot('production', d.production)} ${plot('candidate', d.candidate)}</div>
      <ul part="legend" class="legend muted" aria-label="Legend">
        ${d.classes.map(
          (name, c) =>
            html`<li data-class=${c}>${marker(classShape(c).path, this.colours(d.classes.length).classes[c] ?? classColour(this, c), 'currentColor')} "${name}" (${classShape(c).name}): region and points</li>`,
        )}
        <li data-class="waiting">${marker(classShape(0).path, 'none', 'currentColor')} waiting for its label</li>
      </ul>
      <p class="muted axes">Across: ${d.features[0]}; up: ${d.features[1]}. Paler colour: the model is less sure there.</p>
      <p part="summary" class="summary">${this.summaryOf(d)}</p>`;
  }
}
