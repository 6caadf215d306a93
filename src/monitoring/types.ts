/**
 * The plain records the monitor consumes. They are deliberately small and independent of the serving
 * and traffic code: the closed loop adapts the endpoint's responses and the stream's late labels to
 * these shapes.
 *
 * - A `ResponseObservation` is one request as answered (or failed) by one model version, at simulated
 *   time `t` (milliseconds). A successful answer carries the class probabilities; a failed one carries
 *   an `errorKind` (any short string: "schema", "timeout", "model-failed", ...).
 * - A `LabelObservation` is the true class of an earlier request, arriving later (joined by `id`).
 */

/** One answered or failed request. */
export interface ResponseObservation {
  /** Request id; a later label with the same id is joined to this answer. */
  id: string;
  /**
   * Optional: a whole number naming the request exactly as its id does (one key per id, e.g. its
   * stream position). When given, the answer waits for its label under this key instead of the id
   * string, and the label must carry the same key: the loop's requests are keyed so (a fresh id string
   * is hashed on its first use as a map key, a number is not).
   */
  key?: number;
  /** Simulated time in milliseconds. */
  t: number;
  /** The model version that answered. */
  version: string;
  /** Time to answer, in milliseconds (>= 0). */
  latencyMs: number;
  /** Why the request failed; absent or null for a successful answer. */
  errorKind?: string | null;
  /** Class probabilities of a successful answer (each in [0, 1]). */
  probabilities?: ArrayLike<number>;
  /** The predicted class index; defaults to the argmax of `probabilities`. */
  predicted?: number;
}

/** The true class of an earlier request, arriving late. */
export interface LabelObservation {
  /** Id of the request it labels. */
  id: string;
  /** The key its answer was observed with, if it had one (see ResponseObservation.key). */
  key?: number;
  /** Simulated time of arrival, in milliseconds. */
  t: number;
  /** The true class index. */
  label: number;
}

/** How metrics are windowed: every `size` responses, or every `sizeMs` of simulated time. */
export type WindowSpec = { kind: 'count'; size: number } | { kind: 'time'; sizeMs: number };
