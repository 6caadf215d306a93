/**
 * A health window (`HealthPoint`) for the health views' pure tests: 100 requests from `start`, 98
 * answered and 2 malformed, latency p50 / p95 / p99 of 1 / 2 / 3 ms, 10 requests per simulated
 * second; `over` replaces any field.
 */
import type { HealthPoint } from '../../src/loop/observers/health';

/** The window of requests `start` to `start + 100` (see the file comment). */
export function healthWindow(start: number, over: Partial<HealthPoint> = {}): HealthPoint {
  return {
    start,
    end: start + 100,
    requests: 100,
    from: start / 10,
    to: start / 10 + 9.9,
    perSecond: 10,
    answered: 98,
    fallback: 0,
    errors: 2,
    errorsByKind: { malformed: 2, 'unknown-model': 0, schema: 0, 'model-failure': 0, unavailable: 0 },
    latency: { p50: 1, p95: 2, p99: 3 },
    ...over,
  };
}
