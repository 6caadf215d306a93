import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Chart } from 'chart.js';
import { toLabError, type SerializedLabError } from '../../src/errors';
import type { CompareResult, CompareRun } from '../../src/loop/compare/runner';
import { DEFAULT_SANDBOX, evaluateSetting, prepareStream, SANDBOX_DETECTORS, SANDBOX_LIMITS, tradeoffCurve, type PreparedStream, type SandboxDetector, type SandboxOutcome, type SandboxSettings, type TradeoffPoint } from '../../src/loop/compare/sandbox';
import { driftOnset } from '../../src/loop/compare/summary';
import { gradeQuestion, runQuestions, type QuestionGrade, type RunQuestion } from '../../src/loop/compare/questions';
import type { LabConfig } from '../../src/loop/engine/config';
import { POLICIES } from '../../src/loop/decisions/policy';
import { STATIONS } from '../../src/loop/engine/stations';
import { RUN_PARAMETERS } from '../../src/loop/engine/parameters';
import type { LabClient } from '../../src/worker/lab-client';
import { LabController } from '../shared/lab-controller';
import { renderLabNotice } from '../shared/lab-notice';
import { readTheme } from '../monitor/view.styles';
import { createCompareChart } from './compare-chart';
import { compareRows, labelDelayWords, pct, verdict } from './compare-text';
import { compareStyles } from './compare.styles';
import { tradeoffSvg } from './tradeoff-svg';
import { MlopsCompareDoneEvent, MlopsQuestionGradedEvent } from './compare-events';

/** A number typed in a field within [min, max], else null (empty or out of range: the run's own setting). */
function numberOrNull(text: string, min: number, max: number): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= min && n <= max ? n : null;
}

/** What the compare view is doing; the status line's `data-state`. */
export type CompareState = 'idle' | 'running' | 'done' | 'error';

/** Policies compared when the `policies` attribute names none. */
export const DEFAULT_COMPARE_POLICIES = ['off', 'on-alert', 'schedule'] as const;

/** The run a compare uses when it has neither attributes nor a running lab to take the config from. */
const FALLBACK_RUN: LabConfig = { scenario: 'moons-rotation', seed: 7, policy: 'on-alert' };

/**
 * What if? The same stream under two to four retraining policies, side by side: one realized-accuracy
 * line per policy with the real drift shaded, and a table per policy (mean accuracy after the change,
 * requests in windows below a threshold, time to detect and recover, retrains, rollbacks, alerts,
 * labelled rows used, correct answers lost). "Fork here" replays the main run up to its current
 * request and lets another policy take over from there, beside what really happened. For a finished
 * compare, an alert-settings sandbox re-judges the recorded stream as sliders move (threshold,
 * for-duration, cooldown, a detector's main parameter) and draws the trade-off of false alerts against
 * detection delay; words on label delay say how the realized line lags and when the label-free
 * estimate helps; and three to five questions drawn from the run are graded with its evidence.
 *
 * Every run goes through the Lab's `compare` command (in its worker): each equals the single run of
 * `npm run simulate` with that scenario, seed and policy. The main run is not touched.
 * The Lab comes from `.lab`, else an enclosing `<mlops-lab>`, else the element starts its own.
 *
 * @summary Compare retraining policies and alert settings on the same stream.
 *
 * @fires mlops-compare-done - A compare or fork finished; `detail` is `{ scenario, seed, forkAt, policies }`.
 * @fires mlops-question-graded - A question was answered; `detail` is `{ id, station, correct, expected, evidence }`.
 *
 * @csspart policies - The policy checkboxes.
 * @csspart labels - The label dial: label delay and share of labels never arriving, for the next compare.
 * @csspart compare-button - The Compare button.
 * @csspart fork - The fork controls (policy and "Fork here").
 * @csspart fork-button - The "Fork here" button.
 * @csspart questions-button - "Questions from my run": the main run replayed, and questions from its events.
 * @csspart chart - The box of the accuracy chart.
 * @csspart table - The per-policy table.
 * @csspart verdict - The sentence on who lost the fewest correct answers.
 * @csspart sandbox - The alert-settings sandbox.
 * @csspart threshold - The alert threshold slider (and `for`, `cooldown`, `detector-value` the others).
 * @csspart sandbox-result - What the current setting gives.
 * @csspart tradeoff - The trade-off chart; its current point is `tradeoff-point`.
 * @csspart label-delay - Words on label delay and the label-free estimate.
 * @csspart questions - The questions from the run.
 * @csspart notice - What to know about the element's own Lab.
 * @csspart status - The status line (`data-state` = idle | running | done | error).
 *
 * @cssproperty --mlops-font - Font family.
 * @cssproperty --mlops-surface - Background.
 * @cssproperty --mlops-text - Text colour.
 * @cssproperty --mlops-muted - Secondary text.
 * @cssproperty --mlops-border - Borders, buttons and table rules.
 * @cssproperty --mlops-accent - The trade-off curve, a right answer's frame and the focus ring.
 * @cssproperty --mlops-accent-2 - The current setting's point.
 * @cssproperty --mlops-danger - A wrong answer's frame, errors.
 * @cssproperty --mlops-tint - Background of the words on label delay.
 */
