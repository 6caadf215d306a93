/**
 * Reads a layers-model topology (the `modelTopology` of a TF.js model.json) WITHOUT building it: the
 * layers, the weights each layer owns (names, shapes), the input width, the output width and the
 * output activation. An import compares this with the weight manifest and the weight bytes before
 * TF.js allocates anything, so a topology that claims a 40-million-unit layer is refused by
 * arithmetic, not by running out of memory.
 *
 * Supported: a `Sequential` model on flat rows of the layers the lab's one builder (src/model/build.ts)
 * makes — Dense (weights `<name>/kernel` [in, units] and, with `use_bias`, `<name>/bias` [units]),
 * the weightless Dropout, MlopsSeededDropout, Activation, Softmax and InputLayer, and for pictures
 * Reshape (flat row to [height, width, channels]), Conv2D (weights `<name>/kernel`
 * [kh, kw, in, filters] and `<name>/bias` [filters]; padding same or valid, strides), MaxPooling2D
 * and Flatten. The per-row shape is carried through every layer (a Dense takes a flat row, a Conv2D
 * or MaxPooling2D an image), so each weight's shape follows from the topology alone. Anything else
 * is refused with the layer's class named.
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

/** A positive whole number up to MAX_UNITS, or refused. */
function whole(v: unknown, field: string): number {
  if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > MAX_UNITS) bad(field, `must be a whole number from 1 to ${MAX_UNITS}, got ${JSON.stringify(v)}`);
  return v as number;
}

/** A 2-D window size (kernel, pool, strides): one number or [rows, cols]. */
function pair(v: unknown, field: string): [number, number] {
  if (Array.isArray(v) && v.length === 2) return [whole(v[0], field), whole(v[1], field)];
  if (Array.isArray(v)) bad(field, `must be a number or [rows, cols], got ${JSON.stringify(v).slice(0, 40)}`);
  const n = whole(v, field);
  return [n, n];
}

/** The number of elements of a per-row shape. */
function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The per-row shape a 2-D window (conv or pool) gives, as TF.js computes it. */
function windowed(shape: readonly number[], window: [number, number], strides: [number, number], padding: unknown, channels: number, at: string): number[] {
  if (padding !== 'same' && padding !== 'valid') bad(`${at}.config.padding`, `must be "same" or "valid", got ${JSON.stringify(padding)}`);
  const out = [0, 1].map((d) => (padding === 'same' ? Math.ceil((shape[d] as number) / strides[d]!) : Math.floor(((shape[d] as number) - window[d]!) / strides[d]!) + 1));
  if (out.some((n) => n < 1)) bad(at, `a ${window.join('x')} window does not fit the ${shape[0]}x${shape[1]} image`);
  const next = [out[0]!, out[1]!, channels];
  if (size(next) > MAX_UNITS) bad(at, `gives ${size(next)} values per row; the limit is ${MAX_UNITS}`);
  return next;
}

/** An image layer's settings the lab's builder never changes: channels last, no dilation. */
function channelsLast(c: Record<string, unknown>, at: string): void {
  if (c.data_format !== undefined && c.data_format !== 'channels_last') bad(`${at}.config.data_format`, `must be "channels_last", got ${JSON.stringify(c.data_format)}`);
  if (c.dilation_rate !== undefined && pair(c.dilation_rate, `${at}.config.dilation_rate`).some((d) => d !== 1)) bad(`${at}.config.dilation_rate`, 'must be 1');
}

