/**
 * A snapshot of the lab for views: plain JSON, small (the last points of each series, the active
 * alerts, the versions, the last decisions), taken on demand and throttled by whoever sends it.
 */
import type { DatasetSchema } from '../../datasets/types';
import type { Lab } from './lab';
import type { RolloutState } from './rollout';
import type { SeriesPoint } from './series';
import type { Station } from './stations';

/** What a view shows. */
export interface LabSnapshot {
  t: number;
  position: number;
  station: Station;
  done: boolean;
  policy: string;
  deployed: { production: string | null; candidate: string | null; shadow: string | null };
  rollout: RolloutState;
  totals: { requests: number; answered: number; errors: number; labels: number; labelsDropped: number };
  /** The last `points` windows of the accuracy series. */
  series: SeriesPoint[];
  alerts: { rule: string; severity: string; raisedAt: number; value: number }[];
  /** Every version: lineage, what triggered it, its evaluation accuracy and the TF.js backend it was trained on. */
  versions: { id: string; parent: string | null; trigger: string; accuracy: number; backend: string }[];
  decisions: { kind: string; t: number; reason: string }[];
  /** The scenario's ground truth: where each change starts and ends (stream positions), in plain words. */
  groundTruth: { kind: string; onset: number; end: number | null; description: string }[];
  /**
   * The endpoint's own counters (every request it got: the stream's and the learner's), errors by kind
   * with their HTTP-like status, and how many requests the learner sent by hand. Optional so that
   * snapshots written before it existed still read.
   */
  endpoint?: EndpointSummary;
  /** What the endpoint's requests carry: the feature names, types and normal ranges, and the class names. */
  schema?: DatasetSchema;
}

/** The endpoint's counters as a view shows them. */
export interface EndpointSummary {
  requests: number;
  ok: number;
  fallback: number;
  /** Error answers by kind: malformed (400), unknown-model (404), schema (422), model-failure (500), unavailable (503). */
  errors: Record<string, number>;
  /** Requests the learner sent with `infer`, and how many of those got an error answer. */
  learner: { requests: number; errors: number };
}

/** Takes a snapshot of `lab` (the last `points` series windows, the last 10 decisions). */
export function takeSnapshot(lab: Lab, points = 60): LabSnapshot {
  const decisions = lab.log().filter((e) => e.type === 'decision');
  return {
    t: lab.time,
    position: lab.position,
    station: lab.station,
    done: lab.done,
    policy: lab.policy.name,
    deployed: lab.deployed(),
    rollout: structuredClone(lab.rolloutState),
    totals: { ...lab.totals },
    series: lab.series.points().slice(-points),
    alerts: lab.alerts.active.map((a) => ({ rule: a.ruleId, severity: a.severity, raisedAt: a.raisedAt / 1000, value: a.valueAtRaise })),
    versions: lab.registry.list().map((v) => ({ id: v.id, parent: v.parent, trigger: v.trigger, accuracy: v.evaluation.accuracy, backend: v.backend })),
    decisions: decisions.slice(-10).map((d) => ({ kind: d.type === 'decision' ? d.kind : '', t: d.t, reason: d.type === 'decision' ? d.reason : '' })),
    groundTruth: lab.groundTruth().map((e) => ({ kind: e.kind, onset: e.onset, end: e.end, description: e.description })),
    endpoint: endpointSummary(lab),
    schema: structuredClone(lab.schema),
  };
}

/** The endpoint's totals and the learner's request count. */
function endpointSummary(lab: Lab): EndpointSummary {
  const t = lab.endpointStats().totals;
  return { requests: t.requests, ok: t.ok, fallback: t.fallback, errors: { ...t.errors }, learner: { ...lab.learnerRequests } };
}
