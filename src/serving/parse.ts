/**
 * Reads an Open Inference Protocol v2 request into encoded rows. Two forms are accepted:
 *
 * - tensor form: ONE input of shape [n, F] (F = number of features, columns in schema order,
 *   categorical features as their category index), any numeric datatype; e.g. KServe's
 *   `{"name": "input-0", "shape": [2, 4], "datatype": "FP32", "data": [[...], [...]]}`;
 * - column form: one input per feature, named by the feature, shape [n] (or [n, 1]); numeric
 *   features in a numeric datatype, categorical features as BYTES (category names).
 *
 * `data` may be flat (row-major) or nested; its element count must equal the product of `shape`.
 * Structural faults are 400 (malformed), schema violations 422; the `field` names the culprit.
 */
import type { FeatureEncoder, EncodedRows } from './encoder';
import { describe } from './encoder';
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

const NUMERIC = new Set<string>(DATATYPES.filter((d) => d !== 'BYTES' && d !== 'BOOL'));
const INTEGER = new Set<string>(['UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64']);
const KNOWN = new Set<string>(DATATYPES);
const MAX_NESTING = 8;

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

/** Flattens nested data row-major; null if it nests too deep or mixes lists and values at a level. */
function flatten(data: unknown[], out: unknown[], depth: number): boolean {
  if (depth > MAX_NESTING) return false;
  for (const item of data) {
    if (Array.isArray(item)) {
      if (!flatten(item, out, depth + 1)) return false;
    } else out.push(item);
  }
  return true;
}

interface Tensor {
  name: string;
  shape: number[];
  datatype: string;
  values: unknown[];
}

function readTensor(input: unknown, i: number, limits: RequestLimits): Tensor | ErrorResponse {
  const at = `inputs[${i}]`;
  if (!isObject(input)) return errorResponse('malformed', `${at} must be an object {name, shape, datatype, data}`, at);
  if (typeof input.name !== 'string' || input.name === '') return errorResponse('malformed', `${at}.name must be a non-empty string`, `${at}.name`);
  const shape = input.shape;
  if (!Array.isArray(shape) || shape.length === 0 || shape.length > 4 || !shape.every((d) => Number.isInteger(d) && d >= 0)) return errorResponse('malformed', `${at}.shape must be a list of 1 to 4 non-negative integers`, `${at}.shape`);
  if (typeof input.datatype !== 'string' || !KNOWN.has(input.datatype)) return errorResponse('malformed', `${at}.datatype must be one of ${DATATYPES.join(', ')}`, `${at}.datatype`);
  if (!Array.isArray(input.data)) return errorResponse('malformed', `${at}.data must be a list`, `${at}.data`);
  if (input.parameters !== undefined && !isObject(input.parameters)) return errorResponse('malformed', `${at}.parameters must be an object`, `${at}.parameters`);
  const rows = shape[0] as number;
  if (rows < 1 || rows > limits.maxRows) return errorResponse('malformed', `${at}.shape: a request holds 1 to ${limits.maxRows} rows, got ${rows}`, `${at}.shape`);
  const expected = (shape as number[]).reduce((a, b) => a * b, 1);
  if (expected > limits.maxRows * 1024) return errorResponse('malformed', `${at}.shape is too large`, `${at}.shape`);
  const values: unknown[] = [];
  if (!flatten(input.data, values, 0)) return errorResponse('malformed', `${at}.data nests deeper than ${MAX_NESTING} levels`, `${at}.data`);
  if (values.length !== expected) return errorResponse('malformed', `${at}.data holds ${values.length} values but shape [${shape.join(', ')}] needs ${expected}`, `${at}.data`);
  return { name: input.name, shape: shape as number[], datatype: input.datatype, values };
}

/** Checks that a value matches its declared datatype (numbers for numeric types, text for BYTES). */
function typeProblem(t: Tensor, value: unknown, field: string, row: number): ErrorResponse | null {
  if (t.datatype === 'BYTES') return typeof value === 'string' ? null : errorResponse('schema', `${field} (row ${row}): datatype BYTES needs text, got ${describe(value)}`, field);
  if (t.datatype === 'BOOL') return errorResponse('schema', `${field}: datatype BOOL is not a feature type here`, field);
  if (typeof value !== 'number') return errorResponse('schema', `${field} (row ${row}): datatype ${t.datatype} needs numbers, got ${describe(value)}`, field);
  if (INTEGER.has(t.datatype) && !Number.isInteger(value)) return errorResponse('schema', `${field} (row ${row}): datatype ${t.datatype} needs whole numbers, got ${value}`, field);
  return null;
}

function tensorForm(t: Tensor, encoder: FeatureEncoder): EncodedRows | ErrorResponse {
  const cols = encoder.cols;
  const n = t.shape[0] as number;
  if (t.shape.length !== 2 || t.shape[1] !== cols) return errorResponse('schema', `inputs[0].shape must be [rows, ${cols}] (${encoder.names()}), got [${t.shape.join(', ')}]`, 'inputs[0].shape');
  if (!NUMERIC.has(t.datatype)) return errorResponse('schema', `inputs[0].datatype must be numeric for the [rows, features] form, got ${t.datatype}`, 'inputs[0].datatype');
  const out: EncodedRows = { rows: new Float32Array(n * cols), n, outOfRange: [] };
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < cols; j++) {
      const value = t.values[r * cols + j];
      const problem = typeProblem(t, value, encoder.feature(j).name, r) ?? encoder.put(out, r, j, value, true);
      if (problem) return problem;
    }
  }
  return out;
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
  const out: EncodedRows = { rows: new Float32Array(n * encoder.cols), n, outOfRange: [] };
  for (let j = 0; j < encoder.cols; j++) {
    const t = byColumn[j] as Tensor;
    const categorical = encoder.feature(j).type === 'categorical';
    if (categorical ? t.datatype !== 'BYTES' : !NUMERIC.has(t.datatype)) {
      return errorResponse('schema', `${t.name}: a ${categorical ? 'categorical' : 'numeric'} feature needs datatype ${categorical ? 'BYTES (category names)' : 'FP32, FP64 or an integer type'}, got ${t.datatype}`, t.name);
    }
    for (let r = 0; r < n; r++) {
      const problem = typeProblem(t, t.values[r], t.name, r) ?? encoder.put(out, r, j, t.values[r], false);
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
    const t = readTensor(inputs[i], i, limits);
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
