import { firstRenderTurn } from '../shared/render-queue';
import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import type { LabClient } from '../../src/worker/lab-client';
import { LabController } from '../shared/lab-controller';
import { landmarkName } from '../shared/landmark-name';
import { renderLabNotice } from '../shared/lab-notice';
import { MlopsAlertChangeEvent } from '../shared/events';
import { activeOf, AlertLog, explainAlert, fatigueNote, formatDuration, formatMetric, type ActiveAlert, type AlertEntry, type AlertRate } from './alert-log';
import { alertsStyles } from './alerts.styles';
import { SnapshotRefresh } from '../monitor/snapshot-refresh';

/**
 * The alerts view: the alerts open now (from the Lab's snapshot, so an alert raised before the view
 * was attached is shown too), the alert log (raised and resolved, severity, rule, value, peak), and
 * how many alerts a simulated day brings — the number behind alert fatigue — each explained in
 * plain words.
 *
 * The Lab comes from `.lab`, else an enclosing `<mlops-lab>`, else the element starts its own.
 *
 * @summary Active alerts, the alert log and alerts per simulated day.
 *
 * @fires mlops-alert-change - An alert was raised or resolved; `detail` is `{ change, alert, explanation }`.
 *
 * @csspart active - The list of open alerts.
 * @csspart rate - The alerts-per-day section.
 * @csspart log - The alert log table.
 * @csspart notice - What to know about the element's own Lab: default settings used (a bad attribute or shared link), or it runs in the page rather than a Web Worker.
 * @csspart status - The status line (`data-state` = waiting | live | error).
 *
 * @cssproperty --mlops-font - Font family.
 * @cssproperty --mlops-surface - Background.
 * @cssproperty --mlops-text - Text colour.
 * @cssproperty --mlops-muted - Secondary text.
 * @cssproperty --mlops-border - Borders and table rules.
 * @cssproperty --mlops-accent - Warnings, bars and the focus ring.
 * @cssproperty --mlops-danger - Critical alerts and errors.
 * @cssproperty --mlops-tint - Tag background.
 */
export class MlopsAlerts extends LitElement {
  static override styles = alertsStyles;

