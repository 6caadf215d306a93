/**
 * Reads an Open Inference Protocol v2 request into encoded rows. Two forms are accepted:
 *
 * - tensor form: ONE input of shape [n, F] (F = number of features, columns in schema order,
 *   categorical features as their category index), any numeric datatype; e.g. KServe's
 *   `{"name": "input-0", "shape": [2, 4], "datatype": "FP32", "data": [[...], [...]]}`;
 * - column form: one input per feature, named by the feature, shape [n] (or [n, 1]); numeric
 *   features in a numeric datatype, categorical features as BYTES (category names).
 *
 * `data` is flat (row-major, prod(shape) values) or nested exactly as `shape` (see `readData`); each
 * value must be one of its datatype (datatypes.ts: BOOL true/false, integer types whole and in range,
 * FP16/FP32 finite once rounded, BYTES text) and round to a finite float32 (what the model computes
 * in). Headers (names, shapes, datatypes) are all checked before any data is read. Structural
 * faults are 400 (malformed), value and schema violations 422; the `field` names the culprit.
 */
import type { FeatureEncoder, EncodedRows } from './encoder';
import { describe } from './encoder';
import { NUMBER_TYPES, numberOf } from './datatypes';
import { DATATYPES, errorResponse, type ErrorResponse } from './protocol';

/** Limits that keep one request from eating the endpoint. */
export interface RequestLimits {
  /** Most rows in one request. */
  maxRows: number;
  /** Most inputs (tensors) in one request. */
  maxInputs: number;
  /** Longest request id. */
  maxIdLength: number;
}

/** The default limits: 4096 rows, 64 inputs, ids of up to 256 characters. */
export const DEFAULT_LIMITS: RequestLimits = { maxRows: 4096, maxInputs: 64, maxIdLength: 256 };

/** Datatypes a numeric feature (or the [rows, features] tensor) may be sent in. */
const NUMERIC = new Set<string>([...NUMBER_TYPES, 'BOOL']);
const KNOWN = new Set<string>(DATATYPES);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the envelope: an object with an optional string id and optional parameters object. */
export function readEnvelope(request: unknown, limits: RequestLimits): { id: string | undefined } | ErrorResponse {
  if (!isObject(request)) return errorResponse('malformed', `the request must be a JSON object, got ${describe(request)}`, 'request');
  const id = request.id;
  if (id !== undefined && (typeof id !== 'string' || id.length === 0 || id.length > limits.maxIdLength)) return errorResponse('malformed', `id must be a non-empty string of at most ${limits.maxIdLength} characters`, 'id');
  if (request.parameters !== undefined && !isObject(request.parameters)) return errorResponse('malformed', 'parameters must be an object', 'parameters');
  return { id };
}

/**
 * Reads `data` against `shape` without flattening anything first. Two layouts are accepted:
 *
 * - flat, row-major: a list of exactly prod(shape) values, none of them a list;
 * - nested exactly as the shape: a list of shape[0] lists of shape[1] ... values (every level's
 *   length equals its dimension, every leaf is a value, every inner entry a list).
 *
 * Anything else (regrouped rows, ragged rows, empty entries, a mix of lists and values, partial
 * nesting) is refused. Every length is compared with the shape before the walk goes deeper, so a
 * list far longer than the shape is refused in constant time. Returns the values row-major.
 */
export function readData(data: readonly unknown[], shape: readonly number[], at: string): readonly unknown[] | ErrorResponse {
  const expected = shape.reduce((a, b) => a * b, 1);
  const dims = `[${shape.join(', ')}]`;
  if (data.length === 0 || !Array.isArray(data[0])) {
    if (data.length !== expected) return errorResponse('malformed', `${at} holds ${data.length} values but shape ${dims} needs ${expected}`, at);
    for (let i = 0; i < data.length; i++) if (Array.isArray(data[i])) return errorResponse('malformed', `${at}[${i}] is a list inside flat data: data is either flat (${expected} values) or nested exactly as shape ${dims}`, at);
    return data;
  }
  if (shape.length === 1) return errorResponse('malformed', `${at} is nested but shape ${dims} has one dimension: send a flat list of ${expected} values`, at);
  const out = new Array<unknown>(expected);
  let next = 0;
  const walk = (list: readonly unknown[], depth: number, path: string): ErrorResponse | null => {
    const want = shape[depth] as number;
    if (list.length !== want) return errorResponse('malformed', `${path} holds ${list.length} entries but dimension ${depth} of shape ${dims} is ${want}`, at);
    const leaf = depth === shape.length - 1;
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (leaf) {
        if (Array.isArray(item)) return errorResponse('malformed', `${path}[${i}] is a list but shape ${dims} has only ${shape.length} dimensions`, at);
        out[next++] = item;
      } else {
        if (!Array.isArray(item)) return errorResponse('malformed', `${path}[${i}] must be a list of ${shape[depth + 1]} entries (data nested as shape ${dims}), got ${describe(item)}`, at);
        const problem = walk(item, depth + 1, `${path}[${i}]`);
        if (problem) return problem;
      }
    }
    return null;
  };
  return walk(data, 0, at) ?? out;
}

