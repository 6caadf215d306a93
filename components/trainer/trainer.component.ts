import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { BACKEND_LABELS } from '../../src/compute/describe';
import { BACKEND_POLICY_TABLE, backendPolicyRow, DEFAULT_BACKEND_POLICY } from '../../src/compute/policies';
import type { BackendChoice, BackendName, BackendPolicy } from '../../src/compute/types';
import type { SerializedLabError } from '../../src/errors';
import { OPTIMIZERS, type OptimizerName } from '../../src/model/config';
import type { TrainingJob } from '../../src/model/job';
import { ACTIVATIONS, type Activation } from '../../src/model/spec';
import type { EpochLog } from '../../src/model/trainer';
import type { RunOutcome, TrainerEvent } from '../../src/worker/protocol';
import { createWorkerTrainingClient, type TrainingPort, type TrainingRun } from '../../src/worker/training-client';
import { renderBackendBadge, renderProbeTable } from '../shared/backend-view';
import { MlopsBackendChangeEvent, MlopsEpochEndEvent, MlopsTrainEndEvent, MlopsTrainErrorEvent, MlopsTrainStartEvent } from '../shared/events';
import { checkboxField, numberField, selectField, textField } from '../shared/form-fields';
import { buildJob, checkNumber, DATASET_CHOICES, DEFAULT_FORM, NUMBER_FIELDS, parseHiddenLayers, type FormErrors, type NumberField, type TrainerForm } from '../shared/job-form';
import { TrainerSubscription } from '../shared/trainer-subscription';
import { doneSentence, errorSentence, formatCount, plural } from '../shared/trainer-text';
import { checkUntilAccuracy, untilSentence } from './until-accuracy';
import { TrainingCurves } from '../shared/training-curves';
import { THEME_DEFAULTS, trainerStyles } from './trainer.styles';

/**
 * Shortest time between two renders while a run trains. A run's events arrive much faster than a
 * learner can read (hundreds of epochs a second on a small model); redrawing the charts and the
 * form for each frame took up to half of the training speed on a 2-core machine, where the page and
 * the training worker share the cores. Four updates a second keep the progress live.
 */
export const TRAINING_RENDER_MS = 250;

/**
 * Shortest time between two redraws of the loss and accuracy charts while a run trains (a canvas
 * redraw is the dearest part of a render where the page is composited in software). The charts are
 * always redrawn when the run ends.
 */
export const TRAINING_CHART_MS = 1000;

/** What the panel is doing; written to the status line's `data-state`. */
export type TrainerState = 'idle' | 'choosing' | 'training' | 'done' | 'error';

/** Where the current run is: the epoch in progress and how much of it is done (0..1). */
interface Position {
  epoch: number;
  fraction: number;
}

