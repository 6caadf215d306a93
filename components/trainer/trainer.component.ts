import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { BackendChoice, BackendName, BackendPolicy } from '../../src/compute/types';
import type { SerializedLabError } from '../../src/errors';
import type { TrainingJob } from '../../src/model/job';
import type { EpochLog } from '../../src/model/trainer';
import type { RunOutcome, TrainerEvent } from '../../src/worker/protocol';
import type { TrainingPort, TrainingRun } from '../../src/worker/training-client';
import { renderBackendBadge, renderProbeTable } from '../shared/backend-view';
import { MlopsBackendChangeEvent, MlopsEpochEndEvent, MlopsTrainEndEvent, MlopsTrainErrorEvent, MlopsTrainStartEvent } from '../shared/events';
import { buildJob } from '../shared/job-form';
import { TrainerSubscription } from '../shared/trainer-subscription';
import { TrainerProperties } from './trainer-properties';
import { TrainingCurves } from '../shared/training-curves';
import { deploySentence, deployToLab, findLab, MlopsDeployEvent, type DeployResult } from './deploy-action';
import { SurfaceCanvas } from './surface-canvas';
import { renderTrainerForm } from './trainer-form';
import { FormEditing } from './form-editing';
import { OwnTrainerPort, portHostOf, PORT_CHANGED } from './trainer-port';
import { RenderPace } from './render-pace';
import { renderProgress, statusText, toSerialized, type Position, type StatusView, type TrainerState } from './trainer-status';
import { THEME_DEFAULTS, trainerStyles } from './trainer.styles';

export type { TrainerState } from './trainer-status';

export { TRAINING_CHART_MS, TRAINING_RENDER_MS } from './render-pace';

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
 * @fires mlops-deploy - The trained model was deployed to the lab; `detail` is the lab's outcome (`version`, `gate`, `deployed`).
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
 * @csspart surface - The live decision surface (2-D datasets only).
 * @csspart deploy-button - The "Deploy to the lab" button.
 * @csspart deploy-status - What the last deploy did.
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
export class MlopsTrainer extends TrainerProperties {
  static override styles = trainerStyles;

  private readonly subscription = new TrainerSubscription(this, { port: () => this.lab, onEvent: (e) => this.onTrainerEvent(e) });
  private readonly ownPort = new OwnTrainerPort(portHostOf(this));
  private state: TrainerState = 'idle';
  private choosingPolicy: BackendPolicy | null = null;
  private choice: BackendChoice | null = null;
  private activeBackend: BackendName | null = null;
  private run: TrainingRun | null = null;
  private stopping = false;
  private failureReported = false;
  private runEpochs = 0;
  private runTarget: number | null = null;
  private readonly pace = new RenderPace(() => this.requestUpdate());
  private position: Position = { epoch: 0, fraction: 0 };
  private history: EpochLog[] = [];
  private outcome: RunOutcome | null = null;
  private error: SerializedLabError | null = null;
  private readonly editing = new FormEditing(this);
  private readonly curves = new TrainingCurves();
  private readonly surface = new SurfaceCanvas();
  private deploying = false;
  private deployed: DeployResult | null = null;
  private refocus: 'train' | 'stop' | null = null;
  /** Focus was on Train or in the form when a run began: move it to Stop (Train and the form get disabled). */
  private focusFollowsRun = false;

  constructor() {
    super();
    this.addEventListener(PORT_CHANGED, () => this.subscription.sync());
  }

  /** What the panel is doing right now (the status line's `data-state`). */
  get trainerState(): TrainerState {
    return this.state;
  }

  /** What the last "Deploy to the lab" did (null before one). */
  get lastDeploy(): DeployResult | null {
    return this.deployed;
  }

  private get busy(): boolean {
    return this.state === 'choosing' || this.state === 'training' || this.deploying;
  }

