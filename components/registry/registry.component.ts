import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { toLabError, type SerializedLabError } from '../../src/errors';
import type { LabClient } from '../../src/worker/lab-client';
import { LabController } from '../shared/lab-controller';
import { landmarkName } from '../shared/landmark-name';
import { renderLabNotice } from '../shared/lab-notice';
import { MlopsPromoteEvent, MlopsRegistryErrorEvent, MlopsRetrainEvent, MlopsRollbackEvent } from '../shared/events';
import { retrainNote } from './retrain-text';
import { formatDuration } from '../alerts/alert-log';
import { gateCellText, madeByText, RegistryLog, trainingWindowText, versionRows, type VersionRow } from './registry-rows';
import { releaseRows, type ReleaseRow } from './release-text';
import { registryStyles } from './registry.styles';
import { SnapshotRefresh } from '../monitor/snapshot-refresh';

/** What the view is doing. */
export type RegistryState = 'waiting' | 'idle' | 'busy' | 'error';

/** Rows of the versions table per page (a long run makes many versions; the DOM stays this size). */
export const VERSIONS_PER_PAGE = 10;
/** Release records listed per page (the Lab reports its last 20). */
export const RELEASES_PER_PAGE = 5;

function pct(v: number): string {
  return `${Math.round(v * 1000) / 10}%`;
}

/**
 * The model registry view: every version with its aliases (production, candidate, shadow), lineage
 * (parent and ancestors), what triggered it, its evaluation metrics and training window, and the
 * deployment history (every alias move, who made it and why), and the release record of every
 * promotion to production (why, which data, held-out metrics, the gate's verdict, who approved it and
 * when in simulated time), each one line that opens into the details. A Promote button per version and a
 * Roll back button send the command to the Lab; Retrain now trains a new version on the latest labelled
 * requests (the promotion gate and the policy's rollout decide whether it goes live). The view fires a
 * typed event once the Lab did it. An Export button per version downloads it as one JSON file (the
 * TF.js layers-model JSON with its weights in base64 and its metadata); Import version reads such a
 * file back as a new version, checked first and never deployed (a bad file changes nothing and the
 * status line gives the import's own message).
 *
 * The Lab comes from `.lab`, else an enclosing `<mlops-lab>`, else the element starts its own.
 *
 * @summary Versions, aliases, lineage and metrics, with retrain, promote and rollback.
 *
 * @fires mlops-promote - A version was promoted to production from this view; `detail` is `{ version, previous }`.
 * @fires mlops-rollback - Production was rolled back one step from this view; `detail` is `{ version, previous }` (version: production now).
 * @fires mlops-retrain - A retrain asked from this view finished; `detail` is `{ version, gatePassed, deployed }`.
 * The versions table shows VERSIONS_PER_PAGE versions a page (newest first; production always shown)
 * and the release records RELEASES_PER_PAGE a page, so a long run's many retrains keep the page the
 * same size.
 *
 * @fires mlops-registry-error - A promote, rollback or retrain failed; `detail` is `{ code, message, details?, action }`.
 *
 * @csspart versions - The versions table.
 * @csspart pager - The Newer / Older buttons of the versions table (when there is more than one page).
 * @csspart release-pager - The Newer / Older buttons of the release records (5 a page).
 * @csspart rollback-button - The Roll back button.
 * @csspart retrain-button - The Retrain now button.
 * @csspart promote-button - Each Promote button.
 * @csspart export-button - Each version's Export button (downloads `mlops-lab-<version>.json`).
 * @csspart import-button - The Import version button (opens a file chooser).
 * @csspart import-input - The hidden file input behind Import version.
 * @csspart gate-cell - Each version's gate verdict (the row has `data-gate` = passed | rejected | first | none).
 * @csspart history - The deployment history table.
 * @csspart releases - The list of release records (each a `<details>`, `data-version` on its item).
 * @csspart notice - What to know about the element's own Lab: default settings used (a bad attribute or shared link), or it runs in the page rather than a Web Worker.
 * @csspart status - The status line (`data-state` = waiting | idle | busy | error).
 *
 * @cssproperty --mlops-font - Font family.
 * @cssproperty --mlops-surface - Background.
 * @cssproperty --mlops-text - Text colour.
 * @cssproperty --mlops-muted - Secondary text.
 * @cssproperty --mlops-border - Borders, buttons and table rules.
 * @cssproperty --mlops-accent - The production tag, the production row's mark and the focus ring.
 * @cssproperty --mlops-danger - Errors.
 * @cssproperty --mlops-tint - Background of the production row and of tags.
 */
