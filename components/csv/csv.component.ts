import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { CSV_DRIFT_KINDS, CSV_DRIFT_LABELS, DEFAULT_CSV_LIMITS, MAX_ISSUES, type CountHeaderUse, type CsvDriftKind, type CsvProgress } from '../../datasets/csv/index';
import { DatasetError } from '../../datasets/errors';
import type { CsvReaderPlace } from '../../src/worker/csv-client';
import type { CsvReadOutcome } from '../../src/worker/csv-protocol';
import { CsvReading } from './csv-reading';
import { MlopsCsvLoadEvent, MlopsCsvProgressEvent, MlopsCsvRunEvent } from './csv-events';
import { classRows, datasetName, driftDefaults, fromOutcome, runConfig, schemaRows, type CsvChoices, type CsvImport, type DriftForm } from './csv-state';
import { csvStyles } from './csv.styles';
import { OwnRun } from './own-run';
import { DEFAULT_LAB_CONFIG, startLabClient } from '../shared/lab-controller';
import type { LabClient } from '../../src/worker/lab-client';

const LIMITS_TEXT = `up to ${DEFAULT_CSV_LIMITS.maxBytes / 1024 / 1024} MB, ${DEFAULT_CSV_LIMITS.maxRows.toLocaleString('en-US')} rows and ${DEFAULT_CSV_LIMITS.maxColumns.toLocaleString('en-US')} columns`;

/**
 * Your own data through the whole loop: pick or drop a CSV file, see the schema the lab inferred
 * (types, ranges, the label column and its classes) and change the label column, read every problem
 * by line, column and reason (or leave those rows out), choose a drift (shift a feature, change the
 * class mix, change the rule for a region of the inputs) and run the loop on it. A scikit-learn
 * count header ("150,4,setosa,versicolor,virginica") is recognised and explained.
 *
 * The element reads and checks the file in a dedicated Web Worker (the page never freezes, even for
 * 50,000 rows x 50 columns): the status shows the rows read, and **Cancel** stops a long read.
 * Where the worker cannot start (a page that loaded the script from another origin, a strict
 * Content-Security-Policy) or with `reader="page"`, the same reader runs in the page in slices of at
 * most 30 ms that give the event loop its turn, and the status says so. `updateComplete` also waits
 * for a read or new import in progress. Inside `<mlops-lab>` the button runs the page's
 * guided loop on the data (train, deploy, stream with the drift, alert, retrain), and every view shows
 * it. Alone on a page (no listener sets `handled` on `mlops-csv-run`) it runs the loop in the Lab
 * given as `.lab`, else in one of its own (a Web Worker), and lists what happened; hand `activeLab`
 * to other elements' `.lab` to watch the run in them.
 *
 * @summary Import a CSV file, check it, choose a drift and run the loop on it.
 *
 * @fires mlops-csv-load - A file was read: imported or refused (`MlopsCsvLoadEvent`).
 * @fires mlops-csv-progress - A read made progress: phase, rows read, share done, and where it runs (`MlopsCsvProgressEvent`).
 * @fires mlops-csv-run - The learner asked to run the loop on the data (`MlopsCsvRunEvent`: the config's scenario, dataset and requests).
 *
 * @csspart drop-zone - The file picker and drop target.
 * @csspart status - The status line (`data-state` = idle | reading | ready | error).
 * @csspart reading - While a file is read: the progress bar and the cancel button.
 * @csspart read-progress - The `<progress>` of the read (share of the phase done).
 * @csspart cancel-button - "Cancel" (stops the read at the reader's next pause).
 * @csspart notes - What the import did (a count header, rows left out).
 * @csspart options - The label column and import options.
 * @csspart schema - The inferred schema table.
 * @csspart classes - The classes line.
 * @csspart problems - The problems list (line, column, reason).
 * @csspart drift - The drift form.
 * @csspart run-button - "Run the loop on this data".
 * @csspart link-note - Why a share link cannot carry the file.
 * @csspart progress - Alone on a page: what the loop did on the data (`data-state` = training | running | done | error).
 *
 * @cssproperty --mlops-font - Font family.
 * @cssproperty --mlops-surface - Background.
 * @cssproperty --mlops-text - Text colour.
 * @cssproperty --mlops-muted - Secondary text, ignored columns.
 * @cssproperty --mlops-border - Borders and the drop zone.
 * @cssproperty --mlops-accent - The drop zone under a file, and the focus ring.
 * @cssproperty --mlops-danger - Errors.
 * @cssproperty --mlops-tint - The label column's row, the drop zone under a file.
 */
