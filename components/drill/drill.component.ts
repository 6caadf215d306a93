import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { toLabError, type SerializedLabError } from '../../src/errors';
import type { DrillGrade, DrillRun } from '../../src/loop/drills/run';
import { LabCommandError } from '../../src/loop/engine/errors';
import type { IncidentKind } from '../../src/loop/drills/incidents';
import type { Station } from '../../src/loop/engine/stations';
import type { LabClient } from '../../src/worker/lab-client';
import { MlopsDrillGradedEvent, MlopsDrillStartEvent } from '../shared/events';
import { LabController } from '../shared/lab-controller';
import { landmarkName } from '../shared/landmark-name';
import { renderLabNotice } from '../shared/lab-notice';
import { DRILL_CHOICES, drillChoice, drillHint, type DrillHint, evidenceRows, STATION_CHOICES, verdictLine } from './drill-text';
import { drillStyles } from './drill.styles';

/** What the drill view is doing; the status line's `data-state`. */
export type DrillState = 'choose' | 'running' | 'answer' | 'grading' | 'graded' | 'error';

/**
 * Incident drills: the learner picks a drill, the Lab runs it headless (a fresh lab on the moons
 * stream, a real fault injected mid-stream, in some drills a real change of the world just after it,
 * the stream goes on), and the view shows the evidence the run measured — accuracy, errors and labels
 * before and after, alerts and detector signals, input statistics, the gate's verdict on a retrain,
 * deploys and new versions. The learner then names the station that failed (six labelled radio buttons,
 * arrow keys move between them) and the Lab grades the answer. A wrong answer gets only "Not <that
 * station>." and a hint pointing at the evidence: the station that failed, the fault and the
 * explanation stay hidden until the learner answers right or presses "Show the answer".
 *
 * The drill runs on its own lab inside the Lab's host: the main run is not touched.
 * The Lab comes from `.lab`, else an enclosing `<mlops-lab>`, else the element starts its own.
 *
 * @summary Pick a drill, read the evidence, name the failed station, get graded.
 *
 * @fires mlops-drill-start - A drill was started; `detail` is `{ drill, seed }`.
 * @fires mlops-drill-graded - An answer was graded; `detail` is `{ drill, correct, answer, expected, fault, explanation }`.
 *
 * @csspart drills - The drill choices.
 * @csspart start-button - The Run drill button.
 * @csspart evidence - The evidence table.
 * @csspart stations - The station choices.
 * @csspart answer-button - The Check answer button.
 * @csspart verdict - The graded answer (`data-correct`, `data-revealed`); the fault and its explanation once right or revealed.
 * @csspart hint - After a wrong answer: where to look in the evidence (the rows it names carry `data-hint`).
 * @csspart reveal-button - After a wrong answer: the Show the answer button.
 * @csspart notice - What to know about the element's own Lab: default settings used (a bad attribute or shared link), or it runs in the page rather than a Web Worker.
 * @csspart status - The status line (`data-state` = choose | running | answer | grading | graded | error).
 *
 * @cssproperty --mlops-font - Font family.
 * @cssproperty --mlops-surface - Background.
 * @cssproperty --mlops-text - Text colour.
 * @cssproperty --mlops-muted - Secondary text.
 * @cssproperty --mlops-border - Borders, buttons and table rules.
 * @cssproperty --mlops-accent - The symptom's mark, a right answer's frame and the focus ring.
 * @cssproperty --mlops-danger - A wrong answer's frame, errors.
 * @cssproperty --mlops-tint - Background of the symptom.
 */
export class MlopsDrill extends LitElement {
  static override styles = drillStyles;

  static override properties = {
    lab: { attribute: false },
    drill: { type: String },
    seed: { type: Number },
  };

  /** The Lab to run drills on. Left empty: the enclosing `<mlops-lab>`'s, else one the element starts. */
  declare lab: LabClient | null;
  /** The drill selected (attribute `drill`); default the first. */
  declare drill: IncidentKind;
  /** The seed of the next run (attribute `seed`, an integer >= 0); the same seed gives the same evidence. */
  declare seed: number;

  private readonly controller = new LabController(this, {
    explicit: () => this.lab,
    onLabChange: () => this.reset(),
  });
  private runValue: DrillRun | null = null;
  private gradeValue: DrillGrade | null = null;
  private answerValue: Station | null = null;
  private revealedValue = false;
  private busy: 'running' | 'grading' | null = null;
  private failure: SerializedLabError | null = null;
  private generation = 0;

