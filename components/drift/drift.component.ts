import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { toLabError } from '../../src/errors';
import type { DriftView } from '../../src/loop/observers/drift-view';
import type { LabClient } from '../../src/worker/lab-client';
import { LabController } from '../shared/lab-controller';
import { landmarkName } from '../shared/landmark-name';
import { renderLabNotice } from '../shared/lab-notice';
import { MlopsFeatureDriftEvent } from '../shared/events';
import { MONITOR_DEFAULTS } from '../monitor/monitor.styles';
import { count } from '../monitor/monitor-summary';
import { SnapshotRefresh } from '../monitor/snapshot-refresh';
import { readTheme } from '../monitor/view.styles';
import { RedrawGate } from '../monitor/redraw-gate';
import { cancelRender, firstRenderTurn, queueJob } from '../shared/render-queue';
import { isVisible, watchVisibility } from '../shared/visibility';
import { DriftChart } from './drift-chart';
import { DriftHistory, type DriftTimeline } from './drift-history';
import { driftSentence, formatValue, methodNote, tableCaption, timelineSentences, verdict } from './drift-summary';
import { driftStyles } from './drift.styles';

/**
 * The drift view: per-feature drift statistics of the recent requests against the production
 * version's training data (a table: feature, statistic, value, threshold, drifting or not, with a
 * caption saying which method and threshold and how to read the number), and the drift detectors'
 * timeline on the error stream (each detector's score over the stream, alarms as markers, the
 * scenario's real drift shaded) with a text summary that says when each detector alarmed relative to
 * the real drift. Updates never animate and come at most once per animation frame.
 *
 * The Lab comes from `.lab`, else an enclosing `<mlops-lab>`, else the element starts its own. The
 * run's ground truth comes with every snapshot (`snapshot.run`); when the run changes the element
 * forgets what it drew of the earlier one.
 *
 * @summary Feature drift table and drift detectors' timeline against the real drift.
 *
 * @fires mlops-feature-drift - The set of drifting features changed; `detail` is
 *   `{ position, drifting: string[], features: FeatureDriftRow[] }`.
 *
 * @csspart table - The per-feature drift table.
 * @csspart method - The note on how to read the statistics.
 * @csspart chart - The figure holding the timeline canvas.
 * @csspart summary - The timeline's text summary.
 * @csspart notice - What to know about the element's own Lab: default settings used (a bad attribute or shared link), or it runs in the page rather than a Web Worker.
 * @csspart status - The status line (`data-state` = waiting | live | error).
 *
 * @cssproperty --mlops-font - Font family.
 * @cssproperty --mlops-surface - Background.
 * @cssproperty --mlops-text - Text, axes and labels.
 * @cssproperty --mlops-muted - Secondary text.
 * @cssproperty --mlops-border - Borders and table rules.
 * @cssproperty --mlops-accent - Focus ring. (Detector lines have fixed, distinct colours, never the accent.)
 * @cssproperty --mlops-danger - "Drifting" verdicts and errors.
 * @cssproperty --mlops-truth - Fill of the ground-truth drift band.
 */
export class MlopsDrift extends LitElement {
  static override styles = driftStyles;

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
  /** Points per detector line drawn at most (attribute `max-points`, default 150: each is a Chart.js element; the cap keeps memory flat on a long run). */
  declare maxPoints: number;

