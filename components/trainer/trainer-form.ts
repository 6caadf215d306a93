/**
 * The trainer's form: data (every 2-D set and the shapes pictures), model (hidden layers for an MLP,
 * conv filters for the pictures' CNN), training and backend. A template over the values and
 * callbacks the element hands it; the bounds and wording come from the form table (job-form.ts).
 */
import { html, type TemplateResult } from 'lit';
import { BACKEND_POLICY_TABLE, backendPolicyRow } from '../../src/compute/policies';
import type { BackendPolicy } from '../../src/compute/types';
import { OPTIMIZERS, type OptimizerName } from '../../src/model/config';
import { ACTIVATIONS, type Activation } from '../../src/model/spec';
import { checkboxField, numberField, selectField, textField } from '../shared/form-fields';
import { DATASET_CHOICES, datasetChoice, NUMBER_FIELDS, type FormErrors, type NumberField, type TrainerForm } from '../shared/job-form';

/** What the form reads and calls. */
export interface FormView {
  form: TrainerForm;
  busy: boolean;
  errors: FormErrors;
  untilAccuracy: number | null;
  untilError: string | null;
  backendPolicy: BackendPolicy;
  onSubmit(event: SubmitEvent): void;
  onDataset(id: TrainerForm['dataset']): void;
  onHidden(text: string): void;
  onFilters(text: string): void;
  onActivation(value: Activation): void;
  onOptimizer(value: OptimizerName): void;
  onNumber(field: NumberField, input: HTMLInputElement): void;
  onEarlyStopping(checked: boolean): void;
  onUntil(input: HTMLInputElement): void;
  onPolicy(policy: BackendPolicy): void;
}

function numberInput(v: FormView, field: NumberField, disabled = false): TemplateResult {
  const spec = NUMBER_FIELDS[field];
  return numberField({
    name: field,
    label: spec.label,
    hint: spec.hint,
    error: disabled ? undefined : v.errors[field],
    disabled,
    value: v.form[field],
    min: spec.minExclusive ? undefined : spec.min,
    max: spec.maxExclusive ? undefined : spec.max,
    step: spec.step,
    onChange: (input) => v.onNumber(field, input),
  });
}

/** The explanation of the selected policy, from the policy table. */
function policyHint(policy: BackendPolicy): string {
  const known = BACKEND_POLICY_TABLE.some((row) => row.value === policy);
  return known ? backendPolicyRow(policy).explanation : 'Where the math runs. WebGPU and WebGL use the graphics card.';
}

function modelLayers(v: FormView): TemplateResult {
  if (datasetChoice(v.form.dataset).image) {
    return textField({
      name: 'filters',
      label: 'Conv filters',
      value: v.form.filters,
      hint: 'Filters per convolution block (each: 3x3 conv, then 2x2 max-pooling), e.g. 8,16; then a dense layer of 32 units.',
      error: v.errors.filters,
      wide: true,
      onChange: (input) => v.onFilters(input.value),
    });
  }
  return textField({
    name: 'hiddenLayers',
    label: 'Hidden layers',
    value: v.form.hiddenLayers,
    hint: 'Units per layer, e.g. 16,16. Leave blank for none (a straight-line boundary).',
    error: v.errors.hiddenLayers,
    wide: true,
    onChange: (input) => v.onHidden(input.value),
  });
}

/** The form template. */
export function renderTrainerForm(v: FormView): TemplateResult {
  const f = v.form;
  return html`<form id="controls" part="controls" novalidate @submit=${(e: SubmitEvent) => v.onSubmit(e)}>
    <fieldset ?disabled=${v.busy}>
      <legend>Data</legend>
      <div class="fields">
        ${selectField({
          name: 'dataset',
          label: 'Dataset',
          value: f.dataset,
          options: DATASET_CHOICES.map((d) => [d.id, d.label] as const),
          onChange: (id) => v.onDataset(id as TrainerForm['dataset']),
        })}
        ${numberInput(v, 'noise')} ${numberInput(v, 'samples')}
      </div>
    </fieldset>
    <fieldset ?disabled=${v.busy}>
      <legend>Model</legend>
      <div class="fields">
        ${modelLayers(v)}
        ${selectField({ name: 'activation', label: 'Activation', value: f.activation, options: ACTIVATIONS.map((a) => [a, a] as const), onChange: (a) => v.onActivation(a as Activation) })}
        ${numberInput(v, 'dropout')} ${numberInput(v, 'l2')}
      </div>
    </fieldset>
    <fieldset ?disabled=${v.busy}>
      <legend>Training</legend>
      <div class="fields">
        ${selectField({ name: 'optimizer', label: 'Optimizer', value: f.optimizer, options: OPTIMIZERS.map((o) => [o, o] as const), onChange: (o) => v.onOptimizer(o as OptimizerName) })}
        ${numberInput(v, 'learningRate')} ${numberInput(v, 'epochs')} ${numberInput(v, 'batchSize')} ${numberInput(v, 'validationSplit')} ${numberInput(v, 'seed')}
        ${checkboxField({ name: 'earlyStopping', label: 'Early stopping', checked: f.earlyStopping, onChange: (c) => v.onEarlyStopping(c) })}
        ${numberInput(v, 'patience', !f.earlyStopping)}
        ${numberField({
          name: 'untilAccuracy',
          label: 'Train until accuracy (%)',
          hint: 'Stops once the validation accuracy reaches this (training accuracy without a validation split). Blank: every epoch.',
          error: v.untilError ?? undefined,
          value: v.untilAccuracy ?? NaN,
          min: 1,
          max: 100,
          step: 'any',
          onChange: (input) => v.onUntil(input),
        })}
      </div>
    </fieldset>
    <fieldset ?disabled=${v.busy}>
      <legend>Backend</legend>
      <div class="fields">
        ${selectField({
          name: 'backend',
          label: 'Backend policy',
          value: v.backendPolicy,
          options: BACKEND_POLICY_TABLE.map((row) => [row.value, row.label] as const),
          hint: policyHint(v.backendPolicy),
          wide: true,
          onChange: (p) => v.onPolicy(p as BackendPolicy),
        })}
      </div>
    </fieldset>
  </form>`;
}
