/**
 * The trainer's form as a declared table: the values a learner edits, the bounds of every number
 * field, and the one function that turns the values into a `TrainingJob` or into messages that say
 * which field is wrong and why. The bounds mirror the engine's own validation, which still checks
 * every job it receives.
 */
import type { DatasetRef } from '../../datasets/index';
import { DEFAULT_TRAIN_CONFIG, MAX_EPOCHS, type OptimizerName } from '../../src/model/config';
import { DEFAULT_CNN, DEFAULT_MLP, type Activation, type ModelSpec } from '../../src/model/spec';
import type { TrainingJob } from '../../src/model/job';

/** One dataset a learner can pick: its display name, its own default noise, and whether its rows are pictures (trained with the small CNN). */
export interface DatasetChoice {
  id: DatasetRef['id'];
  label: string;
  noise: number;
  image: boolean;
}

/** The datasets a learner can pick: every 2-D set of the catalogue, then the 16x16 shapes pictures. */
export const DATASET_CHOICES: readonly DatasetChoice[] = [
  { id: 'moons', label: 'Two moons', noise: 0.15, image: false },
  { id: 'circles', label: 'Circles (one ring inside another)', noise: 0.08, image: false },
  { id: 'xor', label: 'XOR (four quadrants)', noise: 0.05, image: false },
  { id: 'spiral', label: 'Spiral (two arms)', noise: 0.03, image: false },
  { id: 'blobs', label: 'Blobs (three clusters)', noise: 0.35, image: false },
  { id: 'shapes', label: 'Shapes (16x16 pictures, small CNN)', noise: 0.05, image: true },
];

/** The choice of a dataset id (the first one for an unknown id). */
export function datasetChoice(id: string): DatasetChoice {
  return DATASET_CHOICES.find((d) => d.id === id) ?? (DATASET_CHOICES[0] as DatasetChoice);
}

/** Every value of the trainer form. */
export interface TrainerForm {
  dataset: DatasetRef['id'];
  noise: number;
  samples: number;
  /** Layer sizes as typed, e.g. "16,16" ("" = no hidden layer: logistic regression). */
  hiddenLayers: string;
  /** Pictures only: filters per conv block as typed, e.g. "8,16" (1 to 4 blocks). */
  filters: string;
  activation: Activation;
  optimizer: OptimizerName;
  learningRate: number;
  epochs: number;
  batchSize: number;
  validationSplit: number;
  dropout: number;
  l2: number;
  seed: number;
  earlyStopping: boolean;
  patience: number;
}

/** Defaults that finish a first run quickly, even on a software-emulated GPU. */
export const DEFAULT_FORM: TrainerForm = {
  dataset: 'moons',
  noise: 0.15,
  samples: 400,
  hiddenLayers: DEFAULT_MLP.hidden.join(','),
  filters: DEFAULT_CNN.filters.join(','),
  activation: DEFAULT_MLP.activation,
  optimizer: DEFAULT_TRAIN_CONFIG.optimizer,
  learningRate: DEFAULT_TRAIN_CONFIG.learningRate,
  epochs: DEFAULT_TRAIN_CONFIG.epochs,
  batchSize: DEFAULT_TRAIN_CONFIG.batchSize,
  validationSplit: DEFAULT_TRAIN_CONFIG.validationSplit,
  dropout: DEFAULT_MLP.dropout,
  l2: DEFAULT_MLP.l2,
  seed: DEFAULT_TRAIN_CONFIG.seed,
  earlyStopping: false,
  patience: 5,
};

/** The numeric fields of the form. */
export type NumberField = { [K in keyof TrainerForm]: TrainerForm[K] extends number ? K : never }[keyof TrainerForm];

/** Bounds and wording of one number field. */
export interface NumberFieldSpec {
  label: string;
  min: number;
  /** Omitted: no upper bound. */
  max?: number;
  /** The minimum itself is not allowed (e.g. a learning rate must be above 0). */
  minExclusive?: boolean;
  /** The maximum itself is not allowed (e.g. dropout must stay below 1). */
  maxExclusive?: boolean;
  integer?: boolean;
  /** The input's step ("any" for free decimals). */
  step: string;
  /** One short sentence for the learner. */
  hint: string;
}

/** The number fields, in form order within their groups. */
export const NUMBER_FIELDS: Record<NumberField, NumberFieldSpec> = {
  noise: { label: 'Noise', min: 0, max: 2, step: '0.01', hint: 'How far points scatter from their shape.' },
  samples: { label: 'Samples', min: 20, max: 200_000, integer: true, step: '10', hint: '20% are held out as the test set.' },
  learningRate: { label: 'Learning rate', min: 0, minExclusive: true, step: 'any', hint: 'Size of each weight update.' },
  epochs: { label: 'Epochs', min: 1, max: MAX_EPOCHS, integer: true, step: '1', hint: 'Passes over the training rows (the most a run may ask for; "train until" can stop it earlier).' },
  batchSize: { label: 'Batch size', min: 1, max: 8192, integer: true, step: '1', hint: 'Rows per weight update.' },
  validationSplit: { label: 'Validation split', min: 0, max: 0.5, step: '0.05', hint: 'Share of training rows kept aside to watch overfitting.' },
  dropout: { label: 'Dropout', min: 0, max: 1, maxExclusive: true, step: '0.05', hint: 'Share of hidden units switched off at random in training.' },
  l2: { label: 'L2 penalty', min: 0, max: 1, maxExclusive: true, step: 'any', hint: 'Pulls weights toward zero.' },
  seed: { label: 'Seed', min: -(2 ** 31), max: 2 ** 31 - 1, integer: true, step: '1', hint: 'Same seed, same data and same run.' },
  patience: { label: 'Patience', min: 1, max: 1000, integer: true, step: '1', hint: 'Epochs without improvement before stopping.' },
};

