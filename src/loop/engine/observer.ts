/**
 * The one interface of everything that watches the loop's per-request path
 * (request -> endpoint -> answer -> label join -> observers, pipeline.ts).
 *
 * An observer implements only the hooks it needs and is registered with one line in the Lab's
 * observer list; the pipeline calls the hooks in registration order. The records are reused from one
 * request to the next (the hot path allocates nothing per request for them): an observer copies what
 * it keeps, and never keeps the record itself.
 */
import type { ErrorKind } from '../../serving/protocol';

/** A stream request as it enters (before it is answered). */
export interface AdmittedRequest {
  /** Position in the stream. */
  index: number;
  id: string;
  /** Simulated seconds when it was sent. */
  t: number;
  /** The model's input row, or null when the request cannot be encoded (a broken request). */
  row: Float32Array | null;
}

/** One answered (or refused) stream request. */
export interface AnsweredRequest extends AdmittedRequest {
  /** The features as sent. */
  features: Record<string, unknown>;
  /** The ground truth of the request (after a drill's label flip), known to the simulator at once. */
  truth: number;
  /** The version that answered; for an error, the version the endpoint named, else null. */
  version: string | null;
  /** The route: production, candidate, fallback, ... (`none` for an error). */
  route: string;
  /** The endpoint's error kind, or null for an answer. */
  errorKind: ErrorKind | null;
  /** Whether the fallback rule answered. */
  fallback: boolean;
  /** The class probabilities (null for an error). */
  probabilities: readonly number[] | null;
  /** The predicted class and its probability (-1 and 0 for an error). */
  predicted: number;
  probability: number;
  /**
   * Wall-clock milliseconds from sending the request to its answer, micro-batching included: measured
   * in this process, so it differs from run to run. Views show it; no decision reads it.
   */
  measuredLatencyMs: number;
  /**
   * The deterministic simulated latency (ms) the decisions read (alerts, canary latency checks): a
   * version's base cost from its trainable parameters plus seeded jitter. Named "simulated" wherever shown.
   */
  simulatedLatencyMs: number;
  /** False only for a canary candidate's answer (users see it, but it is not production's). */
  byProduction: boolean;
  /**
   * Whether the endpoint flagged a value of this request outside the range seen in normal operation
   * (its response's `parameters.out_of_range` is not empty); false for an error answer.
   */
  outOfRange: boolean;
  /** Which features the endpoint flagged: bit j for feature j, for the first 32 features (0 when none). */
  outOfRangeMask: number;
}

/** A label joined to its answer. */
export interface JoinedLabel {
  index: number;
  id: string;
  /** Simulated seconds when the label arrived. */
  t: number;
  truth: number;
  /** The version that answered (null when the request got an error). */
  version: string | null;
  predicted: number;
  /** The shadow's predicted class for this request, when a shadow answered a copy. */
  shadowPredicted: number | null;
  row: Float32Array | null;
  /** Whether the endpoint flagged a value of this request out of range when it answered (see AnsweredRequest). */
  outOfRange: boolean;
  /** Which features it flagged (bit j for feature j < 32). */
  outOfRangeMask: number;
}

/** Something that watches the per-request path. Every hook is optional. */
export interface LoopObserver {
  /** A request entered the pipeline. */
  onRequest?(request: AdmittedRequest): void;
  /** The endpoint answered (or refused) a stream request. */
  onAnswer?(answer: AnsweredRequest): void;
  /** A label arrived and was joined to its answer. */
  onLabel?(label: JoinedLabel): void;
}
