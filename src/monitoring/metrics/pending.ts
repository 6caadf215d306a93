/**
 * Predictions waiting for their label, in bounded memory. Each answered request is kept (by id) until
 * its label arrives. When more than `capacity` are waiting, the oldest is dropped and counted as
 * expired: a label feed that stalls shows up as a growing pending count, then as expirations, never as
 * unbounded memory. A label whose request is unknown (never seen, expired, or labelled twice) is
 * counted as unmatched.
 *
 * Storage: the id map holds a slot number per waiting prediction; the predictions themselves live in
 * parallel typed arrays of `capacity` slots (probabilities `width` per slot, the widest answer seen),
 * so keeping one allocates no object that the young GC would copy while its label is late.
 */

/** What is kept of an answer until its label arrives. */
export interface PendingPrediction {
  version: string;
  t: number;
  predicted: number;
  /** The answer's class probabilities (a copy, validated). */
  probabilities: ArrayLike<number>;
}

/** Bounded store of predictions awaiting labels. */
export class PendingLabels {
  readonly capacity: number;
  /** Request -> slot, by id or by a caller's numeric key (ResponseObservation.key), in insertion order. */
  private readonly byId = new Map<string | number, number>();
  private readonly perVersion = new Map<string, number>();
  private readonly versions: string[];
  private readonly times: Float64Array;
  private readonly predictedClass: Int32Array;
  private readonly classes: Int32Array;
  private probs = new Float64Array(0);
  private width = 0;
  /** Free slots (a stack); slots 0..capacity-1 start free. */
  private readonly free: Int32Array;
  private freeCount: number;
  /** Predictions dropped unlabelled because the store was full. */
  expired = 0;
  /** Labels that matched no waiting prediction. */
  unmatched = 0;

  constructor(capacity = 10_000) {
    this.capacity = capacity;
    // One spare slot: a new prediction is stored before the oldest is dropped.
    const slots = capacity + 1;
    this.versions = new Array<string>(slots).fill('');
    this.times = new Float64Array(slots);
    this.predictedClass = new Int32Array(slots);
    this.classes = new Int32Array(slots);
    this.free = new Int32Array(slots);
    for (let i = 0; i < slots; i++) this.free[i] = slots - 1 - i;
    this.freeCount = slots;
  }

  /** Predictions waiting. */
  get size(): number {
    return this.byId.size;
  }

  /** Predictions of `version` waiting. */
  pendingFor(version: string): number {
    return this.perVersion.get(version) ?? 0;
  }

  private bump(version: string, by: number): void {
    const n = (this.perVersion.get(version) ?? 0) + by;
    if (n > 0) this.perVersion.set(version, n);
    else this.perVersion.delete(version);
  }

  /** Stores a prediction (a repeated id replaces the earlier one). */
  add(id: string | number, prediction: PendingPrediction): void {
    this.keep(id, prediction.version, prediction.t, prediction.predicted, prediction.probabilities);
  }

  /** Stores a prediction from its parts (the probabilities are copied). */
  keep(id: string | number, version: string, t: number, predicted: number, probabilities: ArrayLike<number>): void {
    const old = this.byId.get(id);
    if (old !== undefined) {
      this.byId.delete(id);
      this.release(old);
    }
    const k = probabilities.length;
    if (k > this.width) this.widen(k);
    const slot = this.free[--this.freeCount] as number;
    this.versions[slot] = version;
    this.times[slot] = t;
    this.predictedClass[slot] = predicted;
    this.classes[slot] = k;
    const at = slot * this.width;
    for (let c = 0; c < k; c++) this.probs[at + c] = probabilities[c] as number;
    this.byId.set(id, slot);
    this.bump(version, 1);
    if (this.byId.size > this.capacity) {
      const [oldestId, oldest] = this.byId.entries().next().value as [string | number, number];
      this.byId.delete(oldestId);
      this.release(oldest);
      this.expired++;
    }
  }

  /** Removes and returns the prediction of `id`, or null (counted as unmatched). */
  take(id: string | number): PendingPrediction | null {
    const slot = this.takeSlot(id);
    if (slot < 0) return null;
    const k = this.classes[slot] as number;
    const probabilities = Array.from(this.probs.subarray(slot * this.width, slot * this.width + k));
    return { version: this.versions[slot] as string, t: this.times[slot] as number, predicted: this.predictedClass[slot] as number, probabilities };
  }

  /**
   * Removes the prediction of `id` and returns its slot (-1, counted as unmatched, when unknown). The
   * slot's fields (`versionAt`, `predictedAt`, `classesAt`, `probabilityAt`) stay readable until the
   * next `add`/`keep`.
   */
  takeSlot(id: string | number): number {
    const slot = this.byId.get(id);
    if (slot === undefined) {
      this.unmatched++;
      return -1;
    }
    this.byId.delete(id);
    this.release(slot);
    return slot;
  }

  /** The version that made the prediction in `slot`. */
  versionAt(slot: number): string {
    return this.versions[slot] as string;
  }

  /** The predicted class in `slot`. */
  predictedAt(slot: number): number {
    return this.predictedClass[slot] as number;
  }

  /** The number of class probabilities in `slot`. */
  classesAt(slot: number): number {
    return this.classes[slot] as number;
  }

  /** The probability of class `c` in `slot`. */
  probabilityAt(slot: number, c: number): number {
    return this.probs[slot * this.width + c] as number;
  }

  private release(slot: number): void {
    this.bump(this.versions[slot] as string, -1);
    this.free[this.freeCount++] = slot;
  }

  /** Makes room for `k` probabilities per slot (copying what is kept). */
  private widen(k: number): void {
    const slots = this.capacity + 1;
    const next = new Float64Array(slots * k);
    for (let s = 0; s < slots; s++) next.set(this.probs.subarray(s * this.width, s * this.width + this.width), s * k);
    this.probs = next;
    this.width = k;
  }
}