export class MlopsCompare extends LitElement {
  static override styles = compareStyles;

  static override properties = {
    lab: { attribute: false },
    scenario: { type: String },
    seed: { type: Number },
    policies: { type: String },
    requests: { type: Number },
    threshold: { type: Number },
  };

  /** The Lab to run on. Left empty: the enclosing `<mlops-lab>`'s, else one the element starts. */
  declare lab: LabClient | null;
  /** Scenario of the compare (attribute); absent: the Lab's run. */
  declare scenario: string | null;
  /** Seed of the compare (attribute); absent: the Lab's run (or 7 with a `scenario`). */
  declare seed: number | null;
  /** Comma-separated policies, 2 to 4 (attribute); default "off,on-alert,schedule". */
  declare policies: string;
  /** Requests per run (attribute); absent: the run's length. */
  declare requests: number | null;
  /** Accuracy (fraction) below which a window's requests are counted in the table (attribute; default 0.9). */
  declare threshold: number;

  private readonly controller = new LabController(this, {
    explicit: () => this.lab,
    onLabChange: () => this.clear(),
    onRunChange: () => {
      if (this.usesLabRun) this.clear();
    },
  });
  private resultValue: CompareResult | null = null;
  private busy = false;
  private failure: SerializedLabError | null = null;
  private forkPolicy = 'off';
  /** The label dial (null: the run's own setting). */
  private labelDelayValue: number | null = null;
  private labelLossValue: number | null = null;
  private chart: Chart<'line', { x: number; y: number }[]> | null = null;
  private sandboxRun = 0;
  private prepared: PreparedStream | null = null;
  private settings: SandboxSettings = { ...DEFAULT_SANDBOX };
  private outcome: SandboxOutcome | null = null;
  private curve: TradeoffPoint[] = [];
  private sandboxMs: number | null = null;
  private questions: RunQuestion[] = [];
  private answers = new Map<string, string>();
  private grades = new Map<string, QuestionGrade>();
  private generation = 0;

  constructor() {
    super();
    this.lab = null;
    this.scenario = null;
    this.seed = null;
    this.policies = DEFAULT_COMPARE_POLICIES.join(',');
    this.requests = null;
    this.threshold = 0.9;
  }

  /** The Lab in use (given, provided or own), null until known. */
  get activeLab(): LabClient | null {
    return this.controller.lab;
  }

  /** The last compare or fork (null before one). */
  get result(): CompareResult | null {
    return this.resultValue;
  }

  /** What the view is doing. */
  get compareState(): CompareState {
    if (this.busy) return 'running';
    if (this.failure || this.controller.error) return 'error';
    return this.resultValue ? 'done' : 'idle';
  }

  /** The sandbox's setting now, and what it gives (null before a compare). */
  get sandbox(): { settings: SandboxSettings; outcome: SandboxOutcome | null; curve: readonly TradeoffPoint[]; ms: number | null } {
    return { settings: { ...this.settings }, outcome: this.outcome, curve: this.curve, ms: this.sandboxMs };
  }