/** An input whose header (name, shape, datatype) is checked; its data not read yet. */
interface Tensor {
  name: string;
  shape: number[];
  datatype: string;
  data: unknown[];
  at: string;
}

function readHeader(input: unknown, i: number, limits: RequestLimits): Tensor | ErrorResponse {
  const at = `inputs[${i}]`;
  if (!isObject(input)) return errorResponse('malformed', `${at} must be an object {name, shape, datatype, data}`, at);
  if (typeof input.name !== 'string' || input.name === '') return errorResponse('malformed', `${at}.name must be a non-empty string`, `${at}.name`);
  const shape = input.shape;
  if (!Array.isArray(shape) || shape.length === 0 || shape.length > 4 || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) return errorResponse('malformed', `${at}.shape must be a list of 1 to 4 non-negative integers`, `${at}.shape`);
  if (typeof input.datatype !== 'string' || !KNOWN.has(input.datatype)) return errorResponse('malformed', `${at}.datatype must be one of ${DATATYPES.join(', ')}`, `${at}.datatype`);
  if (!Array.isArray(input.data)) return errorResponse('malformed', `${at}.data must be a list`, `${at}.data`);
  if (input.parameters !== undefined && !isObject(input.parameters)) return errorResponse('malformed', `${at}.parameters must be an object`, `${at}.parameters`);
  const rows = shape[0] as number;
  if (rows < 1 || rows > limits.maxRows) return errorResponse('malformed', `${at}.shape: a request holds 1 to ${limits.maxRows} rows, got ${rows}`, `${at}.shape`);
  const expected = (shape as number[]).reduce((a, b) => a * b, 1);
  if (expected > limits.maxRows * 1024) return errorResponse('malformed', `${at}.shape is too large`, `${at}.shape`);
  return { name: input.name, shape: shape as number[], datatype: input.datatype, data: input.data, at };
}

/** Checks one value against its tensor's datatype; the number it encodes, or a 422 naming the feature. */
function valueOf(t: Tensor, value: unknown, field: string, row: number): unknown {
  if (t.datatype === 'BYTES') return typeof value === 'string' ? value : errorResponse('schema', `${field} (row ${row}): datatype BYTES needs text, got ${describe(value)}`, field);
  const n = numberOf(t.datatype, value);
  return typeof n === 'number' ? n : errorResponse('schema', `${field} (row ${row}): ${n.problem}, got ${describe(value)}`, field);
}

function tensorForm(t: Tensor, encoder: FeatureEncoder): EncodedRows | ErrorResponse {
  const cols = encoder.cols;
  const n = t.shape[0] as number;
  if (t.shape.length !== 2 || t.shape[1] !== cols) return errorResponse('schema', `inputs[0].shape must be [rows, ${cols}] (${encoder.names()}), got [${t.shape.join(', ')}]`, 'inputs[0].shape');
  if (!NUMERIC.has(t.datatype)) return errorResponse('schema', `inputs[0].datatype must be numeric (or BOOL) for the [rows, features] form, got ${t.datatype}`, 'inputs[0].datatype');
  const values = readData(t.data, t.shape, `${t.at}.data`);
  if (!Array.isArray(values)) return values as ErrorResponse;
  const out: EncodedRows = { rows: new Float32Array(n * cols), n, outOfRange: [] };
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < cols; j++) {
      const value = valueOf(t, values[r * cols + j], encoder.feature(j).name, r);
      const problem = isProblem(value) ? value : encoder.put(out, r, j, value, true);
      if (problem) return problem;
    }
  }
  return out;
}

function isProblem(v: unknown): v is ErrorResponse {
  return typeof v === 'object' && v !== null && 'status' in v;
}