/** Checks one number against its field; returns a message, or null when it is fine. */
export function checkNumber(field: NumberField, value: number): string | null {
  const spec = NUMBER_FIELDS[field];
  const tooLow = spec.minExclusive ? value <= spec.min : value < spec.min;
  const tooHigh = spec.max !== undefined && (spec.maxExclusive ? value >= spec.max : value > spec.max);
  if (Number.isFinite(value) && !tooLow && !tooHigh && (!spec.integer || Number.isInteger(value))) return null;
  const kind = spec.integer ? 'a whole number' : 'a number';
  if (spec.max === undefined) return `${spec.label} must be ${kind} ${spec.minExclusive ? 'above' : 'of at least'} ${spec.min}.`;
  const upper = spec.maxExclusive ? `up to (not including) ${spec.max}` : `to ${spec.max}`;
  return `${spec.label} must be ${kind} from ${spec.min} ${upper}.`;
}

/** Largest number of hidden layers and units per layer the engine accepts. */
const MAX_LAYERS = 8;
const MAX_UNITS = 1024;

/** Parses "16, 16" into [16, 16]; blank means no hidden layer. Returns a message on bad input. */
export function parseHiddenLayers(text: string): { ok: true; value: number[] } | { ok: false; message: string } {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  const sizes = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (sizes.length <= MAX_LAYERS && sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= MAX_UNITS)) return { ok: true, value: sizes };
  return {
    ok: false,
    message: `Hidden layers: write layer sizes separated by commas, like "16,16": at most ${MAX_LAYERS} layers, each a whole number from 1 to ${MAX_UNITS}.`,
  };
}

/** Most conv blocks (a 16-pixel picture halves at each) and filters per block the engine accepts. */
const MAX_BLOCKS = 4;
const MAX_FILTERS = 256;

/** Parses "8, 16" into [8, 16]: 1 to 4 conv blocks. Returns a message on bad input. */
export function parseFilters(text: string): { ok: true; value: number[] } | { ok: false; message: string } {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  const sizes = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (sizes.length >= 1 && sizes.length <= MAX_BLOCKS && sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= MAX_FILTERS)) return { ok: true, value: sizes };
  return { ok: false, message: `Conv filters: write the filters of each block separated by commas, like "8,16": 1 to ${MAX_BLOCKS} blocks, each a whole number from 1 to ${MAX_FILTERS}.` };
}

/** Messages for the fields that are wrong (empty when the form is fine). */
export type FormErrors = Partial<Record<keyof TrainerForm, string>>;

/** Early stopping counts an epoch as better when the watched loss drops by at least this much. */
const EARLY_STOP_MIN_DELTA = 0.001;

/** Turns the form into a job, or into per-field messages. */
export function buildJob(form: TrainerForm): { job: TrainingJob; errors: null } | { job: null; errors: FormErrors } {
  const errors: FormErrors = {};
  for (const field of Object.keys(NUMBER_FIELDS) as NumberField[]) {
    if (field === 'patience' && !form.earlyStopping) continue;
    const message = checkNumber(field, form[field]);
    if (message) errors[field] = message;
  }
  const image = datasetChoice(form.dataset).image;
  const hidden = parseHiddenLayers(form.hiddenLayers);
  const filters = parseFilters(form.filters);
  if (!image && !hidden.ok) errors.hiddenLayers = hidden.message;
  if (image && !filters.ok) errors.filters = filters.message;
  if (Object.keys(errors).length > 0) return { job: null, errors };
  const model: ModelSpec = image
    ? { kind: 'cnn', filters: filters.ok ? filters.value : DEFAULT_CNN.filters, kernelSize: DEFAULT_CNN.kernelSize, dense: DEFAULT_CNN.dense, activation: form.activation, l2: form.l2, dropout: form.dropout }
    : { kind: 'mlp', hidden: hidden.ok ? hidden.value : [], activation: form.activation, l2: form.l2, dropout: form.dropout };
  const job: TrainingJob = {
    dataset: { id: form.dataset, params: { noise: form.noise } },
    samples: form.samples,
    testFraction: 0.2,
    dataSeed: form.seed,
    model,
    training: {
      epochs: form.epochs,
      batchSize: form.batchSize,
      learningRate: form.learningRate,
      optimizer: form.optimizer,
      validationSplit: form.validationSplit,
      earlyStopping: form.earlyStopping ? { patience: form.patience, minDelta: EARLY_STOP_MIN_DELTA, restoreBestWeights: true } : null,
      seed: form.seed,
    },
  };
  return { job, errors: null };
}
