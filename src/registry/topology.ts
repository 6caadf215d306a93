/**
 * Reads a layers-model topology (the `modelTopology` of a TF.js model.json) WITHOUT building it: the
 * layers, the weights each layer owns (names, shapes), the input width, the output width and the
 * output activation. An import compares this with the weight manifest and the weight bytes before
 * TF.js allocates anything, so a topology that claims a 40-million-unit layer is refused by
 * arithmetic, not by running out of memory.
 *
 * Supported: a `Sequential` model of the layers the lab builds for tabular data — Dense (weights
 * `<name>/kernel` [in, units] and, with `use_bias`, `<name>/bias` [units]), and the weightless
 * Dropout, MlopsSeededDropout, Activation, Softmax and InputLayer. Anything else is refused with the
 * layer's class named.
 */
import { ImportError } from './errors';

/** A weight the topology says a layer owns. */
export interface ExpectedWeight {
  name: string;
  shape: number[];
}

/** What the topology declares. */
export interface TopologySummary {
  /** Input width (features) and output width (classes). */
  inputs: number;
  outputs: number;
  /** Every weight, in layer order (TF.js saves frozen layers' weights last; it matches them by name). */
  weights: ExpectedWeight[];
  /** Total number of parameters (sum of the weights' element counts). */
  params: number;
  /** The activation applied last (e.g. "softmax"). */
  outputActivation: string;
}

const WEIGHTLESS = new Set(['Dropout', 'MlopsSeededDropout', 'Activation', 'Softmax', 'InputLayer']);
/** Activations TF.js knows by these names. */
const ACTIVATIONS = new Set(['linear', 'relu', 'relu6', 'elu', 'selu', 'softplus', 'softsign', 'tanh', 'sigmoid', 'hard_sigmoid', 'swish', 'mish', 'gelu', 'gelu_new', 'softmax', 'logsoftmax']);
/** The widest layer accepted (units); a larger claim is refused before any arithmetic on it. */
export const MAX_UNITS = 1 << 20;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(field: string, reason: string): never {
  throw new ImportError('bad-topology', `${field}: ${reason}`, { field });
}

/** Reads a Sequential topology; throws ImportError('bad-topology') naming the layer at fault. */
export function readTopology(topology: unknown): TopologySummary {
  if (!isObject(topology)) bad('modelTopology', 'must be an object');
  const root = isObject(topology.model_config) ? topology.model_config : topology;
  if (root.class_name !== 'Sequential') bad('modelTopology.class_name', `must be "Sequential" (the models the lab builds), got ${JSON.stringify(root.class_name)}`);
  const config = root.config;
  const layers = isObject(config) ? config.layers : Array.isArray(config) ? config : undefined;
  if (!Array.isArray(layers) || layers.length === 0) bad('modelTopology.config.layers', 'must be a non-empty list');
  let width: number | null = null;
  let activation = 'linear';
  const weights: ExpectedWeight[] = [];
  const names = new Set<string>();
  layers.forEach((layer: unknown, i: number) => {
    const at = `modelTopology.config.layers[${i}]`;
    if (!isObject(layer) || typeof layer.class_name !== 'string' || !isObject(layer.config)) bad(at, 'must be { class_name, config }');
    const kind = layer.class_name;
    const c = layer.config;
    if (typeof c.name !== 'string' || c.name === '') bad(`${at}.config.name`, 'must be a non-empty string');
    if (names.has(c.name)) bad(`${at}.config.name`, `"${c.name}" appears twice`);
    names.add(c.name);
    const shape = c.batch_input_shape ?? c.batchInputShape;
    if (shape !== undefined) {
      if (i !== 0) bad(`${at}.config.batch_input_shape`, 'only the first layer declares the input shape');
      if (!Array.isArray(shape) || shape.length !== 2 || shape[0] !== null || !Number.isInteger(shape[1]) || (shape[1] as number) < 1 || (shape[1] as number) > MAX_UNITS) bad(`${at}.config.batch_input_shape`, 'must be [null, features] (flat rows)');
      width = shape[1] as number;
    }
    if (i === 0 && width === null) bad(`${at}.config.batch_input_shape`, 'the first layer must declare the input shape [null, features]');
    if (kind === 'Dense') {
      const units = c.units;
      if (!Number.isInteger(units) || (units as number) < 1 || (units as number) > MAX_UNITS) bad(`${at}.config.units`, `must be a whole number from 1 to ${MAX_UNITS}, got ${JSON.stringify(units)}`);
      const act = c.activation ?? 'linear';
      if (typeof act !== 'string' || !ACTIVATIONS.has(act)) bad(`${at}.config.activation`, `unknown activation ${JSON.stringify(act)}`);
      const useBias = c.use_bias ?? true;
      if (typeof useBias !== 'boolean') bad(`${at}.config.use_bias`, 'must be true or false');
      weights.push({ name: `${c.name}/kernel`, shape: [width as number, units as number] });
      if (useBias) weights.push({ name: `${c.name}/bias`, shape: [units as number] });
      width = units as number;
      activation = act;
    } else if (WEIGHTLESS.has(kind)) {
      if (kind === 'Softmax') activation = 'softmax';
      if (kind === 'Activation') {
        if (typeof c.activation !== 'string' || !ACTIVATIONS.has(c.activation)) bad(`${at}.config.activation`, `unknown activation ${JSON.stringify(c.activation)}`);
        activation = c.activation;
      }
    } else bad(`${at}.class_name`, `layer class ${JSON.stringify(kind.slice(0, 40))} is not supported (the import takes Dense, Dropout, Activation and Softmax layers)`);
  });
  const params = weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
  const first = layers[0] as { config: Record<string, unknown> };
  const inputs = (first.config.batch_input_shape ?? first.config.batchInputShape) as [null, number];
  return { inputs: inputs[1], outputs: width as unknown as number, weights, params, outputActivation: activation };
}
