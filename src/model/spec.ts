/**
 * Model specs: plain, JSON-serializable descriptions of the classifiers the lab can build, and their
 * validation (a bad spec gets a typed error naming the field, never a TF.js stack trace).
 */
import { InvalidInputError } from '../errors';

/** Activation functions a learner can pick for hidden layers. */
export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'linear';
export const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'sigmoid', 'elu', 'linear'];

/** A multilayer perceptron for tabular or 2-D data. */
export interface MlpSpec {
  kind: 'mlp';
  /** Units per hidden layer, e.g. [16, 16]. Empty: logistic regression. */
  hidden: number[];
  activation: Activation;
  /** L2 weight penalty on every kernel (0 = none). */
  l2: number;
  /** Dropout rate after each hidden layer, in [0, 1). */
  dropout: number;
}

/** A small convolutional network for images (height x width x channels). */
export interface CnnSpec {
  kind: 'cnn';
  /** Filters per conv block; each block is conv (same padding) + activation + 2x2 max-pool. */
  filters: number[];
  kernelSize: number;
  /** Units of the dense layer before the output. */
  dense: number;
  activation: Activation;
  l2: number;
  dropout: number;
}

/** Any model the lab can build. */
export type ModelSpec = MlpSpec | CnnSpec;

/** The data a model is built for. */
export interface ModelShape {
  /** Per-row input shape: [features] for an MLP, [height, width, channels] for a CNN. */
  inputShape: number[];
  classes: number;
}

/** The default MLP: two hidden layers of 16 ReLU units. */
export const DEFAULT_MLP: MlpSpec = { kind: 'mlp', hidden: [16, 16], activation: 'relu', l2: 0, dropout: 0 };

/** The default CNN: two conv blocks (8 and 16 filters, 3x3), a dense layer of 32, dropout 0.25. */
export const DEFAULT_CNN: CnnSpec = { kind: 'cnn', filters: [8, 16], kernelSize: 3, dense: 32, activation: 'relu', l2: 0, dropout: 0.25 };

function bad(field: string, reason: string): never {
  throw new InvalidInputError('invalid-model-spec', field, reason);
}

function checkUnits(field: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) bad(field, `must be a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  return value;
}

function checkRate(field: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= max) bad(field, `must be a number in [0, ${max}), got ${JSON.stringify(value)}`);
  return value;
}

/** Validates an untrusted spec; returns it typed, or throws InvalidInputError naming the field. */
export function validateModelSpec(spec: unknown): ModelSpec {
  if (typeof spec !== 'object' || spec === null) bad('model', 'must be an object');
  const s = spec as Record<string, unknown>;
  if (!ACTIVATIONS.includes(s.activation as Activation)) bad('model.activation', `must be one of ${ACTIVATIONS.join(', ')}`);
  checkRate('model.l2', s.l2, 1);
  checkRate('model.dropout', s.dropout, 1);
  if (s.kind === 'mlp') {
    if (!Array.isArray(s.hidden) || s.hidden.length > 8) bad('model.hidden', 'must be a list of at most 8 layer sizes');
    s.hidden.forEach((u, i) => checkUnits(`model.hidden[${i}]`, u, 1024));
    return s as unknown as MlpSpec;
  }
  if (s.kind === 'cnn') {
    if (!Array.isArray(s.filters) || s.filters.length < 1 || s.filters.length > 4) bad('model.filters', 'must be a list of 1 to 4 filter counts');
    s.filters.forEach((f, i) => checkUnits(`model.filters[${i}]`, f, 256));
    checkUnits('model.kernelSize', s.kernelSize, 7);
    checkUnits('model.dense', s.dense, 1024);
    return s as unknown as CnnSpec;
  }
  return bad('model.kind', `must be "mlp" or "cnn", got ${JSON.stringify(s.kind)}`);
}

/** Checks that a spec fits the data shape (an MLP needs flat rows, a CNN images). */
export function checkSpecFitsShape(spec: ModelSpec, shape: ModelShape): void {
  if (shape.classes < 2) bad('data.classes', `a classifier needs at least 2 classes, got ${shape.classes}`);
  if (spec.kind === 'mlp' && shape.inputShape.length !== 1) bad('model.kind', `an MLP needs flat rows; this data has shape [${shape.inputShape.join(', ')}]`);
  if (spec.kind === 'cnn') {
    if (shape.inputShape.length !== 3) bad('model.kind', `a CNN needs images (height, width, channels); this data has shape [${shape.inputShape.join(', ')}]`);
    const side = Math.min(shape.inputShape[0] ?? 0, shape.inputShape[1] ?? 0);
    if (side >> spec.filters.length < 1) bad('model.filters', `${spec.filters.length} pooling blocks shrink a ${side}-pixel image to nothing`);
  }
}
