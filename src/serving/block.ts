/**
 * The loop's fast path through the endpoint (internal: not part of the protocol surface, which stays
 * `infer`/`predict`): a block of single-record requests answered with one promise for the block, one
 * encoded buffer and one probability buffer, instead of a promise, an encoding and a protocol response
 * per request. Each request is validated, routed, counted and answered exactly as `predict` would
 * answer it alone; only what is rare (an error, a fallback answer) is a full protocol response.
 */
import type { EndpointResponse, OutOfRange } from './protocol';

/** What a block of requests got, row by row (row i is request i of the block). */
export interface BlockAnswers {
  /** Requests in the block. */
  n: number;
  /** The version that answered the rows without a `responses` entry (production). */
  version: string;
  /** Class probabilities, row-major [n, classes]; a row with a `responses` entry is not read. */
  probs: Float32Array;
  /** The full response of a row that got an error or a fallback answer, else null. */
  responses: (EndpointResponse | null)[];
  /** A row's out-of-range flags (as `parameters.out_of_range`), or null when it has none. */
  outOfRange: (OutOfRange[] | null)[];
}
