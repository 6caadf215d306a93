/**
 * System health of the endpoint per report window, by stream position: window w covers the stream's
 * requests with index in [w * size, (w + 1) * size), like the accuracy series (series.ts), so the two
 * line up on one x axis. Per window:
 * - volume: requests sent, answers (model or fallback) and error answers, so requests = answered + errors;
 *   and the arrival rate, requests per simulated second: (n - 1) / (t_last - t_first) over the window's
 *   n arrival times (n - 1 gaps span the window), null for fewer than 2 requests or a zero span;
 * - errors by kind: the endpoint's error kinds (malformed 400, unknown-model 404, schema 422,
 *   model-failure 500, unavailable 503), plus how many answers came from the fallback rule;
 * - latency p50 / p95 / p99 of the answers, in ms, from `source`: `measured` in this process, from
 *   sending the request to its answer, micro-batching included (so it varies from run to run and
 *   machine to machine; no decision reads it), or `simulated`, the deterministic latency the decisions
 *   read (recordings use it so that the same config gives the same bytes). Error answers carry no
 *   model latency, so they are not in the percentiles. Percentiles come from a DDSketch-style quantile sketch
 *   (src/monitoring/metrics/quantile-sketch.ts): within 1% of the exact value, in bounded memory
 *   whatever the window size; the sketch answers each bucket by one value, so p50 <= p95 <= p99.
 * Bounded: at most `maxWindows` windows are kept (the oldest go first). The learner's hand-sent
 * requests are not part of the stream and are not counted here (the endpoint summary counts them).
 */
import { MonitoringInputError } from '../../monitoring/errors';
import { QuantileSketch } from '../../monitoring/metrics/quantile-sketch';
import type { ErrorKind } from '../../serving/protocol';
import type { AnsweredRequest, LoopObserver } from '../engine/observer';

/** The endpoint's error kinds, in the order a view lists them. */
export const HEALTH_ERROR_KINDS = ['malformed', 'unknown-model', 'schema', 'model-failure', 'unavailable'] as const satisfies readonly ErrorKind[];

/** One of the endpoint's error kinds. */
export type HealthErrorKind = ErrorKind;

/** Default number of windows kept. */
export const HEALTH_WINDOWS = 400;

/** One window of health as a snapshot carries it (plain JSON). */
export interface HealthPoint {
  /** First and one-past-last stream index of the window. */
  start: number;
  end: number;
  /** Requests of the window seen so far (answered + errors). */
  requests: number;
  /** Arrival times (simulated seconds) of its first and last request. */
  from: number;
  to: number;
  /** Requests per simulated second (see the file comment); null for fewer than 2 requests or a zero span. */
  perSecond: number | null;
  answered: number;
  /** Answers given by the fallback rule (counted in `answered`). */
  fallback: number;
  errors: number;
  /** Error answers by kind (every kind present, 0 when none). */
  errorsByKind: Record<HealthErrorKind, number>;
  /** Latency percentiles of the answers (ms, rounded to 3 decimals); null while the window has no answer. */
  latency: { p50: number; p95: number; p99: number } | null;
}

interface HealthWindow {
  start: number;
  from: number;
  to: number;
  answered: number;
  fallback: number;
  errors: Record<HealthErrorKind, number>;
  latency: QuantileSketch;
}

function zeroErrors(): Record<HealthErrorKind, number> {
  return { malformed: 0, 'unknown-model': 0, schema: 0, 'model-failure': 0, unavailable: 0 };
}

function isKind(kind: string): kind is HealthErrorKind {
  return (HEALTH_ERROR_KINDS as readonly string[]).includes(kind);
}

/** Accumulates the health windows of a run. */
export class HealthSeries implements LoopObserver {
  private readonly windows: HealthWindow[] = [];