  /** The questions of the last compare. */
  get runQuestions(): readonly RunQuestion[] {
    return this.questions;
  }

  /** The policies the `policies` attribute names (trimmed, empty ones dropped). */
  get policyList(): string[] {
    return this.policies
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
  }

  /** True when the compare takes its config from the Lab's run (no `scenario` or `seed` attribute). */
  private get usesLabRun(): boolean {
    return this.scenario === null && this.seed === null;
  }

  private explicitConfig(): LabConfig | undefined {
    const requests = this.requests !== null && Number.isInteger(this.requests) && this.requests > 0 ? { requests: this.requests } : {};
    if (!this.usesLabRun) return { scenario: this.scenario ?? FALLBACK_RUN.scenario, seed: this.seed ?? FALLBACK_RUN.seed, ...requests };
    if (!this.controller.snapshot) return { ...FALLBACK_RUN, ...requests };
    return this.requests !== null ? { ...this.labConfig(), ...requests } : undefined;
  }

  private labConfig(): LabConfig {
    const run = this.controller.run;
    return run ? { scenario: run.scenario.name, seed: run.seed, policy: run.policy } : FALLBACK_RUN;
  }

  /** Runs the `policies` (or `policies` given) on the same stream; resolves with the result (null if it failed or a newer action won). */
  async compare(policies: string[] = this.policyList): Promise<CompareResult | null> {
    const config = this.explicitConfig();
    const settings = { ...(this.labelDelayValue !== null ? { labelDelay: this.labelDelayValue } : {}), ...(this.labelLossValue !== null ? { labelLoss: this.labelLossValue } : {}) };
    return this.execute((lab) => lab.compare(policies, { ...(config ? { config } : {}), ...(Object.keys(settings).length ? { settings } : {}) }));
  }

  /** Sets the label dial of the next compare: label delay (simulated seconds) and share of labels never arriving (null: the run's own). */
  setLabels(labelDelay: number | null, labelLoss: number | null = this.labelLossValue): void {
    this.labelDelayValue = labelDelay;
    this.labelLossValue = labelLoss;
    this.requestUpdate();
  }

  /** Forks the main run at its current request into `policy` (default the fork picker's), beside what really happened. */
  async fork(policy: string = this.forkPolicy): Promise<CompareResult | null> {
    const own = this.controller.run?.policy;
    if (policy === own) policy = POLICIES.find((p) => p.name !== own)?.name ?? policy;
    const at = this.controller.snapshot?.position ?? 0;
    return this.execute((lab) => lab.compare([policy], { forkAt: at }));
  }

  /**
   * Questions from the learner's own run, without another policy: the main run replayed to its end
   * (what the stream would have given had it run on; exactly the run so far when nothing was done by hand).
   */
  async questionsFromRun(): Promise<CompareResult | null> {
    const own = this.controller.run?.policy;
    if (!own) return null;
    const at = this.controller.snapshot?.position ?? 0;
    return this.execute((lab) => lab.compare([own], { forkAt: at }));
  }

  private async execute(call: (lab: LabClient) => Promise<CompareResult>): Promise<CompareResult | null> {
    const lab = this.controller.lab;
    if (!lab || this.busy) return null;
    const generation = ++this.generation;
    this.busy = true;
    this.failure = null;
    this.requestUpdate();
    try {
      const result = await call(lab);
      if (generation !== this.generation) return null;
      this.adopt(result);
      this.dispatchEvent(new MlopsCompareDoneEvent({ scenario: result.scenario, seed: result.seed, forkAt: result.forkAt, policies: result.runs.map((r) => r.policy) }));
      return result;
    } catch (error) {
      if (generation === this.generation) this.failure = toLabError(error).toJSON();
      return null;
    } finally {
      if (generation === this.generation) {
        this.busy = false;
        this.requestUpdate();
      }
    }
  }

  private adopt(result: CompareResult): void {
    this.resultValue = result;
    const mainIndex = this.mainRunIndex(result);
    this.sandboxRun = mainIndex;
    this.prepareSandbox();
    const main = result.runs[mainIndex] as CompareRun;
    this.questions = runQuestions(main.report, result.runs);
    this.answers.clear();
    this.grades.clear();
    this.drawChart = true;
  }

