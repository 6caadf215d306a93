/**
 * Labelled form fields as Lit templates: every control has a visible <label>, an optional hint and
 * an error message, both tied to it with aria-describedby, and `aria-invalid` when it is wrong.
 * Ids are unique within one shadow root (`f-<name>`).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

/** What every field shows. */
export interface FieldBase {
  /** Becomes the id `f-<name>` and `data-field`. */
  name: string;
  label: string;
  hint?: string;
  error?: string;
  disabled?: boolean;
  /** Spans the whole row of the field grid. */
  wide?: boolean;
}

function describedBy(id: string, f: FieldBase): string | undefined {
  const ids = [f.hint ? `${id}-hint` : '', f.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function extras(id: string, f: FieldBase): TemplateResult {
  return html`${f.hint ? html`<span id="${id}-hint" class="hint">${f.hint}</span>` : nothing}
  ${f.error ? html`<span id="${id}-error" class="field-error">${f.error}</span>` : nothing}`;
}

/** A number input; `onChange` gets the input when its value is committed (blur, Enter, arrows). */
export function numberField(
  f: FieldBase & { value: number; min?: number; max?: number; step: string; onChange: (input: HTMLInputElement) => void },
): TemplateResult {
  const id = `f-${f.name}`;
  return html`<div class="field ${f.wide ? 'wide' : ''}">
    <label for=${id}>${f.label}</label>
    <input
      id=${id}
      type="number"
      data-field=${f.name}
      inputmode="decimal"
      min=${ifDefined(f.min)}
      max=${ifDefined(f.max)}
      step=${f.step}
      .value=${Number.isFinite(f.value) ? String(f.value) : ''}
      ?disabled=${f.disabled ?? false}
      aria-invalid=${f.error ? 'true' : 'false'}
      aria-describedby=${ifDefined(describedBy(id, f))}
      @change=${(e: Event) => f.onChange(e.target as HTMLInputElement)}
    />
    ${extras(id, f)}
  </div>`;
}

/** A one-line text input. */
export function textField(f: FieldBase & { value: string; onChange: (input: HTMLInputElement) => void }): TemplateResult {
  const id = `f-${f.name}`;
  return html`<div class="field ${f.wide ? 'wide' : ''}">
    <label for=${id}>${f.label}</label>
    <input
      id=${id}
      type="text"
      data-field=${f.name}
      spellcheck="false"
      autocomplete="off"
      .value=${f.value}
      ?disabled=${f.disabled ?? false}
      aria-invalid=${f.error ? 'true' : 'false'}
      aria-describedby=${ifDefined(describedBy(id, f))}
      @change=${(e: Event) => f.onChange(e.target as HTMLInputElement)}
    />
    ${extras(id, f)}
  </div>`;
}

/** A select; `options` are [value, text] pairs. */
export function selectField(f: FieldBase & { value: string; options: readonly (readonly [string, string])[]; onChange: (value: string) => void }): TemplateResult {
  const id = `f-${f.name}`;
  return html`<div class="field ${f.wide ? 'wide' : ''}">
    <label for=${id}>${f.label}</label>
    <select
      id=${id}
      ?disabled=${f.disabled ?? false}
      aria-describedby=${ifDefined(describedBy(id, f))}
      @change=${(e: Event) => f.onChange((e.target as HTMLSelectElement).value)}
    >
      ${f.options.map(([value, text]) => html`<option value=${value} ?selected=${value === f.value}>${text}</option>`)}
    </select>
    ${extras(id, f)}
  </div>`;
}

/** A checkbox with its label beside it. */
export function checkboxField(f: FieldBase & { checked: boolean; onChange: (checked: boolean) => void }): TemplateResult {
  const id = `f-${f.name}`;
  return html`<div class="field ${f.wide ? 'wide' : ''}">
    <label class="check" for=${id}
      ><input
        id=${id}
        type="checkbox"
        .checked=${f.checked}
        ?disabled=${f.disabled ?? false}
        aria-describedby=${ifDefined(describedBy(id, f))}
        @change=${(e: Event) => f.onChange((e.target as HTMLInputElement).checked)}
      />${f.label}</label
    >
    ${extras(id, f)}
  </div>`;
}
