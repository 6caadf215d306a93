/**
 * ADWIN — ADaptive WINdowing (Bifet & Gavaldà, 2007), the ADWIN2 variant with an exponential histogram.
 *
 * ADWIN keeps a window W of the most recent values and drops its oldest part whenever the window can be
 * split into an older part W0 and a newer part W1 whose means differ by more than chance allows. With
 * n0, n1 the part sizes, n = n0 + n1, σ² the variance of W, δ the confidence and
 *   1/m = 1/n0 + 1/n1,   δ' = δ / ln n,
 * a split is significant when
 *   |μ0 - μ1| > ε_cut = √((2/m) · σ² · ln(2/δ')) + (2 / (3m)) · ln(2/δ'),
 * the Bernstein-type bound of the paper (the variance term dominates for small error rates). The split
 * confidence is spread over the about ln n split points that the exponential histogram offers, hence δ'.
 *
 * Memory is O(M log n) instead of O(n): the window is stored as buckets, each holding the count (a
 * power of two), the sum and the sum of squared deviations of consecutive values. Row r holds buckets
 * of 2^r values; when a row gets M + 1 buckets (M = 5) its two oldest merge into one bucket of row r+1.
 * Two buckets (n_a, μ_a, S_a) and (n_b, μ_b, S_b) merge as n = n_a + n_b, μ = (n_a μ_a + n_b μ_b)/n,
 * S = S_a + S_b + n_a n_b (μ_a - μ_b)² / n; the same identity, solved for one part, removes the oldest
 * bucket from the window's totals. Splits are checked only at bucket boundaries, every `clock` updates
 * (32), once the window holds more than `gracePeriod` values (10) and each side at least
 * `minWindowLength` (5). On a significant split the oldest bucket is dropped, and the check repeats
 * until no split is significant: `driftDetected` is then true for this update. ADWIN has no warning zone.
 */
import { MonitoringInputError } from '../errors';
import { checkFinite, checkStateKind, type DetectorStateBase, type DriftDetector } from './types';

/** ADWIN parameters (river's defaults). */
export interface AdwinOptions {
  delta: number;
  clock: number;
  maxBuckets: number;
  minWindowLength: number;
  gracePeriod: number;
}

/** Defaults: delta 0.002, clock 32, 5 buckets per row, minimum side 5, grace period 10. */
export const ADWIN_DEFAULTS: AdwinOptions = { delta: 0.002, clock: 32, maxBuckets: 5, minWindowLength: 5, gracePeriod: 10 };

/** ADWIN's serializable state: every row's buckets as [sum, squared deviations] pairs, oldest first. */
export interface AdwinState extends DetectorStateBase {
  kind: 'adwin';
  rows: [sum: number, m2: number][][];
  width: number;
  total: number;
  m2: number;
  sinceCheck: number;
}

/** ADWIN on any finite stream (typically the 0/1 error stream). */
export class Adwin implements DriftDetector<AdwinState> {
  readonly kind = 'adwin' as const;
  readonly options: AdwinOptions;
  driftDetected = false;
  readonly warningDetected = false;
  updates = 0;
  /** Bucket sums per row; row r holds buckets of 2^r values, oldest first. */
  private sums: Float64Array[] = [];
  private m2s: Float64Array[] = [];
  private counts: number[] = [];
  private width = 0;
  private total = 0;
  private m2 = 0;
  private sinceCheck = 0;

  constructor(options: Partial<AdwinOptions> = {}) {
    this.options = { ...ADWIN_DEFAULTS, ...options };
    const o = this.options;
    if (!(o.delta > 0 && o.delta < 1)) throw new MonitoringInputError('adwin.delta', `must be in (0, 1), got ${o.delta}`);
    for (const key of ['clock', 'maxBuckets', 'minWindowLength'] as const) {
      if (!Number.isInteger(o[key]) || o[key] < 1) throw new MonitoringInputError(`adwin.${key}`, `must be a positive integer, got ${o[key]}`);
    }
    if (!Number.isInteger(o.gracePeriod) || o.gracePeriod < 0) throw new MonitoringInputError('adwin.gracePeriod', `must be an integer >= 0, got ${o.gracePeriod}`);
  }

  /** Values currently in the window. */
  get windowSize(): number {
    return this.width;
  }

  /** Mean of the window (0 when empty). */
  get estimate(): number {
    return this.width > 0 ? this.total / this.width : 0;
  }

  /** Number of buckets held: the memory ADWIN uses, O(M log n). */
  get bucketCount(): number {
    let c = 0;
    for (const n of this.counts) c += n;
    return c;
  }

  update(x: number): void {
    checkFinite('adwin', x);
    this.updates++;
    this.driftDetected = false;
    this.insert(x);
    this.sinceCheck++;
    if (this.sinceCheck >= this.options.clock) {
      this.sinceCheck = 0;
      if (this.width > this.options.gracePeriod) this.driftDetected = this.shrink();
    }
  }

  reset(): void {
    this.sums = [];
    this.m2s = [];
    this.counts = [];
    this.width = 0;
    this.total = 0;
    this.m2 = 0;
    this.sinceCheck = 0;
    this.updates = 0;
    this.driftDetected = false;
  }

