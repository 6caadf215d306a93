/**
 * The lab's configuration as plain JSON, with defaults and validation. Same config -> same run:
 * every random thing (stream, splits, weights, latency jitter) derives from `seed`.
 */
import type { Scenario } from '../../../datasets/scenarios/types';
import type { PortableDataset } from '../../../datasets/csv/portable';
import type { MlpSpec, ModelSpec } from '../../model/spec';
import type { TrainConfig } from '../../model/config';
import { LabCommandError } from './errors';
import { LOOP_TRAINING, parameterProblem, type RunParameterName } from './parameters';
import type { Policy } from '../decisions/policy';
import { DETECTOR_KINDS, type DetectorConfig, type DetectorKind } from '../../monitoring/detectors/index';
import { BACKEND_POLICY_VALUES, defaultLabBackend, isBackendPolicy } from '../../compute/policies';
import type { BackendPolicy } from '../../compute/types';

/** Everything a lab needs. */
export interface LabConfig {
  /** A scenario of the library (or of the lab's list) by name, or a scenario object. */
  scenario: string | Scenario;
  seed: number;
  /** A built-in policy by name, or a policy object. Default "on-alert". */
  policy?: string | Policy;
  /** Requests in the stream (default: the scenario's length). */
  requests?: number;
  /** Requests per simulated second (default: the scenario's, else 10). */
  rate?: number;
  /** Label delay in simulated seconds (default 10). */
  labelDelay?: number;
  /** Share of answers whose label never arrives (default 0: every label arrives, after `labelDelay`). */
  labelLoss?: number;
  /** Share of malformed requests the stream sends on purpose (default 0). */
  badRequestShare?: number;
  /** The classifier (default: MLP [16, 16] relu; for pictures, the small CNN of engine/model.ts `LAB_CNN`). */
  model?: ModelSpec;
  /** Training hyper-parameters for every run (merged over the defaults). */
  training?: Partial<TrainConfig>;
  /** Rows of the base concept the first version is trained on (default 1500). */
  initialRows?: number;
  /** Requests per report window (default 250). */
  window?: number;
  /** Simulated seconds per tick of the engine (default 2). */
  tickSeconds?: number;
  /** Labelled rows kept for retraining (default 5000). */
  bufferRows?: number;
  /**
   * The detectors watching every version's error stream (default ADWIN and DDM). A detector the
   * policy's trigger names always runs as well, so a policy triggered by any detector retrains.
   */
  detectors?: DetectorKind[];
  /**
   * Which latency the health view shows (default `measured`): the wall-clock time this process took
   * from request to answer, micro-batching included, which varies from run to run; or `simulated`, the
   * deterministic latency the decisions read (a version's base cost from its trainable parameters with
   * seeded jitter), for recordings that must give the same bytes. Decisions always read the simulated one.
   */
  latency?: LatencySource;
  /**
   * The backend policy every training run of this lab follows (src/compute/policies.ts): gpu-first,
   * fastest, webgpu, webgl, wasm or cpu. Absent: the realm's default (`setDefaultLabBackend`: the Lab
   * worker and the in-page Lab of a browser use gpu-first), else the backend the process set (Node).
   */
  backend?: BackendPolicy;
  /**
   * The learner's own data (an imported CSV as plain JSON, `toPortable(importCsv(...))`): the stream
   * draws from it. Needed by a scenario on an imported dataset (`csvScenario`, dataset id "imported").
   */
  dataset?: PortableDataset;
}

/** Where the health view's latency comes from (see `LabConfig.latency`). */
export type LatencySource = 'measured' | 'simulated';

/** The config with every default filled in. */
export type ResolvedLabConfig = Required<Omit<LabConfig, 'rate' | 'requests' | 'policy' | 'training' | 'backend' | 'dataset' | 'labelLoss'>> & { labelLoss?: number; rate: number | undefined; requests: number | undefined; training: TrainConfig; backend?: BackendPolicy; dataset?: PortableDataset };