  private readonly history = new DriftHistory();
  private readonly controller = new LabController(this, {
    explicit: () => this.lab,
    onEvent: (event) => {
      if (event.type !== 'epoch') this.refresh.request();
    },
    onSnapshot: (snapshot) => this.take(snapshot),
    onLabChange: () => this.forget(),
    onRunChange: () => this.forget(),
  });
  private readonly refresh = new SnapshotRefresh(
    () => this.controller.lab,
    (snapshot) => this.controller.accept(snapshot),
  );
  private chart: DriftChart | null = null;
  /**
   * The timeline redraws at most 4 times a second (its samples come one report window at a time),
   * through the page's render queue (a frame of its own), and only while in view (it draws what it
   * missed when it comes back). The chart itself is made after the first render, in a frame of its own.
   */
  private readonly gate = new RedrawGate(250, undefined, {
    visible: () => !this.canvas || isVisible(this.canvas),
    schedule: queueJob,
    unschedule: cancelRender,
  });
  private canvas: HTMLCanvasElement | null = null;
  private unwatch: (() => void) | null = null;
  private maker: object | null = null;
  private note: string | null = null;
  private lastDrifting: string | null = null;
  private cache: DriftTimeline | null = null;

  constructor() {
    super();
    this.lab = null;
    this.scenario = null;
    this.maxPoints = 150;
  }

  /** The per-feature drift table now (null until a snapshot carried one). Read-only. */
  get driftTable(): DriftView | null {
    return this.history.drift;
  }

  /** What the timeline chart plots right now: score lines, alarms, warnings, ground-truth bands. Read-only. */
  get timeline(): DriftTimeline {
    this.cache ??= this.history.timeline(this.controller.run?.groundTruth ?? []);
    return this.cache;
  }

  /** The timeline's text summary, one sentence per item. */
  get summary(): string[] {
    return timelineSentences(this.timeline);
  }

  /** The Lab in use (given, provided or own), null until known. */
  get activeLab(): LabClient | null {
    return this.controller.lab;
  }

