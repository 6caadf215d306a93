/**
 * Per-version serving statistics: requests, rows, answers, errors by kind, fallbacks, out-of-range
 * flags, latency (queue + compute) percentiles over a bounded window, and throughput. Every request
 * is counted exactly once, under the version it was routed to ("none" before routing or with nothing
 * deployed, "fallback" when the fallback answered), so the per-version counts add up to the totals.
 */
import type { ErrorKind } from './protocol';
import { argmaxRow } from './response';

/** How many recent latencies each version keeps. */
export const LATENCY_WINDOW = 2048;

/**
 * Counters of one version (or of "none": not routed to any model). Each request ends as exactly one
 * of: `ok` (the model answered), `fallback` (the fallback rule answered) or one error kind, so
 * requests = ok + fallback + sum(errors).
 */
export interface VersionCounters {
  requests: number;
  /** Rows answered (by the model or the fallback). */
  rows: number;
  ok: number;
  fallback: number;
  errors: Record<ErrorKind, number>;
  /** Times the model failed (answered by the fallback, or a 500 without one). */
  modelFailures: number;
  /** Values flagged out of their feature's range. */
  outOfRange: number;
}

/** A read-only snapshot of one version's statistics. */
export interface VersionStatsSnapshot extends VersionCounters {
  errorRate: number;
  latencyMs: { p50: number; p95: number; p99: number; count: number };
  queueMs: { p50: number; p95: number; p99: number };
  rowsPerSec: number;
}

function zeroErrors(): Record<ErrorKind, number> {
  return { malformed: 0, 'unknown-model': 0, schema: 0, 'model-failure': 0, unavailable: 0 };
}

/**
 * The q-quantile of `values` (0 <= q <= 1) by linear interpolation between closest ranks
 * (position q * (n - 1) in the sorted values; NumPy's default "linear" method). NaN if empty.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

/** A fixed-size ring of the most recent values. */
class Ring {
  private readonly values: Float64Array;
  private next = 0;
  count = 0;
  constructor(size: number) {
    this.values = new Float64Array(size);
  }
  push(v: number): void {
    this.values[this.next] = v;
    this.next = (this.next + 1) % this.values.length;
    this.count = Math.min(this.count + 1, this.values.length);
  }
  sorted(): number[] {
    return Array.from(this.values.subarray(0, this.count)).sort((a, b) => a - b);
  }
}

/** Statistics of one version. */
export class VersionStats {
  readonly counters: VersionCounters = { requests: 0, rows: 0, ok: 0, fallback: 0, errors: zeroErrors(), modelFailures: 0, outOfRange: 0 };
  private readonly latency = new Ring(LATENCY_WINDOW);
  private readonly queue = new Ring(LATENCY_WINDOW);
  private first = Number.NaN;
  private last = Number.NaN;

  /** Counts one answered request of `rows` rows. */
  ok(rows: number, totalMs: number, queueMs: number, at: number): void {
    this.counters.requests += 1;
    this.counters.ok += 1;
    this.counters.rows += rows;
    this.latency.push(totalMs);
    this.queue.push(queueMs);
    if (Number.isNaN(this.first)) this.first = at - totalMs;
    this.last = at;
  }

  /** Counts one request answered by the fallback rule. */
  fallback(rows: number): void {
    this.counters.requests += 1;
    this.counters.fallback += 1;
    this.counters.rows += rows;
  }

  /** Counts one failed request. */
  error(kind: ErrorKind): void {
    this.counters.requests += 1;
    this.counters.errors[kind] += 1;
  }

  /** A snapshot (percentiles computed now). */
  snapshot(): VersionStatsSnapshot {
    const lat = this.latency.sorted();
    const q = this.queue.sorted();
    const errors = Object.values(this.counters.errors).reduce((a, b) => a + b, 0);
    const span = (this.last - this.first) / 1000;
    return {
      ...structuredClone(this.counters),
      errorRate: this.counters.requests ? errors / this.counters.requests : 0,
      latencyMs: { p50: quantile(lat, 0.5), p95: quantile(lat, 0.95), p99: quantile(lat, 0.99), count: lat.length },
      queueMs: { p50: quantile(q, 0.5), p95: quantile(q, 0.95), p99: quantile(q, 0.99) },
      rowsPerSec: span > 0 ? this.counters.rows / span : 0,
    };
  }
}

/** One shadow comparison: how the shadow's answer differed from the one returned. */
export interface ShadowRecord {
  id: string;
  served: string;
  shadow: string;
  rows: number;
  /** Rows where both chose the same class. */
  agreed: number;
  /** Largest absolute difference of any class probability. */
  maxAbsDiff: number;
  /** The shadow's labels (logged, never returned). */
  labels: string[];
}

/** Shadow traffic: totals and the most recent comparisons (bounded). */
export class ShadowLog {
  compared = 0;
  agreedRows = 0;
  rows = 0;
  failed = 0;
  private readonly recent: ShadowRecord[] = [];

  constructor(private readonly capacity = 256) {}

  /** Records one comparison. */
  add(record: ShadowRecord): void {
    this.compared += 1;
    this.rows += record.rows;
    this.agreedRows += record.agreed;
    this.recent.push(record);
    if (this.recent.length > this.capacity) this.recent.shift();
  }

  /** Totals, agreement rate and the recent records. */
  snapshot(): { compared: number; rows: number; agreement: number; failed: number; recent: ShadowRecord[] } {
    return { compared: this.compared, rows: this.rows, agreement: this.rows ? this.agreedRows / this.rows : 0, failed: this.failed, recent: [...this.recent] };
  }
}

/** How two models' answers to the same `n` rows compare: rows with the same class, the largest probability gap, and the second model's class names. */
export function compareAnswers(probs: Float32Array, other: Float32Array, n: number, classNames: readonly string[]): Pick<ShadowRecord, 'agreed' | 'maxAbsDiff' | 'labels'> {
  const classes = classNames.length;
  let agreed = 0;
  let maxAbsDiff = 0;
  const labels: string[] = [];
  for (let r = 0; r < n; r++) {
    const a = argmaxRow(probs, r, classes);
    const b = argmaxRow(other, r, classes);
    if (a === b) agreed += 1;
    labels.push(classNames[b] as string);
    for (let c = 0; c < classes; c++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs((probs[r * classes + c] as number) - (other[r * classes + c] as number)));
  }
  return { agreed, maxAbsDiff, labels };
}

/** Each version's statistics and their totals over every version (each request ends as exactly one of ok, fallback or an error kind). */
export function totalsOf(perVersion: ReadonlyMap<string, VersionStats>): { totals: { requests: number; ok: number; fallback: number; errors: Record<ErrorKind, number>; modelFailures: number }; versions: Record<string, VersionStatsSnapshot> } {
  const versions: Record<string, VersionStatsSnapshot> = {};
  const totals = { requests: 0, ok: 0, fallback: 0, errors: { malformed: 0, 'unknown-model': 0, schema: 0, 'model-failure': 0, unavailable: 0 } as Record<ErrorKind, number>, modelFailures: 0 };
  for (const [version, s] of perVersion) {
    const snap = s.snapshot();
    versions[version] = snap;
    totals.requests += snap.requests;
    totals.ok += snap.ok;
    totals.fallback += snap.fallback;
    totals.modelFailures += snap.modelFailures;
    for (const k of Object.keys(totals.errors) as ErrorKind[]) totals.errors[k] += snap.errors[k];
  }
  return { totals, versions };
}
