/**
 * ADWIN — ADaptive WINdowing (Bifet & Gavaldà, 2007), the ADWIN2 variant with an exponential
 * histogram, as River 0.2x implements it (`river.drift.ADWIN` over `adwin_c.AdaptiveWindowing`).
 *
 * ADWIN keeps a window W of the most recent values and looks for a split into an older part W0 and a
 * newer part W1 whose means differ by more than chance allows. With n0, n1 the part sizes, n = |W|,
 * σ² = V / n the window's variance (V its sum of squared deviations), δ the confidence, c the minimum
 * part length (5) and
 *   1/m = 1/(n0 - c + 1) + 1/(n1 - c + 1),   δ' = ln(2 ln n / δ),
 * a split is significant when
 *   |μ0 - μ1| > ε_cut = √((2/m) · σ² · δ') + (2/3) · δ' / m,
 * the Bernstein-type bound of the paper with River's constants.
 *
 * Memory is O(M log n): the window is stored as buckets, each holding the sum and the sum of squared
 * deviations of 2^r consecutive values. Row r holds buckets of 2^r values, oldest first; when a row
 * gets M + 1 buckets (M = 5) its two oldest merge into one bucket of row r+1. Splits are checked at
 * every bucket boundary (oldest first), every `clock` (32) updates once the window holds more than
 * `gracePeriod` (10) values, with both parts at least c long. On a significant split the oldest
 * bucket is dropped and the scan restarts, until no split is significant: `driftDetected` is then true
 * for this update. ADWIN has no warning zone.
 *
 * After a drift River's ADWIN starts afresh at the next update (a new empty window): `afterDrift:
 * 'reset'`, the default. `afterDrift: 'shrink'` keeps the shrunk window instead (the paper's ADWIN,
 * and this project's earlier behaviour); it is a named option, not River's default.
 */
import { MonitoringInputError } from '../errors';
import { checkFinite, checkStateKind, type DetectorStateBase, type DriftDetector } from './types';

/** ADWIN parameters. */
export interface AdwinOptions {
  delta: number;
  clock: number;
  maxBuckets: number;
  minWindowLength: number;
  gracePeriod: number;
  /** What happens at the update after a drift: start afresh (River) or keep the shrunk window. */
  afterDrift: 'reset' | 'shrink';
}

/** River's defaults: delta 0.002, clock 32, 5 buckets per row, minimum part 5, grace period 10, reset after a drift. */
export const ADWIN_DEFAULTS: AdwinOptions = { delta: 0.002, clock: 32, maxBuckets: 5, minWindowLength: 5, gracePeriod: 10, afterDrift: 'reset' };

/** ADWIN's serializable state: every row's buckets as [sum, squared deviations] pairs, oldest first. */
export interface AdwinState extends DetectorStateBase {
  kind: 'adwin';
  rows: [sum: number, variance: number][][];
  width: number;
  total: number;
  variance: number;
  /** Updates since the window started (River's `tick`); a check runs when it is a multiple of `clock`. */
  tick: number;
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
  private vars: Float64Array[] = [];
  private counts: number[] = [];
  private width = 0;
  private total = 0;
  private variance = 0;
  private tick = 0;

  constructor(options: Partial<AdwinOptions> = {}) {
    this.options = { ...ADWIN_DEFAULTS, ...options };
    const o = this.options;
    if (!(o.delta > 0 && o.delta < 1)) throw new MonitoringInputError('adwin.delta', `must be in (0, 1), got ${o.delta}`);
    for (const key of ['clock', 'maxBuckets', 'minWindowLength'] as const) {
      if (!Number.isInteger(o[key]) || o[key] < 1) throw new MonitoringInputError(`adwin.${key}`, `must be a positive integer, got ${o[key]}`);
    }
    if (!Number.isInteger(o.gracePeriod) || o.gracePeriod < 0) throw new MonitoringInputError('adwin.gracePeriod', `must be an integer >= 0, got ${o.gracePeriod}`);
    if (o.afterDrift !== 'reset' && o.afterDrift !== 'shrink') throw new MonitoringInputError('adwin.afterDrift', `must be reset or shrink, got ${String(o.afterDrift)}`);
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
    if (this.driftDetected && this.options.afterDrift === 'reset') this.clearWindow();
    this.driftDetected = false;
    this.insert(x);
    this.tick++;
    if (this.tick % this.options.clock === 0 && this.width > this.options.gracePeriod) this.driftDetected = this.shrink();
  }

  private clearWindow(): void {
    this.sums = [];
    this.vars = [];
    this.counts = [];
    this.width = 0;
    this.total = 0;
    this.variance = 0;
    this.tick = 0;
  }

  reset(): void {
    this.clearWindow();
    this.updates = 0;
    this.driftDetected = false;
  }

  private addRow(): void {
    const cap = this.options.maxBuckets + 1;
    this.sums.push(new Float64Array(cap));
    this.vars.push(new Float64Array(cap));
    this.counts.push(0);
  }