  /** The learner's run among the results: a fork's base, else the run of the Lab's policy, else the first. */
  private mainRunIndex(result: CompareResult): number {
    if (result.base !== null) return Math.max(0, result.runs.findIndex((r) => r.policy === result.base));
    const policy = this.controller.run?.policy;
    const i = result.runs.findIndex((r) => r.policy === policy);
    return i >= 0 ? i : 0;
  }

  private prepareSandbox(): void {
    const run = this.resultValue?.runs[this.sandboxRun];
    if (!run) return;
    this.prepared = prepareStream(run.recorded, driftOnset(run.report), this.resultValue?.tickSeconds ?? 2);
    this.evaluate();
  }

  /** Changes one sandbox setting and re-judges the recorded stream (synchronously). */
  setSandbox(change: Partial<SandboxSettings>): SandboxOutcome | null {
    const next = { ...this.settings, ...change };
    if (change.detector && change.detector !== this.settings.detector && change.detectorValue === undefined) next.detectorValue = SANDBOX_DETECTORS[change.detector].default;
    this.settings = next;
    this.evaluate();
    this.requestUpdate();
    return this.outcome;
  }

  private evaluate(): void {
    if (!this.prepared) return;
    const started = performance.now();
    try {
      this.outcome = evaluateSetting(this.prepared, this.settings);
      this.curve = tradeoffCurve(this.prepared, this.settings);
      this.failure = null;
    } catch (error) {
      this.failure = toLabError(error).toJSON();
    }
    this.sandboxMs = performance.now() - started;
  }

  /** Grades the answer to question `id` (the answer given, or the one entered). */
  answer(id: RunQuestion['id'], value: string | number | undefined = this.answers.get(id)): QuestionGrade | null {
    const q = this.questions.find((x) => x.id === id);
    if (!q || value === undefined || value === '') return null;
    const grade = gradeQuestion(q, value);
    this.grades.set(id, grade);
    this.dispatchEvent(new MlopsQuestionGradedEvent({ ...grade, station: q.station }));
    this.requestUpdate();
    return grade;
  }

  private clear(): void {
    this.generation++;
    this.busy = false;
    this.resultValue = null;
    this.failure = null;
    this.prepared = null;
    this.outcome = null;
    this.curve = [];
    this.questions = [];
    this.answers.clear();
    this.grades.clear();
    this.destroyChart();
    this.requestUpdate();
  }

  private drawChart = false;

  private destroyChart(): void {
    this.chart?.destroy();
    this.chart = null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.destroyChart();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lab')) this.controller.sync();
  }

  protected override updated(): void {
    if (!this.drawChart || !this.resultValue) return;
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas');
    if (!canvas) return;
    this.drawChart = false;
    this.destroyChart();
    this.chart = createCompareChart(canvas, this.resultValue, {
      text: readTheme(this, '--mlops-text'),
      grid: readTheme(this, '--mlops-border'),
      font: readTheme(this, '--mlops-font'),
      band: 'rgba(213, 94, 0, 0.18)',
    });
  }

  protected override render(): TemplateResult {
    const state = this.compareState;
    const result = this.resultValue;
    const labError = this.controller.error;
    const status =
      state === 'running'
        ? 'Running each policy on the same stream in the lab’s worker: a few seconds per policy, and the main run waits meanwhile (it is not changed)…'
        : this.failure
          ? `That did not work: ${this.failure.message}`
          : labError
            ? `The lab failed: ${labError.message}`
            : result
              ? `${result.runs.length} ${result.runs.length === 1 ? 'run' : 'runs'} of ${result.scenario} (seed ${result.seed}, ${result.requests} requests)${result.forkAt !== null ? `, forked at request ${result.forkAt}` : ''}. Move the alert sliders or answer the questions below.`
              : this.controller.lab
                ? 'Pick two to four policies and compare them on the same stream, or fork the running lab here.'
                : 'Waiting for the lab…';
    return html`<h2>What if? Policies on the same stream</h2>
      <p class="muted">Every run sees exactly the same requests and labels (same scenario, same seed); only the retraining policy differs, so every difference below is the policy’s doing.</p>
      ${this.renderControls()} ${result ? this.renderResult(result) : nothing} ${renderLabNotice(this.controller.notice)}
      <p part="status" class="status" role="status" data-state=${state}>${status}</p>`;
  }

