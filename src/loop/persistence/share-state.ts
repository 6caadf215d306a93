/**
 * The run's shareable state as a declared table of properties (after TensorFlow Playground's
 * `state.ts`): each property has its hash key, type, default, range and a plain-words label. The
 * state serializes to a URL hash (`#v=1&scenario=moons-rotation&seed=7&...`) and maps to a LabConfig,
 * so the same link gives the same run. Decoding never throws: every bad part of a hash (garbage,
 * unknown keys, wrong types, out-of-range values, an outdated `v=`) gives that property's default and
 * a problem in plain words. Pure: no DOM, no tfjs.
 */
import { SCENARIOS } from '../../../datasets/scenarios/library';
import { DEFAULT_LABEL_DELAY, LOOP_MODEL, LOOP_TRAINING, type LabConfig } from '../engine/config';
import { DEFAULT_RUN, MAX_HIDDEN_LAYERS, RUN_PARAMETERS, type RunParameterName } from '../engine/parameters';
import { POLICIES } from '../decisions/policy';
import { BACKEND_POLICY_TABLE, BACKEND_POLICY_VALUES, DEFAULT_BACKEND_POLICY } from '../../compute/policies';
import type { BackendPolicy } from '../../compute/types';

/** The layout version written as `v=`; a link with another version is not read. */
export const SHARE_STATE_VERSION = 1;

/** Everything a link carries. */
export interface ShareState {
  /** A scenario of the library by name (it names the dataset too). */
  scenario: string;
  seed: number;
  /** A built-in policy by name. */
  policy: string;
  /** Requests in the stream. */
  requests: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Units per hidden layer (empty: logistic regression). */
  hidden: number[];
  /** The backend policy every training run follows (gpu-first, fastest, webgpu, webgl, wasm, cpu). */
  backend: BackendPolicy;
  /** Simulated seconds before an answer's label arrives. */
  labelDelay: number;
  /** Share of answers whose label never arrives (0 to 0.95). */
  labelLoss: number;
}

/** A part of a hash that could not be used, in plain words (`key` is the hash key, or '' for the whole hash). */
export interface StateProblem {
  key: string;
  message: string;
}

/** What `decodeState` gives: a usable state (defaults where the hash was bad) and what was wrong. */
export interface DecodedState {
  state: ShareState;
  problems: StateProblem[];
}

interface Base<N extends keyof ShareState> {
  /** The property of ShareState. */
  name: N;
  /** Its key in the hash. */
  key: string;
  /** Plain words, as in "The link's learning rate 'abc' is not a number". */
  label: string;
  /**
   * Written in the hash only when it is not the default, so the links made before the property
   * existed are still the links of the same runs.
   */
  omitDefault?: boolean;
}

/** A number property: `integer` or not, within [min, max]. */
export interface NumberProperty<N extends keyof ShareState> extends Base<N> {
  type: 'integer' | 'number';
  default: number;
  min: number;
  max: number;
}

/** One of a list of names. */
export interface ChoiceProperty<N extends keyof ShareState> extends Base<N> {
  type: 'choice';
  default: string;
  options: readonly string[];
  /** Words to show for an option in a form (the option itself when absent). */
  optionLabels?: Readonly<Record<string, string>>;
}

/** A list of whole numbers written with '-' between them ('none' for an empty list). */
export interface IntegerListProperty<N extends keyof ShareState> extends Base<N> {
  type: 'integer-list';
  default: readonly number[];
  /** Range of each item. */
  min: number;
  max: number;
  maxItems: number;
}

/** One row of the table. */
export type StateProperty =
  | NumberProperty<'seed' | 'requests' | 'epochs' | 'batchSize' | 'learningRate' | 'labelDelay' | 'labelLoss'>
  | ChoiceProperty<'scenario' | 'policy' | 'backend'>
  | IntegerListProperty<'hidden'>;

/** The default run: the guided run's (moons-rotation, seed 7, on-alert, 8 000 requests) with the loop's default model and training. */
export const DEFAULT_SHARE_STATE: Readonly<ShareState> = Object.freeze({
  scenario: DEFAULT_RUN.scenario,
  seed: DEFAULT_RUN.seed,
  policy: DEFAULT_RUN.policy,
  requests: DEFAULT_RUN.requests,
  epochs: LOOP_TRAINING.epochs,
  batchSize: LOOP_TRAINING.batchSize,
  learningRate: LOOP_TRAINING.learningRate,
  hidden: [...LOOP_MODEL.hidden],
  backend: DEFAULT_BACKEND_POLICY,
  labelDelay: DEFAULT_LABEL_DELAY,
  labelLoss: 0,
});

/** A numeric property of the link, its limits from the run-parameter table (engine/parameters.ts). */
function numeric<N extends 'seed' | 'requests' | 'epochs' | 'batchSize' | 'learningRate' | 'labelDelay' | 'labelLoss'>(name: N, key: string, parameter: RunParameterName = name, omitDefault = false): NumberProperty<N> {
  const p = RUN_PARAMETERS[parameter];
  return { name, key, label: p.label, type: p.integer ? 'integer' : 'number', default: DEFAULT_SHARE_STATE[name], min: p.min, max: p.max, ...(omitDefault ? { omitDefault } : {}) };
}

