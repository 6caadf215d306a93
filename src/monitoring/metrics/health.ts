/**
 * System health of one window: request volume, error rate by kind, latency percentiles (p50, p95,
 * p99 from the quantile sketch, within 1% relative error) and the exact mean and maximum.
 */
import { QuantileSketch } from './quantile-sketch';

/** Health figures of a window. Rates and latencies are null when the window saw no request. */
export interface HealthSnapshot {
  requests: number;
  errors: number;
  errorRate: number | null;
  errorsByKind: Record<string, number>;
  latency: { p50: number; p95: number; p99: number; mean: number; max: number } | null;
}

/** Accumulates health over one window. */
export class HealthAccumulator {
  private requests = 0;
  private errors = 0;
  private readonly byKind = new Map<string, number>();
  readonly latency = new QuantileSketch();

  /** Counts one request (latency already validated as finite and >= 0). */
  add(latencyMs: number, errorKind: string | null): void {
    this.requests++;
    this.latency.add(latencyMs);
    if (errorKind !== null) {
      this.errors++;
      this.byKind.set(errorKind, (this.byKind.get(errorKind) ?? 0) + 1);
    }
  }

  /** Adds another window's counts (used for the all-time totals). */
  merge(other: HealthAccumulator): void {
    this.requests += other.requests;
    this.errors += other.errors;
    for (const [k, c] of other.byKind) this.byKind.set(k, (this.byKind.get(k) ?? 0) + c);
    this.latency.merge(other.latency);
  }

  /** Errors / requests (null before any request): the snapshot's `errorRate`, without its quantiles. */
  get errorRate(): number | null {
    return this.requests > 0 ? this.errors / this.requests : null;
  }

  snapshot(): HealthSnapshot {
    const s = this.latency;
    return {
      requests: this.requests,
      errors: this.errors,
      errorRate: this.errorRate,
      errorsByKind: Object.fromEntries(this.byKind),
      latency:
        this.requests > 0
          ? { p50: s.quantile(0.5) as number, p95: s.quantile(0.95) as number, p99: s.quantile(0.99) as number, mean: s.mean as number, max: s.max as number }
          : null,
    };
  }
}
