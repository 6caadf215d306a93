import { ContextProvider } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { LabError } from '../../src/errors';
import { toLabError } from '../../src/errors';
import type { LabConfig, LabEvent, LabSnapshot } from '../../src/loop/index';
import type { LabClient } from '../../src/worker/lab-client';
import { MlopsGuideStepEvent, type MlopsStationSelectEvent } from '../shared/events';
import { labContext } from '../shared/lab-context';
import { LabController, labPlace, startLabClient } from '../shared/lab-controller';
import { GuideTracker, percent, type GuideStep } from './guide';
import { GUIDE_SPEEDS, renderGuidePanel, STEP_SECONDS, type GuidePhase } from './guide-panel';
import { focusStationView } from './station-focus';
import { labStyles } from './lab.styles';
import { speedShortfallText } from '../shared/speed-text';
import { LabSessionController } from './session-controller';
import { renderSessionPanel } from './session-panel';
import { sessionStyles } from './session.styles';
import '../csv/mlops-csv';
import type { MlopsCsvRunEvent } from '../csv/csv-events';
import { localDataNote } from '../../src/loop/persistence/share-state';
import { renderLabBackendBadge } from '../shared/backend-view';
import { versionBackends } from '../../src/worker/lab-protocol';
import { BACKEND_POLICY_VALUES, isBackendPolicy } from '../../src/compute/policies';

/**
 * The guided run's Lab: gradual concept drift on the two moons (the boundary turns 90 degrees from
 * request 4 500 to 5 500), the on-alert policy, seed 7 — a run where the loop really drops and really
 * recovers (issue 6's acceptance figures: 98.6% before the drift, 85.6% at worst, back within 3
 * points 2 000 requests after the onset, 4 versions), 8 000 requests at 10 per simulated second.
 */
export const GUIDED_RUN_CONFIG: LabConfig = { scenario: 'moons-rotation', seed: 7, policy: 'on-alert', requests: 8000 };

export { GUIDE_SPEEDS, LOG_SHOWN, STEP_SECONDS, type GuidePhase } from './guide-panel';


