/**
 * Training hyper-parameters and their validation.
 */
import { InvalidInputError } from '../errors';

/** Optimizers a learner can pick. */
export type OptimizerName = 'adam' | 'sgd' | 'rmsprop' | 'adagrad';
export const OPTIMIZERS: readonly OptimizerName[] = ['adam', 'sgd', 'rmsprop', 'adagrad'];

/** Early stopping: stop when the watched loss has not improved by `minDelta` for `patience` epochs. */
export interface EarlyStopping {
  patience: number;
  minDelta: number;
  /** Put back the weights of the best epoch when stopping (or at the end). */
  restoreBestWeights: boolean;
}

/** Hyper-parameters of one training run. */
export interface TrainConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerName;
  /** Fraction of the training rows held out (seeded) to compute val_loss and val_accuracy, in [0, 0.5]. */
  validationSplit: number;
  /** Off when null. Watches val_loss when there is a validation split, else the training loss. */
  earlyStopping: EarlyStopping | null;
  /** Seeds the shuffles, the validation split and the dropout masks. */
  seed: number;
  /**
   * "Train until": stop at the end of the first epoch whose accuracy reaches this value, in (0, 1]
   * (validation accuracy when there is a validation split, else training accuracy). Off when absent
   * or null; `epochs` stays the cap.
   */
  targetAccuracy?: number | null;
}

/** Most epochs one run may ask for (long enough for TF Playground's settings to converge on the spiral). */
export const MAX_EPOCHS = 100_000;

/** Defaults that train the 2-D sets well in a few seconds. */
export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  epochs: 20,
  batchSize: 32,
  learningRate: 0.01,
  optimizer: 'adam',
  validationSplit: 0.2,
  earlyStopping: null,
  seed: 1,
};

function bad(field: string, reason: string): never {
  throw new InvalidInputError('invalid-training-config', field, reason);
}

function num(field: string, value: unknown, min: number, max: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    bad(field, `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Validates untrusted hyper-parameters; returns them typed or throws InvalidInputError naming the
 * field. A huge learning rate is allowed on purpose (learners try it); the NaN guard handles it.
 */
export function validateTrainConfig(config: unknown): TrainConfig {
  if (typeof config !== 'object' || config === null) bad('training', 'must be an object');
  const c = config as Record<string, unknown>;
  num('training.epochs', c.epochs, 1, MAX_EPOCHS, true);
  num('training.batchSize', c.batchSize, 1, 8192, true);
  if (typeof c.learningRate !== 'number' || !(c.learningRate > 0) || c.learningRate === Infinity) bad('training.learningRate', `must be a positive number, got ${JSON.stringify(c.learningRate)}`);
  if (!OPTIMIZERS.includes(c.optimizer as OptimizerName)) bad('training.optimizer', `must be one of ${OPTIMIZERS.join(', ')}`);
  num('training.validationSplit', c.validationSplit, 0, 0.5);
  num('training.seed', c.seed, -(2 ** 31), 2 ** 31 - 1, true);
  if (c.targetAccuracy !== undefined && c.targetAccuracy !== null) {
    const t = c.targetAccuracy;
    if (typeof t !== 'number' || !(t > 0 && t <= 1)) bad('training.targetAccuracy', `must be a number above 0 and at most 1 (or null for none), got ${JSON.stringify(t)}`);
  }
  if (c.earlyStopping !== null) {
    if (typeof c.earlyStopping !== 'object') bad('training.earlyStopping', 'must be an object or null');
    const e = c.earlyStopping as Record<string, unknown>;
    num('training.earlyStopping.patience', e.patience, 1, 1000, true);
    num('training.earlyStopping.minDelta', e.minDelta, 0, 10);
    if (typeof e.restoreBestWeights !== 'boolean') bad('training.earlyStopping.restoreBestWeights', 'must be true or false');
  }
  return c as unknown as TrainConfig;
}