  private take(snapshot: Parameters<DriftHistory['addSnapshot']>[0] & { groundTruth?: unknown }): void {
    this.history.addSnapshot(snapshot);
    this.cache = null;
    const table = this.history.drift;
    if (!table?.features) return;
    const drifting = table.features.filter((f) => f.drifting).map((f) => f.feature);
    const key = drifting.join('\u0000');
    if (key === this.lastDrifting) return;
    const first = this.lastDrifting === null && drifting.length === 0;
    this.lastDrifting = key;
    if (!first) this.dispatchEvent(new MlopsFeatureDriftEvent({ position: table.position, drifting, features: table.features }));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.queueChart();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.maker) cancelRender(this.maker);
    this.maker = null;
    this.unwatch?.();
    this.unwatch = null;
    this.gate.reset();
    this.chart?.destroy();
    this.chart = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lab')) this.controller.sync();
    if (changed.has('maxPoints')) {
      try {
        this.history.setPlotted(this.maxPoints);
        this.note = null;
      } catch (error) {
        this.note = `max-points ignored: ${toLabError(error).message}`;
      }
      this.cache = null;
    }
  }

  /** Forgets what was drawn: a new Lab, or a new run on the same Lab. */
  private forget(): void {
    this.history.clear();
    this.lastDrifting = null;
    this.cache = null;
    this.gate.reset();
  }

  protected override firstUpdated(): void {
    this.queueChart();
  }

  protected override updated(): void {
    this.requestDraw();
  }

  /** Watches whether the canvas is in view and queues the making of the chart (a frame of its own). */
  private queueChart(): void {
    this.canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas');
    this.unwatch?.();
    this.unwatch = this.canvas ? watchVisibility(this.canvas, (visible) => visible && this.gate.wake()) : null;
    const owner = {};
    this.maker = owner;
    queueJob(owner, () => {
      if (this.maker === owner) this.maker = null;
      this.createChart();
    });
  }

  private requestDraw(): void {
    const chart = this.chart;
    const t = this.timeline;
    if (chart) this.gate.request(`${this.controller.run?.id ?? ''}|${t.position}|${t.alarms.length}|${t.lines.map((l) => l.points.length).join(',')}|${t.truth.length}`, () => chart === this.chart && chart.show(this.timeline));
  }

  /** Charts draw on canvas, so they read the theme's custom properties once, here. */
  private createChart(): void {
    const canvas = this.canvas;
    if (!canvas || this.chart) return;
    const style = getComputedStyle(this);
    const own = (name: keyof typeof MONITOR_DEFAULTS) => style.getPropertyValue(name).trim() || MONITOR_DEFAULTS[name];
    this.chart = new DriftChart(canvas, {
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
    });
    this.gate.reset();
    this.requestDraw();
  }

  protected override render(): TemplateResult {
    const table = this.history.drift;
    const error = this.controller.error;
    const state = error ? 'error' : this.controller.snapshot ? 'live' : 'waiting';
    const status = error ? `The lab failed: ${error.message}` : state === 'waiting' ? 'Waiting for the lab (training its first version)…' : `${count(this.history.position)} requests sent.`;
    const sentences = this.summary;
    return html`<section aria-label=${landmarkName(this, 'Feature drift')}>
        <h2 id="features-title">Feature drift</h2>
        <p>${driftSentence(table)}</p>
        ${this.renderTable(table)}
        <p part="method" class="muted">${methodNote(table)}</p>
      </section>
      <section aria-label=${landmarkName(this, 'Drift detectors on the error stream')}>
        <h2 id="timeline-title">Drift detectors on the error stream</h2>
        <figure part="chart">
          <div class="chart-box">
            <canvas role="img" aria-labelledby="timeline-title" aria-describedby="timeline-summary">${sentences.join(' ')}</canvas>
          </div>
          <figcaption id="timeline-summary" part="summary" class="summary">
            ${sentences.map((s) => html`<p>${s}</p>`)}
            <p class="muted">
              The detectors read each labelled answer as 1 (wrong) or 0 (right). ADWIN's line is the error rate over the window it still trusts; it alarms when the older and newer parts of that window differ by more than chance allows. DDM's line is how many standard deviations the error rate has climbed above
              its best point; it warns at 2 and alarms at 3. Each detector's score has its own axis. Filled markers are drift alarms, drawn on the level the detector crossed; hollow ones are warnings, on the warning level. The line is read once per window, so it can miss the moment of a crossing (the
              detector starts afresh right after an alarm): the markers show where it happened. The shaded band is the scenario's real drift.
            </p>
          </figcaption>
        </figure>
      </section>
      ${this.note ? html`<p class="muted">${this.note}</p>` : nothing}
      ${renderLabNotice(this.controller.notice)}
      <p part="status" class="status" role="status" data-state=${state}>${status}</p>`;
  }

  private renderTable(table: DriftView | null): TemplateResult {
    const rows = table?.features ?? [];
    return html`<div class="scroll" tabindex="0" role="region" aria-label=${landmarkName(this, 'Feature drift statistics per feature')}>
      <table part="table">
        <caption id="features-caption">
          ${tableCaption(table)}
        </caption>
        <thead>
          <tr>
            <th scope="col">Feature</th>
            <th scope="col">Statistic</th>
            <th scope="col" class="num">Value</th>
            <th scope="col" class="num">Threshold</th>
            <th scope="col" class="num">Median then → now</th>
            <th scope="col">Drifting?</th>
          </tr>
        </thead>
        <tbody>
          ${rows.length === 0
            ? html`<tr>
                <td colspan="6">No figures yet.</td>
              </tr>`
            : rows.map(
                (r) =>
                  html`<tr data-feature=${r.feature} data-drifting=${String(r.drifting)}>
                    <th scope="row">${r.feature}</th>
                    <td>${r.statistic}</td>
                    <td class="num">${formatValue(r.value)}</td>
                    <td class="num">${formatValue(r.threshold)}</td>
                    <td class="num">${r.medians ? `${formatValue(r.medians.reference)} → ${formatValue(r.medians.current)}` : '—'}</td>
                    <td class="verdict" data-drifting=${String(r.drifting)}>${verdict(r)}</td>
                  </tr>`,
              )}
        </tbody>
      </table>
    </div>`;
  }
}