  private renderControls(): TemplateResult {
    const chosen = new Set(this.policyList);
    const toggle = (name: string, on: boolean) => {
      const list = POLICIES.map((p) => p.name).filter((n) => (n === name ? on : chosen.has(n)));
      this.policies = list.join(',');
    };
    const count = chosen.size;
    const position = this.controller.snapshot?.position ?? 0;
    const labPolicy = this.controller.run?.policy ?? null;
    return html`<fieldset part="policies" ?disabled=${this.busy}>
        <legend>Policies to compare (2 to 4)</legend>
        <div class="policies">
          ${POLICIES.map((p) => html`<label title=${p.description}><input type="checkbox" name="policy" value=${p.name} .checked=${chosen.has(p.name)} @change=${(e: Event) => toggle(p.name, (e.target as HTMLInputElement).checked)} /> ${p.name}</label>`)}
        </div>
      </fieldset>
      <fieldset part="labels" ?disabled=${this.busy}>
        <legend>Label dial (for Compare; a fork keeps the run’s own)</legend>
        <div class="actions">
          <label
            >Label delay (simulated s)
            <input
              type="number"
              min=${RUN_PARAMETERS.labelDelay.min}
              max="100000"
              step="any"
              placeholder="run's own"
              .value=${this.labelDelayValue === null ? '' : String(this.labelDelayValue)}
              @change=${(e: Event) => this.setLabels(numberOrNull((e.target as HTMLInputElement).value, RUN_PARAMETERS.labelDelay.min, RUN_PARAMETERS.labelDelay.max))}
          /></label>
          <label
            >Labels never arriving (%)
            <input
              type="number"
              min="0"
              max=${RUN_PARAMETERS.labelLoss.max * 100}
              step="any"
              placeholder="0"
              .value=${this.labelLossValue === null ? '' : String(this.labelLossValue * 100)}
              @change=${(e: Event) => {
                const v = numberOrNull((e.target as HTMLInputElement).value, 0, RUN_PARAMETERS.labelLoss.max * 100);
                this.setLabels(this.labelDelayValue, v === null ? null : v / 100);
              }}
          /></label>
        </div>
      </fieldset>
      <div class="actions">
        <button part="compare-button" class="primary" type="button" ?disabled=${this.busy || !this.controller.lab || count < 2 || count > 4} @click=${() => void this.compare()}>Compare ${count} policies</button>
        <span part="fork" class="actions">
          <label
            >Fork here into
            <select .value=${this.forkPolicy} ?disabled=${this.busy} @change=${(e: Event) => (this.forkPolicy = (e.target as HTMLSelectElement).value)}>
              ${POLICIES.filter((p) => p.name !== labPolicy).map((p) => html`<option value=${p.name} ?selected=${p.name === this.forkPolicy}>${p.name}</option>`)}
            </select></label
          >
          <button part="questions-button" type="button" ?disabled=${this.busy || !this.controller.snapshot || !this.usesLabRun} @click=${() => void this.questionsFromRun()} title="Replays the main run to its end and asks questions whose answers are in its events">Questions from my run</button>
          <button part="fork-button" type="button" ?disabled=${this.busy || !this.controller.snapshot || !this.usesLabRun} @click=${() => void this.fork()} title="Replays the main run up to its current request, then lets the other policy run the rest">Fork at request ${position}</button>
        </span>
      </div>`;
  }

