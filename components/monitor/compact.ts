/**
 * Bounded history for long runs: when a view's list of report windows grows past `cap`, the older
 * part (all but the last `keep`, which snapshots may still send again) is halved in resolution by
 * merging adjacent pairs. Memory stays between cap/2 and cap entries however long the run, the whole
 * run stays on the chart (older stretches coarser), and the recent windows stay exact. The merges
 * say what a pair means as one window: accuracy is the requests-weighted mean, latency keeps the
 * mean p50 and the worse p95/p99, a detector's score keeps the higher value and the stronger state.
 */
import type { HealthPoint } from '../../src/loop/observers/health';
import type { SeriesPoint } from '../../src/loop/observers/series';
import type { TimelinePoint } from '../../src/loop/observers/detector-timeline';

/** Windows a view keeps at most before compacting (a 200,000-request run has 800 windows of 250). */
export const COMPACT_CAP = 400;
/** Most recent windows never merged (more than a snapshot carries). */
export const COMPACT_KEEP = 100;

/** Merges adjacent pairs of `list`'s older part when it holds more than `cap` items (in place). */
export function compact<T>(list: T[], merge: (a: T, b: T) => T, cap = COMPACT_CAP, keep = COMPACT_KEEP): void {
  if (list.length <= cap) return;
  const old = list.length - Math.min(keep, list.length);
  const merged: T[] = [];
  for (let i = 0; i + 1 < old; i += 2) merged.push(merge(list[i] as T, list[i + 1] as T));
  if (old % 2 === 1) merged.push(list[old - 1] as T);
  list.splice(0, old, ...merged);
}

const weighted = (a: number | null, na: number, b: number | null, nb: number): number | null => {
  if (a === null) return b;
  if (b === null) return a;
  return na + nb > 0 ? (a * na + b * nb) / (na + nb) : (a + b) / 2;
};

/** Two accuracy windows as one. */
export function mergeSeries(a: SeriesPoint, b: SeriesPoint): SeriesPoint {
  return {
    start: a.start,
    end: b.end,
    requests: a.requests + b.requests,
    realized: weighted(a.realized, a.requests, b.realized, b.requests),
    estimated: weighted(a.estimated, a.requests, b.estimated, b.requests),
    error_rate: weighted(a.error_rate, a.requests, b.error_rate, b.requests) ?? 0,
  };
}

/** Two health windows as one (counts add up; latency: mean p50, the worse p95 and p99). */
export function mergeHealth(a: HealthPoint, b: HealthPoint): HealthPoint {
  const errorsByKind = { ...a.errorsByKind };
  for (const [k, n] of Object.entries(b.errorsByKind) as [keyof typeof errorsByKind, number][]) errorsByKind[k] = (errorsByKind[k] ?? 0) + n;
  const span = b.to - a.from;
  const requests = a.requests + b.requests;
  const latency = a.latency && b.latency ? { p50: (a.latency.p50 + b.latency.p50) / 2, p95: Math.max(a.latency.p95, b.latency.p95), p99: Math.max(a.latency.p99, b.latency.p99) } : (a.latency ?? b.latency);
  return {
    start: a.start,
    end: b.end,
    requests,
    from: a.from,
    to: b.to,
    perSecond: span > 0 && requests >= 2 ? requests / span : weighted(a.perSecond, a.requests, b.perSecond, b.requests),
    answered: a.answered + b.answered,
    fallback: a.fallback + b.fallback,
    errors: a.errors + b.errors,
    errorsByKind,
    latency,
  };
}

const STRENGTH = { stable: 0, warning: 1, drift: 2 } as const;

/** Two detector samples as one (at the later position: each detector's higher score and stronger state). */
export function mergeTimeline(a: TimelinePoint, b: TimelinePoint): TimelinePoint {
  return {
    position: b.position,
    version: b.version,
    readings: b.readings.map((r, i) => {
      const o = a.readings[i];
      if (!o || o.detector !== r.detector) return r;
      const score = o.score === null ? r.score : r.score === null ? o.score : Math.max(o.score, r.score);
      return { ...r, score, state: STRENGTH[o.state] > STRENGTH[r.state] ? o.state : r.state };
    }),
  };
}