export class MlopsRegistry extends LitElement {
  static override styles = registryStyles;

  static override properties = {
    lab: { attribute: false },
  };

  /** The Lab to show. Left empty: the enclosing `<mlops-lab>`'s, else one the element starts. */
  declare lab: LabClient | null;

  private readonly log = new RegistryLog();
  private readonly controller = new LabController(this, {
    explicit: () => this.lab,
    onEvent: (event) => {
      this.log.add(event);
      if (event.type === 'version' || event.type === 'alias') this.refresh.request();
    },
    onLabChange: () => this.forget(),
    onRunChange: () => this.forget(),
  });
  private busy: 'promote' | 'rollback' | 'retrain' | 'export' | 'import' | null = null;
  private readonly refresh = new SnapshotRefresh(
    () => this.controller.lab,
    (snapshot) => this.controller.accept(snapshot),
  );
  /** The page of the versions table shown (0: the newest VERSIONS_PER_PAGE). */
  private page = 0;
  /** The page of the release records shown (0: the newest RELEASES_PER_PAGE). */
  private releasePage = 0;
  private failure: SerializedLabError | null = null;
  private note: string | null = null;

  constructor() {
    super();
    this.lab = null;
  }

  /** The Lab in use (given, provided or own), null until known. */
  get activeLab(): LabClient | null {
    return this.controller.lab;
  }

  /** Forgets what the view saw: a new Lab, or a new run on the same Lab. */
  private forget(): void {
    this.log.clear();
    this.failure = null;
    this.note = null;
    this.page = 0;
    this.releasePage = 0;
  }

  /** Shows page `page` of the versions table (0: the newest; clamped to the pages there are). */
  showPage(page: number): void {
    const pages = Math.max(1, Math.ceil(this.versions.length / VERSIONS_PER_PAGE));
    this.page = Math.min(Math.max(0, Math.floor(page)), pages - 1);
    this.requestUpdate();
  }

  /** Every version, newest first, with aliases, lineage and metrics. */
  get versions(): VersionRow[] {
    return versionRows(this.controller.snapshot, this.log);
  }

  /** The release records the Lab reported (its last 20 promotions), newest first, in words. */
  get releases(): ReleaseRow[] {
    return releaseRows(this.controller.snapshot);
  }

  /** The production version now (from the latest snapshot). */
  get production(): string | null {
    return this.controller.snapshot?.deployed.production ?? null;
  }

  /** What the view is doing (the status line's `data-state`). */
  get registryState(): RegistryState {
    if (this.busy) return 'busy';
    if (this.failure || this.controller.error) return 'error';
    return this.controller.snapshot ? 'idle' : 'waiting';
  }

  /** Promotes `version` to production through the Lab; resolves once done (or failed: see the status line and `mlops-registry-error`). */
  async promote(version: string): Promise<void> {
    const lab = this.controller.lab;
    if (!lab || this.busy) return;
    const previous = this.production;
    await this.command('promote', async () => {
      await lab.promote(version, 'promoted from the registry view');
      this.note = `${version} is now in production${previous ? ` (it replaced ${previous})` : ''}.`;
      this.dispatchEvent(new MlopsPromoteEvent({ version, previous }));
    });
  }

  /** Rolls production back one step of its history through the Lab; resolves once done (or failed). */
  async rollback(): Promise<void> {
    const lab = this.controller.lab;
    if (!lab || this.busy) return;
    const previous = this.production;
    await this.command('rollback', async () => {
      const version = await lab.rollback('rolled back from the registry view');
      this.note = `Rolled back: ${version ?? 'no version'} is in production again${previous ? ` (instead of ${previous})` : ''}.`;
      this.dispatchEvent(new MlopsRollbackEvent({ version, previous }));
    });
  }

