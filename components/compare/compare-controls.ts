/**
 * The compare view's controls, rendered: the policies to compare, the label dial for the next compare,
 * the Compare button, and the fork controls (the policy to fork into, "Questions from my run" and
 * "Fork at request N").
 */
import { html, type TemplateResult } from 'lit';
import { POLICIES } from '../../src/loop/decisions/policy';
import { RUN_PARAMETERS } from '../../src/loop/engine/parameters';

/** A number typed in a field within [min, max], else null (empty or out of range: the run's own setting). */
function numberOrNull(text: string, min: number, max: number): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= min && n <= max ? n : null;
}

/** What the controls show. */
export interface CompareControlsView {
  /** A compare or fork is running (every control is disabled). */
  busy: boolean;
  /** The policies chosen. */
  policies: readonly string[];
  /** The label dial (null: the run's own setting). */
  labelDelay: number | null;
  labelLoss: number | null;
  /** The policy the fork picker shows. */
  forkPolicy: string;
  /** The main run's current request (where a fork starts). */
  position: number;
  /** The main run's policy (not offered to fork into; null before a snapshot). */
  labPolicy: string | null;
  hasLab: boolean;
  hasSnapshot: boolean;
  /** The compare takes its config from the Lab's run (forks and questions need it). */
  usesLabRun: boolean;
}

/** What the controls ask of the view. */
export interface CompareControlsActions {
  /** The comma-separated policies chosen now. */
  setPolicies(policies: string): void;
  /** The label delay typed (null: the run's own); the share of labels lost stays. */
  setLabelDelay(labelDelay: number | null): void;
  /** The share of labels never arriving typed (null: the run's own); the label delay stays. */
  setLabelLoss(labelLoss: number | null): void;
  setForkPolicy(policy: string): void;
  compare(): void;
  fork(): void;
  questionsFromRun(): void;
}

/** The policy checkboxes, the label dial, the Compare button and the fork controls. */
export function renderCompareControls(view: CompareControlsView, actions: CompareControlsActions): TemplateResult {
  const chosen = new Set(view.policies);
  const toggle = (name: string, on: boolean) => {
    const list = POLICIES.map((p) => p.name).filter((n) => (n === name ? on : chosen.has(n)));
    actions.setPolicies(list.join(','));
  };
  const count = chosen.size;
  const { position, labPolicy } = view;
  return html`<fieldset part="policies" ?disabled=${view.busy}>
        <legend>Policies to compare (2 to 4)</legend>
        <div class="policies">
          ${POLICIES.map((p) => html`<label title=${p.description}><input type="checkbox" name="policy" value=${p.name} .checked=${chosen.has(p.name)} @change=${(e: Event) => toggle(p.name, (e.target as HTMLInputElement).checked)} /> ${p.name}</label>`)}
        </div>
      </fieldset>
      <fieldset part="labels" ?disabled=${view.busy}>
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
              .value=${view.labelDelay === null ? '' : String(view.labelDelay)}
              @change=${(e: Event) => actions.setLabelDelay(numberOrNull((e.target as HTMLInputElement).value, RUN_PARAMETERS.labelDelay.min, RUN_PARAMETERS.labelDelay.max))}
          /></label>
          <label
            >Labels never arriving (%)
            <input
              type="number"
              min="0"
              max=${RUN_PARAMETERS.labelLoss.max * 100}
              step="any"
              placeholder="0"
              .value=${view.labelLoss === null ? '' : String(view.labelLoss * 100)}
              @change=${(e: Event) => {
                const v = numberOrNull((e.target as HTMLInputElement).value, 0, RUN_PARAMETERS.labelLoss.max * 100);
                actions.setLabelLoss(v === null ? null : v / 100);
              }}
          /></label>
        </div>
      </fieldset>
      <div class="actions">
        <button part="compare-button" class="primary" type="button" ?disabled=${view.busy || !view.hasLab || count < 2 || count > 4} @click=${() => actions.compare()}>Compare ${count} policies</button>
        <span part="fork" class="actions">
          <label
            >Fork here into
            <select .value=${view.forkPolicy} ?disabled=${view.busy} @change=${(e: Event) => actions.setForkPolicy((e.target as HTMLSelectElement).value)}>
              ${POLICIES.filter((p) => p.name !== labPolicy).map((p) => html`<option value=${p.name} ?selected=${p.name === view.forkPolicy}>${p.name}</option>`)}
            </select></label
          >
          <button part="questions-button" type="button" ?disabled=${view.busy || !view.hasSnapshot || !view.usesLabRun} @click=${() => actions.questionsFromRun()} title="Replays the main run to its end and asks questions whose answers are in its events">Questions from my run</button>
          <button part="fork-button" type="button" ?disabled=${view.busy || !view.hasSnapshot || !view.usesLabRun} @click=${() => actions.fork()} title="Replays the main run up to its current request, then lets the other policy run the rest">Fork at request ${position}</button>
        </span>
      </div>`;
}