/**
 * The whole lab page: it owns one Lab (in a Web Worker) and gives it to every element inside it
 * through a Lit context, lays out the loop diagram and the monitoring, alert and registry views, and
 * runs the guided first run: one press of "Run the whole loop" trains a first version (the backend
 * is shown), deploys it, streams traffic whose concept drifts, and lets the on-alert policy notice,
 * retrain, pass the gate and recover — with a caption for each step as the Lab reports it, and
 * pause, step and speed controls. It holds no ML logic: it sends Lab commands and renders events.
 *
 * Public state for pages and tests: `phase`, `speed`, and `guide` (the steps reached, the timeline
 * markers, the versions, the whole accuracy series and `guide.outcome()`: accuracy before the drift,
 * the lowest after it, and where it recovered).
 *
 * Settings, link and session (the "Settings, link and session" panel): the run's settings are a
 * declared table (src/loop/persistence/share-state.ts) shown as a compact form; "Copy link" copies a link that
 * replays the run. With the `sync-url` attribute the element also reads the URL hash on load (a
 * garbage or outdated hash gives the defaults and a message in plain words) and keeps it up to date;
 * without it the element never touches the page's URL (a course page keeps its own). The session
 * (every version with its weights, the deployment history, the release records and the settings) of
 * an element that runs its own Lab is saved in IndexedDB after each new version or alias move and
 * restored on the next load (paused, the stream from its beginning); "Reset lab" deletes it after a confirmation; sessions export and import
 * as one JSON file; the traffic log exports as CSV or JSON Lines and each chart as PNG. When IndexedDB
 * is unavailable the lab works in memory and says so.
 *
 * @summary The MLOps Lab page: loop diagram, views, and a guided run of the whole loop.
 *
 * @attr session-store - The IndexedDB database the session is saved in (default "mlops-lab-session"; "none": not saved). Only an element running its own Lab saves and restores a session.
 * @attr backend - The backend policy every training run follows: gpu-first (default: a real GPU, else WebAssembly), fastest, webgpu, webgl, wasm or cpu. A link's or the settings' backend replaces it.
 * @attr sync-url - Read the run's settings from the URL hash on load and write them back (the page's own lab; off for embeds).
 *
 * @slot - Extra content under the views (a page's own notes, another element).
 *
 * @fires mlops-guide-step - The guided run reached a step; `detail` is `{ id, index, t, caption }`.
 * @fires mlops-session-change - The session was restored on load, imported, exported or reset; `detail` is `{ action, versions, production }`.
 * @fires mlops-station-select - (from the loop diagram inside) a station was activated; the lab brings its view into sight.
 *
 * @csspart guide - The guided-run panel.
 * @csspart controls - The row of controls.
 * @csspart run-button - "Run the whole loop".
 * @csspart pause-button - Pause / Resume (`aria-pressed` while paused).
 * @csspart step-button - Step (while paused).
 * @csspart speed - The speed select.
 * @csspart backend-badge - The TF.js backend the newest version trained on (`data-backend`, `data-policy`).
 * @csspart backend-reason - Why it trains there: the backend policy's sentence, with the fallback reason.
 * @csspart backend-versions - The backend each version trained on (`data-version`, `data-backend` on each).
 * @csspart caption - The current caption (a polite live region; `data-phase` = idle | training | running | paused | done | error).
 * @csspart progress - Requests streamed of the run.
 * @csspart steps - The checklist of steps (`data-reached` on those done).
 * @csspart scoreboard - Requests, production version, versions, latest accuracy, active alerts.
 * @csspart log - "What happened": the steps reached (the last 50), with their stream position and caption.
 * @csspart speed-note - Shown while the machine cannot keep up with the asked speed: the speed really achieved.
 * @csspart session - The "Settings, link and session" panel.
 * @csspart settings - The settings form.
 * @csspart link-problems - What was wrong with the link the page was opened with (or the form).
 * @csspart storage-notice - Shown when the session is kept in memory only (IndexedDB unavailable or full), with the reason.
 * @csspart session-actions - The row of session buttons.
 * @csspart copy-link - "Copy link".
 * @csspart share-link - The read-only link field shown when the clipboard was refused.
 * @csspart export-session - "Export session".
 * @csspart import-session - "Import session" (a file input in a label).
 * @csspart export-log-csv - The traffic log as CSV.
 * @csspart export-log-jsonl - The traffic log as JSON Lines.
 * @csspart charts-png - Every chart as PNG.
 * @csspart reset-button - "Reset lab…" (opens the confirmation dialog).
 * @csspart reset-dialog - The confirmation dialog (`<dialog>`, modal).
 * @csspart reset-confirm - The dialog's "Reset lab".
 * @csspart reset-cancel - The dialog's "Cancel".
 * @csspart session-status - What the last session action did (a polite live region).
 * @csspart loop - The `<mlops-loop>` diagram.
 * @csspart monitor - The `<mlops-monitor>` view.
 * @csspart alerts - The `<mlops-alerts>` view.
 * @csspart drift - The `<mlops-drift>` view (per-feature drift and the detectors' timeline).
 * @csspart registry - The `<mlops-registry>` view.
 * @csspart boundary - The `<mlops-boundary>` view (the decision surface).
 * @csspart endpoint - The `<mlops-endpoint>` view (send a request).
 * @csspart dataset - The `<mlops-dataset>` view.
 * @csspart traffic - The `<mlops-traffic>` view.
 * @csspart drill - The `<mlops-drill>` view.
 * @csspart csv - The `<mlops-csv>` panel: your own CSV file through the whole loop.
 * @csspart own-data-note - Shown during a run on your own data: why a share link cannot carry the file.
 * @csspart compare - The `<mlops-compare>` view (policies and alert settings compared on the same stream, questions from the run).
 *
 * @cssproperty --mlops-font - Font family.
 * @cssproperty --mlops-page - Background behind the panels.
 * @cssproperty --mlops-surface - Background of panels and controls.
 * @cssproperty --mlops-text - Text colour.
 * @cssproperty --mlops-muted - Secondary text.
 * @cssproperty --mlops-border - Borders.
 * @cssproperty --mlops-accent - Primary button, progress, active station, focus ring.
 * @cssproperty --mlops-on-accent - Text on the primary button.
 * @cssproperty --mlops-accent-2 - Second series colour, incident badges.
 * @cssproperty --mlops-danger - Errors and alert badges.
 * @cssproperty --mlops-on-danger - Text on alert badges.
 * @cssproperty --mlops-success - Reached steps.
 * @cssproperty --mlops-tint - Highlighted backgrounds.
 */