function toSerialized(error: unknown): SerializedLabError {
  const e = error as Partial<SerializedLabError> & { details?: Record<string, unknown> };
  if (e && typeof e.code === 'string' && typeof e.message === 'string') {
    return e.details ? { code: e.code, message: e.message, details: e.details } : { code: e.code, message: e.message };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/**
 * A learner's trainer panel: pick a dataset, a small neural network and its hyper-parameters, press
 * Train, and watch the loss and accuracy curves live, the backend in use (WebGPU, WebGL, WASM or CPU,
 * with the reasons for any fallback) and the test accuracy at the end. It holds no ML logic: it
 * sends commands to a trainer (`.lab`) and renders its events. Given no trainer, it starts its own
 * in a Web Worker (or, if workers are unavailable, in the page).
 *
 * @summary Trains a small classifier and shows its progress, curves, backend and test accuracy.
 *
 * @fires mlops-train-start - A run started, after any backend choice; `detail` is `{ runId, job, backend }`.
 * @fires mlops-epoch-end - An epoch ended; `detail` is its EpochLog (losses, accuracies, samples/s).
 * @fires mlops-train-end - A run finished; `detail` is its RunOutcome (summary and the backend it ran on).
 * @fires mlops-train-error - A run or command failed; `detail` is `{ code, message, details? }`
 *   (`training-aborted`, `training-diverged`, `backend-lost`, `invalid-*`, `busy`, `worker-failed`).
 * @fires mlops-backend-change - A backend was chosen; `detail` is the BackendChoice.
 *
 * @csspart controls - The form of hyper-parameters.
 * @csspart actions - The row of the Train and Stop buttons.
 * @csspart train-button - The Train button.
 * @csspart stop-button - The Stop button.
 * @csspart backend-badge - The badge naming the backend in use (`data-backend` = webgpu | webgl | wasm | cpu).
 * @csspart probe-table - The measured speeds of a `fastest` choice.
 * @csspart progress - The progress bar and its text.
 * @csspart status - The status line (`data-state` = idle | choosing | training | done | error).
 * @csspart charts - The loss and accuracy charts.
 *
 * @cssproperty --mlops-font - Font family.
 * @cssproperty --mlops-surface - Background of the panel and its inputs.
 * @cssproperty --mlops-text - Text colour.
 * @cssproperty --mlops-muted - Colour of hints and secondary text.
 * @cssproperty --mlops-border - Borders of the panel, inputs and tables.
 * @cssproperty --mlops-accent - Buttons, progress, focus ring and the training curves.
 * @cssproperty --mlops-accent-2 - The validation curves.
 * @cssproperty --mlops-danger - Errors.
 * @cssproperty --mlops-tint - Background of the backend badge.
 */
export class MlopsTrainer extends LitElement {
  static override styles = trainerStyles;

  static override properties = {
    lab: { attribute: false },
    datasetId: { type: String, attribute: 'dataset', reflect: true },
    noise: { type: Number },
    samples: { type: Number },
    hiddenLayers: { type: String, attribute: 'hidden-layers' },
    activation: { type: String },
    optimizer: { type: String },
    learningRate: { type: Number, attribute: 'learning-rate', reflect: true },
    epochs: { type: Number, reflect: true },
    batchSize: { type: Number, attribute: 'batch-size' },
    validationSplit: { type: Number, attribute: 'validation-split' },
    dropout: { type: Number },
    l2: { type: Number },
    seed: { type: Number, reflect: true },
    earlyStopping: { type: Boolean, attribute: 'early-stopping' },
    patience: { type: Number },
    untilAccuracy: { type: Number, attribute: 'until-accuracy' },
    backendPolicy: { type: String, attribute: 'backend', reflect: true },
  };

  /** The trainer to drive. Left empty, the element starts its own when connected (and closes it when disconnected). */
  declare lab: TrainingPort | null;
  /** Dataset id (attribute `dataset`): `moons` or `circles`. */
  declare datasetId: TrainerForm['dataset'];
  /** Standard deviation of the noise added to the points. */
  declare noise: number;
  /** Rows drawn from the dataset; 20% become the test set. */
  declare samples: number;
  /** Hidden layer sizes as text (attribute `hidden-layers`), e.g. "16,16"; blank for none. */
  declare hiddenLayers: string;
  /** Activation of the hidden layers. */
  declare activation: Activation;
  /** Optimizer name. */
  declare optimizer: OptimizerName;
  /** Learning rate (attribute `learning-rate`). */
  declare learningRate: number;
  /** Passes over the training rows. */
  declare epochs: number;
  /** Rows per weight update (attribute `batch-size`). */
  declare batchSize: number;
  /** Share of the training rows kept aside for validation (attribute `validation-split`), 0..0.5. */
  declare validationSplit: number;
  /** Dropout rate after each hidden layer, 0 up to 1. */
  declare dropout: number;
  /** L2 weight penalty. */
  declare l2: number;
  /** Seeds the data, the split, the initial weights and the shuffles. */
  declare seed: number;
  /** Stop when the loss stops improving (attribute `early-stopping`). */
  declare earlyStopping: boolean;
  /** Epochs without improvement before early stopping. */
  declare patience: number;
  /**
   * "Train until" (attribute `until-accuracy`): stop at the end of the first epoch whose accuracy
   * reaches this many percent (validation accuracy, or training accuracy without a validation
   * split); `epochs` stays the cap. Null or 0: train every epoch.
   */
  declare untilAccuracy: number | null;
  /** How to choose the backend (attribute `backend`): gpu-first, fastest, webgpu, webgl, wasm or cpu. */
  declare backendPolicy: BackendPolicy;

  private readonly subscription = new TrainerSubscription(this, { port: () => this.lab, onEvent: (e) => this.onTrainerEvent(e) });
  private ownPort: TrainingPort | null = null;
  private ownKind: 'worker' | 'in-page' | null = null;
  private portNote: string | null = null;
  private state: TrainerState = 'idle';
  private choosingPolicy: BackendPolicy | null = null;
  private choice: BackendChoice | null = null;
  private activeBackend: BackendName | null = null;
  private run: TrainingRun | null = null;
  private stopping = false;
  private failureReported = false;
  private runEpochs = 0;
  private runTarget: number | null = null;
  private lastRender = 0;
  private lastChartFlush = 0;
  private trailingRender = 0;
  private position: Position = { epoch: 0, fraction: 0 };
  private history: EpochLog[] = [];
  private outcome: RunOutcome | null = null;
  private error: SerializedLabError | null = null;
  private formErrors: FormErrors = {};
  private untilError: string | null = null;
  private readonly curves = new TrainingCurves();
  private refocus: 'train' | 'stop' | null = null;
  /** Focus was on Train or in the form when a run began: move it to Stop (Train and the form get disabled). */
  private focusFollowsRun = false;

  constructor() {
    super();
    this.lab = null;
    this.datasetId = DEFAULT_FORM.dataset;
    this.noise = DEFAULT_FORM.noise;
    this.samples = DEFAULT_FORM.samples;
    this.hiddenLayers = DEFAULT_FORM.hiddenLayers;
    this.activation = DEFAULT_FORM.activation;
    this.optimizer = DEFAULT_FORM.optimizer;
    this.learningRate = DEFAULT_FORM.learningRate;
    this.epochs = DEFAULT_FORM.epochs;
    this.batchSize = DEFAULT_FORM.batchSize;
    this.validationSplit = DEFAULT_FORM.validationSplit;
    this.dropout = DEFAULT_FORM.dropout;
    this.l2 = DEFAULT_FORM.l2;
    this.seed = DEFAULT_FORM.seed;
    this.earlyStopping = DEFAULT_FORM.earlyStopping;
    this.patience = DEFAULT_FORM.patience;
    this.untilAccuracy = null;
    this.backendPolicy = DEFAULT_BACKEND_POLICY;
  }

  /** What the panel is doing right now (the status line's `data-state`). */
  get trainerState(): TrainerState {
    return this.state;
  }

  /** The form's values. */
  get form(): TrainerForm {
    return {
      dataset: this.datasetId,
      noise: this.noise,
      samples: this.samples,
      hiddenLayers: this.hiddenLayers,
      activation: this.activation,
      optimizer: this.optimizer,
      learningRate: this.learningRate,
      epochs: this.epochs,
      batchSize: this.batchSize,
      validationSplit: this.validationSplit,
      dropout: this.dropout,
      l2: this.l2,
      seed: this.seed,
      earlyStopping: this.earlyStopping,
      patience: this.patience,
    };
  }

  private get busy(): boolean {
    return this.state === 'choosing' || this.state === 'training';
  }

  override connectedCallback(): void {
    if (!this.lab) this.startOwnPort();
    super.connectedCallback();
    if (this.hasUpdated) this.createCharts();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.trailingRender) clearTimeout(this.trailingRender);
    this.trailingRender = 0;
    this.curves.destroy();
    this.closeOwnPort();
  }

  /**
   * Checks the form, chooses a backend if the policy changed (or none was chosen yet), then trains.
   * Resolves when the run ends, whatever its outcome (the status line and the events tell which).
   */
  async train(): Promise<void> {
    const port = this.lab;
    if (!port || this.busy) return;
    const job = this.readJob();
    if (!job) return;
    this.failureReported = false;
    this.error = null;
    const focused = (this.renderRoot as ShadowRoot).activeElement;
    this.focusFollowsRun = !!focused && (focused.classList.contains('train') || !!focused.closest('form'));
    try {
      if (!port.backend || port.backend.policy !== this.backendPolicy) await this.choose(port, job);
      this.state = 'training';
      this.stopping = false;
      this.requestUpdate();
      const run = port.train(job);
      this.run = run;
      await run.done;
    } catch (error) {
      if (!this.failureReported) this.fail(toSerialized(error));
    } finally {
      this.run = null;
      this.stopping = false;
      if (this.state === 'training' || this.state === 'choosing') this.state = 'idle';
      this.requestUpdate();
    }
  }

  /** Stops the run this panel started; the trainer stops within one batch. */
  stop(): void {
    if (!this.run || this.stopping) return;
    this.stopping = true;
    this.refocus = 'train';
    this.run.abort();
    this.requestUpdate();
  }

  private async choose(port: TrainingPort, job: TrainingJob | undefined): Promise<void> {
    this.state = 'choosing';
    this.choosingPolicy = this.backendPolicy;
    this.requestUpdate();
    try {
      await port.chooseBackend(this.backendPolicy, job);
    } finally {
      this.choosingPolicy = null;
    }
  }

  private async onPolicyChange(policy: BackendPolicy): Promise<void> {
    this.backendPolicy = policy;
    const port = this.lab;
    if (!port || this.busy) return;
    this.failureReported = false;
    this.error = null;
    try {
      await this.choose(port, buildJob(this.form).job ?? undefined);
      this.state = this.outcome ? 'done' : 'idle';
    } catch (error) {
      if (!this.failureReported) this.fail(toSerialized(error));
    }
    this.requestUpdate();
  }

  /** Reads every input (the last edit may not have fired `change`), validates, builds the job. */
  private readJob(): TrainingJob | null {
    const errors: FormErrors = {};
    for (const input of this.renderRoot.querySelectorAll<HTMLInputElement>('input[data-field]')) {
      const field = input.dataset.field as NumberField | 'hiddenLayers' | 'untilAccuracy';
      if (field === 'hiddenLayers') {
        this.hiddenLayers = input.value;
        continue;
      }
      if (field === 'untilAccuracy') {
        this.onUntilChange(input);
        continue;
      }
      if (input.disabled && field === 'patience') continue;
      const value = input.value.trim() === '' ? NaN : Number(input.value);
      const message = checkNumber(field, value);
      if (message) errors[field] = message;
      else this.setNumber(field, value);
    }
    const built = buildJob(this.form);
    this.formErrors = { ...built.errors, ...errors };
    const until = checkUntilAccuracy(this.untilAccuracy);
    if (!until.ok) this.untilError = until.message;
    if (built.job && Object.keys(errors).length === 0 && until.ok && !this.untilError) {
      if (until.value !== null) built.job.training.targetAccuracy = until.value;
      return built.job;
    }
    this.state = 'error';
    this.error = { code: 'invalid-job', message: 'Some settings need fixing: see the messages under the fields marked in red.' };
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    return null;
  }

  private setNumber(field: NumberField, value: number): void {
    (this as Pick<MlopsTrainer, NumberField>)[field] = value;
  }

  private fail(error: SerializedLabError): void {
    this.failureReported = true;
    this.error = error;
    this.state = 'error';
    this.noteFocusOnStop();
    this.dispatchEvent(new MlopsTrainErrorEvent(error));
  }

  private noteFocusOnStop(): void {
    if (this.renderRoot.querySelector('.stop') === (this.renderRoot as ShadowRoot).activeElement) this.refocus = 'train';
  }

  /** Every trainer event lands here first; the re-render follows on the next animation frame. */
  private onTrainerEvent(event: TrainerEvent): void {
    switch (event.type) {
      case 'backend':
        this.choice = event.choice;
        this.activeBackend = event.choice.backend;
        this.dispatchEvent(new MlopsBackendChangeEvent(event.choice));
        break;
      case 'run-started':
        this.state = 'training';
        this.runEpochs = event.job.training.epochs;
        this.runTarget = event.job.training.targetAccuracy ?? null;
        this.activeBackend = event.backend;
        this.position = { epoch: 0, fraction: 0 };
        this.history = [];
        this.outcome = null;
        this.error = null;
        this.curves.reset();
        if (this.run && this.focusFollowsRun) this.refocus = 'stop';
        this.dispatchEvent(new MlopsTrainStartEvent({ runId: event.runId, job: event.job, backend: event.backend }));
        break;
      case 'batch':
        this.position = { epoch: event.log.epoch, fraction: (event.log.batch + 1) / event.log.batches };
        break;
      case 'epoch':
        this.position = { epoch: event.log.epoch, fraction: 1 };
        this.history.push(event.log);
        this.curves.plot(event.log);
        this.dispatchEvent(new MlopsEpochEndEvent(event.log));
        break;
      case 'run-finished':
        this.outcome = event.outcome;
        this.activeBackend = event.outcome.backend;
        this.state = 'done';
        this.noteFocusOnStop();
        this.dispatchEvent(new MlopsTrainEndEvent(event.outcome));
        break;
      case 'run-failed':
        this.fail(event.error);
        if (event.error.code === 'worker-failed' && this.ownKind === 'worker' && this.lab === this.ownPort) {
          void this.fallBackInPage(event.error.message);
        }
        break;
      case 'reply':
        break;
    }
  }

  // --- the trainer this element owns -----------------------------------------------------------

  private startOwnPort(): void {
    try {
      this.ownPort = createWorkerTrainingClient();
      this.ownKind = 'worker';
      this.lab = this.ownPort;
    } catch (error) {
      void this.fallBackInPage(error instanceof Error ? error.message : String(error));
    }
  }

  /** Runs the trainer in this page instead of a worker (loads TF.js into the page). */
  private async fallBackInPage(reason: string): Promise<void> {
    this.closeOwnPort();
    this.portNote = `Training runs in this page, because a background worker could not start (${reason}). The page may respond slowly while it trains.`;
    this.requestUpdate();
    const [{ createInPageTrainingClient }, { bundledWasmPaths }] = await Promise.all([import('../../src/worker/in-page'), import('../../src/compute/wasm-assets')]);
    if (!this.isConnected || this.lab) return;
    this.ownPort = createInPageTrainingClient({ wasmPaths: bundledWasmPaths() });
    this.ownKind = 'in-page';
    this.lab = this.ownPort;
  }

  private closeOwnPort(): void {
    if (!this.ownPort) return;
    const port = this.ownPort;
    this.ownPort = null;
    this.ownKind = null;
    if (this.lab === port) this.lab = null;
    this.subscription.sync();
    port.dispose();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lab')) {
      if (this.ownPort && this.lab !== this.ownPort) this.closeOwnPort();
      this.subscription.sync();
      this.choice = this.lab?.backend ?? null;
      this.activeBackend = this.choice?.backend ?? null;
    }
  }

  // --- charts ------------------------------------------------------------------------------------

  protected override firstUpdated(): void {
    this.createCharts();
  }

  /**
   * While a run trains, renders asked for by its events (no property changed) come at most every
   * TRAINING_RENDER_MS; the last one is never lost (a trailing render follows).
   */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    if (this.state !== 'training' || changed.size > 0) return true;
    const wait = TRAINING_RENDER_MS - (performance.now() - this.lastRender);
    if (wait <= 0) return true;
    if (!this.trailingRender) {
      this.trailingRender = setTimeout(() => {
        this.trailingRender = 0;
        this.requestUpdate();
      }, wait) as unknown as number;
    }
    return false;
  }

  protected override updated(): void {
    this.lastRender = performance.now();
    const now = performance.now();
    if (this.state !== 'training' || now - this.lastChartFlush >= TRAINING_CHART_MS) {
      this.curves.flush();
      this.lastChartFlush = now;
    }
    if (this.refocus) {
      const target = this.renderRoot.querySelector<HTMLButtonElement>(this.refocus === 'stop' ? '.stop' : '.train');
      if (target && !target.disabled) {
        target.focus();
        this.refocus = null;
      }
    }
  }

  /** Charts draw on canvas, so they read the theme's custom properties once, here. */
  private createCharts(): void {
    const style = getComputedStyle(this);
    const theme = (name: keyof typeof THEME_DEFAULTS) => style.getPropertyValue(name).trim() || THEME_DEFAULTS[name];
    this.curves.attach(
      this.renderRoot,
      { text: theme('--mlops-text'), train: theme('--mlops-accent'), validation: theme('--mlops-accent-2'), font: theme('--mlops-font') },
      this.history,
    );
  }

  // --- rendering ---------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    return html`<div class="layout">
      ${this.renderForm()}
      <div class="results">
        ${this.renderActions()} ${renderBackendBadge(this.choice, this.activeBackend)} ${this.portNote ? html`<p class="note">${this.portNote}</p>` : nothing}
        ${renderProbeTable(this.choice)} ${this.renderProgress()}
        <p part="status" class="status" role="status" aria-live="polite" data-state=${this.state}>${this.statusText()}</p>
        ${this.curves.render(this.history.at(-1))}
      </div>
    </div>`;
  }

  private renderForm(): TemplateResult {
    const busy = this.busy;
    return html`<form id="controls" part="controls" novalidate @submit=${this.onSubmit}>
      <fieldset ?disabled=${busy}>
        <legend>Data</legend>
        <div class="fields">
          ${selectField({
            name: 'dataset',
            label: 'Dataset',
            value: this.datasetId,
            options: DATASET_CHOICES.map((d) => [d.id, d.label] as const),
            onChange: (v) => (this.datasetId = v as TrainerForm['dataset']),
          })}
          ${this.numberField('noise')} ${this.numberField('samples')}
        </div>
      </fieldset>
      <fieldset ?disabled=${busy}>
        <legend>Model</legend>
        <div class="fields">
          ${textField({
            name: 'hiddenLayers',
            label: 'Hidden layers',
            value: this.hiddenLayers,
            hint: 'Units per layer, e.g. 16,16. Leave blank for none (a straight-line boundary).',
            error: this.formErrors.hiddenLayers,
            wide: true,
            onChange: (input) => this.onHiddenChange(input.value),
          })}
          ${selectField({
            name: 'activation',
            label: 'Activation',
            value: this.activation,
            options: ACTIVATIONS.map((a) => [a, a] as const),
            onChange: (v) => (this.activation = v as Activation),
          })}
          ${this.numberField('dropout')} ${this.numberField('l2')}
        </div>
      </fieldset>
      <fieldset ?disabled=${busy}>
        <legend>Training</legend>
        <div class="fields">
          ${selectField({
            name: 'optimizer',
            label: 'Optimizer',
            value: this.optimizer,
            options: OPTIMIZERS.map((o) => [o, o] as const),
            onChange: (v) => (this.optimizer = v as OptimizerName),
          })}
          ${this.numberField('learningRate')} ${this.numberField('epochs')} ${this.numberField('batchSize')}
          ${this.numberField('validationSplit')} ${this.numberField('seed')}
          ${checkboxField({ name: 'earlyStopping', label: 'Early stopping', checked: this.earlyStopping, onChange: (c) => (this.earlyStopping = c) })}
          ${this.numberField('patience', !this.earlyStopping)}
          ${numberField({
            name: 'untilAccuracy',
            label: 'Train until accuracy (%)',
            hint: 'Stops once the validation accuracy reaches this (training accuracy without a validation split). Blank: every epoch.',
            error: this.untilError ?? undefined,
            value: this.untilAccuracy ?? NaN,
            min: 1,
            max: 100,
            step: 'any',
            onChange: (input) => {
              this.onUntilChange(input);
              this.requestUpdate();
            },
          })}
        </div>
      </fieldset>
      <fieldset ?disabled=${busy}>
        <legend>Backend</legend>
        <div class="fields">
          ${selectField({
            name: 'backend',
            label: 'Backend policy',
            value: this.backendPolicy,
            options: BACKEND_POLICY_TABLE.map((row) => [row.value, row.label] as const),
            hint: this.policyHint(),
            wide: true,
            onChange: (v) => void this.onPolicyChange(v as BackendPolicy),
          })}
        </div>
      </fieldset>
    </form>`;
  }

  /** Train submits the form (so Enter in a field trains too); Stop is a plain button. */
  private renderActions(): TemplateResult {
    return html`<div part="actions" class="actions">
      <button part="train-button" class="primary train" type="submit" form="controls" ?disabled=${this.busy || !this.lab}>Train</button>
      <button part="stop-button" class="secondary stop" type="button" ?disabled=${!this.run || this.state !== 'training' || this.stopping} @click=${() => this.stop()}>
        Stop
      </button>
    </div>`;
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.train();
  }

  private numberField(field: NumberField, disabled = false): TemplateResult {
    const spec = NUMBER_FIELDS[field];
    return numberField({
      name: field,
      label: spec.label,
      hint: spec.hint,
      error: disabled ? undefined : this.formErrors[field],
      disabled,
      value: this[field],
      min: spec.minExclusive ? undefined : spec.min,
      max: spec.maxExclusive ? undefined : spec.max,
      step: spec.step,
      onChange: (input) => this.onNumberChange(field, input),
    });
  }

  /** Checks a committed number at once; a wrong one keeps its text and gets a message, the property keeps its last good value. */
  private onNumberChange(field: NumberField, input: HTMLInputElement): void {
    const value = input.value.trim() === '' ? NaN : Number(input.value);
    const message = checkNumber(field, value);
    this.formErrors = { ...this.formErrors, [field]: message ?? undefined };
    if (!message) this.setNumber(field, value);
    this.requestUpdate();
  }

  /** The explanation of the selected policy, from the policy table. */
  private policyHint(): string {
    const known = BACKEND_POLICY_TABLE.some((row) => row.value === this.backendPolicy);
    return known ? backendPolicyRow(this.backendPolicy).explanation : 'Where the math runs. WebGPU and WebGL use the graphics card.';
  }

  /** Reads the "train until" input: blank or 0 turns it off; a wrong value keeps its text and gets a message. */
  private onUntilChange(input: HTMLInputElement): void {
    const text = input.value.trim();
    const value = text === '' ? null : Number(text);
    const checked = checkUntilAccuracy(value);
    this.untilError = checked.ok ? null : checked.message;
    if (checked.ok) this.untilAccuracy = checked.value === null ? null : Number(text);
  }

  private onHiddenChange(text: string): void {
    this.hiddenLayers = text;
    const parsed = parseHiddenLayers(text);
    this.formErrors = { ...this.formErrors, hiddenLayers: parsed.ok ? undefined : parsed.message };
  }

  private renderProgress(): TemplateResult {
    let value: number | undefined;
    let text: string;
    const epochs = this.runEpochs;
    const speed = this.history.at(-1)?.samplesPerSec;
    const speedText = speed !== undefined ? ` · ${formatCount(speed)} samples/s` : '';
    if (this.state === 'choosing') {
      value = undefined;
      text = this.choosingPolicy === 'fastest' ? 'Measuring backends…' : 'Choosing a backend…';
    } else if (!epochs) {
      value = 0;
      text = this.state === 'training' ? 'Starting…' : 'No run yet.';
    } else if (this.state === 'done' && this.outcome) {
      value = 1;
      text = `${this.outcome.summary.epochsRun} of ${plural(epochs, 'epoch')} done${speedText}`;
    } else {
      const { epoch, fraction } = this.position;
      value = Math.min(1, (epoch + fraction) / epochs);
      const current = Math.min(epochs, fraction >= 1 ? epoch + 2 : epoch + 1);
      const shown = this.state === 'training' ? current : Math.min(epochs, epoch + 1);
      text = `Epoch ${shown} of ${epochs}${speedText}${this.state === 'error' ? ' · stopped' : ''}`;
    }
    return html`<div part="progress" class="progress">
      <progress aria-label="Training progress" aria-describedby="progress-text" max="1" value=${ifDefined(value)}></progress>
      <span id="progress-text" class="progress-text">${text}</span>
    </div>`;
  }

  private statusText(): string {
    switch (this.state) {
      case 'idle':
        return this.lab ? 'Ready. Choose the settings, then press Train.' : 'Starting the trainer…';
      case 'choosing':
        return this.choosingPolicy === 'fastest'
          ? 'Measuring backends… Each one trains your model for a few steps, then the fastest is kept.'
          : 'Choosing a backend…';
      case 'training':
        if (this.stopping) return 'Stopping…';
        return this.activeBackend ? `Training on ${BACKEND_LABELS[this.activeBackend]}…` : 'Training…';
      case 'done':
        return this.outcome ? `${doneSentence(this.outcome.summary, this.runEpochs)}${untilSentence(this.outcome.summary, this.runTarget, this.runEpochs)}` : 'Done.';
      case 'error': {
        if (!this.error) return 'Something went wrong.';
        const chosenAgain = this.error.code === 'backend-lost' && this.choice?.lost ? this.choice.backend : null;
        return errorSentence(this.error, chosenAgain);
      }
    }
  }
}
