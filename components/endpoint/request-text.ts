/**
 * The "send a request" form's words and JSON: a valid Open Inference Protocol v2 request for a schema,
 * the example bad requests, the request text read back (with the NaN and Infinity tokens some JSON
 * writers emit, which strict JSON lacks), and each answer explained in plain words. No ML here.
 */
import type { DatasetSchema } from '../../datasets/types';
import type { EndpointResponse, ErrorResponse, InferResponse, OutOfRange } from '../../src/serving/protocol';

/** The example requests a learner can load into the form. */
export type ExampleKind = 'valid' | 'missing-field' | 'wrong-type' | 'nan';

/** Button labels of the examples, in order. */
export const EXAMPLES: readonly { kind: ExampleKind; label: string }[] = [
  { kind: 'valid', label: 'Valid request' },
  { kind: 'missing-field', label: 'Missing field' },
  { kind: 'wrong-type', label: 'Wrong type' },
  { kind: 'nan', label: 'Not a number (NaN)' },
];

/** A feature value in the middle of its normal range (a categorical feature: its first category). */
function typical(f: DatasetSchema['features'][number]): number | string {
  if (f.type === 'categorical') return f.categories?.[0] ?? 0;
  const [lo, hi] = f.range ?? [0, 1];
  return Math.round(((lo + hi) / 2) * 100) / 100;
}

/** One input tensor per feature, one row: the protocol's column form. */
function tensors(schema: DatasetSchema, value: (f: DatasetSchema['features'][number]) => unknown): Record<string, unknown>[] {
  return schema.features.map((f) => ({ name: f.name, shape: [1], datatype: f.type === 'categorical' && typeof typical(f) === 'string' ? 'BYTES' : 'FP32', data: [value(f)] }));
}

/** An example request: valid, or broken in one way (the first feature is the one broken). */
export function exampleRequest(schema: DatasetSchema, kind: ExampleKind, id = 'my-request-1'): Record<string, unknown> {
  const first = schema.features[0]?.name;
  switch (kind) {
    case 'valid':
      return { id, inputs: tensors(schema, typical) };
    case 'missing-field':
      return { id, inputs: tensors(schema, typical).filter((t) => t.name !== first) };
    case 'wrong-type':
      return { id, inputs: tensors(schema, (f) => (f.name === first ? 'far away' : typical(f))) };
    case 'nan':
      return { id, inputs: tensors(schema, (f) => (f.name === first ? Number.NaN : typical(f))) };
  }
}

const TOKENS: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };
const MARK = '\u0000mlops-number:';

/**
 * Reads the form's text: JSON, plus bare NaN, Infinity and -Infinity outside strings (as Python's
 * json module writes them), so a learner can send the values strict JSON cannot carry.
 * Returns `{ ok: false }` with the parser's message when the text is not JSON at all.
 */
export function parseRequestText(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    const token = ['-Infinity', 'Infinity', 'NaN'].find((t) => text.startsWith(t, i));
    if (token) {
      out += JSON.stringify(MARK + token);
      i += token.length - 1;
    } else out += c;
  }
  try {
    return { ok: true, value: JSON.parse(out, (_key, v: unknown) => (typeof v === 'string' && v.startsWith(MARK) ? TOKENS[v.slice(MARK.length)] : v)) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Writes a request or response as indented JSON, keeping NaN and ±Infinity readable (not `null`). */
export function formatJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? MARK + String(v) : v), 2) ?? String(value);
  return text.replace(new RegExp(`"${MARK}(NaN|-?Infinity)"`, 'g'), '$1');
}

/** True when the answer is an error response. */
export function isError(response: EndpointResponse): response is ErrorResponse {
  return 'status' in response && 'kind' in response;
}

const STATUS_WORDS: Record<number, string> = {
  400: 'the request is malformed (its shape is wrong, not its values)',
  404: 'no such model or version',
  422: 'the request is well formed but does not fit the model’s schema',
  500: 'the model failed while answering',
  503: 'no model is deployed to answer',
};

/** Rows of a batch explained one by one; the rest are counted. */
export const ROWS_EXPLAINED = 10;

/** One row of a successful answer: its class and the probability the model gave that class. */
export interface RowAnswer {
  row: number;
  label: string;
  probability: number | null;
}

/**
 * The rows of an answer: `label` [n] and `probabilities` [n, classes] (row-major, flat or nested);
 * each row's probability is the one of the class it was given (its largest).
 */
export function answerRows(response: InferResponse): RowAnswer[] {
  const labels = (response.outputs.find((o) => o.name === 'label')?.data ?? []) as unknown[];
  const probs = response.outputs.find((o) => o.name === 'probabilities');
  const flat = probs ? (probs.data as unknown[]).flat(4).map(Number) : [];
  const n = labels.length || (probs?.shape[0] ?? 0);
  const classes = probs && n > 0 ? (probs.shape[1] ?? flat.length / n) : 0;
  return Array.from({ length: n }, (_, row) => {
    const own = classes > 0 ? flat.slice(row * classes, (row + 1) * classes) : [];
    return { row, label: String(labels[row] ?? '?'), probability: own.length ? Math.max(...own) : null };
  });
}

