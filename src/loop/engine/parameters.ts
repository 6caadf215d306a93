/**
 * The run's parameters as one declared table: name, plain-words label, whole number or not, limits
 * and default. The Lab's config validation (config.ts), the share link (persistence/share-state.ts),
 * the `simulate`/`record` flags (commands/) and the settings forms read their limits and defaults
 * from here, so a limit is written once. And the default run (the guided run) is declared once too.
 */
import type { TrainConfig } from '../../model/config';

/** One numeric run parameter. */
export interface RunParameter {
  /** Plain words, as in "the learning rate must be ...". */
  label: string;
  integer: boolean;
  min: number;
  max: number;
}

/** The loop's training defaults: small and quick on the cpu backend. */
export const LOOP_TRAINING: TrainConfig = { epochs: 12, batchSize: 32, learningRate: 0.01, optimizer: 'adam', validationSplit: 0, earlyStopping: null, seed: 1 };

/** The numeric parameters of a run. */
export const RUN_PARAMETERS = {
  seed: { label: 'seed', integer: true, min: -(2 ** 31), max: 2 ** 31 - 1 },
  requests: { label: 'number of requests', integer: true, min: 1, max: 1_000_000 },
  rate: { label: 'requests per simulated second', integer: false, min: 0.001, max: 1e6 },
  labelDelay: { label: 'label delay (simulated seconds)', integer: false, min: 0, max: 1e7 },
  labelLoss: { label: 'share of labels that never arrive', integer: false, min: 0, max: 0.95 },
  badRequestShare: { label: 'share of broken requests', integer: false, min: 0, max: 1 },
  initialRows: { label: 'rows of the first training set', integer: true, min: 50, max: 100_000 },
  window: { label: 'requests per report window', integer: true, min: 10, max: 1e6 },
  tickSeconds: { label: 'simulated seconds per tick', integer: false, min: 0.001, max: 3600 },
  bufferRows: { label: 'labelled rows kept for retraining', integer: true, min: 100, max: 1_000_000 },
  epochs: { label: 'epochs', integer: true, min: 1, max: 1000 },
  batchSize: { label: 'batch size', integer: true, min: 1, max: 1024 },
  learningRate: { label: 'learning rate', integer: false, min: 1e-6, max: 10 },
  hiddenUnits: { label: 'units in a hidden layer', integer: true, min: 1, max: 256 },
} as const satisfies Record<string, RunParameter>;

/** A numeric run parameter's name. */
export type RunParameterName = keyof typeof RUN_PARAMETERS;

/** Most hidden layers a run's model may have. */
export const MAX_HIDDEN_LAYERS = 4;

/** The default run: the guided run's scenario, seed, policy and length. */
export const DEFAULT_RUN = { scenario: 'moons-rotation', seed: 7, policy: 'on-alert', requests: 8000 } as const;

/** Why `value` is not a valid `name` (a sentence fragment such as "must be a whole number from 1 to 1000"), or null when it is. */
export function parameterProblem(name: RunParameterName, value: unknown): string | null {
  const p: RunParameter = RUN_PARAMETERS[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < p.min || value > p.max || (p.integer && !Number.isInteger(value))) return `must be ${p.integer ? 'a whole number' : 'a number'} from ${p.min} to ${p.max}, got ${JSON.stringify(value)}`;
  return null;
}
