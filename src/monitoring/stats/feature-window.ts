/**
 * The recent inputs of the live traffic, kept per feature in a bounded ring, compared on demand with
 * the reference (the training data of the deployed version) by the drift report. A row with the wrong
 * number of features or a non-finite value (a missing field, a NaN) is not stored: it is counted in
 * `rejectedRows`, which is itself an incident signal (schema breaks are not drift).
 */
import { MonitoringInputError } from '../errors';
import { datasetDrift, type DatasetDrift, type DriftOptions, type FeatureColumn } from './drift-report';

/** A sliding window of recent feature rows against a fixed reference. */
export class FeatureDriftWindow {
  readonly reference: readonly FeatureColumn[];
  readonly capacity: number;
  private readonly columns: Float64Array[];
  private next = 0;
  private filled = 0;
  /** Rows refused (wrong width or non-finite values). */
  rejectedRows = 0;

  constructor(reference: readonly FeatureColumn[], capacity = 500) {
    if (reference.length === 0) throw new MonitoringInputError('reference', 'has no feature columns');
    if (!Number.isInteger(capacity) || capacity < 1) throw new MonitoringInputError('capacity', `must be a positive integer, got ${capacity}`);
    this.reference = reference;
    this.capacity = capacity;
    this.columns = reference.map(() => new Float64Array(capacity));
  }

  /** Rows held (at most `capacity`). */
  get size(): number {
    return this.filled;
  }

  /** Adds one row (feature values in reference order); false if it was rejected. */
  add(row: ArrayLike<number>): boolean {
    if (!row || row.length !== this.reference.length) {
      this.rejectedRows++;
      return false;
    }
    for (let j = 0; j < row.length; j++) {
      if (!Number.isFinite(row[j])) {
        this.rejectedRows++;
        return false;
      }
    }
    for (let j = 0; j < row.length; j++) (this.columns[j] as Float64Array)[this.next] = row[j] as number;
    this.next = (this.next + 1) % this.capacity;
    this.filled = Math.min(this.filled + 1, this.capacity);
    return true;
  }

  /** The held rows as columns, oldest first. */
  currentColumns(): FeatureColumn[] {
    const start = this.filled < this.capacity ? 0 : this.next;
    return this.reference.map((ref, j) => {
      const col = this.columns[j] as Float64Array;
      const values = new Float64Array(this.filled);
      for (let i = 0; i < this.filled; i++) values[i] = col[(start + i) % this.capacity] as number;
      return { ...ref, values };
    });
  }

  /** The drift report of the held rows, or null while fewer than `minRows` are held. */
  report(options: Partial<DriftOptions> = {}, minRows = 30): DatasetDrift | null {
    if (this.filled < minRows) return null;
    return datasetDrift(this.reference, this.currentColumns(), options);
  }
}