const percent = (p: number | null) => (p === null ? '' : ` with probability ${(p * 100).toFixed(1)}%`);

/** How a number is written in a sentence: plain when readable, else in exponent form (1e+9). */
function number(x: number): string {
  return Math.abs(x) >= 1e6 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2).replace(/\.?0+e/, 'e') : String(Math.round(x * 1000) / 1000);
}

/** The out-of-range flags of an answer in words (empty when there are none). */
export function explainOutOfRange(flags: readonly OutOfRange[], rows: number): string {
  if (flags.length === 0) return '';
  const where = (f: OutOfRange) => `${rows > 1 ? `row ${f.row}: ` : ''}${f.feature} = ${number(f.value)} (normal range ${number(f.range[0])} to ${number(f.range[1])})`;
  const shown = flags.slice(0, 5).map(where).join('; ');
  const more = flags.length > 5 ? `; and ${flags.length - 5} more` : '';
  return ` The response flags ${flags.length === 1 ? 'a value' : `${flags.length} values`} outside the range seen in normal operation (parameters.out_of_range): ${shown}${more}. The model answered anyway, but it never saw data like this: treat ${rows > 1 ? 'those answers' : 'the answer'} (and ${flags.length === 1 && rows === 1 ? 'its' : 'their'} probability) as a guess, not knowledge.`;
}

/** The answer in one or two plain sentences: the label and confidence (each row of a batch), or the status and the field at fault. */
export function explainResponse(response: EndpointResponse): string {
  if (isError(response)) {
    const field = response.field ? ` The field '${response.field}' ${fieldProblem(response)}.` : '';
    return `Error ${response.status}: ${STATUS_WORDS[response.status] ?? response.kind}.${field} The endpoint said: ${response.error}`;
  }
  const rows = answerRows(response);
  const how = response.parameters.fallback ? ' (the fallback rule answered, not a model)' : '';
  const flags = explainOutOfRange(response.parameters.out_of_range ?? [], rows.length);
  const by = `Answered by ${response.model_version} via the ${response.parameters.route} route${how}`;
  if (rows.length <= 1) {
    const one = rows[0];
    return `${by}: class "${one?.label ?? '?'}"${percent(one?.probability ?? null)}.${flags}`;
  }
  const each = rows.slice(0, ROWS_EXPLAINED).map((r) => `row ${r.row}: class "${r.label}"${percent(r.probability)}`);
  const rest = rows.length > ROWS_EXPLAINED ? `; and ${rows.length - ROWS_EXPLAINED} more rows (in the response below)` : '';
  return `${by}, ${rows.length} rows, each with its own answer: ${each.join('; ')}${rest}. Each probability is the one the model gave that row's class.${flags}`;
}

/**
 * The answer to text that is not JSON at all: a real server answers 400 before reading anything; the
 * words quote the JSON parser's own message (with the line and column where it stopped).
 */
export function explainJsonError(text: string, message: string): string {
  // Positions are in the text the parser read, which is the form's text unless NaN / Infinity tokens were rewritten.
  const at = /line \d+/.test(message) || /NaN|Infinity/.test(text) ? null : /position (\d+)/.exec(message);
  let where = '';
  if (at) {
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    where = ` (line ${line}, column ${column})`;
  }
  return `Error 400: the body is not valid JSON, so the endpoint could not read it at all. The JSON parser said: ${message}${where}. Check the quotes, commas and brackets near that place.`;
}

/** What is wrong with the named field, from the endpoint's message. */
function fieldProblem(response: ErrorResponse): string {
  const m = response.error;
  if (response.kind === 'unknown-model') return response.field === 'version' ? 'names a version this endpoint does not serve' : 'names a model this endpoint does not serve';
  if (/missing/i.test(m)) return 'is missing';
  if (/float32 range/i.test(m)) return 'is too large for the float32 numbers the model computes in';
  if (/ holds /i.test(m)) return 'is outside the range of its datatype';
  if (/finite/i.test(m)) return 'is not a finite number (NaN or infinity)';
  if (/needs numbers|expected a number|datatype/i.test(m)) return 'has the wrong type';
  if (/unknown feature/i.test(m)) return 'names a feature the model does not know';
  return 'is at fault';
}

/** Where a request is sent: a model name and, optionally, one of its versions (empty: the endpoint's routing decides). */
export interface RequestAddress {
  model: string;
  version: string;
}

/** The protocol call for an address: `POST v2/models/<model>[/versions/<version>]/infer`. */
export function inferCall(address: RequestAddress): string {
  const version = address.version.trim();
  return `POST v2/models/${encodeURIComponent(address.model.trim())}${version ? `/versions/${encodeURIComponent(version)}` : ''}/infer`;
}