  /** The first render waits for its turn in the page's render queue (first renders spread over frames). */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) await firstRenderTurn(this);
    super.scheduleUpdate();
  }

  static override properties = {
    lab: { attribute: false },
    logRows: { type: Number, attribute: 'log-rows' },
  };

  /** The Lab to show. Left empty: the enclosing `<mlops-lab>`'s, else one the element starts. */
  declare lab: LabClient | null;
  /** Rows of the alert log shown, newest first (attribute `log-rows`, default 20). */
  declare logRows: number;

  private readonly log = new AlertLog();
  private readonly controller = new LabController(this, {
    explicit: () => this.lab,
    onEvent: (event) => {
      if (event.type === 'alert') this.refresh.request();
      const change = this.log.add(event);
      if (!change || event.type !== 'alert') return;
      this.dispatchEvent(new MlopsAlertChangeEvent({ change: change.change, alert: event.alert, explanation: explainAlert(change.entry) }));
    },
    onLabChange: () => this.log.clear(),
    onRunChange: () => this.log.clear(),
  });

  private readonly refresh = new SnapshotRefresh(
    () => this.controller.lab,
    (snapshot) => this.controller.accept(snapshot),
  );

  constructor() {
    super();
    this.lab = null;
    this.logRows = 20;
  }

  /** The Lab in use (given, provided or own), null until known. */
  get activeLab(): LabClient | null {
    return this.controller.lab;
  }

  /** Alerts open now: the snapshot's list, explained (with the log's details when the raise was seen). */
  get activeAlerts(): ActiveAlert[] {
    return activeOf(this.controller.snapshot, this.log.entries);
  }

  /** The alert log, oldest first (read-only). */
  get entries(): readonly AlertEntry[] {
    return this.log.entries;
  }

  /** Alerts per simulated day so far. */
  get rate(): AlertRate {
    return this.log.rate(this.controller.snapshot?.t ?? 0);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lab')) this.controller.sync();
  }

  protected override render(): TemplateResult {
    const error = this.controller.error;
    const snapshot = this.controller.snapshot;
    const state = error ? 'error' : snapshot ? 'live' : 'waiting';
    return html`<h2>Alerts</h2>
      ${this.renderActive(this.activeAlerts)} ${this.renderRate(this.rate)} ${this.renderLog()}
      ${renderLabNotice(this.controller.notice)}
      <p part="status" class="status" role="status" data-state=${state}>
        ${error ? `The lab failed: ${error.message}` : snapshot ? `Simulated time ${formatDuration(snapshot.t)}; ${this.log.raised} alert${this.log.raised === 1 ? '' : 's'} raised since this view started.` : 'Waiting for the lab…'}
      </p>`;
  }

  private renderActive(active: readonly ActiveAlert[]): TemplateResult {
    return html`<section aria-label=${landmarkName(this, 'Open alerts')}>
      <h3 id="active-title">Open now (${active.length})</h3>
      ${active.length === 0
        ? html`<p class="muted">No alert is open: every rule is within its threshold.</p>`
        : html`<ul part="active" class="active">
            ${active.map(
              (a) => html`<li data-severity=${a.severity}>
                <span class="tag sev" data-severity=${a.severity}>${a.severity}</span> <strong>${a.rule}</strong>, raised at ${formatDuration(a.raisedAt)}, value
                ${a.metric ? formatMetric(a.metric, a.value) : a.value}
                <p class="explain">${a.explanation}</p>
              </li>`,
            )}
          </ul>`}
    </section>`;
  }

  private renderRate(rate: AlertRate): TemplateResult {
    const days = rate.days.slice(-7);
    const max = Math.max(1, ...days.map((d) => d.raised));
    return html`<section part="rate" aria-label=${landmarkName(this, 'Alerts per simulated day')}>
      <h3 id="rate-title">Alerts per simulated day</h3>
      <p>${fatigueNote(rate)}</p>
      <table>
        <caption class="muted">
          Alerts raised in each simulated day (the last ${days.length})
        </caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Alerts raised</th>
          </tr>
        </thead>
        <tbody>
          ${days.map(
            (d) => html`<tr>
              <td>Day ${d.day + 1}</td>
              <td><span class="bar" style="width: ${(d.raised / max) * 8}rem" aria-hidden="true"></span>${d.raised}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }

  private renderLog(): TemplateResult {
    const rows = this.log.entries.slice(-Math.max(1, this.logRows)).reverse();
    return html`<section>
      <h3 id="log-title">Alert log</h3>
      <div class="scroll" tabindex="0" role="region" aria-label=${landmarkName(this, 'Alert log')}>
        <table part="log">
          <caption class="muted">
            Newest first; ${this.log.entries.length} kept. Times are simulated.
          </caption>
          <thead>
            <tr>
              <th scope="col">Raised</th>
              <th scope="col">Resolved</th>
              <th scope="col">Severity</th>
              <th scope="col">Rule</th>
              <th scope="col" class="num">Value at raise</th>
              <th scope="col" class="num">Worst</th>
              <th scope="col">What it means</th>
            </tr>
          </thead>
          <tbody>
            ${rows.length === 0
              ? html`<tr>
                  <td colspan="7">No alert yet.</td>
                </tr>`
              : rows.map(
                  (e) => html`<tr ?data-open=${e.resolvedAt === null}>
                    <td>${formatDuration(e.raisedAt)}</td>
                    <td>${e.resolvedAt === null ? html`<strong>open</strong>` : formatDuration(e.resolvedAt)}</td>
                    <td><span class="tag sev" data-severity=${e.severity}>${e.severity}</span></td>
                    <td>${e.rule}</td>
                    <td class="num">${formatMetric(e.metric, e.valueAtRaise)}</td>
                    <td class="num">${formatMetric(e.metric, e.peak)}</td>
                    <td class="explain">${explainAlert(e)}</td>
                  </tr>`,
                )}
          </tbody>
        </table>
      </div>
    </section>`;
  }
}
