/**
 * The run's settings as a compact form, one field per row of the share-state table (scenario, seed,
 * policy, requests, epochs, batch size, learning rate, hidden layers, backend policy). What the learner types is read
 * back through the same table as a link (`decodeState`), so the form and a shared link accept and
 * refuse exactly the same values, with the same plain-words problems.
 */
import { html, type TemplateResult } from 'lit';
import { decodeState, STATE_PROPERTIES, type DecodedState, type ShareState, type StateProperty } from '../../src/loop/persistence/share-state';

/** The form's fields as a hash, read with the share-state table. */
export function readSettingsForm(form: HTMLFormElement): DecodedState {
  const parts = ['v=1'];
  for (const p of STATE_PROPERTIES) {
    const field = form.elements.namedItem(p.key);
    if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) parts.push(`${p.key}=${encodeURIComponent(field.value.trim())}`);
  }
  return decodeState(`#${parts.join('&')}`, 'form');
}

function valueOf(p: StateProperty, state: ShareState): string {
  const v = state[p.name];
  return Array.isArray(v) ? (v.length ? v.join('-') : 'none') : String(v);
}

function field(p: StateProperty, state: ShareState, disabled: boolean): TemplateResult {
  const id = `setting-${p.key}`;
  const label = p.label.charAt(0).toUpperCase() + p.label.slice(1);
  if (p.type === 'choice') {
    return html`<label for=${id}>${label}</label>
      <select id=${id} name=${p.key} ?disabled=${disabled}>
        ${p.options.map((o) => html`<option value=${o} ?selected=${o === state[p.name]}>${p.optionLabels?.[o] ?? o}</option>`)}
      </select>`;
  }
  if (p.type === 'integer-list') {
    return html`<label for=${id}>${label}</label>
      <input id=${id} name=${p.key} type="text" inputmode="numeric" pattern="none|[0-9]+(-[0-9]+){0,${p.maxItems - 1}}" .value=${valueOf(p, state)} ?disabled=${disabled} aria-describedby="setting-hidden-hint" />`;
  }
  return html`<label for=${id}>${label}</label>
    <input id=${id} name=${p.key} type="number" min=${p.min} max=${p.max} step=${p.type === 'integer' ? 1 : 'any'} .value=${valueOf(p, state)} ?disabled=${disabled} />`;
}

/** The settings form; `onChange` gets the form read back through the table after every change. */
export function renderSettingsForm(state: ShareState, options: { disabled: boolean; onChange: (decoded: DecodedState) => void }): TemplateResult {
  return html`<form class="settings" part="settings" aria-label="Run settings" @change=${(e: Event) => options.onChange(readSettingsForm(e.currentTarget as HTMLFormElement))} @submit=${(e: Event) => e.preventDefault()}>
    <div class="fields">${STATE_PROPERTIES.map((p) => html`<div class="field">${field(p, state, options.disabled)}</div>`)}</div>
    <p id="setting-hidden-hint" class="hint">Hidden layers: units per layer joined by “-” (16-16), or “none”; they do not apply to picture scenarios (shapes-sensor-degradation), which train a small CNN. Settings apply to the next run.</p>
  </form>`;
}
