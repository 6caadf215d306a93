import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Scenario } from '../../datasets/scenarios/types';
import { toLabError } from '../../src/errors';
import type { LabClient } from '../../src/worker/lab-client';
import { DEFAULT_LAB_CONFIG, LabController } from '../shared/lab-controller';
import { landmarkName } from '../shared/landmark-name';
import { renderLabNotice } from '../shared/lab-notice';
import { runScenarioInfo, scenarioInfo, truthRows, truthSummary, type ScenarioInfo, type TruthRow } from './dataset-view';
import { datasetStyles } from './dataset.styles';

/**
 * The data the Lab runs on: the scenario's story, its dataset's schema (every feature with its type,
 * normal range and unit, and what it means; the classes), and the scenario's drift ground truth —
 * what really changes in the stream, where, and of which kind — in words, each change placed against
 * where the stream is now. Pure rendering: the schema comes from the dataset catalogue, the ground
 * truth and the position from the Lab's snapshots.
 *
 * The Lab does not say which scenario it runs, so the element is told (`scenario`, default the one
 * an element alone starts its own Lab with); `<mlops-lab>` hands its own in.
 * The Lab comes from `.lab`, else an enclosing `<mlops-lab>`, else the element starts its own.
 *
 * @summary The dataset's schema and the scenario's drift ground truth.
 *
 * @csspart features - The features table.
 * @csspart classes - The classes line.
 * @csspart truth - The ground-truth table.
 * @csspart notice - What to know about the element's own Lab: default settings used (a bad attribute or shared link), or it runs in the page rather than a Web Worker.
 * @csspart status - The status line (`data-state` = waiting | idle | error).
 *
 * @cssproperty --mlops-font - Font family.
 * @cssproperty --mlops-surface - Background.
 * @cssproperty --mlops-text - Text colour.
 * @cssproperty --mlops-muted - Secondary text.
 * @cssproperty --mlops-border - Borders and table rules.
 * @cssproperty --mlops-accent - The tag of a change under way, and the focus ring.
 * @cssproperty --mlops-danger - Errors.
 * @cssproperty --mlops-tint - Background of a change under way.
 */
export class MlopsDataset extends LitElement {
  static override styles = datasetStyles;

  static override properties = {
    lab: { attribute: false },
    scenario: {},
  };

  /** The Lab to follow. Left empty: the enclosing `<mlops-lab>`'s, else one the element starts. */
  declare lab: LabClient | null;
  /** The scenario the Lab runs: a library name (attribute `scenario`) or a scenario object. */
  declare scenario: string | Scenario;

  private readonly controller = new LabController(this, { explicit: () => this.lab });
  private info: ScenarioInfo | null = null;
  private infoError: string | null = null;

  constructor() {
    super();
    this.lab = null;
    this.scenario = DEFAULT_LAB_CONFIG.scenario;
  }

  /** The Lab in use (given, provided or own), null until known. */
  get activeLab(): LabClient | null {
    return this.controller.lab;
  }

  /**
   * The scenario and its dataset, described: the run's own once a snapshot named it (the `scenario`
   * property's catalogue entry when it is the same scenario), else the `scenario` property's (null when
   * that is unknown: see the status line).
   */
  get scenarioInfo(): ScenarioInfo | null {
    const run = this.controller.run;
    return run ? runScenarioInfo(run, this.info) : this.info;
  }

  /** The ground truth of the latest snapshot, placed against its position. */
  get truth(): TruthRow[] {
    const s = this.controller.snapshot;
    return s ? truthRows(s.run.groundTruth, s.position) : [];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lab')) this.controller.sync();
    if (changed.has('scenario')) {
      try {
        this.info = scenarioInfo(this.scenario);
        this.infoError = null;
      } catch (error) {
        this.info = null;
        this.infoError = toLabError(error).message;
      }
    }
  }

  protected override render(): TemplateResult {
    const info = this.scenarioInfo;
    const snapshot = this.controller.snapshot;
    const labError = this.controller.error;
    const infoError = info ? null : this.infoError;
    const state = infoError || labError ? 'error' : snapshot ? 'idle' : 'waiting';
    const status = infoError
      ? `Unknown scenario: ${infoError}`
      : labError
        ? `The lab failed: ${labError.message}`
        : snapshot
          ? `The stream is at request ${snapshot.position.toLocaleString('en-US')}.`
          : 'Waiting for the lab…';
    return html`<h2>Data</h2>
      ${info ? this.renderInfo(info) : nothing} ${this.renderTruth()}
      ${renderLabNotice(this.controller.notice)}
      <p part="status" class="status" role="status" data-state=${state}>${status}</p>`;
  }

  private renderInfo(info: ScenarioInfo): TemplateResult {
    const d = info.dataset;
    return html`<p>
        <strong>Scenario ${info.name}:</strong> ${info.description} ${info.length !== null ? html`<span class="muted">(${info.length.toLocaleString('en-US')} requests in the story)</span>` : nothing}
      </p>
      ${d
        ? html`${d.title ? html`<p><strong>Dataset ${d.title}:</strong> ${d.description}</p>` : nothing}
            <h3 id="features-title">Features</h3>
            <div class="scroll" tabindex="0" role="region" aria-label=${landmarkName(this, 'Features')}>
              <table part="features">
                <caption class="muted">
                  What each request carries. Values outside the normal range are flagged, not refused.
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Feature</th>
                    <th scope="col">Type</th>
                    <th scope="col">Normal values</th>
                    <th scope="col">Meaning</th>
                  </tr>
                </thead>
                <tbody>
                  ${d.features.map((f) => html`<tr data-feature=${f.name}><th scope="row">${f.name}</th><td>${f.type === 'numeric' ? 'number' : 'category'}</td><td>${f.values}</td><td>${f.description || '—'}</td></tr>`)}
                </tbody>
              </table>
            </div>
            <p part="classes" class="classes"><strong>Classes the model predicts:</strong> ${d.classes.join(', ')}.</p>`
        : html`<p>Dataset: the imported set "${info.imported}". Its schema is the one it was imported with.</p>`}`;
  }

  private renderTruth(): TemplateResult {
    const rows = this.truth;
    const snapshot = this.controller.snapshot;
    return html`<h3 id="truth-title">What really changes (ground truth)</h3>
      ${snapshot ? html`<p>${truthSummary(rows)}</p>` : html`<p class="muted">The ground truth arrives with the lab's first snapshot.</p>`}
      ${rows.length
        ? html`<div class="scroll" tabindex="0" role="region" aria-label=${landmarkName(this, 'What really changes (ground truth)')}>
            <table part="truth">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Now</th>
                  <th scope="col">What changes</th>
                  <th scope="col">Kind</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  (r) => html`<tr data-phase=${r.phase} data-kind=${r.kind}>
                    <td>${r.when}</td>
                    <td><span class="tag" data-phase=${r.phase}>${r.phase}</span></td>
                    <td>${r.description}</td>
                    <td>${r.kindText}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : nothing}`;
  }
}