  private renderResult(result: CompareResult): TemplateResult {
    const rows = compareRows(result, this.threshold);
    const main = result.runs[this.mainRunIndex(result)] as CompareRun;
    return html`<div part="chart" class="chart"><canvas role="img" aria-label=${`Realized accuracy per window of ${result.runs.map((r) => r.policy).join(', ')}, the drift shaded`}></canvas></div>
      <p part="verdict"><strong>${verdict(result)}</strong></p>
      <div class="scroll" tabindex="0" role="region" aria-label="The runs compared">
        <table part="table">
          <caption>
            Each policy on the same stream (requests below: in windows under ${pct(this.threshold)} accuracy)
          </caption>
          <thead>
            <tr>
              <th scope="col">Policy</th>
              <th scope="col">Accuracy after the change</th>
              <th scope="col">Requests below ${pct(this.threshold)}</th>
              <th scope="col">Time to detect</th>
              <th scope="col">Time to recover</th>
              <th scope="col">Retrains</th>
              <th scope="col">Rollbacks</th>
              <th scope="col">Alerts</th>
              <th scope="col">Labelled rows used</th>
              <th scope="col">Correct answers lost</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (r) =>
                html`<tr data-policy=${r.policy}>
                  <th scope="row">${r.policy}${r.note ? html`<br /><span class="muted">${r.note}</span>` : nothing}</th>
                  <td>${r.meanAfter}</td>
                  <td>${r.below}</td>
                  <td>${r.detect}</td>
                  <td>${r.recover}</td>
                  <td>${r.retrains}</td>
                  <td>${r.rollbacks}</td>
                  <td>${r.alerts}</td>
                  <td>${r.labelsUsed}</td>
                  <td>${r.lost}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div part="label-delay" class="words">${labelDelayWords(main, result.labelDelay, this.rate(main), result.labelLoss)?.map((w) => html`<p>${w}</p>`)}</div>
      ${this.renderSandbox(result)} ${this.renderQuestions()}`;
  }

  private rate(run: CompareRun): number | null {
    const last = run.report.series[run.report.series.length - 1];
    const t = run.recorded.t[run.recorded.t.length - 1];
    return last && t ? Math.round((last.end / t) * 10) / 10 : null;
  }

  private renderSandbox(result: CompareResult): TemplateResult {
    const s = this.settings;
    const o = this.outcome;
    const det = SANDBOX_DETECTORS[s.detector];
    const current = o ? { threshold: s.threshold, falseAlerts: o.falseAlerts, alertsPerDay: o.alertsPerDay, delay: o.delay } : null;
    const sliderValue = (v: number) => (det.log ? Math.log10(v) : v);
    const fromSlider = (v: number) => (det.log ? Math.round(10 ** v * 1e6) / 1e6 : v);
    return html`<fieldset part="sandbox">
      <legend>Alert settings sandbox</legend>
      <p class="muted">Re-judges the recorded answers of one run under other alert settings, without running the model again: a tighter alert fires sooner after the drift, and more often when nothing is wrong.</p>
      <label
        >Run
        <select
          @change=${(e: Event) => {
            this.sandboxRun = Number((e.target as HTMLSelectElement).value);
            this.prepareSandbox();
            this.requestUpdate();
          }}
        >
          ${result.runs.map((r, i) => html`<option value=${i} ?selected=${i === this.sandboxRun}>${r.policy}</option>`)}
        </select></label
      >
      <div class="sliders">
        <label for="threshold">Accuracy-drop threshold</label>
        <input id="threshold" part="threshold" type="range" min=${SANDBOX_LIMITS.threshold.min} max=${SANDBOX_LIMITS.threshold.max} step="0.005" .value=${String(s.threshold)} @input=${(e: Event) => this.setSandbox({ threshold: Number((e.target as HTMLInputElement).value) })} />
        <output for="threshold">${(s.threshold * 100).toFixed(1)} points</output>
        <label for="for">For-duration</label>
        <input id="for" part="for" type="range" min="0" max="300" step="10" .value=${String(s.forSeconds)} @input=${(e: Event) => this.setSandbox({ forSeconds: Number((e.target as HTMLInputElement).value) })} />
        <output for="for">${s.forSeconds} s</output>
        <label for="cooldown">Cooldown</label>
        <input id="cooldown" part="cooldown" type="range" min="0" max="600" step="10" .value=${String(s.cooldownSeconds)} @input=${(e: Event) => this.setSandbox({ cooldownSeconds: Number((e.target as HTMLInputElement).value) })} />
        <output for="cooldown">${s.cooldownSeconds} s</output>
        <label for="detector">Detector</label>
        <select id="detector" @change=${(e: Event) => this.setSandbox({ detector: (e.target as HTMLSelectElement).value as SandboxDetector })}>
          ${Object.entries(SANDBOX_DETECTORS).map(([k, d]) => html`<option value=${k} ?selected=${k === s.detector}>${d.label}</option>`)}
        </select>
        <span></span>
        <label for="detector-value">${det.label} ${det.words}</label>
        <input
          id="detector-value"
          part="detector-value"
          type="range"
          min=${sliderValue(det.min)}
          max=${sliderValue(det.max)}
          step=${det.log ? 0.1 : (det.max - det.min) / 100}
          .value=${String(sliderValue(s.detectorValue))}
          @input=${(e: Event) => this.setSandbox({ detectorValue: Math.min(det.max, Math.max(det.min, fromSlider(Number((e.target as HTMLInputElement).value)))) })}
        />
        <output for="detector-value">${det.log ? s.detectorValue.toPrecision(2) : s.detectorValue.toFixed(2)}</output>
      </div>
      ${o && current
        ? html`<div class="sandbox-out">
            <div part="sandbox-result" data-false=${o.falseAlerts} data-delay=${o.delay ?? 'missed'}>
              <p><strong>Accuracy alert:</strong> ${o.alerts.length} raised (${o.alertsPerDay.toFixed(0)} per simulated day); ${o.falseAlerts} before the drift began (false); ${o.delay === null ? 'it never fired after the drift began' : `first fired ${o.delay} requests after the drift began`}.</p>
              <p><strong>${det.label}:</strong> ${o.detectorAlarms.length} alarms; ${o.detectorFalse} before the drift; ${o.detectorDelay === null ? 'none after it' : `first ${o.detectorDelay} requests after it began`}.</p>
              <p class="muted">Re-judged ${result.runs[this.sandboxRun]?.recorded.index.length ?? 0} answers and a ${this.curve.length}-point curve in ${this.sandboxMs === null ? '?' : this.sandboxMs.toFixed(0)} ms.</p>
            </div>
            <div part="tradeoff">${tradeoffSvg(this.curve, current, { text: readTheme(this, '--mlops-text'), line: readTheme(this, '--mlops-accent'), point: readTheme(this, '--mlops-accent-2') })}</div>
          </div>`
        : nothing}
    </fieldset>`;
  }

  private renderQuestions(): TemplateResult | typeof nothing {
    if (!this.questions.length) return nothing;
    const byStation = STATIONS.map((s) => ({ station: s, numbers: this.questions.flatMap((q, i) => (q.station === s ? [i + 1] : [])) }));
    return html`<section part="questions" aria-labelledby="questions-title">
      <h3 id="questions-title">Questions from your run</h3>
      <ul class="station-map" aria-label="Which station of the loop each question is about">
        ${byStation.map((b) => html`<li class="station" data-station=${b.station}>${b.station}${b.numbers.length ? `: Q${b.numbers.join(', Q')}` : ''}</li>`)}
      </ul>
      ${this.questions.map((q, i) => {
        const grade = this.grades.get(q.id);
        const name = `q-${q.id}`;
        return html`<div class="question" data-question=${q.id} data-correct=${grade ? String(grade.correct) : nothing}>
          <p><span class="station">${q.station}</span><strong>Q${i + 1}. ${q.prompt}</strong></p>
          ${q.kind === 'number'
            ? html`<label>Your answer <input type="number" name=${name} @input=${(e: Event) => this.answers.set(q.id, (e.target as HTMLInputElement).value)} /></label>`
            : html`<div role="radiogroup" aria-label=${q.prompt}>
                ${q.choices.map((c) => html`<label class="choice"><input type="radio" name=${name} value=${c} @change=${() => this.answers.set(q.id, c)} /> ${c}</label>`)}
              </div>`}
          <button type="button" @click=${() => this.answer(q.id)}>Check</button>
          ${grade ? html`<p role="status"><strong>${grade.correct ? 'Right.' : `Not quite: ${grade.expected}.`}</strong> ${grade.evidence}</p>` : nothing}
        </div>`;
      })}
    </section>`;
  }
}