  private addRow(): void {
    const cap = this.options.maxBuckets + 1;
    this.sums.push(new Float64Array(cap));
    this.m2s.push(new Float64Array(cap));
    this.counts.push(0);
  }

  private insert(x: number): void {
    if (this.width > 0) {
      const d = x - this.total / this.width;
      this.m2 += (this.width / (this.width + 1)) * d * d;
    }
    this.width++;
    this.total += x;
    if (this.counts.length === 0) this.addRow();
    this.push(0, x, 0);
    // Compress: a row with M + 1 buckets merges its two oldest into the next row.
    const max = this.options.maxBuckets;
    for (let r = 0; r < this.counts.length && (this.counts[r] as number) > max; r++) {
      const sums = this.sums[r] as Float64Array;
      const m2s = this.m2s[r] as Float64Array;
      const size = 2 ** r;
      const d = (sums[0] as number) / size - (sums[1] as number) / size;
      const mergedSum = (sums[0] as number) + (sums[1] as number);
      const mergedM2 = (m2s[0] as number) + (m2s[1] as number) + (size / 2) * d * d;
      const n = this.counts[r] as number;
      sums.copyWithin(0, 2, n);
      m2s.copyWithin(0, 2, n);
      this.counts[r] = n - 2;
      if (r + 1 === this.counts.length) this.addRow();
      this.push(r + 1, mergedSum, mergedM2);
    }
  }

  private push(row: number, sum: number, m2: number): void {
    const n = this.counts[row] as number;
    (this.sums[row] as Float64Array)[n] = sum;
    (this.m2s[row] as Float64Array)[n] = m2;
    this.counts[row] = n + 1;
  }

  /** Drops the oldest bucket and removes it from the window's totals. */
  private dropOldest(): void {
    let r = this.counts.length - 1;
    while (r >= 0 && this.counts[r] === 0) r--;
    if (r < 0) return;
    const sums = this.sums[r] as Float64Array;
    const m2s = this.m2s[r] as Float64Array;
    const size = 2 ** r;
    const sum = sums[0] as number;
    const rest = this.width - size;
    if (rest > 0) {
      const d = sum / size - (this.total - sum) / rest;
      this.m2 -= (m2s[0] as number) + ((size * rest) / this.width) * d * d;
      if (this.m2 < 0) this.m2 = 0;
    } else this.m2 = 0;
    this.width = rest;
    this.total -= sum;
    const n = this.counts[r] as number;
    sums.copyWithin(0, 1, n);
    m2s.copyWithin(0, 1, n);
    this.counts[r] = n - 1;
    while (this.counts.length > 0 && this.counts[this.counts.length - 1] === 0) {
      this.counts.pop();
      this.sums.pop();
      this.m2s.pop();
    }
  }

  /** Finds a significant split at some bucket boundary; returns true if one was found. */
  private hasCut(): boolean {
    const n = this.width;
    const minLen = this.options.minWindowLength;
    const variance = this.m2 / n;
    const dd = Math.log((2 * Math.log(n)) / this.options.delta);
    let n0 = 0;
    let s0 = 0;
    for (let r = this.counts.length - 1; r >= 0; r--) {
      const size = 2 ** r;
      const sums = this.sums[r] as Float64Array;
      const count = this.counts[r] as number;
      for (let k = 0; k < count; k++) {
        n0 += size;
        s0 += sums[k] as number;
        const n1 = n - n0;
        if (n1 < minLen) return false;
        if (n0 < minLen) continue;
        const mInv = 1 / n0 + 1 / n1;
        const eps = Math.sqrt(2 * mInv * variance * dd) + (2 / 3) * dd * mInv;
        if (Math.abs(s0 / n0 - (this.total - s0) / n1) > eps) return true;
      }
    }
    return false;
  }

  private shrink(): boolean {
    let cut = false;
    while (this.width > this.options.minWindowLength * 2 && this.hasCut()) {
      cut = true;
      this.dropOldest();
    }
    return cut;
  }

  getState(): AdwinState {
    return {
      kind: 'adwin',
      updates: this.updates,
      driftDetected: this.driftDetected,
      warningDetected: false,
      rows: this.counts.map((n, r) => Array.from({ length: n }, (_, k) => [(this.sums[r] as Float64Array)[k] as number, (this.m2s[r] as Float64Array)[k] as number] as [number, number])),
      width: this.width,
      total: this.total,
      m2: this.m2,
      sinceCheck: this.sinceCheck,
    };
  }

  setState(state: AdwinState): void {
    checkStateKind('adwin', state);
    this.reset();
    state.rows.forEach((row, r) => {
      if (row.length > this.options.maxBuckets) throw new MonitoringInputError('state.rows', `row ${r} holds ${row.length} buckets, more than ${this.options.maxBuckets}`);
      this.addRow();
      for (const [sum, m2] of row) this.push(r, sum, m2);
    });
    this.width = state.width;
    this.total = state.total;
    this.m2 = state.m2;
    this.sinceCheck = state.sinceCheck;
    this.updates = state.updates;
    this.driftDetected = state.driftDetected;
  }
}
