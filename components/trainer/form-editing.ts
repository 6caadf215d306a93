/**
 * The trainer form's editing state: the messages of the fields that are wrong, each field checked as
 * it is committed (a wrong value keeps its text and gets a message; the property keeps its last good
 * value), and the whole form read and turned into a job when Train is pressed.
 */
import type { BackendPolicy } from '../../src/compute/types';
import type { TrainingJob } from '../../src/model/job';
import { buildJob, checkNumber, datasetChoice, parseFilters, parseHiddenLayers, type FormErrors, type NumberField } from '../shared/job-form';
import type { FormView } from './trainer-form';
import type { TrainerProperties } from './trainer-properties';
import { checkUntilAccuracy } from './until-accuracy';

/** What the form's view needs from the element besides its properties. */
export interface FormActions {
  busy: boolean;
  train(): void;
  policy(policy: BackendPolicy): void;
  requestUpdate(): void;
}

/** See the file comment. */
export class FormEditing {
  errors: FormErrors = {};
  untilError: string | null = null;

  constructor(private readonly el: TrainerProperties) {}

  /** The form's template input: the element's values, the messages, and the handlers. */
  view(actions: FormActions): FormView {
    const el = this.el;
    return {
      form: el.form,
      busy: actions.busy,
      errors: this.errors,
      untilAccuracy: el.untilAccuracy,
      untilError: this.untilError,
      backendPolicy: el.backendPolicy,
      onSubmit: (event) => {
        event.preventDefault();
        actions.train();
      },
      onDataset: (id) => {
        el.datasetId = id;
        el.noise = datasetChoice(id).noise;
      },
      onHidden: (text) => {
        el.hiddenLayers = text;
        const parsed = parseHiddenLayers(text);
        this.errors = { ...this.errors, hiddenLayers: parsed.ok ? undefined : parsed.message };
      },
      onFilters: (text) => {
        el.filters = text;
        const parsed = parseFilters(text);
        this.errors = { ...this.errors, filters: parsed.ok ? undefined : parsed.message };
      },
      onActivation: (value) => (el.activation = value),
      onOptimizer: (value) => (el.optimizer = value),
      onNumber: (field, input) => {
        this.onNumber(field, input);
        actions.requestUpdate();
      },
      onEarlyStopping: (checked) => (el.earlyStopping = checked),
      onUntil: (input) => {
        this.onUntil(input);
        actions.requestUpdate();
      },
      onPolicy: (policy) => actions.policy(policy),
    };
  }

  /** Checks a committed number at once. */
  onNumber(field: NumberField, input: HTMLInputElement): void {
    const value = input.value.trim() === '' ? NaN : Number(input.value);
    const message = checkNumber(field, value);
    this.errors = { ...this.errors, [field]: message ?? undefined };
    if (!message) this.setNumber(field, value);
  }

  /** Reads the "train until" input: blank or 0 turns it off. */
  onUntil(input: HTMLInputElement): void {
    const text = input.value.trim();
    const value = text === '' ? null : Number(text);
    const checked = checkUntilAccuracy(value);
    this.untilError = checked.ok ? null : checked.message;
    if (checked.ok) this.el.untilAccuracy = checked.value === null ? null : Number(text);
  }

  /** Reads every input of `root` (the last edit may not have fired `change`), validates, builds the job; null when a field is wrong. */
  read(root: ParentNode): TrainingJob | null {
    const errors: FormErrors = {};
    for (const input of root.querySelectorAll<HTMLInputElement>('input[data-field]')) {
      const field = input.dataset.field as NumberField | 'hiddenLayers' | 'filters' | 'untilAccuracy';
      if (field === 'hiddenLayers' || field === 'filters') {
        this.el[field] = input.value;
        continue;
      }
      if (field === 'untilAccuracy') {
        this.onUntil(input);
        continue;
      }
      if (input.disabled && field === 'patience') continue;
      const value = input.value.trim() === '' ? NaN : Number(input.value);
      const message = checkNumber(field, value);
      if (message) errors[field] = message;
      else this.setNumber(field, value);
    }
    const built = buildJob(this.el.form);
    this.errors = { ...built.errors, ...errors };
    const until = checkUntilAccuracy(this.el.untilAccuracy);
    if (!until.ok) this.untilError = until.message;
    if (!built.job || Object.keys(errors).length > 0 || !until.ok || this.untilError) return null;
    if (until.value !== null) built.job.training.targetAccuracy = until.value;
    return built.job;
  }

  private setNumber(field: NumberField, value: number): void {
    (this.el as Pick<TrainerProperties, NumberField>)[field] = value;
  }
}