export class MlopsCsv extends LitElement {
  static override styles = csvStyles;

  static override properties = {
    lab: { attribute: false },
    speed: { type: Number },
    disabled: { type: Boolean, reflect: true },
    reader: { type: String },
    fileName: { state: true },
    result: { state: true },
    choices: { state: true },
    form: { state: true },
    status: { state: true },
    over: { state: true },
  };

  /** The Lab to run the loop in when no `<mlops-lab>` takes the run (default: one of the element's own). */
  declare lab: LabClient | null;
  /** Simulated seconds per real second of a run in the element's own Lab (attribute `speed`, default 20). */
  declare speed: number;
  /** Disables the run button (the lab page sets it while a run trains). */
  declare disabled: boolean;
  /**
   * Where files are read (attribute `reader`): `auto` (default) in a dedicated Web Worker, or in the
   * page where none can start; `page` in the page, in slices (a page whose policy allows no worker).
   */
  declare reader: 'auto' | 'page';
  declare private fileName: string;
  declare private result: CsvImport | null;
  declare private choices: CsvChoices;
  declare private form: DriftForm | null;
  declare private status: { state: 'idle' | 'reading' | 'ready' | 'error'; text: string };
  declare private over: boolean;
  /** The file's text or bytes, kept to read it again (a new reader after the element was moved). */
  private input: string | Uint8Array | Blob | null = null;
  /** The header and count header of the file read (for the import options). */
  private facts: CsvReadOutcome['facts'] = null;
  private readonly reading = new CsvReading(this, () => this.reader);
  private own: LabClient | null = null;
  private ownRun: OwnRun | null = null;

  constructor() {
    super();
    this.lab = null;
    this.speed = 20;
    this.disabled = false;
    this.reader = 'auto';
    this.fileName = '';
    this.result = null;
    this.choices = { ignore: [], countHeader: 'classes', skipBadRows: false };
    this.form = null;
    this.status = { state: 'idle', text: `Pick or drop a CSV file (${LIMITS_TEXT}). It stays in this browser: nothing is uploaded.` };
    this.over = false;
  }

  /** The Lab a run outside `<mlops-lab>` uses: the `.lab` given, else the element's own once it ran (null before). */
  get activeLab(): LabClient | null {
    return this.lab ?? this.own;
  }

  /** Where the reader runs (`worker` or `page`), or null before the first file. */
  get readerPlace(): CsvReaderPlace | null {
    return this.reading.place;
  }