  /**
   * Trains a new version on the latest labelled requests through the Lab: the promotion gate compares it
   * with production and the policy's rollout deploys it when it passes. Resolves once done (or failed).
   */
  async retrain(): Promise<void> {
    const lab = this.controller.lab;
    if (!lab || this.busy) return;
    await this.command('retrain', async () => {
      const outcome = await lab.retrain('retrained from the registry view');
      this.note = retrainNote(outcome);
      this.dispatchEvent(new MlopsRetrainEvent({ version: outcome.version, gatePassed: outcome.gate ? outcome.gate.passed : null, deployed: outcome.deployed }));
    });
  }

  /**
   * Exports `version` as one JSON file (TF.js layers-model JSON, weights in base64, metadata) and
   * downloads it as `mlops-lab-<version>.json`; resolves with the file's text (null if it failed).
   */
  async exportVersion(version: string): Promise<string | null> {
    const lab = this.controller.lab;
    if (!lab || this.busy) return null;
    let text: string | null = null;
    await this.command('export', async () => {
      text = await lab.exportVersion(version);
      const name = `mlops-lab-${version}.json`;
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.hidden = true;
      this.renderRoot.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
      this.note = `${version} exported as ${name}: its TF.js model (layers-model JSON), weights and metadata in one file.`;
    });
    return text;
  }

  /**
   * Imports a version exported as one JSON file (a File from the chooser, or its text): checked
   * completely, registered as a new version and NOT deployed. Resolves with the new version's id;
   * null if it was refused (nothing changed; the status line gives the import's message).
   */
  async importVersion(file: Blob | string): Promise<string | null> {
    const lab = this.controller.lab;
    if (!lab || this.busy) return null;
    const name = typeof file === 'string' ? 'the file' : 'name' in file && typeof file.name === 'string' ? file.name : 'the file';
    let id: string | null = null;
    await this.command('import', async () => {
      const version = await lab.importVersion(typeof file === 'string' ? file : await file.text());
      id = version.id;
      const from = version.importedFrom?.id ?? 'unknown';
      this.log.imported(version.id, from);
      this.note = `Imported ${name} as ${version.id} (exported as ${from}); it is registered, not deployed: Promote serves it.`;
    });
    return id;
  }

  private onFileChosen(e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.importVersion(file);
  }