/** Reads a Sequential topology; throws ImportError('bad-topology') naming the layer at fault. */
export function readTopology(topology: unknown): TopologySummary {
  if (!isObject(topology)) bad('modelTopology', 'must be an object');
  const root = isObject(topology.model_config) ? topology.model_config : topology;
  if (root.class_name !== 'Sequential') bad('modelTopology.class_name', `must be "Sequential" (the models the lab builds), got ${JSON.stringify(root.class_name)}`);
  const config = root.config;
  const layers = isObject(config) ? config.layers : Array.isArray(config) ? config : undefined;
  if (!Array.isArray(layers) || layers.length === 0) bad('modelTopology.config.layers', 'must be a non-empty list');
  /** The per-row shape after the layers read so far: [width] for flat rows, [height, width, channels] for images. */
  let shape: number[] | null = null;
  let activation = 'linear';
  const weights: ExpectedWeight[] = [];
  const names = new Set<string>();
  const flat = (at: string, kind: string): number => {
    if ((shape as number[]).length !== 1) bad(at, `a ${kind} layer takes flat rows, but the layer before gives [${(shape as number[]).join(', ')}] (a Flatten layer must come first)`);
    return (shape as number[])[0] as number;
  };
  const image = (at: string, kind: string): number[] => {
    if ((shape as number[]).length !== 3) bad(at, `a ${kind} layer takes [height, width, channels] images, but the layer before gives [${(shape as number[]).join(', ')}] (a Reshape layer must come first)`);
    return shape as number[];
  };
  const activationOf = (c: Record<string, unknown>, at: string): string => {
    const act = c.activation ?? 'linear';
    if (typeof act !== 'string' || !ACTIVATIONS.has(act)) bad(`${at}.config.activation`, `unknown activation ${JSON.stringify(act)}`);
    return act;
  };
  const useBiasOf = (c: Record<string, unknown>, at: string): boolean => {
    const useBias = c.use_bias ?? true;
    if (typeof useBias !== 'boolean') bad(`${at}.config.use_bias`, 'must be true or false');
    return useBias;
  };
  layers.forEach((layer: unknown, i: number) => {
    const at = `modelTopology.config.layers[${i}]`;
    if (!isObject(layer) || typeof layer.class_name !== 'string' || !isObject(layer.config)) bad(at, 'must be { class_name, config }');
    const kind = layer.class_name;
    const c = layer.config;
    if (typeof c.name !== 'string' || c.name === '') bad(`${at}.config.name`, 'must be a non-empty string');
    if (names.has(c.name)) bad(`${at}.config.name`, `"${c.name}" appears twice`);
    names.add(c.name);
    const input = c.batch_input_shape ?? c.batchInputShape;
    if (input !== undefined) {
      if (i !== 0) bad(`${at}.config.batch_input_shape`, 'only the first layer declares the input shape');
      if (!Array.isArray(input) || input.length !== 2 || input[0] !== null || !Number.isInteger(input[1]) || (input[1] as number) < 1 || (input[1] as number) > MAX_UNITS) bad(`${at}.config.batch_input_shape`, 'must be [null, features] (flat rows)');
      shape = [input[1] as number];
    }
    if (i === 0 && shape === null) bad(`${at}.config.batch_input_shape`, 'the first layer must declare the input shape [null, features]');
    if (kind === 'Dense') {
      const inputs = flat(at, kind);
      const units = c.units;
      if (!Number.isInteger(units) || (units as number) < 1 || (units as number) > MAX_UNITS) bad(`${at}.config.units`, `must be a whole number from 1 to ${MAX_UNITS}, got ${JSON.stringify(units)}`);
      const act = activationOf(c, at);
      weights.push({ name: `${c.name}/kernel`, shape: [inputs, units as number] });
      if (useBiasOf(c, at)) weights.push({ name: `${c.name}/bias`, shape: [units as number] });
      shape = [units as number];
      activation = act;
    } else if (kind === 'Conv2D') {
      const [h, w, channels] = image(at, kind) as [number, number, number];
      const filters = whole(c.filters, `${at}.config.filters`);
      const kernel = pair(c.kernel_size, `${at}.config.kernel_size`);
      const strides = c.strides === undefined ? ([1, 1] as [number, number]) : pair(c.strides, `${at}.config.strides`);
      channelsLast(c, at);
      const act = activationOf(c, at);
      const next = windowed([h, w], kernel, strides, c.padding ?? 'valid', filters, at);
      weights.push({ name: `${c.name}/kernel`, shape: [kernel[0], kernel[1], channels, filters] });
      if (useBiasOf(c, at)) weights.push({ name: `${c.name}/bias`, shape: [filters] });
      shape = next;
      activation = act;
    } else if (kind === 'MaxPooling2D') {
      const [h, w, channels] = image(at, kind) as [number, number, number];
      const pool = c.pool_size === undefined ? ([2, 2] as [number, number]) : pair(c.pool_size, `${at}.config.pool_size`);
      const strides = c.strides === undefined || c.strides === null ? pool : pair(c.strides, `${at}.config.strides`);
      channelsLast(c, at);
      shape = windowed([h, w], pool, strides, c.padding ?? 'valid', channels, at);
    } else if (kind === 'Reshape') {
      const target = c.target_shape ?? c.targetShape;
      if (!Array.isArray(target) || target.length < 1 || target.length > 3) bad(`${at}.config.target_shape`, 'must be a list of 1 to 3 whole numbers');
      const next = target.map((d: unknown, j: number) => whole(d, `${at}.config.target_shape[${j}]`));
      if (size(next) !== size(shape as number[])) bad(`${at}.config.target_shape`, `[${next.join(', ')}] holds ${size(next)} values but each row has ${size(shape as number[])}`);
      shape = next;
    } else if (kind === 'Flatten') {
      if (c.data_format !== undefined && c.data_format !== null && c.data_format !== 'channels_last') bad(`${at}.config.data_format`, `must be "channels_last", got ${JSON.stringify(c.data_format)}`);
      shape = [size(shape as number[])];
    } else if (WEIGHTLESS.has(kind)) {
      if (kind === 'Softmax') activation = 'softmax';
      if (kind === 'Activation') {
        if (typeof c.activation !== 'string' || !ACTIVATIONS.has(c.activation)) bad(`${at}.config.activation`, `unknown activation ${JSON.stringify(c.activation)}`);
        activation = c.activation;
      }
    } else bad(`${at}.class_name`, `layer class ${JSON.stringify(kind.slice(0, 40))} is not supported (the import takes Dense, Dropout, Activation, Softmax, Reshape, Conv2D, MaxPooling2D and Flatten layers)`);
  });
  const last = shape as unknown as number[];
  if (last.length !== 1) bad('modelTopology.config.layers', `the last layer gives [${last.join(', ')}] per row; the model must end in flat rows of class scores`);
  const params = weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
  const first = layers[0] as { config: Record<string, unknown> };
  const inputs = (first.config.batch_input_shape ?? first.config.batchInputShape) as [null, number];
  return { inputs: inputs[1], outputs: last[0] as number, weights, params, outputActivation: activation };
}
