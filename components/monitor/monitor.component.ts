import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { toLabError } from '../../src/errors';
import type { LabClient } from '../../src/worker/lab-client';
import { LabController } from '../shared/lab-controller';
import { landmarkName } from '../shared/landmark-name';
import { renderLabNotice } from '../shared/lab-notice';
import { MlopsMonitorMarkerEvent } from '../shared/events';
import { MonitorChart, type MonitorChartTheme } from './monitor-chart';
import { MonitorHistory, type MonitorData } from './monitor-history';
import { count, summarize, type MonitorSummary } from './monitor-summary';
import { markerKey, markerTable } from './monitor-tables';
import { monitorStyles, MONITOR_DEFAULTS } from './monitor.styles';
import { SnapshotRefresh } from './snapshot-refresh';
import { readTheme } from './view.styles';
import { HEALTH_ERROR_KINDS } from '../../src/loop/observers/health';
import { HEALTH_PANELS, HealthCharts, type HealthPanel } from './health-charts';
import { VERSION_COLOURS } from './series-style';
import type { LegendEntry } from './monitor-legend';
import type { LaneState } from './label-lane';
import { RedrawGate, type RedrawGateOptions } from './redraw-gate';
import { cancelRender, firstRenderTurn, queueJob } from '../shared/render-queue';
import { isVisible, watchVisibility } from '../shared/visibility';
import { HealthHistory, type HealthData } from './health-history';
import { summarizeHealth, type HealthSummary } from './health-summary';

/** Points per line of the health panels at most (eight lines in three small panels). */
const HEALTH_POINTS = 120;

/** The canvases of the element: the accuracy chart and the three health panels. */
type CanvasName = 'chart' | HealthPanel;

/**
 * The monitor chart: realized accuracy (scored against the true labels) and estimated accuracy
 * (the model's own calibrated confidence, no labels needed) over the stream, one line per production
 * version (the last few each; earlier versions share one grey line); the run's ground-truth drift shaded; detector alarms, alerts, retrains, deploys,
 * rollbacks and incidents as markers labelled with their version; a text summary and the list of
 * recent markers for readers who cannot see the canvas. Under it, the system-health panels of the
 * endpoint: latency p50 / p95 / p99, error rate by kind and request volume per report window, each
 * with a sentence that says the latest figures. Long runs are decimated (min-max, at most
 * `max-points` points per kind); updates never animate, the text follows at most once per animation
 * frame and the charts redraw at most 5 (accuracy) and 4 (health) times a second, with the latest state.
 * The charts are made after the first render, one per animation frame, and every redraw goes through
 * the page's render queue (one chart a frame); a chart scrolled out of view draws when it comes back.
 *
 * The Lab comes from `.lab`, else an enclosing `<mlops-lab>`, else the element starts its own. The
 * run's ground truth comes with every snapshot (`snapshot.run`); when the run changes (a new run,
 * reset, restore, import, a replay starting over) the element forgets what it drew of the earlier one.
 *
 * @summary Accuracy over the stream with drift, alert and release markers.
 *
 * @fires mlops-monitor-marker - A marker was added to the chart; `detail` is the MonitorMarker
 *   (`kind`, `x` stream position, `t`, `version`, `label`, `detail`).
 *
 * @csspart chart - The figure holding the canvas.
 * @csspart summary - The text summary of the chart.
 * @csspart legend - The key of marker shapes.
 * @csspart markers - The table of recent markers.
 * @csspart notice - What to know about the element's own Lab: default settings used (a bad attribute or shared link), or it runs in the page rather than a Web Worker.
 * @csspart status - The status line (`data-state` = waiting | live | error).
 * @csspart health - The section holding the three health panels.
 * @csspart health-panel - One health panel (a figure: canvas and text summary); also `latency`, `errors` or `volume`.
 *
 * @cssproperty --mlops-font - Font family.
 * @cssproperty --mlops-surface - Background.
 * @cssproperty --mlops-text - Text, axes and labels.
 * @cssproperty --mlops-border - Borders and table rules.
 * @cssproperty --mlops-accent - Focus ring. (Series colours are fixed and distinct, never the accent: a page's theme cannot make two lines alike.)
 * @cssproperty --mlops-danger - Errors.
 * @cssproperty --mlops-muted - Secondary text.
 * @cssproperty --mlops-marker-drift - Drift alarm triangles (filled: on the error rate; hollow: on the confidence).
 * @cssproperty --mlops-marker-alert - Alert diamonds.
 * @cssproperty --mlops-marker-retrain - Retrain lines.
 * @cssproperty --mlops-marker-deploy - Deploy lines.
 * @cssproperty --mlops-marker-rollback - Rollback lines.
 * @cssproperty --mlops-marker-incident - Incident lines.
 * @cssproperty --mlops-truth - Fill of the ground-truth drift band.
 */