/** The declared table, in the order the hash is written. */
export const STATE_PROPERTIES: readonly StateProperty[] = [
  { name: 'scenario', key: 'scenario', label: 'scenario', type: 'choice', default: DEFAULT_SHARE_STATE.scenario, options: SCENARIOS.map((s) => s.name) },
  numeric('seed', 'seed'),
  { name: 'policy', key: 'policy', label: 'retraining policy', type: 'choice', default: DEFAULT_SHARE_STATE.policy, options: POLICIES.map((p) => p.name) },
  numeric('requests', 'requests'),
  numeric('epochs', 'epochs'),
  numeric('batchSize', 'batch'),
  numeric('learningRate', 'lr'),
  { name: 'hidden', key: 'hidden', label: 'hidden layers', type: 'integer-list', default: DEFAULT_SHARE_STATE.hidden, min: RUN_PARAMETERS.hiddenUnits.min, max: RUN_PARAMETERS.hiddenUnits.max, maxItems: MAX_HIDDEN_LAYERS },
  { name: 'backend', key: 'backend', label: 'backend policy', type: 'choice', default: DEFAULT_SHARE_STATE.backend, options: BACKEND_POLICY_VALUES, optionLabels: Object.fromEntries(BACKEND_POLICY_TABLE.map((row) => [row.value, row.label])), omitDefault: true },
  // Written only when not their default, so links made before the label dial stay the same.
  numeric('labelDelay', 'labelDelay', 'labelDelay', true),
  numeric('labelLoss', 'labelLoss', 'labelLoss', true),
];

/** The longest piece of a bad value quoted back in a message. */
const QUOTE_MAX = 40;

function quote(raw: string): string {
  return `'${raw.length > QUOTE_MAX ? `${raw.slice(0, QUOTE_MAX)}…` : raw}'`;
}

function formatValue(p: StateProperty, value: unknown): string {
  if (p.type === 'integer-list') {
    const list = value as readonly number[];
    return list.length === 0 ? 'none' : list.join('-');
  }
  return String(value);
}

/** Parses one raw value; a string is the reason it was refused. */
function parseValue(p: StateProperty, raw: string): { value: unknown } | string {
  if (p.type === 'choice') {
    return p.options.includes(raw) ? { value: raw } : `is not a known ${p.label} (known: ${p.options.join(', ')})`;
  }
  if (p.type === 'integer-list') {
    if (raw === 'none') return { value: [] };
    const parts = raw.split('-');
    if (parts.length > p.maxItems) return `has ${parts.length} layers; at most ${p.maxItems} are allowed`;
    const list: number[] = [];
    for (const part of parts) {
      if (!/^\d+$/.test(part)) return `is not a list of whole numbers joined by '-' (or 'none')`;
      const n = Number(part);
      if (n < p.min || n > p.max) return `has a layer of ${part} units; each layer has ${p.min} to ${p.max}`;
      list.push(n);
    }
    return { value: list };
  }
  const text = raw.trim();
  const n = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(n)) return 'is not a number';
  if (p.type === 'integer' && !Number.isInteger(n)) return 'is not a whole number';
  if (n < p.min || n > p.max) return `is out of range (${p.min} to ${p.max})`;
  return { value: n };
}

function defaults(): ShareState {
  return { ...DEFAULT_SHARE_STATE, hidden: [...DEFAULT_SHARE_STATE.hidden] };
}

function setValue(state: ShareState, p: StateProperty, value: unknown): void {
  (state as unknown as Record<string, unknown>)[p.name] = value;
}

/** Checks a state object (from code or a form): each bad property gives a problem (the state itself is not changed). */
export function checkState(state: ShareState): StateProblem[] {
  const problems: StateProblem[] = [];
  for (const p of STATE_PROPERTIES) {
    const value: unknown = state[p.name];
    const typed = p.type === 'integer-list' ? Array.isArray(value) : p.type === 'choice' ? typeof value === 'string' : typeof value === 'number';
    const parsed = typed ? parseValue(p, formatValue(p, value)) : 'has the wrong type';
    if (typeof parsed === 'string') problems.push({ key: p.key, message: `The ${p.label} ${quote(typed ? formatValue(p, value) : String(value))} ${parsed}` });
  }
  return problems;
}

/** The hash of a state, every property written in table order (one marked `omitDefault` only when it is not its default): `#v=1&scenario=...&hidden=16-16`. Throws nothing; a bad state is written as it is (check it with `checkState`). */
export function encodeState(state: ShareState): string {
  const written = STATE_PROPERTIES.filter((p) => !(p.omitDefault && formatValue(p, state[p.name]) === formatValue(p, p.default)));
  const parts = [`v=${SHARE_STATE_VERSION}`, ...written.map((p) => `${p.key}=${encodeURIComponent(formatValue(p, state[p.name]))}`)];
  return `#${parts.join('&')}`;
}