export class MlopsLab extends LitElement {
  static override styles = [labStyles, sessionStyles];

  static override properties = {
    lab: { attribute: false },
    config: { attribute: false },
    speed: { type: Number, reflect: true },
    phase: { state: true },
    backend: { type: String },
  };

  /** The `backend` attribute: the backend policy of the runs (null: the config's, default gpu-first). */
  backend: string | null = null;

  /** The Lab to run (optional: by default the element starts its own in a Web Worker). */
  lab: LabClient | null = null;
  /** The guided run's Lab config (default GUIDED_RUN_CONFIG). */
  config: LabConfig = GUIDED_RUN_CONFIG;
  /** Simulated seconds per real second while the run plays (one of GUIDE_SPEEDS by default). */
  speed = 20;
  /** What the guided run is doing. */
  phase: GuidePhase = 'idle';
  /** The guided run's narrator: steps, markers, versions, the whole series and the outcome. */
  readonly guide = new GuideTracker();
  /** Settings, link (URL hash, with `sync-url`) and the saved session (IndexedDB, else memory). */
  readonly session = new LabSessionController(this, { config: GUIDED_RUN_CONFIG });
  private startedRun = false;

  private own: LabClient | null = null;
  private failure: LabError | null = null;
  private pauseWanted = false;
  private busy = false;
  private readonly provider = new ContextProvider(this, { context: labContext, initialValue: null });
  private readonly controller = new LabController(this, {
    explicit: () => this.lab ?? this.own,
    consume: false,
    createOwn: false,
    onEvent: (event) => this.onLabEvent(event),
    onSnapshot: (snapshot) => this.onLabSnapshot(snapshot),
  });

  /** The Lab in use (the `.lab` given, else the element's own). */
  get activeLab(): LabClient | null {
    return this.lab ?? this.own;
  }

