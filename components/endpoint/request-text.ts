/**
 * The "send a request" form's words and JSON: a valid Open Inference Protocol v2 request for a schema,
 * the example bad requests, the request text read back (with the NaN and Infinity tokens some JSON
 * writers emit, which strict JSON lacks), and each answer explained in plain words. No ML here.
 */
import type { DatasetSchema } from '../../datasets/types';
import type { EndpointResponse, ErrorResponse } from '../../src/serving/protocol';

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

/** The answer in one or two plain sentences: the label and confidence, or the status and the field at fault. */
export function explainResponse(response: EndpointResponse): string {
  if (isError(response)) {
    const field = response.field ? ` The field '${response.field}' ${fieldProblem(response)}.` : '';
    return `Error ${response.status}: ${STATUS_WORDS[response.status] ?? response.kind}.${field} The endpoint said: ${response.error}`;
  }
  const label = response.outputs.find((o) => o.name === 'label')?.data[0];
  const probs = response.outputs.find((o) => o.name === 'probabilities')?.data as number[] | undefined;
  const best = probs && probs.length ? Math.max(...probs) : null;
  const how = response.parameters.fallback ? ' (the fallback rule answered, not a model)' : '';
  return `Answered by ${response.model_version} via the ${response.parameters.route} route${how}: class "${String(label)}"${best === null ? '' : ` with probability ${(best * 100).toFixed(1)}%`}.`;
}

/** What is wrong with the named field, from the endpoint's message. */
function fieldProblem(response: ErrorResponse): string {
  const m = response.error;
  if (/missing/i.test(m)) return 'is missing';
  if (/float32 range/i.test(m)) return 'is too large for the float32 numbers the model computes in';
  if (/ holds /i.test(m)) return 'is outside the range of its datatype';
  if (/finite/i.test(m)) return 'is not a finite number (NaN or infinity)';
  if (/needs numbers|expected a number|datatype/i.test(m)) return 'has the wrong type';
  if (/unknown feature/i.test(m)) return 'names a feature the model does not know';
  return 'is at fault';
}