/**
 * Reads a hash (with or without its '#'). Never throws: an empty hash gives the defaults and no
 * problem; each bad part gives its property's default and a problem; a hash of another layout
 * version gives every default and one problem; a hash without `v=` is read as the current version.
 * `source` names where the text came from in the messages ("The link's seed ...").
 */
export function decodeState(hash: unknown, source = 'link'): DecodedState {
  const state = defaults();
  const problems: StateProblem[] = [];
  if (typeof hash !== 'string') return { state, problems: [{ key: '', message: `The ${source} has no settings that can be read; using the default run` }] };
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body.trim() === '') return { state, problems };
  const seen = new Map<string, string>();
  for (const piece of body.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const rawKey = eq < 0 ? piece : piece.slice(0, eq);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey);
      value = eq < 0 ? '' : decodeURIComponent(piece.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      problems.push({ key: rawKey, message: `The ${source}'s part ${quote(piece)} is not readable text; it was ignored` });
      continue;
    }
    if (seen.has(key)) {
      problems.push({ key, message: `The ${source} gives '${key}' more than once; using the first (${quote(seen.get(key) as string)})` });
      continue;
    }
    seen.set(key, value);
  }
  const version = seen.get('v');
  if (version !== undefined && version !== String(SHARE_STATE_VERSION)) {
    return { state, problems: [{ key: 'v', message: `The ${source} was made for layout version ${quote(version)} of the lab's links; this lab reads version ${SHARE_STATE_VERSION}, so it uses the default run` }] };
  }
  for (const key of seen.keys()) {
    if (key !== 'v' && !STATE_PROPERTIES.some((p) => p.key === key)) problems.push({ key, message: `The ${source} has an unknown setting ${quote(key)}; it was ignored` });
  }
  for (const p of STATE_PROPERTIES) {
    const raw = seen.get(p.key);
    if (raw === undefined) continue;
    const parsed = parseValue(p, raw);
    if (typeof parsed === 'string') problems.push({ key: p.key, message: `The ${source}'s ${p.label} ${quote(raw)} ${parsed}; using ${formatValue(p, p.default)}` });
    else setValue(state, p, parsed.value);
  }
  return { state, problems };
}

/** The LabConfig of a state: same state, same run (a picture scenario's hidden layers are left out: it trains the CNN). */
export function stateToConfig(state: ShareState): LabConfig {
  return {
    scenario: state.scenario,
    seed: state.seed,
    policy: state.policy,
    requests: state.requests,
    // A picture scenario names no model, so the Lab picks its CNN (engine/model.ts LAB_CNN); the
    // hidden layers are an MLP's and do not apply to it.
    ...(isPictureScenario(state.scenario) ? {} : { model: { ...LOOP_MODEL, hidden: [...state.hidden] } }),
    training: { epochs: state.epochs, batchSize: state.batchSize, learningRate: state.learningRate },
    backend: state.backend,
    labelDelay: state.labelDelay,
    ...(state.labelLoss > 0 ? { labelLoss: state.labelLoss } : {}),
  };
}

/**
 * Whether a built-in scenario runs on the shapes pictures, where the Lab trains its small CNN and the
 * hidden-layers setting does not apply.
 */
export function isPictureScenario(scenario: string): boolean {
  return SCENARIOS.find((s) => s.name === scenario)?.dataset.id === 'shapes';
}

/**
 * The state of a LabConfig (defaults for what it leaves out); a config outside the table (a scenario
 * or policy object, a non-MLP model) gives the defaults for those properties.
 */
export function configToState(config: LabConfig): ShareState {
  const state = defaults();
  if (typeof config.scenario === 'string') state.scenario = config.scenario;
  state.seed = config.seed;
  if (typeof config.policy === 'string') state.policy = config.policy;
  if (config.requests !== undefined) state.requests = config.requests;
  if (config.training?.epochs !== undefined) state.epochs = config.training.epochs;
  if (config.training?.batchSize !== undefined) state.batchSize = config.training.batchSize;
  if (config.training?.learningRate !== undefined) state.learningRate = config.training.learningRate;
  if (config.model?.kind === 'mlp') state.hidden = [...config.model.hidden];
  if (config.backend !== undefined) state.backend = config.backend;
  if (config.labelDelay !== undefined) state.labelDelay = config.labelDelay;
  if (config.labelLoss !== undefined) state.labelLoss = config.labelLoss;
  return state;
}

/** Whether two states describe the same run. */
export function sameState(a: ShareState, b: ShareState): boolean {
  return encodeState(a) === encodeState(b);
}

/**
 * What a link cannot carry, in plain words: a run on the learner's own data (`config.dataset`, an
 * imported CSV) links only its settings, since a URL cannot hold a local file; null for any other run.
 */
export function localDataNote(config: Pick<LabConfig, 'dataset'>): string | null {
  const data = config.dataset;
  if (!data) return null;
  return `This run is on your own data ("${data.name}", ${data.rows.toLocaleString('en-US')} rows). A share link cannot carry a local file: the link names only the settings, and opening it runs them on the lab's own data. The saved session and “Export session” keep your data.`;
}