  private push(row: number, sum: number, variance: number): void {
    const n = this.counts[row] as number;
    (this.sums[row] as Float64Array)[n] = sum;
    (this.vars[row] as Float64Array)[n] = variance;
    this.counts[row] = n + 1;
  }

  private insert(x: number): void {
    if (this.counts.length === 0) this.addRow();
    this.push(0, x, 0);
    this.width += 1;
    if (this.width > 1) {
      const d = x - this.total / (this.width - 1);
      this.variance += ((this.width - 1) * d * d) / this.width;
    }
    this.total += x;
    // Compress: a row with M + 1 buckets merges its two oldest into the next row.
    const max = this.options.maxBuckets;
    for (let r = 0; r < this.counts.length && (this.counts[r] as number) === max + 1; r++) {
      const sums = this.sums[r] as Float64Array;
      const vars = this.vars[r] as Float64Array;
      const size = 2 ** r;
      const d = (sums[0] as number) / size - (sums[1] as number) / size;
      const mergedSum = (sums[0] as number) + (sums[1] as number);
      const mergedVar = (vars[0] as number) + (vars[1] as number) + ((size * size * d * d) / (size + size));
      const n = this.counts[r] as number;
      sums.copyWithin(0, 2, n);
      vars.copyWithin(0, 2, n);
      this.counts[r] = n - 2;
      if (r + 1 === this.counts.length) this.addRow();
      this.push(r + 1, mergedSum, mergedVar);
    }
  }

  /** Drops the oldest bucket (the first of the last row) and removes it from the window's totals. */
  private dropOldest(): void {
    const r = this.counts.length - 1;
    const sums = this.sums[r] as Float64Array;
    const vars = this.vars[r] as Float64Array;
    const size = 2 ** r;
    const u = sums[0] as number;
    const mu = u / size;
    this.width -= size;
    this.total -= u;
    const muWindow = this.total / this.width;
    this.variance -= (vars[0] as number) + (size * this.width * (mu - muWindow) * (mu - muWindow)) / (size + this.width);
    const n = this.counts[r] as number;
    sums.copyWithin(0, 1, n);
    vars.copyWithin(0, 1, n);
    this.counts[r] = n - 1;
    if (n - 1 === 0) {
      this.counts.pop();
      this.sums.pop();
      this.vars.pop();
    }
  }

  /** Scans the bucket boundaries oldest first; drops the oldest bucket at the first significant split. */
  private cutOnce(): boolean {
    const c = this.options.minWindowLength;
    const deltaPrime = Math.log((2 * Math.log(this.width)) / this.options.delta);
    const varianceInWindow = this.variance / this.width;
    let n0 = 0;
    let n1 = this.width;
    let u0 = 0;
    let u1 = this.total;
    for (let r = this.counts.length - 1; r >= 0; r--) {
      const size = 2 ** r;
      const sums = this.sums[r] as Float64Array;
      const count = this.counts[r] as number;
      for (let k = 0; k < count; k++) {
        const u = sums[k] as number;
        n0 += size;
        n1 -= size;
        u0 += u;
        u1 -= u;
        if (r === 0 && k === count - 1) return false;
        if (n1 >= c && n0 >= c) {
          const mRecip = 1.0 / (n0 - c + 1) + 1.0 / (n1 - c + 1);
          const epsilon = Math.sqrt(2 * mRecip * varianceInWindow * deltaPrime) + ((2.0 / 3.0) * deltaPrime) * mRecip;
          if (Math.abs(u0 / n0 - u1 / n1) > epsilon) {
            this.dropOldest();
            return true;
          }
        }
      }
    }
    return false;
  }

  private shrink(): boolean {
    let cut = false;
    while (this.cutOnce()) cut = true;
    return cut;
  }

  getState(): AdwinState {
    return {
      kind: 'adwin',
      updates: this.updates,
      driftDetected: this.driftDetected,
      warningDetected: false,
      rows: this.counts.map((n, r) => Array.from({ length: n }, (_, k) => [(this.sums[r] as Float64Array)[k] as number, (this.vars[r] as Float64Array)[k] as number] as [number, number])),
      width: this.width,
      total: this.total,
      variance: this.variance,
      tick: this.tick,
    };
  }

  setState(state: AdwinState): void {
    checkStateKind('adwin', state);
    this.reset();
    state.rows.forEach((row, r) => {
      if (row.length > this.options.maxBuckets) throw new MonitoringInputError('state.rows', `row ${r} holds ${row.length} buckets, more than ${this.options.maxBuckets}`);
      this.addRow();
      for (const [sum, variance] of row) this.push(r, sum, variance);
    });
    this.width = state.width;
    this.total = state.total;
    this.variance = state.variance;
    this.tick = state.tick;
    this.updates = state.updates;
    this.driftDetected = state.driftDetected;
  }
}