export class MlopsMonitor extends LitElement {
  static override styles = monitorStyles;

  /** The first render waits for its turn in the page's render queue (first renders spread over frames). */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) await firstRenderTurn(this);
    super.scheduleUpdate();
  }

  static override properties = {
    lab: { attribute: false },
    scenario: { type: String, reflect: true },
    maxPoints: { type: Number, attribute: 'max-points' },
  };

  /** The Lab to show. Left empty: the enclosing `<mlops-lab>`'s, else one the element starts. */
  declare lab: LabClient | null;
  /** The scenario of the Lab the element starts itself (attribute; the shading always follows the run the snapshots name). */
  declare scenario: string | null;
  /**
   * Points per kind (realized, estimated) drawn at most (attribute `max-points`, default 200: every
   * point is a Chart.js element, so the cap keeps the page's memory flat on a long run; min-max
   * decimation keeps each stretch's lows and highs). The health panels draw at most 120 per line, or
   * `max-points` when it is smaller.
   */
  declare maxPoints: number;

  private readonly history = new MonitorHistory();
  private readonly controller = new LabController(this, {
    explicit: () => this.lab,
    onEvent: (event) => {
      if (event.type !== 'epoch') this.refresh.request();
      const marker = this.history.addEvent(event);
      this.cache = null;
      if (marker) this.dispatchEvent(new MlopsMonitorMarkerEvent(marker));
    },
    onSnapshot: (snapshot) => {
      this.history.addSnapshot(snapshot);
      this.health.addSnapshot(snapshot);
      this.cache = null;
      this.healthCache = null;
    },
    onLabChange: () => this.forget(),
    onRunChange: () => this.forget(),
  });
  private readonly refresh = new SnapshotRefresh(
    () => this.controller.lab,
    (snapshot) => this.controller.accept(snapshot),
  );
  private chart: MonitorChart | null = null;
  private readonly health = new HealthHistory();
  private healthCharts: HealthCharts | null = null;
  /** The canvases found after the first render, and the functions that stop watching whether they are in view. */
  private readonly canvases = new Map<CanvasName, HTMLCanvasElement>();
  private unwatch: (() => void)[] = [];
  /** The owners of the queued chart-making jobs (one per canvas). */
  private readonly makers = new Map<CanvasName, object>();
  /** The health panels redraw at most 4 times a second each (their data moves a window at a time). */
  private readonly healthGates = new Map<HealthPanel, RedrawGate>(HEALTH_PANELS.map((p) => [p, new RedrawGate(250, undefined, this.gateOptions(p))]));
  private healthCache: { data: HealthData; summary: HealthSummary } | null = null;
  /** The accuracy chart redraws at most 5 times a second (rebuilding its lines and markers costs a few ms). */
  private readonly chartGate = new RedrawGate(200, undefined, this.gateOptions('chart'));
  private pointsError: string | null = null;
  private cache: { data: MonitorData; summary: MonitorSummary } | null = null;

  constructor() {
    super();
    this.lab = null;
    this.scenario = null;
    this.maxPoints = 200;
  }

  /** What the chart plots right now: lines (per kind and version), markers, ground-truth bands. Read-only. */
  get chartData(): MonitorData {
    return this.current().data;
  }

  /** The chart legend's entries as last drawn: every version drawn, then each kind of line (empty before the first render). */
  get legendEntries(): readonly LegendEntry[] {
    this.drawNow();
    return this.chart?.legend ?? [];
  }

  /** The labels of the lane above the plot at its last draw: placed, and left out for lack of room. */
  get laneLabels(): LaneState {
    this.drawNow();
    return this.chart?.laneLabels ?? { placed: [], left: [] };
  }

  /** A reader of what the chart shows gets the latest state: the chart is made and its waiting redraw drawn now. */
  private drawNow(): void {
    if (!this.chart && this.hasUpdated) this.make('chart');
    this.chartGate.flush();
  }

  private gateOptions(name: CanvasName): RedrawGateOptions {
    return {
      visible: () => {
        const canvas = this.canvases.get(name);
        return !canvas || isVisible(canvas);
      },
      schedule: queueJob,
      unschedule: cancelRender,
    };
  }

  /** The chart's text summary (what accuracy is now, before the drift, the last marker). */
  get summary(): MonitorSummary {
    return this.current().summary;
  }

  /** What the health panels plot right now: latency percentiles, error rate by kind, volume. Read-only. */
  get healthData(): HealthData {
    return this.currentHealth().data;
  }

  /** The health panels' sentences (latency, errors, volume). */
  get healthSummary(): HealthSummary {
    return this.currentHealth().summary;
  }

  private currentHealth(): { data: HealthData; summary: HealthSummary } {
    if (!this.healthCache) {
      const data = this.health.data();
      this.healthCache = { data, summary: summarizeHealth(data, this.controller.snapshot?.latencySource) };
    }
    return this.healthCache;
  }

  /** The Lab in use (given, provided or own), null until known. */
  get activeLab(): LabClient | null {
    return this.controller.lab;
  }

  private current(): { data: MonitorData; summary: MonitorSummary } {
    if (!this.cache) {
      const data = this.history.data(this.controller.run?.groundTruth ?? []);
      this.cache = { data, summary: summarize(data, this.history.series, this.controller.snapshot?.deployed.production ?? null) };
    }
    return this.cache;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const owner of this.makers.values()) cancelRender(owner);
    this.makers.clear();
    for (const stop of this.unwatch) stop();
    this.unwatch = [];
    this.chartGate.reset();
    this.chart?.destroy();
    this.chart = null;
    for (const gate of this.healthGates.values()) gate.reset();
    this.healthCharts?.destroy();
    this.healthCharts = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.queueCharts();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lab')) this.controller.sync();
    if (changed.has('maxPoints')) {
      try {
        this.history.setPlotted(this.maxPoints);
        this.health.setPlotted(Math.min(this.maxPoints, HEALTH_POINTS));
        this.pointsError = null;
      } catch (error) {
        this.pointsError = `max-points ignored: ${toLabError(error).message}`;
      }
      this.cache = null;
      this.healthCache = null;
    }
  }

  /** Forgets what was drawn: a new Lab, or a new run on the same Lab. */
  private forget(): void {
    this.history.clear();
    this.health.clear();
    this.cache = null;
    this.healthCache = null;
    this.chart?.reset();
    this.chartGate.reset();
    for (const gate of this.healthGates.values()) gate.reset();
  }

  protected override firstUpdated(): void {
    this.queueCharts();
  }

  protected override updated(): void {
    this.requestDraws();
  }

  /** Asks each chart made so far for a redraw of what it should show now (its gate decides when). */
  private requestDraws(): void {
    const chart = this.chart;
    const data = this.chartData;
    if (chart) this.chartGate.request(`${this.controller.run?.id ?? ''}|${data.position}|${data.markers.length}|${data.markers.at(-1)?.label ?? ''}|${this.maxPoints}`, () => chart === this.chart && chart.show(this.chartData));
    const health = this.healthData;
    const charts = this.healthCharts;
    if (!charts) return;
    const key = `${health.position}|${health.last?.start ?? -1}|${health.last?.requests ?? 0}`;
    for (const panel of HEALTH_PANELS) if (charts.has(panel)) this.healthGates.get(panel)?.request(key, () => charts === this.healthCharts && charts.showPanel(panel, this.healthData));
  }

  /**
   * Finds the canvases, watches whether each is in view (a chart back in view draws what it missed),
   * and queues the making of each chart, one per animation frame, after the first paint.
   */
  private queueCharts(): void {
    this.canvases.clear();
    const main = this.renderRoot.querySelector<HTMLCanvasElement>('canvas:not([data-panel])');
    if (main) this.canvases.set('chart', main);
    for (const panel of HEALTH_PANELS) {
      const canvas = this.renderRoot.querySelector<HTMLCanvasElement>(`canvas[data-panel="${panel}"]`);
      if (canvas) this.canvases.set(panel, canvas);
    }
    for (const stop of this.unwatch) stop();
    this.unwatch = [...this.canvases].map(([name, canvas]) => watchVisibility(canvas, (visible) => visible && (name === 'chart' ? this.chartGate : this.healthGates.get(name))?.wake()));
    for (const name of this.canvases.keys()) {
      const owner = {};
      this.makers.set(name, owner);
      queueJob(owner, () => this.make(name));
    }
  }

  /** Makes the chart of canvas `name` (once) and asks for its first draw. */
  private make(name: CanvasName): void {
    const owner = this.makers.get(name);
    if (owner) cancelRender(owner);
    this.makers.delete(name);
    if (name === 'chart') this.createChart();
    else this.createHealth(name);
    this.requestDraws();
  }

  /** The colours of the charts: canvas cannot read CSS custom properties, so they are read once per chart made. */
  private chartTheme(): MonitorChartTheme {
    const style = getComputedStyle(this);
    const own = (name: keyof typeof MONITOR_DEFAULTS) => style.getPropertyValue(name).trim() || MONITOR_DEFAULTS[name];
    const theme: MonitorChartTheme = {
      text: readTheme(this, '--mlops-text'),
      surface: readTheme(this, '--mlops-surface'),
      font: readTheme(this, '--mlops-font'),
      grid: 'rgba(110, 119, 129, 0.3)',
      drift: own('--mlops-marker-drift'),
      alert: own('--mlops-marker-alert'),
      retrain: own('--mlops-marker-retrain'),
      deploy: own('--mlops-marker-deploy'),
      rollback: own('--mlops-marker-rollback'),
      incident: own('--mlops-marker-incident'),
      truth: own('--mlops-truth'),
      truthTransition: own('--mlops-truth-transition'),
      versions: VERSION_COLOURS,
    };
    return theme;
  }

  private createChart(): void {
    const canvas = this.canvases.get('chart');
    if (!canvas || this.chart) return;
    this.chart = new MonitorChart(canvas, this.chartTheme());
    this.chartGate.reset();
  }

  private createHealth(panel: HealthPanel): void {
    const latency = this.canvases.get('latency');
    const errors = this.canvases.get('errors');
    const volume = this.canvases.get('volume');
    if (!latency || !errors || !volume) return;
    if (!this.healthCharts) {
      const theme = this.chartTheme();
      this.healthCharts = new HealthCharts({ latency, errors, volume }, { text: theme.text, grid: theme.grid, font: theme.font }, HEALTH_ERROR_KINDS);
    }
    if (this.healthCharts.has(panel)) return;
    this.healthCharts.create(panel);
    this.healthGates.get(panel)?.reset();
  }

  protected override render(): TemplateResult {
    const { data, summary } = this.current();
    const error = this.controller.error;
    const state = error ? 'error' : this.controller.snapshot ? 'live' : 'waiting';
    const status = error
      ? `The lab failed: ${error.message}`
      : state === 'waiting'
        ? 'Waiting for the lab (training its first version)…'
        : `${count(data.position)} requests sent${data.decimated ? `; long run: each line is thinned to at most ${this.maxPoints} points, keeping every window's lows and highs` : ''}.`;
    return html`<h2 id="title">Model accuracy over the stream</h2>
      <figure part="chart">
        <div class="chart-box">
          <canvas role="img" aria-labelledby="title" aria-describedby="summary">${summary.text}</canvas>
        </div>
        <figcaption id="summary" part="summary" class="summary">
          <p>${summary.now}</p>
          ${summary.before ? html`<p>${summary.before}</p>` : nothing}
          <p>${summary.lastMarker}</p>
          <p class="muted">${summary.meaning}</p>
        </figcaption>
      </figure>
      ${this.renderHealth()} ${this.pointsError ? html`<p class="muted">${this.pointsError}</p>` : nothing} ${markerKey()} ${markerTable(data.markers, landmarkName(this, 'Recent markers'))}
      ${renderLabNotice(this.controller.notice)}
      <p part="status" class="status" role="status" data-state=${state}>${status}</p>`;
  }

  private renderHealth(): TemplateResult {
    const s = this.healthSummary;
    const panel = (name: 'latency' | 'errors' | 'volume', title: string, text: string) =>
      html`<figure part="health-panel ${name}" class="health-panel">
        <h4 id="health-${name}">${title}</h4>
        <div class="panel-box"><canvas data-panel=${name} role="img" aria-labelledby="health-${name}" aria-describedby="health-${name}-text">${text}</canvas></div>
        <figcaption id="health-${name}-text" class="summary">${text}</figcaption>
      </figure>`;
    return html`<section part="health" class="health" aria-label=${landmarkName(this, 'System health of the endpoint')}>
      <h3 id="health-title" class="health-title">System health of the endpoint (per window of requests)</h3>
      <div class="health-grid">
        ${panel('latency', 'Latency p50 / p95 / p99', s.latency)} ${panel('errors', 'Error rate by kind', s.errors)} ${panel('volume', 'Request volume', s.volume)}
      </div>
    </section>`;
  }
}