  constructor() {
    super();
    this.lab = null;
    this.drill = 'silent-accuracy-drop';
    this.seed = 1;
  }

  /** The Lab in use (given, provided or own), null until known. */
  get activeLab(): LabClient | null {
    return this.controller.lab;
  }

  /** The finished run being answered (null before a run). */
  get run(): DrillRun | null {
    return this.runValue;
  }

  /** The grade of the last answer (null until graded). */
  get grade(): DrillGrade | null {
    return this.gradeValue;
  }

  /** The station selected as the answer. */
  get answer(): Station | null {
    return this.answerValue;
  }

  /** Whether the learner asked to see the answer of the current run (after a wrong answer). */
  get revealed(): boolean {
    return this.revealedValue;
  }

  /** What the view is doing (the status line's `data-state`). */
  get drillState(): DrillState {
    if (this.busy) return this.busy;
    if (this.failure || this.controller.error) return 'error';
    if (this.gradeValue) return 'graded';
    return this.runValue ? 'answer' : 'choose';
  }

  /** Runs the selected drill (or `drill`) on the Lab; resolves with the run once its evidence is in (null if it failed or a newer action won). */
  async start(drill: IncidentKind = this.drill): Promise<DrillRun | null> {
    const lab = this.controller.lab;
    if (!lab || this.busy) return null;
    const kind = drillChoice(drill).drill;
    if (!Number.isInteger(this.seed) || this.seed < 0) {
      this.failure = new LabCommandError('runDrill', `the seed must be a whole number of at least 0; got ${String(this.seed)}`, { field: 'seed' }).toJSON();
      this.requestUpdate();
      return null;
    }
    const seed = this.seed;
    const generation = ++this.generation;
    this.drill = kind;
    this.runValue = null;
    this.gradeValue = null;
    this.answerValue = null;
    this.revealedValue = false;
    this.failure = null;
    this.busy = 'running';
    this.dispatchEvent(new MlopsDrillStartEvent({ drill: kind, seed }));
    this.requestUpdate();
    try {
      const run = await lab.runDrill(kind, seed);
      if (generation !== this.generation) return null;
      this.runValue = run;
      return run;
    } catch (error) {
      if (generation === this.generation) this.failure = toLabError(error).toJSON();
      return null;
    } finally {
      if (generation === this.generation) {
        this.busy = null;
        this.requestUpdate();
      }
    }
  }

  /** Selects `station` as the answer (does not grade). */
  choose(station: Station): void {
    this.answerValue = station;
    this.requestUpdate();
  }

  /** Grades the selected answer (or `answer`) through the Lab; resolves with the grade (null if there is no run or it failed). */
  async submit(answer: Station | null = this.answerValue): Promise<DrillGrade | null> {
    const lab = this.controller.lab;
    const run = this.runValue;
    if (!lab || !run || !answer || this.busy) return null;
    const generation = this.generation;
    this.answerValue = answer;
    this.busy = 'grading';
    this.failure = null;
    this.requestUpdate();
    try {
      const grade = await lab.answerDrill(run, answer);
      if (generation !== this.generation) return null;
      this.gradeValue = grade;
      this.dispatchEvent(new MlopsDrillGradedEvent({ ...grade, drill: run.drill }));
      return grade;
    } catch (error) {
      if (generation === this.generation) this.failure = toLabError(error).toJSON();
      return null;
    } finally {
      if (generation === this.generation) {
        this.busy = null;
        this.requestUpdate();
      }
    }
  }