  /** Stops the read or new import in progress (at the reader's next pause); the element goes back to what it showed before. */
  cancel(): void {
    this.reading.cancel();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.status.state === 'reading') this.status = { state: 'idle', text: `Reading ${this.fileName} was stopped: the element left the page.` };
    this.ownRun?.stop();
    this.ownRun = null;
    const own = this.own;
    this.own = null;
    void own?.dispose();
  }

  /** The imported dataset, or null. */
  get data(): CsvImport['data'] {
    return this.result?.data ?? null;
  }

  /** Reads a file (a picked or dropped one). */
  async loadFile(file: File): Promise<void> {
    this.status = { state: 'reading', text: `Reading ${file.name}…` };
    if (file.size > DEFAULT_CSV_LIMITS.maxBytes) {
      this.status = { state: 'error', text: `${file.name} is too large (${file.size.toLocaleString('en-US')} bytes; the limit is ${DEFAULT_CSV_LIMITS.maxBytes.toLocaleString('en-US')}). Import a sample of it.` };
      return;
    }
    await this.load(file, file.name);
  }

  /** Reads CSV text, bytes or a Blob as if it were a file named `fileName`; resolves when it is imported, refused or cancelled. */
  async load(input: string | Uint8Array | Blob, fileName: string): Promise<void> {
    this.input = input;
    this.fileName = fileName;
    this.choices = { ignore: [], countHeader: 'classes', skipBadRows: this.choices.skipBadRows };
    this.form = null;
    this.result = null;
    this.facts = null;
    this.reading.forgetTable();
    await this.read(this.choices, null);
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    await this.reading.settled();
    done = await super.getUpdateComplete();
    return done;
  }

  private onProgress(again: boolean, progress: CsvProgress, place: CsvReaderPlace): void {
    const rows = progress.rows.toLocaleString('en-US');
    const share = `${Math.round(progress.done * 100)}%`;
    const text = progress.phase === 'read' ? `Reading ${this.fileName}: ${rows} rows read (${share} of the file)…` : `Checking ${this.fileName}${again ? ' with the new choices' : ''}: ${rows} rows, ${share} done…`;
    this.status = { state: 'reading', text: `${text}${place === 'page' ? ' (in the page)' : ''}` };
    this.dispatchEvent(new MlopsCsvProgressEvent({ fileName: this.fileName, phase: progress.phase, rows: progress.rows, done: progress.done, place }));
  }

  /**
   * Reads the kept input (or, when the reader still holds its table, imports that again) with
   * `choices`. `before` is what to go back to when the learner cancels a new import (null: a new file).
   */
  private async read(choices: CsvChoices, before: { choices: CsvChoices; result: CsvImport | null; status: MlopsCsv['status'] } | null): Promise<void> {
    const input = this.input;
    if (input === null) return;
    const again = before !== null && this.reading.keepsTable;
    this.status = { state: 'reading', text: again ? `Checking ${this.fileName} with the new choices…` : `Reading ${this.fileName}…` };
    const end = await this.reading.run(input, datasetName(this.fileName), choices, before !== null, (p, place) => this.onProgress(again, p, place));
    if (end.kind === 'stale') return;
    if (end.kind === 'failed') {
      this.status = { state: 'error', text: `${this.fileName} could not be read: ${end.message}` };
      return;
    }
    if (end.kind === 'cancelled') {
      if (before) {
        this.choices = before.choices;
        this.result = before.result;
        this.status = before.status;
        return;
      }
      this.input = null;
      this.status = { state: 'idle', text: `Reading ${this.fileName} was cancelled. Pick or drop a CSV file (${LIMITS_TEXT}).` };
      return;
    }
    this.facts = end.outcome.facts;
    this.show(fromOutcome(end.outcome), end.outcome.seconds.read + end.outcome.seconds.check, end.placeNote);
  }

  /** Imports the file again with the current choices (label column, count header) after `before`. */
  private reimport(before: CsvChoices): void {
    if (!this.facts) return;
    void this.read(this.choices, { choices: before, result: this.result, status: this.status });
  }

  private show(result: CsvImport, seconds: number, placeNote = ''): void {
    this.result = result;
    const data = result.data;
    if (data) {
      const keep = this.form ? { at: this.form.at, width: this.form.width, requests: this.form.requests } : undefined;
      const kind = this.form?.kind ?? (data.schema.features.some((f) => f.type === 'numeric') ? 'concept' : 'prior');
      this.form = driftDefaults(data, kind, keep, result.suggestions?.[kind]);
      const f = data.schema.features.length;
      this.status = { state: 'ready', text: `${this.fileName}: ${data.source.rows.toLocaleString('en-US')} rows, ${f} feature${f === 1 ? '' : 's'}, ${data.schema.classes.length} classes (label "${data.source.label}"); checked in ${seconds.toFixed(2)} s.${placeNote}` };
    } else {
      this.form = null;
      this.status = { state: 'error', text: `${this.fileName} cannot be used: ${result.message ?? 'unknown problem'}${placeNote}` };
    }
    this.dispatchEvent(
      new MlopsCsvLoadEvent({ fileName: this.fileName, rows: data?.source.rows ?? 0, features: data?.schema.features.length ?? 0, classes: data ? [...data.schema.classes] : [], problems: result.total, refused: result.refused }),
    );
  }

  private setChoice(patch: Partial<CsvChoices>): void {
    const before = this.choices;
    this.choices = { ...this.choices, ...patch };
    this.reimport(before);
  }

  private setForm(patch: Partial<DriftForm>): void {
    if (this.form) this.form = { ...this.form, ...patch };
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.over = false;
    const file = e.dataTransfer?.files[0];
    if (file) void this.loadFile(file);
  }

  /** Sends the run to the lab page. */
  run(): void {
    const data = this.data;
    const form = this.form;
    if (!data || !form) return;
    let config;
    try {
      config = runConfig(data, form);
    } catch (error) {
      if (!(error instanceof DatasetError)) throw error;
      this.status = { state: 'error', text: `The drift cannot be used: ${error.message}` };
      return;
    }
    const event = new MlopsCsvRunEvent({ config, fileName: this.fileName, drift: (config.scenario as { changes: { description: string }[] }).changes[0]?.description ?? '' });
    this.dispatchEvent(event);
    if (event.handled) {
      this.status = { state: 'ready', text: `Running the loop on ${this.fileName}: ${event.detail.drift}` };
      return;
    }
    // No lab page took it: run it here, in the Lab given or the element's own.
    const lab = this.lab ?? (this.own ??= startLabClient());
    this.ownRun?.stop();
    const own = new OwnRun(lab, () => this.requestUpdate());
    this.ownRun = own;
    this.status = { state: 'ready', text: `Running the loop on ${this.fileName} in ${this.lab ? 'the Lab given to this element' : 'this element\'s own lab'}: ${event.detail.drift}` };
    void own.start({ ...DEFAULT_LAB_CONFIG, ...config }, this.speed);
  }

  private renderOwnRun(): TemplateResult | typeof nothing {
    const run = this.ownRun;
    if (!run) return nothing;
    const head = run.state === 'training' ? 'Training the first version on your data…' : run.state === 'running' ? 'The loop runs on your data:' : run.state === 'done' ? 'The loop ran on your data:' : `The run stopped: ${run.error ?? ''}`;
    return html`<section part="progress" data-state=${run.state} aria-label="What the loop did on your data">
      <h3>${head}</h3>
      <ol tabindex="0">
        ${run.lines.map((l) => html`<li>${l}</li>`)}
      </ol>
    </section>`;
  }

  private renderImportOptions(): TemplateResult | typeof nothing {
    const table = this.facts;
    const result = this.result;
    if (!table || !result) return nothing;
    const label = result.data?.source.label ?? this.choices.label ?? '';
    return html`<div class="grid" part="options">
      <label
        >Label column (what to predict)
        <select data-field="label" .value=${live(label)} @change=${(e: Event) => this.setChoice({ label: (e.target as HTMLSelectElement).value })}>
          ${table.header.map((c) => html`<option value=${c} ?selected=${c === label}>${c}</option>`)}
        </select></label
      >
      ${table.countHeader
        ? html`<label
            >scikit-learn count header
            <select data-field="count-header" .value=${live(this.choices.countHeader)} @change=${(e: Event) => this.setChoice({ countHeader: (e.target as HTMLSelectElement).value as CountHeaderUse })}>
              <option value="classes" ?selected=${this.choices.countHeader === 'classes'}>skip it, read the class names from it</option>
              <option value="skip" ?selected=${this.choices.countHeader === 'skip'}>skip it only</option>
            </select></label
          >`
        : nothing}
      <label class="check"
        ><span><input type="checkbox" data-field="skip-bad-rows" .checked=${live(this.choices.skipBadRows)} @change=${(e: Event) => this.setChoice({ skipBadRows: (e.target as HTMLInputElement).checked })} /> Leave out rows with problems</span></label
      >
    </div>`;
  }

  private renderSchema(): TemplateResult | typeof nothing {
    const data = this.data;
    if (!data) return nothing;
    return html`<table part="schema">
        <caption>
          The inferred schema
        </caption>
        <thead>
          <tr><th scope="col">Column</th><th scope="col">Role</th><th scope="col">Type</th><th scope="col">Values</th></tr>
        </thead>
        <tbody>
          ${schemaRows(data).map((r) => html`<tr data-role=${r.role} data-column=${r.column}><th scope="row">${r.column}</th><td>${r.role}</td><td>${r.type}</td><td>${r.values}</td></tr>`)}
        </tbody>
      </table>
      <p class="classes" part="classes">Classes: ${classRows(data).map((c, i) => html`${i ? ', ' : ''}<b>${c.name}</b> ${c.rows.toLocaleString('en-US')} rows (${(c.share * 100).toFixed(0)}%)`)}</p>`;
  }

  private renderProblems(): TemplateResult | typeof nothing {
    const r = this.result;
    if (!r || (r.issues.length === 0 && !r.message)) return nothing;
    const heading = r.refused ? `The file was refused: ${r.total.toLocaleString('en-US')} problem${r.total === 1 ? '' : 's'}` : `${r.total.toLocaleString('en-US')} problem${r.total === 1 ? '' : 's'}: those rows were left out`;
    const more = r.total > r.issues.length ? html`<p>The first ${Math.min(r.issues.length, MAX_ISSUES)} are listed. Fix them in the file, or leave those rows out.</p>` : nothing;
    return html`<section part="problems" aria-label="Problems in the file">
      <h3>${heading}</h3>
      ${r.issues.length
        ? html`<ol class="problems" tabindex="0">
            ${r.issues.map((i) => html`<li data-line=${i.line ?? ''}>${i.line !== null ? html`line ${i.line}` : 'the file'}${i.column !== null ? html`, column “${i.column}”` : nothing}: ${i.reason}</li>`)}
          </ol>`
        : html`<p>${r.message}</p>`}
      ${more}
    </section>`;
  }

  private renderDrift(): TemplateResult | typeof nothing {
    const data = this.data;
    const form = this.form;
    if (!data || !form) return nothing;
    const numeric = data.schema.features.filter((f) => f.type === 'numeric').map((f) => f.name);
    const classes = data.schema.classes;
    const input = (field: keyof DriftForm, label: string, value: string) =>
      html`<label>${label}<input data-field=${field} .value=${value} inputmode="decimal" @change=${(e: Event) => this.setForm({ [field]: (e.target as HTMLInputElement).value })} /></label>`;
    const featurePick = html`<label
      >Feature
      <select data-field="feature" @change=${(e: Event) => this.setForm({ feature: (e.target as HTMLSelectElement).value })}>
        ${numeric.map((n) => html`<option value=${n} ?selected=${n === form.feature}>${n}</option>`)}
      </select></label
    >`;
    const classPick = (field: 'from' | 'to', label: string) =>
      html`<label
        >${label}
        <select data-field=${field} @change=${(e: Event) => this.setForm({ [field]: Number((e.target as HTMLSelectElement).value) })}>
          ${classes.map((c, k) => html`<option value=${k} ?selected=${k === form[field]}>${c}</option>`)}
        </select></label
      >`;
    const parts =
      form.kind === 'covariate'
        ? html`${featurePick}${input('shift', 'Shift by', form.shift)}`
        : form.kind === 'prior'
          ? input('mix', `Class shares (${classes.join(', ')})`, form.mix)
          : html`${featurePick}${input('min', 'where it is from', form.min)}${input('max', 'to', form.max)}${classPick('from', 'class')}${classPick('to', 'becomes')}`;
    return html`<section part="drift" aria-labelledby="drift-title">
      <h3 id="drift-title">The drift</h3>
      <div class="grid">
        <label
          >What changes
          <select data-field="kind" @change=${(e: Event) => {
            const kind = (e.target as HTMLSelectElement).value as CsvDriftKind;
            this.form = driftDefaults(data, kind, form, this.result?.suggestions?.[kind]);
          }}>
            ${CSV_DRIFT_KINDS.filter((k) => k === 'prior' || numeric.length > 0).map((k) => html`<option value=${k} ?selected=${k === form.kind}>${CSV_DRIFT_LABELS[k]}</option>`)}
          </select></label
        >
        ${parts}
      </div>
      <div class="grid">
        ${input('at', 'At request', form.at)} ${input('width', 'Over requests (0: sudden)', form.width)} ${input('requests', 'Requests in the run', form.requests)}
      </div>
      <button class="primary" part="run-button" type="button" ?disabled=${this.disabled} @click=${() => this.run()}>Run the loop on this data</button>
      <p part="link-note">
        A share link cannot carry a local file: a link names settings, not data. To keep or hand on this run, use “Export session”: the session
        file holds the imported data, the versions and their history.
      </p>
    </section>`;
  }

  protected override render(): TemplateResult {
    const notes = this.result?.notes ?? [];
    return html`<h2>Your own data (CSV)</h2>
      <label
        class="drop"
        part="drop-zone"
        ?data-over=${this.over}
        @dragover=${(e: DragEvent) => {
          e.preventDefault();
          this.over = true;
        }}
        @dragleave=${() => (this.over = false)}
        @drop=${(e: DragEvent) => this.onDrop(e)}
        >Choose a CSV file, or drop one here
        <input
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/plain"
          @change=${(e: Event) => {
            const file = (e.target as HTMLInputElement).files?.[0];
            if (file) void this.loadFile(file);
          }}
      /></label>
      <p part="status" role="status" aria-live="polite" data-state=${this.status.state}>${this.status.text}</p>
      ${this.status.state === 'reading'
        ? html`<div part="reading" class="reading">
            <progress part="read-progress" max="1" .value=${this.reading.progress?.done ?? 0} aria-label=${this.reading.progress?.phase === 'check' ? 'Checking the file' : 'Reading the file'}></progress>
            <button type="button" part="cancel-button" @click=${() => this.cancel()}>Cancel</button>
          </div>`
        : nothing}
      ${notes.length ? html`<ul class="notes" part="notes">${notes.map((n) => html`<li>${n}</li>`)}</ul>` : nothing} ${this.renderImportOptions()} ${this.renderSchema()}
      ${this.renderProblems()} ${this.renderDrift()} ${this.renderOwnRun()}`;
  }
}
