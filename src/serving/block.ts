/**
 * The loop's fast path through the endpoint (internal: not part of the protocol surface, which stays
 * `infer`/`predict`): a block of single-record requests answered with one promise for the block, one
 * encoded buffer and one probability buffer, instead of a promise, an encoding and a protocol response
 * per request. Each request is validated, routed, counted and answered exactly as `predict` would
 * answer it alone; only what is rare (an error, a fallback answer) is a full protocol response.
 */
import { NonFiniteOutput } from './batcher';
import type { EncodedRows, FeatureEncoder } from './encoder';
import type { EndpointResponse, ErrorResponse, OutOfRange } from './protocol';
import type { Slot } from './slot';
import type { VersionStats } from './stats';

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

/** What the block path needs of its endpoint: the encoder, its sizes, its clock and its own ways to count and to fail. */
export interface BlockHost {
  readonly encoder: FeatureEncoder;
  readonly classes: number;
  readonly maxBatchRows: number;
  now(): number;
  statsOf(version: string): VersionStats;
  /** A request refused before the model (bad record): counted and answered as the endpoint's error. */
  fail(version: string, error: ErrorResponse, start: number): ErrorResponse;
  /** A row the model failed (as `serve`'s failure branch for a one-row request): the fallback's answer, else a model-failure error. */
  modelFailed(slot: Slot, id: string, error: unknown, encoded: EncodedRows, start: number): EndpointResponse;
}

/**
 * Answers a block on the production slot (the endpoint checked that the block path applies): each
 * record encoded into one buffer (a bad record gets its error response at once), the valid rows
 * submitted to the slot's batcher in parts of at most `maxBatchRows`, each row counted as a one-row
 * request and its probabilities copied out, or its failure answered.
 */
export function answerBlock(host: BlockHost, slot: Slot, records: readonly unknown[], ids: readonly string[]): Promise<BlockAnswers> {
  const n = records.length;
  const start = host.now();
  const cols = host.encoder.cols;
  const encoded: EncodedRows = { rows: new Float32Array(n * cols), n: 0, outOfRange: [] };
  const responses = new Array<EndpointResponse | null>(n).fill(null);
  const outOfRange = new Array<OutOfRange[] | null>(n).fill(null);
  // Valid rows are packed in order (rowOf[k] = the request of packed row k), as their one-row submits would queue.
  const rowOf = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i] as string;
    const problem = host.encoder.encodeRecordAt(records[i], 0, encoded, k);
    if (problem) {
      encoded.outOfRange.length = 0;
      responses[i] = host.fail(slot.version, { ...problem, id, model_version: slot.version }, start);
      continue;
    }
    if (encoded.outOfRange.length > 0) {
      outOfRange[i] = encoded.outOfRange;
      encoded.outOfRange = [];
    }
    rowOf[k++] = i;
  }
  const classes = host.classes;
  const probs = new Float32Array(n * classes);
  const parts: Promise<void>[] = [];
  const max = host.maxBatchRows;
  for (let from = 0; from < k; from += max) {
    const to = Math.min(k, from + max);
    const part = slot.batcher.submitBlock(encoded.rows.subarray(from * cols, to * cols), to - from).then(
      (r) => {
        // The rows of a part are answered together: one reading of the clock for all of them.
        const end = host.now();
        for (let p = from; p < to; p++) {
          const i = rowOf[p] as number;
          const error = r.rowErrors?.[p - from];
          const at = (p - from) * classes;
          let finite = error === undefined;
          for (let c = 0; finite && c < classes; c++) finite = Number.isFinite(r.probs[at + c]);
          if (!finite) {
            responses[i] = host.modelFailed(slot, ids[i] as string, error ?? new NonFiniteOutput(0), { rows: encoded.rows.subarray(p * cols, (p + 1) * cols), n: 1, outOfRange: outOfRange[i] ?? [] }, start);
            continue;
          }
          const stats = host.statsOf(slot.version);
          stats.ok(1, end - start, r.queueMs, end);
          stats.counters.outOfRange += outOfRange[i]?.length ?? 0;
          for (let c = 0; c < classes; c++) probs[i * classes + c] = r.probs[at + c] as number;
        }
      },
      (error: unknown) => {
        for (let p = from; p < to; p++) {
          const i = rowOf[p] as number;
          responses[i] = host.modelFailed(slot, ids[i] as string, error, { rows: encoded.rows.subarray(p * cols, (p + 1) * cols), n: 1, outOfRange: outOfRange[i] ?? [] }, start);
        }
      },
    );
    parts.push(part);
  }
  slot.batcher.flush();
  return Promise.all(parts).then(() => ({ n, version: slot.version, probs, responses, outOfRange }));
}