  /**
   * Shows the station that failed, the fault and the explanation after a wrong answer (the
   * "Show the answer" button); returns false (nothing shown) when there is no graded answer yet.
   */
  async showAnswer(): Promise<boolean> {
    if (!this.gradeValue || this.busy) return false;
    this.revealedValue = true;
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="verdict"]')?.focus();
    return true;
  }

  private reset(): void {
    this.generation++;
    this.runValue = null;
    this.gradeValue = null;
    this.answerValue = null;
    this.revealedValue = false;
    this.busy = null;
    this.failure = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lab')) this.controller.sync();
  }

  protected override render(): TemplateResult {
    const state = this.drillState;
    const run = this.runValue;
    const labError = this.controller.error;
    const status =
      state === 'running'
        ? `Running the drill "${drillChoice(this.drill).name}": a fresh lab streams traffic, the fault strikes, the stream goes on…`
        : state === 'grading'
          ? 'Checking your answer…'
          : this.failure
            ? `That did not work: ${this.failure.message}`
            : labError
              ? `The lab failed: ${labError.message}`
              : state === 'graded'
                ? this.gradeValue?.correct
                  ? 'Right. Read why below, or run another drill.'
                  : this.revealedValue
                    ? 'The answer is shown below with why. Run another drill when you are ready.'
                    : 'Not this one. Read the hint and try another answer, or show the answer.'
                : state === 'answer'
                  ? 'Read the evidence, then choose the station that failed.'
                  : this.controller.lab
                    ? 'Pick a drill and run it.'
                    : 'Waiting for the lab…';
    return html`<h2>Incident drills</h2>
      <p class="muted">Something breaks in a running system. Look at what was measured and say which station of the loop failed.</p>
      ${this.renderPicker()} ${run ? this.renderRun(run) : nothing}
      ${renderLabNotice(this.controller.notice)}
      <p part="status" class="status" role="status" data-state=${state}>${status}</p>`;
  }

  private renderPicker(): TemplateResult {
    const busy = this.busy !== null;
    return html`<fieldset part="drills" ?disabled=${busy}>
        <legend>Choose a drill</legend>
        <div class="choices">
          ${DRILL_CHOICES.map(
            (c) =>
              html`<label class="choice"
                ><input type="radio" name="drill" value=${c.drill} .checked=${this.drill === c.drill} @change=${() => (this.drill = c.drill)} />
                <span><strong>${c.name}</strong><br /><span class="muted">${c.line}</span></span></label
              >`,
          )}
        </div>
      </fieldset>
      <div class="actions">
        <button part="start-button" class="primary" type="button" ?disabled=${busy || !this.controller.lab} @click=${() => void this.start()}>Run drill</button>
        <label class="seed"
          >Seed
          <input
            type="number"
            min="0"
            step="1"
            .value=${String(this.seed)}
            ?disabled=${busy}
            @change=${(e: Event) => (this.seed = Number((e.target as HTMLInputElement).value))}
        /></label>
      </div>`;
  }

  private renderRun(run: DrillRun): TemplateResult {
    const rows = evidenceRows(run.evidence);
    const grade = this.gradeValue;
    const hint = grade && !grade.correct && !this.revealedValue ? drillHint(run.drill) : null;
    return html`<h3>${drillChoice(run.drill).name}</h3>
      <p class="symptom">${run.symptom}</p>
      <div class="scroll" tabindex="0" role="region" aria-label=${landmarkName(this, 'Evidence of the drill')}>
        <table part="evidence">
          <caption>
            What was measured (the fault struck at request ${run.evidence.injectedAt})
          </caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Value</th>
              <th scope="col">What it means</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map((r) => html`<tr data-key=${r.key} ?data-hint=${hint?.rows.includes(r.key) ?? false}><th scope="row">${r.label}</th><td>${r.value}</td><td class="muted">${r.meaning}</td></tr>`)}
          </tbody>
        </table>
      </div>
      <fieldset part="stations" ?disabled=${this.busy !== null}>
        <legend>Which station failed?</legend>
        <div class="choices">
          ${STATION_CHOICES.map(
            (c) =>
              html`<label class="choice"
                ><input type="radio" name="station" value=${c.station} .checked=${this.answerValue === c.station} @change=${() => this.choose(c.station)} />
                <span><strong>${c.label}</strong><br /><span class="muted">${c.hint}</span></span></label
              >`,
          )}
        </div>
      </fieldset>
      <button part="answer-button" type="button" ?disabled=${!this.answerValue || this.busy !== null} @click=${() => void this.submit()}>Check answer</button>
      ${grade ? this.renderVerdict(grade, hint) : nothing}`;
  }

  private renderVerdict(grade: DrillGrade, hint: DrillHint | null): TemplateResult {
    const shown = grade.correct || this.revealedValue;
    return html`<div part="verdict" class="verdict" tabindex="-1" data-correct=${String(grade.correct)} data-revealed=${String(shown)}>
      <p><strong>${verdictLine(grade, this.revealedValue)}</strong></p>
      ${shown
        ? html`<p>${grade.fault}</p>
            <p>${grade.explanation}</p>`
        : html`<p part="hint" class="hint"><strong>Hint:</strong> ${hint?.text} The rows it points at are shaded in the evidence.</p>
            <button part="reveal-button" type="button" ?disabled=${this.busy !== null} @click=${() => void this.showAnswer()}>Show the answer</button>`}
    </div>`;
  }
}
