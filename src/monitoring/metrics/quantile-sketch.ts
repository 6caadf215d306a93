/**
 * A streaming quantile sketch with a relative-error guarantee, in the manner of DDSketch (Masson,
 * Rim & Lee, 2019), used for latency percentiles.
 *
 * Positive values are counted in logarithmic buckets: with γ = (1 + α) / (1 - α), value x > 0 goes to
 * bucket i = ⌈log_γ x⌉, which covers (γ^{i-1}, γ^i]. A quantile query walks the buckets in order to the
 * one that holds the wanted rank and answers its midpoint in relative terms, 2γ^i / (γ + 1). Every
 * value in the bucket is within a factor (1 ± α) of that answer, so the returned q-quantile x̂ satisfies
 * |x̂ - x_q| <= α · x_q, where x_q is the exact (lower, rank ⌊q (n - 1)⌋) quantile. With α = 1% the
 * p99 of latencies is right within 1%.
 *
 * Memory is the number of non-empty buckets: values spanning 1 µs to 1 hour need about
 * ln(3.6e9) / ln γ ≈ 1100 buckets at α = 1%. The bucket count is capped (`maxBuckets`, 2048): past the
 * cap the lowest buckets are merged into one, which keeps the guarantee for every quantile above the
 * merged mass (the high percentiles that matter for latency). Zeros are counted apart; negative or
 * non-finite values are refused. Sketches with the same α merge exactly (bucket counts add), which is
 * how windows are combined.
 */
import { MonitoringInputError, requireInRange } from '../errors';

/** Sketch parameters. */
export interface QuantileSketchOptions {
  /** Relative accuracy α in (0, 1). Default 0.01. */
  relativeAccuracy: number;
  /** Most buckets kept. Default 2048. */
  maxBuckets: number;
}

/** Default sketch parameters. */
export const SKETCH_DEFAULTS: QuantileSketchOptions = { relativeAccuracy: 0.01, maxBuckets: 2048 };

/** A mergeable relative-error quantile sketch over non-negative values. */
export class QuantileSketch {
  readonly options: QuantileSketchOptions;
  private readonly logGamma: number;
  private readonly gamma: number;
  private readonly buckets = new Map<number, number>();
  /** The bucket keys in ascending order, kept until a bucket is added or removed (quantile queries reuse them). */
  private sorted: number[] | null = null;
  private zeros = 0;
  private n = 0;
  private sum = 0;
  private minValue = Infinity;
  private maxValue = -Infinity;

  constructor(options: Partial<QuantileSketchOptions> = {}) {
    this.options = { ...SKETCH_DEFAULTS, ...options };
    const alpha = requireInRange('sketch.relativeAccuracy', this.options.relativeAccuracy, 0, 1, true);
    if (!Number.isInteger(this.options.maxBuckets) || this.options.maxBuckets < 2) throw new MonitoringInputError('sketch.maxBuckets', `must be an integer >= 2, got ${this.options.maxBuckets}`);
    this.gamma = (1 + alpha) / (1 - alpha);
    this.logGamma = Math.log(this.gamma);
  }

  /** Values added. */
  get count(): number {
    return this.n;
  }

  /** Non-empty buckets held (the sketch's memory). */
  get bucketCount(): number {
    return this.buckets.size + (this.zeros > 0 ? 1 : 0);
  }

  /** Mean of the values (null when empty). */
  get mean(): number | null {
    return this.n > 0 ? this.sum / this.n : null;
  }

  /** Exact minimum and maximum (null when empty). */
  get min(): number | null {
    return this.n > 0 ? this.minValue : null;
  }

  get max(): number | null {
    return this.n > 0 ? this.maxValue : null;
  }

  /** Adds a value >= 0. */
  add(x: number): void {
    if (!(x >= 0) || x === Infinity) throw new MonitoringInputError('sketch.add(x)', `x must be a finite number >= 0, got ${String(x)}`);
    this.n++;
    this.sum += x;
    if (x < this.minValue) this.minValue = x;
    if (x > this.maxValue) this.maxValue = x;
    if (x === 0) {
      this.zeros++;
      return;
    }
    const i = Math.ceil(Math.log(x) / this.logGamma);
    const count = this.buckets.get(i);
    if (count === undefined) this.sorted = null;
    this.buckets.set(i, (count ?? 0) + 1);
    if (this.buckets.size > this.options.maxBuckets) this.collapseLowest();
  }

  private sortedKeys(): number[] {
    this.sorted ??= [...this.buckets.keys()].sort((a, b) => a - b);
    return this.sorted;
  }

  private collapseLowest(): void {
    const [a, b] = this.sortedKeys() as [number, number];
    this.sorted = null;
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + (this.buckets.get(a) ?? 0));
    this.buckets.delete(a);
  }

  /** The q-quantile, q in [0, 1], within relative error α (null when empty). */
  quantile(q: number): number | null {
    requireInRange('quantile q', q, 0, 1);
    if (this.n === 0) return null;
    const rank = Math.floor(q * (this.n - 1));
    // The extremes are kept exactly.
    if (rank === this.n - 1) return this.maxValue;
    if (rank === 0) return this.minValue;
    if (rank < this.zeros) return 0;
    let seen = this.zeros;
    for (const k of this.sortedKeys()) {
      seen += this.buckets.get(k) as number;
      if (seen > rank) {
        const estimate = (2 * this.gamma ** k) / (this.gamma + 1);
        return Math.min(Math.max(estimate, this.minValue), this.maxValue);
      }
    }
    return this.maxValue;
  }

  /** Adds another sketch's counts to this one (same relative accuracy required). */
  merge(other: QuantileSketch): void {
    if (other.options.relativeAccuracy !== this.options.relativeAccuracy) throw new MonitoringInputError('sketch.merge', 'sketches need the same relative accuracy');
    for (const [k, c] of other.buckets) this.buckets.set(k, (this.buckets.get(k) ?? 0) + c);
    this.sorted = null;
    while (this.buckets.size > this.options.maxBuckets) this.collapseLowest();
    this.zeros += other.zeros;
    this.n += other.n;
    this.sum += other.sum;
    if (other.n > 0) {
      this.minValue = Math.min(this.minValue, other.minValue);
      this.maxValue = Math.max(this.maxValue, other.maxValue);
    }
  }
}
