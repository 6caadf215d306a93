/**
 * The request and response shapes of the endpoint: the Open Inference Protocol v2 (the "V2 inference
 * protocol" of KServe, Seldon MLServer and Triton), REST/JSON form. A request carries named tensors
 * `{name, shape, datatype, data}`; `data` is row-major, flat or nested. Errors are returned, never
 * thrown, as `{status, error, field?}` with an HTTP-like status.
 */

/** Tensor datatypes of the protocol. */
export const DATATYPES = ['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64', 'BYTES'] as const;
/** A tensor datatype of the protocol. */
export type Datatype = (typeof DATATYPES)[number];

/** One input tensor of a request. */
export interface RequestInput {
  name: string;
  shape: number[];
  datatype: Datatype | string;
  data: unknown[];
  parameters?: Record<string, unknown>;
}

/** An inference request (`POST /v2/models/<name>[/versions/<v>]/infer` body). */
export interface InferRequest {
  id?: string;
  parameters?: Record<string, unknown>;
  inputs: RequestInput[];
  /** Which outputs to return ("probabilities", "label", "class_index"); all when absent. */
  outputs?: Array<{ name: string; parameters?: Record<string, unknown> }>;
}

/** One output tensor of a response. */
export interface ResponseOutput {
  name: string;
  shape: number[];
  datatype: Datatype;
  data: number[] | string[];
}

/** A value outside the range seen in normal operation: served, but flagged. */
export interface OutOfRange {
  row: number;
  feature: string;
  value: number;
  range: [number, number];
}

/** Where the answer came from: the route taken, and whether the fallback rule answered. */
export interface ResponseParameters {
  /** "production" or "candidate" (canary, A/B), "pinned" (a version asked for by name), or "fallback". */
  route: 'production' | 'candidate' | 'pinned' | 'fallback';
  fallback: boolean;
  /** Why the fallback answered. */
  fallback_reason?: 'nothing-deployed' | 'model-failure';
  out_of_range: OutOfRange[];
  /** Queue and compute time of this request, in ms of the endpoint's clock. */
  queue_ms: number;
  compute_ms: number;
}

/** A successful answer. Outputs: `probabilities` [n, classes] FP32, `label` [n] BYTES, `class_index` [n] INT32. */
export interface InferResponse {
  model_name: string;
  model_version: string;
  id: string;
  parameters: ResponseParameters;
  outputs: ResponseOutput[];
}

/** What went wrong, one per status. */
export type ErrorKind = 'malformed' | 'unknown-model' | 'schema' | 'model-failure' | 'unavailable';

/** The status of each error kind. */
export const ERROR_STATUS: Readonly<Record<ErrorKind, 400 | 404 | 422 | 500 | 503>> = {
  malformed: 400,
  'unknown-model': 404,
  schema: 422,
  'model-failure': 500,
  unavailable: 503,
};

/** An error answer. `field` names the part of the request at fault (e.g. "inputs[0].shape", "x"). */
export interface ErrorResponse {
  status: 400 | 404 | 422 | 500 | 503;
  kind: ErrorKind;
  error: string;
  field?: string;
  /** The request id, when the request had a readable one. */
  id?: string;
  /** The version the request was routed to, when it got that far. */
  model_version?: string;
}

/** Either answer. */
export type EndpointResponse = InferResponse | ErrorResponse;

/** True when the answer (or an intermediate result) is an error. */
export function isErrorResponse(response: object): response is ErrorResponse {
  return 'status' in response && 'kind' in response;
}

/** Builds an error answer. */
export function errorResponse(kind: ErrorKind, error: string, field?: string): ErrorResponse {
  return field === undefined ? { status: ERROR_STATUS[kind], kind, error } : { status: ERROR_STATUS[kind], kind, error, field };
}