  override connectedCallback(): void {
    if (!this.lab && !this.own) this.own = startLabClient();
    this.provider.setValue(this.activeLab);
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    const own = this.own;
    this.own = null;
    this.provider.setValue(this.lab);
    this.phase = 'idle';
    void own?.dispose();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('backend') && this.backend !== null) {
      const value = this.backend.trim().toLowerCase();
      // A link's or the settings' backend (applied on connect) wins over the attribute's first value.
      if (isBackendPolicy(value)) {
        if (this.config.backend === undefined || changed.get('backend') != null) this.config = { ...this.config, backend: value };
      }
      else this.guide.caption = `The backend attribute "${this.backend}" is not one of ${BACKEND_POLICY_VALUES.join(', ')}; the lab uses ${this.config.backend ?? 'gpu-first'}.`;
    }
    if (changed.has('lab')) {
      this.provider.setValue(this.activeLab);
      this.controller.sync();
    }
  }

  /** Whether a run is training now (the settings are locked). */
  get training(): boolean {
    return this.phase === 'training';
  }

  /** Whether the element runs its own Lab (not one handed in as \`.lab\`). */
  get ownsLab(): boolean {
    return !this.lab;
  }

  /** Whether a run was started on this page (a saved session is not restored over it). */
  get started(): boolean {
    return this.startedRun;
  }

  /** Shows a Lab restored from a session: paused at the start of its stream, its versions and production as they were. */
  adoptSession(snapshot: LabSnapshot): void {
    this.guide.reset();
    this.failure = null;
    this.pauseWanted = false;
    this.phase = 'paused';
    this.guide.caption = `Session restored: ${snapshot.deployed.production ?? 'no version'} serves production. The stream starts again from its beginning; press Resume to stream it.`;
    this.onLabSnapshot(snapshot);
  }

  /** Ends the current run and starts a fresh, idle lab (its own Lab is replaced; a Lab given as \`.lab\` is kept). */
  async startFresh(config: LabConfig): Promise<void> {
    const old = this.own;
    if (old) {
      this.own = startLabClient();
      this.provider.setValue(this.activeLab);
      this.controller.sync();
      void old.dispose();
    }
    this.config = config;
    this.guide.reset();
    this.failure = null;
    this.pauseWanted = false;
    this.startedRun = false;
    this.phase = 'idle';
  }

  /** Starts the guided run from the beginning (a new Lab run; a previous one is replaced). */
  async run(): Promise<void> {
    const lab = this.activeLab;
    if (!lab || this.phase === 'training') return;
    this.startedRun = true;
    this.session.onRunStart();
    this.guide.reset();
    this.failure = null;
    this.pauseWanted = false;
    this.phase = 'training';
    this.guide.caption = 'Starting the lab and drawing the first training rows…';
    try {
      const snapshot = await lab.create(this.config);
      this.onLabSnapshot(snapshot);
      if (this.pauseWanted) {
        this.phase = 'paused';
        this.guide.caption = `Paused after training. ${this.guide.caption}`;
      } else {
        await lab.play(this.speed);
        this.phase = 'running';
      }
    } catch (error) {
      this.fail(error);
    }
  }

  /** Runs the whole loop on the learner's own data (`<mlops-csv>`'s run: its scenario, data and length over the current settings). */
  runOwnData(event: MlopsCsvRunEvent): void {
    event.handled = true;
    if (this.phase === 'training') return;
    this.config = { ...this.config, ...event.detail.config };
    void this.run();
  }

  /** Pauses the stream (or, during training, stops it from starting). */
  async pause(): Promise<void> {
    const lab = this.activeLab;
    if (this.phase === 'training') {
      this.pauseWanted = true;
      this.requestUpdate();
      return;
    }
    if (!lab || this.phase !== 'running') return;
    this.phase = 'paused';
    try {
      this.onLabSnapshot(await lab.pause());
    } catch (error) {
      this.fail(error);
    }
  }

  /** Resumes a paused stream at the current speed. */
  async resume(): Promise<void> {
    const lab = this.activeLab;
    if (this.phase === 'training') {
      this.pauseWanted = false;
      this.requestUpdate();
      return;
    }
    if (!lab || this.phase !== 'paused') return;
    this.phase = 'running';
    try {
      await lab.play(this.speed);
    } catch (error) {
      this.fail(error);
    }
  }

  /** While paused: advances the stream by STEP_SECONDS simulated seconds. */
  async step(): Promise<void> {
    const lab = this.activeLab;
    if (!lab || this.phase !== 'paused' || this.busy) return;
    this.busy = true;
    this.requestUpdate();
    try {
      this.onLabSnapshot(await lab.step(STEP_SECONDS));
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = false;
      this.requestUpdate();
    }
  }

  /** Changes the speed (and, while playing, the running stream's). */
  async setSpeed(speed: number): Promise<void> {
    this.speed = speed;
    const lab = this.activeLab;
    if (!lab || this.phase !== 'running') return;
    try {
      await lab.play(speed);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.failure = toLabError(error);
    this.phase = 'error';
    this.guide.caption = `The run stopped: ${this.failure.message}`;
  }

  private emit(steps: (GuideStep | null)[]): void {
    for (const step of steps) if (step) this.dispatchEvent(new MlopsGuideStepEvent(step));
  }

  private onLabEvent(event: LabEvent): void {
    this.session.onLabEvent(event);
    if (this.phase === 'idle') return;
    this.emit([this.guide.onEvent(event)]);
    if (event.type === 'stream-end') {
      this.phase = 'done';
      const lab = this.activeLab;
      // The last windows come with the final snapshot.
      void lab?.snapshot().then(
        (snapshot) => this.onLabSnapshot(snapshot),
        () => undefined,
      );
    }
  }

  private onLabSnapshot(snapshot: LabSnapshot): void {
    if (this.phase === 'idle') return;
    this.emit(this.guide.onSnapshot(snapshot));
    if (snapshot.done && this.phase !== 'error') this.phase = 'done';
    // Another view of the shared Lab (the traffic view's Hold / Play) paused or resumed the stream.
    else if (snapshot.playing === false && this.phase === 'running') this.phase = 'paused';
    else if (snapshot.playing === true && this.phase === 'paused') this.phase = 'running';
    // A speed set elsewhere (the traffic view's Rate) shows in the Speed select when it is one of its choices.
    if (snapshot.playing && snapshot.playSpeed !== undefined && GUIDE_SPEEDS.includes(snapshot.playSpeed)) this.speed = snapshot.playSpeed;
    if (this.phase === 'done') this.guide.caption = this.closingCaption();
    this.requestUpdate();
  }

  /** The end of the run in two sentences: how the stream ended, and whether (and where) accuracy recovered. */
  private closingCaption(): string {
    const end = this.guide.steps.find((st) => st.id === 'end')?.caption ?? 'The stream ended.';
    const o = this.guide.outcome();
    if (o.driftOnset === null || o.before === null) return end;
    const story = `Accuracy was ${percent(o.before)} before the drift and fell to ${percent(o.lowestAfter)} after it;`;
    return o.recoveredAt !== null
      ? `${end} ${story} it was back within ${o.tolerance * 100} points by request ${o.recoveredAt.toLocaleString('en-US')}, with ${o.recoveredWith ?? 'a retrained version'}.`
      : `${end} ${story} it had not recovered by the end.`;
  }

  private onStationSelect(event: MlopsStationSelectEvent): void {
    focusStationView(this.renderRoot, event.detail.station, this.controller.snapshot?.alerts.length ?? 0);
  }

  private renderBackend(): TemplateResult {
    const snapshot = this.controller.snapshot;
    const versions = snapshot ? (versionBackends(snapshot) ?? snapshot.versions) : [];
    const lab = this.activeLab;
    const where = lab ? labPlace(lab) : null;
    const place = where === 'worker' ? ', in a Web Worker' : where === 'page' ? ', in the page' : '';
    return renderLabBackendBadge(versions, place);
  }

  protected override render(): TemplateResult {
    const phase = this.phase;
    const caption = this.failure ? `The run stopped: ${this.failure.message}` : this.guide.caption || 'Press “Run the whole loop”: the lab trains a model, deploys it, streams traffic that drifts, and shows the loop notice, retrain and recover.';
    const panel = renderGuidePanel(
      {
        phase,
        paused: phase === 'paused' || (phase === 'training' && this.pauseWanted),
        busy: this.busy,
        speed: this.speed,
        caption,
        shortfall: phase === 'running' ? speedShortfallText(this.controller.snapshot) : null,
        total: this.config.requests ?? null,
        guide: this.guide,
        snapshot: this.controller.snapshot,
        backend: this.renderBackend(),
      },
      { run: () => void this.run(), pause: () => void this.pause(), resume: () => void this.resume(), step: () => void this.step(), setSpeed: (speed) => void this.setSpeed(speed) },
    );
    return html`
      ${panel}
      ${renderSessionPanel(this.session.view(this.controller.snapshot !== null), this.session)}
      ${this.config.dataset ? html`<p class="caption" part="own-data-note" data-field="own-data-note">${localDataNote(this.config)}</p>` : nothing}
      <mlops-csv part="csv" ?disabled=${phase === 'training'} @mlops-csv-run=${(e: MlopsCsvRunEvent) => this.runOwnData(e)}></mlops-csv>
      <div class="board" @mlops-station-select=${(e: MlopsStationSelectEvent) => this.onStationSelect(e)}>
        <mlops-loop part="loop"></mlops-loop>
        <div class="views">
          <mlops-monitor part="monitor"></mlops-monitor>
          <mlops-alerts part="alerts"></mlops-alerts>
          <mlops-drift part="drift"></mlops-drift>
          <mlops-registry part="registry"></mlops-registry>
          <mlops-boundary part="boundary"></mlops-boundary>
          <mlops-endpoint part="endpoint"></mlops-endpoint>
          <mlops-dataset part="dataset" .scenario=${this.config.scenario}></mlops-dataset>
          <mlops-traffic part="traffic"></mlops-traffic>
          <mlops-drill part="drill"></mlops-drill>
          <mlops-compare part="compare"></mlops-compare>
        </div>
      </div>
      <slot></slot>
    `;
  }
}