  private async command(action: 'promote' | 'rollback' | 'retrain' | 'export' | 'import', run: () => Promise<void>): Promise<void> {
    const lab = this.controller.lab;
    this.busy = action;
    this.failure = null;
    this.note = null;
    this.requestUpdate();
    try {
      await run();
      // Show the move at once rather than at the next throttled snapshot.
      const snapshot = await lab?.snapshot();
      if (snapshot && this.controller.lab === lab) this.controller.accept(snapshot);
    } catch (error) {
      const e = toLabError(error).toJSON();
      this.failure = e;
      if (action !== 'export' && action !== 'import') this.dispatchEvent(new MlopsRegistryErrorEvent({ ...e, action }));
    } finally {
      this.busy = null;
      this.requestUpdate();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lab')) this.controller.sync();
  }

  protected override render(): TemplateResult {
    const rows = this.versions;
    const production = this.production;
    const state = this.registryState;
    const labError = this.controller.error;
    const status =
      state === 'busy'
        ? this.busy === 'promote'
          ? 'Promoting…'
          : this.busy === 'retrain'
            ? 'Training a new version on the latest labelled requests…'
            : this.busy === 'export'
              ? 'Exporting the version…'
              : this.busy === 'import'
                ? 'Checking the file before anything is registered…'
                : 'Rolling back…'
        : this.failure
          ? `That did not work: ${this.failure.message}`
          : labError
            ? `The lab failed: ${labError.message}`
            : state === 'waiting'
              ? 'Waiting for the lab (training its first version)…'
              : (this.note ?? `${rows.length} version${rows.length === 1 ? '' : 's'}; production is ${production ?? 'empty'}.`);
    return html`<h2>Model registry</h2>
      <div class="toolbar">
        <button
          part="rollback-button"
          class="rollback"
          ?disabled=${!production || rows.length < 2 || this.busy !== null}
          aria-label="Roll back production one step in its deployment history${production ? ` (now ${production})` : ''}"
          @click=${() => void this.rollback()}
        >
          Roll back production
        </button>
        <button
          part="retrain-button"
          class="retrain"
          ?disabled=${!production || this.busy !== null}
          aria-label="Retrain now: train a new version on the latest labelled requests; the gate decides whether it goes live"
          @click=${() => void this.retrain()}
        >
          Retrain now
        </button>
        <button part="import-button" class="import" type="button" ?disabled=${!this.controller.snapshot || this.busy !== null} @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type="file"]')?.click()}>
          Import version…
        </button>
        <input part="import-input" type="file" accept=".json,application/json" hidden tabindex="-1" aria-label="Version file to import" @change=${(e: Event) => this.onFileChosen(e)} />
        <span class="muted">Production: <strong>${production ?? 'none'}</strong></span>
      </div>
      ${this.renderVersions(rows, production)} ${this.renderReleases()} ${this.renderHistory()}
      ${renderLabNotice(this.controller.notice)}
      <p part="status" class="status" role="status" data-state=${state}>${status}</p>`;
  }

  private renderVersions(rows: readonly VersionRow[], production: string | null): TemplateResult {
    const pages = Math.max(1, Math.ceil(rows.length / VERSIONS_PER_PAGE));
    const page = Math.min(this.page, pages - 1);
    const first = page * VERSIONS_PER_PAGE;
    const shown = rows.slice(first, first + VERSIONS_PER_PAGE);
    // The live version stays in view whatever the page.
    const live = production !== null && !shown.some((r) => r.id === production) ? rows.find((r) => r.id === production) : undefined;
    const pinned = live !== undefined;
    if (live) shown.push(live);
    return html`<section>
      <h3 id="versions-title">Versions</h3>
      <div class="scroll" tabindex="0" role="region" aria-label=${landmarkName(this, 'Versions')}>
        <table part="versions">
          <caption class="muted">
            Newest first${pages > 1 ? `, ${VERSIONS_PER_PAGE} a page` : ''}. The gate column is the fair comparison: each candidate against the production of
            its day on the same recent labelled rows neither had trained on. Held-out accuracy is each version's own score on the newest rows of its own
            window: the rows differ from version to version (and the world may have moved), so that column does not rank versions.
          </caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Aliases</th>
              <th scope="col">Lineage</th>
              <th scope="col">Made by</th>
              <th scope="col">Gate (vs production, same rows)</th>
              <th scope="col" class="num">Own held-out accuracy</th>
              <th scope="col">Trained on</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            ${rows.length === 0
              ? html`<tr>
                  <td colspan="8">No version yet.</td>
                </tr>`
              : shown.map((r) => this.renderRow(r, production))}
          </tbody>
        </table>
      </div>
      ${pages > 1
        ? html`<p class="pager" part="pager">
            <button type="button" ?disabled=${page === 0} @click=${() => this.showPage(page - 1)}>Newer</button>
            <span>Versions ${first + 1}–${Math.min(rows.length, first + VERSIONS_PER_PAGE)} of ${rows.length}${pinned ? `, and ${production} (in production)` : ''}</span>
            <button type="button" ?disabled=${page >= pages - 1} @click=${() => this.showPage(page + 1)}>Older</button>
          </p>`
        : nothing}
    </section>`;
  }

  private renderRow(r: VersionRow, production: string | null): TemplateResult {
    const d = r.details;
    const trained = d?.window ? trainingWindowText(d.window) : d ? d.dataset : '—';
    const gate = gateCellText(r);
    return html`<tr data-version=${r.id} ?data-production=${r.id === production} data-gate=${gate.status}>
      <th scope="row">${r.id}</th>
      <td>${r.aliases.length ? r.aliases.map((a) => html`<span class="tag" data-alias=${a}>${a}</span>`) : html`<span class="muted">none</span>`}</td>
      <td>${r.parent ? `from ${r.lineage.length ? r.lineage.join(' ← ') : r.parent}` : 'first version'}</td>
      <td>${madeByText(r)}${d ? html`<br /><span class="muted">at ${formatDuration(d.t)}</span>` : nothing}</td>
      <td part="gate-cell">${gate.status === 'rejected' ? html`<span class="tag" data-status="rejected">rejected</span> ` : nothing}${gate.text}</td>
      <td class="num">${pct(r.accuracy)}${d ? html`<br /><span class="muted">${d.evaluationRows} rows, loss ${d.loss.toFixed(3)}</span>` : nothing}</td>
      <td>${trained}${r.backend ? html`<br /><span class="muted">${r.backend}</span>` : nothing}</td>
      <td class="actions">
        <button part="export-button" class="export" type="button" data-version=${r.id} ?disabled=${this.busy !== null} aria-label="Export ${r.id} as a TF.js model file" @click=${() => void this.exportVersion(r.id)}>Export</button>
        ${r.id === production
          ? html`<span class="muted">live</span>`
          : html`<button part="promote-button" class="promote" data-version=${r.id} ?disabled=${this.busy !== null} aria-label="Promote ${r.id} to production" @click=${() => void this.promote(r.id)}>
              Promote
            </button>`}
      </td>
    </tr>`;
  }

  /** Shows page `page` of the release records (0: the newest; clamped). */
  showReleasePage(page: number): void {
    const pages = Math.max(1, Math.ceil(this.releases.length / RELEASES_PER_PAGE));
    this.releasePage = Math.min(Math.max(0, Math.floor(page)), pages - 1);
    this.requestUpdate();
  }

  private renderReleases(): TemplateResult {
    const all = this.releases;
    const pages = Math.max(1, Math.ceil(all.length / RELEASES_PER_PAGE));
    const page = Math.min(this.releasePage, pages - 1);
    const first = page * RELEASES_PER_PAGE;
    const releases = all.slice(first, first + RELEASES_PER_PAGE);
    return html`<section>
      <h3 id="releases-title">Release records</h3>
      <p class="muted">One per promotion to production, newest first: open one to read why it went live, what it learned from, how it scored and who approved it.</p>
      ${releases.length === 0
        ? html`<p>No release yet.</p>`
        : html`<ol part="releases" class="releases" aria-labelledby="releases-title">
            ${releases.map(
              (r) => html`<li data-version=${r.record.version} data-seq=${r.record.seq}>
                <details>
                  <summary>${r.headline}</summary>
                  <dl>
                    <div><dt>Why</dt><dd data-field="why">${r.why}</dd></div>
                    <div><dt>Trained on</dt><dd data-field="data">${r.data}</dd></div>
                    <div><dt>Metrics</dt><dd data-field="metrics">${r.metrics}</dd></div>
                    <div><dt>Gate</dt><dd data-field="gate" data-passed=${r.record.gate ? String(r.record.gate.passed) : 'none'}>${r.gate}</dd></div>
                    <div><dt>Approved by</dt><dd data-field="approver">${r.approver}</dd></div>
                    <div><dt>When</dt><dd data-field="when">${r.when}</dd></div>
                  </dl>
                </details>
              </li>`,
            )}
          </ol>`}
      ${pages > 1
        ? html`<p class="pager" part="release-pager">
            <button type="button" ?disabled=${page === 0} @click=${() => this.showReleasePage(page - 1)}>Newer</button>
            <span>Releases ${first + 1}–${Math.min(all.length, first + RELEASES_PER_PAGE)} of ${all.length}</span>
            <button type="button" ?disabled=${page >= pages - 1} @click=${() => this.showReleasePage(page + 1)}>Older</button>
          </p>`
        : nothing}
    </section>`;
  }

  private renderHistory(): TemplateResult {
    const moves = this.log.moves.slice(-12).reverse();
    return html`<section>
      <h3 id="history-title">Deployment history</h3>
      <div class="scroll" tabindex="0" role="region" aria-label=${landmarkName(this, 'Deployment history')}>
        <table part="history">
          <caption class="muted">
            Every alias move seen by this view, newest first. Times are simulated.
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Alias</th>
              <th scope="col">Now</th>
              <th scope="col">Before</th>
              <th scope="col">Why</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            ${moves.length === 0
              ? html`<tr>
                  <td colspan="6">No move seen yet.</td>
                </tr>`
              : moves.map(
                  (m) => html`<tr>
                    <td>${formatDuration(m.t)}</td>
                    <td>${m.alias}</td>
                    <td>${m.version ?? 'cleared'}</td>
                    <td>${m.previous ?? '—'}</td>
                    <td>${m.reason}</td>
                    <td>${m.actor}</td>
                  </tr>`,
                )}
          </tbody>
        </table>
      </div>
    </section>`;
  }
}