  /** `source`: which latency the percentiles hold (see the file comment). */
  constructor(
    readonly size: number,
    readonly maxWindows = HEALTH_WINDOWS,
    readonly source: 'measured' | 'simulated' = 'measured',
  ) {
    if (!Number.isInteger(size) || size < 1) throw new MonitoringInputError('health.size', `must be a positive integer, got ${String(size)}`);
    if (!Number.isInteger(maxWindows) || maxWindows < 1) throw new MonitoringInputError('health.maxWindows', `must be a positive integer, got ${String(maxWindows)}`);
  }

  private at(index: number, t: number): HealthWindow {
    if (!Number.isInteger(index) || index < 0) throw new MonitoringInputError('health.index', `must be a stream index (an integer >= 0), got ${String(index)}`);
    if (!Number.isFinite(t) || t < 0) throw new MonitoringInputError('health.t', `must be a simulated time >= 0, got ${String(t)}`);
    const w = this.windowOf(index);
    w.from = Math.min(w.from, t);
    w.to = Math.max(w.to, t);
    return w;
  }

  private windowOf(index: number): HealthWindow {
    const start = Math.floor(index / this.size) * this.size;
    const last = this.windows[this.windows.length - 1];
    if (last && last.start === start) return last;
    // Requests come in stream order: a window newer than the newest is appended without a search.
    if (last && last.start > start) {
      const found = this.windows.find((w) => w.start === start);
      if (found) return found;
    }
    const fresh: HealthWindow = { start, from: Infinity, to: -Infinity, answered: 0, fallback: 0, errors: zeroErrors(), latency: new QuantileSketch() };
    this.windows.push(fresh);
    if (last && last.start > start) this.windows.sort((a, b) => a.start - b.start);
    if (this.windows.length > this.maxWindows) this.windows.shift();
    return fresh;
  }

  /** Every stream answer or error, with the latency measured by the pipeline. */
  onAnswer(a: AnsweredRequest): void {
    if (a.errorKind !== null) this.error(a.index, a.t, a.errorKind);
    else this.answer(a.index, a.t, this.source === 'measured' ? a.measuredLatencyMs : a.simulatedLatencyMs, a.fallback);
  }

  /**
   * Records an answer to stream request `index` that arrived at simulated time `t` (s), with its
   * latency in ms; `fallback` when the fallback rule gave it.
   */
  answer(index: number, t: number, latencyMs: number, fallback = false): void {
    if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new MonitoringInputError('health.latencyMs', `must be a finite number >= 0, got ${String(latencyMs)}`);
    const w = this.at(index, t);
    w.answered++;
    if (fallback) w.fallback++;
    w.latency.add(latencyMs);
  }

  /** Records an error answer of `kind` to stream request `index` that arrived at simulated time `t` (s). */
  error(index: number, t: number, kind: string): void {
    if (!isKind(kind)) throw new MonitoringInputError('health.kind', `must be one of ${HEALTH_ERROR_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
    this.at(index, t).errors[kind]++;
  }

  /** Windows held. */
  get length(): number {
    return this.windows.length;
  }

  /** The last `last` windows (all by default) as snapshot points, oldest first. */
  points(last = this.windows.length): HealthPoint[] {
    const r = (x: number) => Math.round(x * 1000) / 1000;
    return this.windows.slice(Math.max(0, this.windows.length - last)).map((w) => {
      const errors = HEALTH_ERROR_KINDS.reduce((n, k) => n + w.errors[k], 0);
      const q = (p: number) => r(w.latency.quantile(p) as number);
      const requests = w.answered + errors;
      const span = w.to - w.from;
      return {
        start: w.start,
        end: w.start + this.size,
        requests,
        from: r(w.from),
        to: r(w.to),
        perSecond: requests >= 2 && span > 0 ? r((requests - 1) / span) : null,
        answered: w.answered,
        fallback: w.fallback,
        errors,
        errorsByKind: { ...w.errors },
        latency: w.answered > 0 ? { p50: q(0.5), p95: q(0.95), p99: q(0.99) } : null,
      };
    });
  }
}
