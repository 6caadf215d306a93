import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { toLabError, type SerializedLabError } from '../../src/errors';
import type { CompareResult, CompareRun } from '../../src/loop/compare/runner';
import type { SandboxOutcome, SandboxSettings, TradeoffPoint } from '../../src/loop/compare/sandbox';
import { gradeQuestion, runQuestions, type QuestionGrade, type RunQuestion } from '../../src/loop/compare/questions';
import { POLICIES } from '../../src/loop/decisions/policy';
import type { LabClient } from '../../src/worker/lab-client';
import { LabController } from '../shared/lab-controller';
import { renderLabNotice } from '../shared/lab-notice';
import { CompareChartController } from './compare-chart-controller';
import { compareConfig, mainRunIndex, usesLabRun } from './compare-config';
import { renderCompareControls } from './compare-controls';
import { renderQuestions } from './compare-questions';
import { renderSandbox } from './compare-sandbox';
import { renderCompareTable } from './compare-table';
import { compareStatusText, labelDelayWords, requestRate, verdict } from './compare-text';
import { compareStyles } from './compare.styles';
import { MlopsCompareDoneEvent, MlopsQuestionGradedEvent } from './compare-events';
import { CompareSandbox, type SandboxEvaluation } from './sandbox-state';

/** What the compare view is doing; the status line's `data-state`. */
export type CompareState = 'idle' | 'running' | 'done' | 'error';

/** Policies compared when the `policies` attribute names none. */
export const DEFAULT_COMPARE_POLICIES = ['off', 'on-alert', 'schedule'] as const;

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
  private readonly chart = new CompareChartController(this, () => this.resultValue);
  private readonly sandboxState = new CompareSandbox();
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
    const s = this.sandboxState;
    return { settings: { ...s.settings }, outcome: s.outcome, curve: s.curve, ms: s.ms };
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
    return usesLabRun(this);
  }

  /** Runs the `policies` (or `policies` given) on the same stream; resolves with the result (null if it failed or a newer action won). */
  async compare(policies: string[] = this.policyList): Promise<CompareResult | null> {
    const config = compareConfig(this, this.controller.run, !!this.controller.snapshot);
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
    const mainIndex = mainRunIndex(result, this.controller.run?.policy);
    this.judged(this.sandboxState.prepare(result, mainIndex));
    const main = result.runs[mainIndex] as CompareRun;
    this.questions = runQuestions(main.report, result.runs);
    this.answers.clear();
    this.grades.clear();
    this.chart.redraw();
  }

  /** Takes what a sandbox evaluation did: its failure (or none) is the view's, unless nothing was judged. */
  private judged(evaluation: SandboxEvaluation): void {
    if (evaluation !== undefined) this.failure = evaluation;
  }

  /** Changes one sandbox setting and re-judges the recorded stream (synchronously). */
  setSandbox(change: Partial<SandboxSettings>): SandboxOutcome | null {
    this.judged(this.sandboxState.change(change));
    this.requestUpdate();
    return this.sandboxState.outcome;
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
    this.sandboxState.clear();
    this.questions = [];
    this.answers.clear();
    this.grades.clear();
    this.chart.destroy();
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lab')) this.controller.sync();
  }

  protected override render(): TemplateResult {
    const state = this.compareState;
    const result = this.resultValue;
    const status = compareStatusText({ state, failure: this.failure, labError: this.controller.error, result, hasLab: !!this.controller.lab });
    return html`<h2>What if? Policies on the same stream</h2>
      <p class="muted">Every run sees exactly the same requests and labels (same scenario, same seed); only the retraining policy differs, so every difference below is the policy’s doing.</p>
      ${this.renderControls()} ${result ? this.renderResult(result) : nothing} ${renderLabNotice(this.controller.notice)}
      <p part="status" class="status" role="status" data-state=${state}>${status}</p>`;
  }

  private renderControls(): TemplateResult {
    const view = {
      busy: this.busy,
      policies: this.policyList,
      labelDelay: this.labelDelayValue,
      labelLoss: this.labelLossValue,
      forkPolicy: this.forkPolicy,
      position: this.controller.snapshot?.position ?? 0,
      labPolicy: this.controller.run?.policy ?? null,
      hasLab: !!this.controller.lab,
      hasSnapshot: !!this.controller.snapshot,
      usesLabRun: this.usesLabRun,
    };
    return renderCompareControls(view, {
      setPolicies: (policies) => (this.policies = policies),
      setLabelDelay: (labelDelay) => this.setLabels(labelDelay),
      setLabelLoss: (labelLoss) => this.setLabels(this.labelDelayValue, labelLoss),
      setForkPolicy: (policy) => (this.forkPolicy = policy),
      compare: () => void this.compare(),
      fork: () => void this.fork(),
      questionsFromRun: () => void this.questionsFromRun(),
    });
  }

  private renderResult(result: CompareResult): TemplateResult {
    const main = result.runs[mainRunIndex(result, this.controller.run?.policy)] as CompareRun;
    const sandbox = renderSandbox(this, result, this.sandboxState, {
      selectRun: (index) => {
        this.judged(this.sandboxState.prepare(this.resultValue, index));
        this.requestUpdate();
      },
      change: (change) => void this.setSandbox(change),
    });
    const questions = renderQuestions(this.questions, this.grades, {
      enter: (id, value) => void this.answers.set(id, value),
      check: (id) => void this.answer(id),
    });
    return html`<div part="chart" class="chart"><canvas role="img" aria-label=${`Realized accuracy per window of ${result.runs.map((r) => r.policy).join(', ')}, the drift shaded`}></canvas></div>
      <p part="verdict"><strong>${verdict(result)}</strong></p>
      ${renderCompareTable(result, this.threshold)}
      <div part="label-delay" class="words">${labelDelayWords(main, result.labelDelay, requestRate(main), result.labelLoss)?.map((w) => html`<p>${w}</p>`)}</div>
      ${sandbox} ${questions}`;
  }
}