/** The detectors a lab runs when its config names none. */
export const DEFAULT_DETECTORS: readonly DetectorKind[] = ['adwin', 'ddm'];

/** Simulated seconds before an answer's label arrives, when a config names none. */
export const DEFAULT_LABEL_DELAY = 10;

/** The detector configs a lab runs: `kinds` (each once, in order) and the one `policy`'s trigger names. */
export function detectorConfigs(kinds: readonly DetectorKind[], policy: Policy): DetectorConfig[] {
  const all = [...kinds];
  if (policy.trigger.kind === 'on-alert' && !all.includes(policy.trigger.detector)) all.push(policy.trigger.detector);
  return [...new Set(all)].map((kind) => ({ kind }) as DetectorConfig);
}

export { LOOP_TRAINING } from './parameters';

/** The default classifier. */
export const LOOP_MODEL: MlpSpec = { kind: 'mlp', hidden: [16, 16], activation: 'relu', l2: 0, dropout: 0 };

/** Checks a run parameter against the table (parameters.ts); undefined is left to its default. */
function check(field: RunParameterName, v: unknown): void {
  if (v === undefined) return;
  const problem = parameterProblem(field, v);
  if (problem) throw new LabCommandError('configure', `${field} ${problem}`, { field });
}

/** Validates the numeric fields and fills the defaults (scenario, policy and model are checked where they are used). */
export function resolveLabConfig(config: LabConfig): ResolvedLabConfig {
  if (typeof config !== 'object' || config === null) throw new LabCommandError('configure', 'the lab config must be an object');
  check('seed', config.seed);
  if (config.seed === undefined) throw new LabCommandError('configure', 'seed is required', { field: 'seed' });
  for (const field of ['requests', 'rate', 'labelDelay', 'labelLoss', 'badRequestShare', 'initialRows', 'window', 'tickSeconds', 'bufferRows'] as const) check(field, config[field]);
  if (config.training !== undefined && (typeof config.training !== 'object' || config.training === null)) throw new LabCommandError('configure', 'training must be an object', { field: 'training' });
  for (const field of ['epochs', 'batchSize', 'learningRate'] as const) check(field, config.training?.[field]);
  if (config.latency !== undefined && config.latency !== 'measured' && config.latency !== 'simulated') throw new LabCommandError('configure', `latency must be "measured" or "simulated", got ${JSON.stringify(config.latency)}`, { field: 'latency' });
  if (config.backend !== undefined && !isBackendPolicy(config.backend)) throw new LabCommandError('configure', `backend must be one of ${BACKEND_POLICY_VALUES.join(', ')}, got ${JSON.stringify(config.backend)}`, { field: 'backend' });
  const backend = config.backend ?? defaultLabBackend();
  if (config.detectors !== undefined && (!Array.isArray(config.detectors) || config.detectors.some((d) => !DETECTOR_KINDS.includes(d)))) throw new LabCommandError('configure', `detectors must be a list of ${DETECTOR_KINDS.join(', ')}, got ${JSON.stringify(config.detectors)}`, { field: 'detectors' });
  return {
    scenario: config.scenario,
    seed: config.seed,
    requests: config.requests,
    rate: config.rate,
    labelDelay: config.labelDelay ?? DEFAULT_LABEL_DELAY,
    badRequestShare: config.badRequestShare ?? 0,
    model: config.model ?? LOOP_MODEL,
    training: { ...LOOP_TRAINING, ...config.training },
    initialRows: config.initialRows ?? 1500,
    window: config.window ?? 250,
    tickSeconds: config.tickSeconds ?? 2,
    bufferRows: config.bufferRows ?? 5000,
    detectors: [...(config.detectors ?? DEFAULT_DETECTORS)],
    latency: config.latency ?? 'measured',
    ...(backend ? { backend } : {}),
    ...(config.dataset !== undefined ? { dataset: config.dataset } : {}),
    ...(config.labelLoss ? { labelLoss: config.labelLoss } : {}),
  };
}