  override connectedCallback(): void {
    if (!this.lab) this.ownPort.start();
    super.connectedCallback();
    if (this.hasUpdated) this.createCharts();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pace.stop();
    this.curves.destroy();
    this.ownPort.close();
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
    this.deployed = null;
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

  /**
   * "Deploy to the lab": sends the last trained model to the lab (`deployLab`, else the `<mlops-lab>`
   * that `lab-target` names), which registers it, gates it against production and releases it.
   * Resolves with what happened (also shown under the button); never rejects.
   */
  async deploy(): Promise<DeployResult> {
    const port = this.lab;
    const lab = findLab(this.deployLab, this.labTarget);
    if (!port || !this.outcome || this.busy) {
      this.deployed = { ok: false, error: { code: 'invalid-lab-command', message: 'Train a model first, then deploy it.' } };
    } else if (!lab) {
      this.deployed = { ok: false, error: { code: 'invalid-lab-command', message: `There is no lab on this page to deploy to (looked for "${this.labTarget}").` } };
    } else {
      this.deploying = true;
      this.deployed = null;
      this.requestUpdate();
      try {
        this.deployed = await deployToLab(port, lab);
      } finally {
        this.deploying = false;
      }
      if (this.deployed.ok) this.dispatchEvent(new MlopsDeployEvent(this.deployed.outcome));
    }
    this.requestUpdate();
    return this.deployed;
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

  /** Reads and checks the form; on a wrong field, says so and focuses it. */
  private readJob(): TrainingJob | null {
    const job = this.editing.read(this.renderRoot);
    if (job) return job;
    this.state = 'error';
    this.error = { code: 'invalid-job', message: 'Some settings need fixing: see the messages under the fields marked in red.' };
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    return null;
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
        this.surface.reset();
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
      case 'surface':
        this.surface.set(event.surface);
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
        if (event.error.code === 'worker-failed' && this.ownPort.inWorker) void this.ownPort.fallBackInPage(event.error.message);
        break;
      case 'reply':
        break;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lab')) {
      if (this.ownPort.own && this.lab !== this.ownPort.own) this.ownPort.close();
      this.subscription.sync();
      this.choice = this.lab?.backend ?? null;
      this.activeBackend = this.choice?.backend ?? null;
    }
  }

  // --- charts ------------------------------------------------------------------------------------

  protected override firstUpdated(): void {
    this.createCharts();
  }

  /** While a run trains, event-driven renders are paced (render-pace.ts). */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    return this.pace.shouldRender(this.state === 'training', changed.size > 0);
  }

  protected override updated(): void {
    if (this.pace.rendered(this.state === 'training')) this.curves.flush();
    this.surface.paint(this.renderRoot, this);
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
    const status = this.statusView();
    return html`<div class="layout">
      ${renderTrainerForm(this.editing.view({ busy: this.busy, train: () => void this.train(), policy: (p) => void this.onPolicyChange(p), requestUpdate: () => this.requestUpdate() }))}
      <div class="results">
        ${this.renderActions()} ${renderBackendBadge(this.choice, this.activeBackend)} ${this.ownPort.note ? html`<p class="note">${this.ownPort.note}</p>` : nothing}
        ${renderProbeTable(this.choice)} ${renderProgress(status)}
        <p part="status" class="status" role="status" aria-live="polite" data-state=${this.state}>${statusText(status)}</p>
        ${this.surface.render()} ${this.curves.render(this.history.at(-1))}
      </div>
    </div>`;
  }

  private statusView(): StatusView {
    return {
      state: this.state,
      hasPort: this.lab !== null,
      choosingPolicy: this.choosingPolicy,
      stopping: this.stopping,
      activeBackend: this.activeBackend,
      choice: this.choice,
      runEpochs: this.runEpochs,
      runTarget: this.runTarget,
      position: this.position,
      history: this.history,
      outcome: this.outcome,
      error: this.error,
    };
  }

  /** Train submits the form (so Enter in a field trains too); Stop and Deploy are plain buttons. */
  private renderActions(): TemplateResult {
    const canDeploy = this.state === 'done' && this.outcome !== null && !this.deploying;
    return html`<div part="actions" class="actions">
        <button part="train-button" class="primary train" type="submit" form="controls" ?disabled=${this.busy || !this.lab}>Train</button>
        <button part="stop-button" class="secondary stop" type="button" ?disabled=${!this.run || this.state !== 'training' || this.stopping} @click=${() => this.stop()}>Stop</button>
        <button part="deploy-button" class="secondary deploy" type="button" ?disabled=${!canDeploy} @click=${() => void this.deploy()}>Deploy to the lab</button>
      </div>
      ${this.deploying || this.deployed
        ? html`<p part="deploy-status" class="deploy-status" role="status" data-ok=${this.deployed ? String(this.deployed.ok) : 'pending'}>
            ${this.deploying ? 'Deploying to the lab: registering the model and running the promotion gate…' : deploySentence(this.deployed as DeployResult)}
          </p>`
        : nothing}`;
  }
}
