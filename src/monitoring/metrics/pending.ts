/**
 * Predictions waiting for their label, in bounded memory. Each answered request is kept (by id) until
 * its label arrives. When more than `capacity` are waiting, the oldest is dropped and counted as
 * expired: a label feed that stalls shows up as a growing pending count, then as expirations, never as
 * unbounded memory. A label whose request is unknown (never seen, expired, or labelled twice) is
 * counted as unmatched.
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
  private readonly byId = new Map<string, PendingPrediction>();
  private readonly perVersion = new Map<string, number>();
  /** Predictions dropped unlabelled because the store was full. */
  expired = 0;
  /** Labels that matched no waiting prediction. */
  unmatched = 0;

  constructor(capacity = 10_000) {
    this.capacity = capacity;
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
  add(id: string, prediction: PendingPrediction): void {
    const old = this.byId.get(id);
    if (old) {
      this.byId.delete(id);
      this.bump(old.version, -1);
    }
    this.byId.set(id, prediction);
    this.bump(prediction.version, 1);
    if (this.byId.size > this.capacity) {
      const [oldestId, oldest] = this.byId.entries().next().value as [string, PendingPrediction];
      this.byId.delete(oldestId);
      this.bump(oldest.version, -1);
      this.expired++;
    }
  }

  /** Removes and returns the prediction of `id`, or null (counted as unmatched). */
  take(id: string): PendingPrediction | null {
    const p = this.byId.get(id);
    if (!p) {
      this.unmatched++;
      return null;
    }
    this.byId.delete(id);
    this.bump(p.version, -1);
    return p;
  }
}