function columnForm(tensors: Tensor[], encoder: FeatureEncoder): EncodedRows | ErrorResponse {
  const byColumn = new Array<Tensor | undefined>(encoder.cols);
  for (let i = 0; i < tensors.length; i++) {
    const t = tensors[i] as Tensor;
    const j = encoder.column(t.name);
    if (j === undefined) return errorResponse('schema', `inputs[${i}].name: unknown feature ${JSON.stringify(t.name.slice(0, 40))}; the schema has ${encoder.names()}`, `inputs[${i}].name`);
    if (byColumn[j]) return errorResponse('malformed', `inputs[${i}].name: feature "${t.name}" is sent twice`, `inputs[${i}].name`);
    if (t.shape.length > 2 || (t.shape.length === 2 && t.shape[1] !== 1)) return errorResponse('malformed', `inputs[${i}].shape: a feature column has shape [rows] or [rows, 1], got [${t.shape.join(', ')}]`, `inputs[${i}].shape`);
    byColumn[j] = t;
  }
  const missing = byColumn.findIndex((t) => t === undefined);
  if (missing >= 0) return errorResponse('schema', `missing feature "${encoder.feature(missing).name}"`, encoder.feature(missing).name);
  const n = (byColumn[0] as Tensor).shape[0] as number;
  const mismatch = byColumn.find((t) => (t as Tensor).shape[0] !== n);
  if (mismatch) return errorResponse('malformed', `every feature column needs the same number of rows: "${mismatch.name}" has ${mismatch.shape[0]}, "${(byColumn[0] as Tensor).name}" has ${n}`, mismatch.name);
  for (let j = 0; j < encoder.cols; j++) {
    const t = byColumn[j] as Tensor;
    const categorical = encoder.feature(j).type === 'categorical';
    if (categorical ? t.datatype !== 'BYTES' : !NUMERIC.has(t.datatype)) {
      return errorResponse('schema', `${t.name}: a ${categorical ? 'categorical' : 'numeric'} feature needs datatype ${categorical ? 'BYTES (category names)' : 'FP32, FP64, FP16, an integer type or BOOL'}, got ${t.datatype}`, t.name);
    }
  }
  const columns: Array<readonly unknown[]> = [];
  for (let j = 0; j < encoder.cols; j++) {
    const t = byColumn[j] as Tensor;
    const values = readData(t.data, t.shape, `${t.at}.data`);
    if (!Array.isArray(values)) return values as ErrorResponse;
    columns.push(values);
  }
  const out: EncodedRows = { rows: new Float32Array(n * encoder.cols), n, outOfRange: [] };
  for (let j = 0; j < encoder.cols; j++) {
    const t = byColumn[j] as Tensor;
    const values = columns[j] as readonly unknown[];
    for (let r = 0; r < n; r++) {
      const value = valueOf(t, values[r], t.name, r);
      const problem = isProblem(value) ? value : encoder.put(out, r, j, value, false);
      if (problem) return problem;
    }
  }
  return out;
}

/** The outputs an answer can hold. */
export const OUTPUT_NAMES = ['probabilities', 'label', 'class_index'] as const;

/** Reads the optional `outputs: [{name}]` of a request: which outputs to return (null: all). */
export function requestedOutputs(request: Record<string, unknown>): string[] | null | ErrorResponse {
  const outputs = request.outputs;
  if (outputs === undefined) return null;
  if (!Array.isArray(outputs) || outputs.length === 0 || outputs.length > OUTPUT_NAMES.length) return errorResponse('malformed', `outputs must be a list of 1 to ${OUTPUT_NAMES.length} {name} objects`, 'outputs');
  const names: string[] = [];
  for (let i = 0; i < outputs.length; i++) {
    const o: unknown = outputs[i];
    const name = isObject(o) ? o.name : undefined;
    if (typeof name !== 'string' || !(OUTPUT_NAMES as readonly string[]).includes(name)) return errorResponse('malformed', `outputs[${i}].name must be one of ${OUTPUT_NAMES.join(', ')}`, `outputs[${i}].name`);
    names.push(name);
  }
  return names;
}

/** Reads the inputs of a request (the envelope already checked) into encoded rows, or an error. */
export function parseInputs(request: Record<string, unknown>, encoder: FeatureEncoder, limits: RequestLimits): EncodedRows | ErrorResponse {
  const inputs = request.inputs;
  if (!Array.isArray(inputs) || inputs.length === 0) return errorResponse('malformed', 'inputs must be a non-empty list of tensors', 'inputs');
  if (inputs.length > limits.maxInputs) return errorResponse('malformed', `inputs: at most ${limits.maxInputs} tensors`, 'inputs');
  const tensors: Tensor[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const t = readHeader(inputs[i], i, limits);
    if ('status' in t) return t;
    tensors.push(t);
  }
  const wanted = requestedOutputs(request);
  if (wanted !== null && 'status' in wanted) return wanted;
  const only = tensors[0] as Tensor;
  const encoded = tensors.length === 1 && only.shape.length === 2 && encoder.column(only.name) === undefined ? tensorForm(only, encoder) : columnForm(tensors, encoder);
  if (wanted && !('status' in encoded)) encoded.outputs = wanted;
  return encoded;
}
