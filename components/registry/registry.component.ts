import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { toLabError, type SerializedLabError } from '../../src/errors';
import type { LabClient } from '../../src/worker/lab-client';
import { LabController } from '../shared/lab-controller';
import { renderLabNotice } from '../shared/lab-notice';
import { MlopsPromoteEvent, MlopsRegistryErrorEvent, MlopsRetrainEvent, MlopsRollbackEvent } from '../shared/events';
import { retrainNote } from './retrain-text';
import { RegistryLog, versionRows, type VersionRow } from './registry-rows';
import { releaseRows, type ReleaseRow } from './release-text';
import { registryStyles } from './registry.styles';
import { SnapshotRefresh } from '../monitor/snapshot-refresh';
import { renderHistory } from './registry-history';
import { renderReleases, RELEASES_PER_PAGE } from './registry-releases';
import { registryStatusText, type RegistryAction } from './registry-status';
import { downloadJson, exportFileName, importedFileName, takeChosenFile } from './registry-transfer';
import { renderVersions, VERSIONS_PER_PAGE } from './registry-versions';

export { VERSIONS_PER_PAGE } from './registry-versions';
export { RELEASES_PER_PAGE } from './registry-releases';

/** What the view is doing. */
export type RegistryState = 'waiting' | 'idle' | 'busy' | 'error';


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
  private busy: RegistryAction | null = null;
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
      const name = exportFileName(version);
      downloadJson(this.renderRoot, name, text);
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
    const name = importedFileName(file);
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
    const file = takeChosenFile(e);
    if (file) void this.importVersion(file);
  }

  private async command(action: RegistryAction, run: () => Promise<void>): Promise<void> {
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
    const status = registryStatusText({ state, busy: this.busy, failure: this.failure, labError, note: this.note, versions: rows.length, production });
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
      ${this.renderVersions(rows, production)} ${renderReleases(this.releases, this.releasePage, (page) => this.showReleasePage(page))} ${renderHistory(this, this.log)}
      ${renderLabNotice(this.controller.notice)}
      <p part="status" class="status" role="status" data-state=${state}>${status}</p>`;
  }

  private renderVersions(rows: readonly VersionRow[], production: string | null): TemplateResult {
    return renderVersions(this, rows, production, { page: this.page, busy: this.busy !== null }, {
      showPage: (page) => this.showPage(page),
      exportVersion: (version) => void this.exportVersion(version),
      promote: (version) => void this.promote(version),
    });
  }

  /** Shows page `page` of the release records (0: the newest; clamped). */
  showReleasePage(page: number): void {
    const pages = Math.max(1, Math.ceil(this.releases.length / RELEASES_PER_PAGE));
    this.releasePage = Math.min(Math.max(0, Math.floor(page)), pages - 1);
    this.requestUpdate();
  }
}
