/**
 * A snapshot of the lab for views: plain JSON, small (the last points of each series, the active
 * alerts, the versions, the last decisions), taken on demand and throttled by whoever sends it.
 */
import type { DatasetSchema } from '../../../datasets/types';
import type { ChangeShape } from '../../../datasets/ground-truth';
import type { Lab } from './lab';
import type { RolloutState } from '../decisions/rollout';
import type { SeriesPoint } from '../observers/series';
import type { Station } from './stations';
import type { GateResult, TrainingDataInfo } from '../../registry/types';
import type { RoutingPolicy } from '../../serving/router';
import type { HealthPoint } from '../observers/health';
import type { DetectorTimelineView } from '../observers/detector-timeline';
import type { DriftView } from '../observers/drift-view';
import type { DataChecksView } from '../observers/range-flags';

/**
 * Which run a snapshot belongs to. `id` changes on every new run or reset (a new Lab), so a view that
 * sees another id clears what it drew; the rest is what a view needs to explain the run without
 * looking anything up: the scenario, the schema of its requests, the seed, the policy and the
 * scenario's ground truth (stream positions).
 */
export interface RunInfo {
  /** Unique per Lab in this realm: changes on every new run, reset, restore or import. */
  id: string;
  scenario: { name: string; description: string };
  schema: DatasetSchema;
  seed: number;
  policy: string;
  groundTruth: TruthSummary[];
}

/** One change of a scenario's ground truth, in stream positions and plain words. */
export interface TruthSummary {
  kind: string;
  onset: number;
  end: number | null;
  description: string;
  /** How it happens (sudden, gradual, incremental, recurring, ...), when known. */
  shape?: ChangeShape;
  /** The scenario change it comes from, when known. */
  change?: string;
  /** True when it is a change going back (a drift that reverts, a concept that recurs off). */
  reverts?: boolean;
}

/** What a view shows. */
export interface LabSnapshot {
  /** The run this snapshot belongs to (always present: a view never guesses the scenario). */
  run: RunInfo;
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
  /** Every version; `importedFrom` only on a version imported from a file (the version it was exported as). */
  versions: { id: string; parent: string | null; trigger: string; accuracy: number; backend: string; importedFrom?: { id: string; exportedAt?: string } }[];
  decisions: { kind: string; t: number; reason: string }[];
  /** The scenario's ground truth: where each change starts and ends (stream positions), in plain words. */
  groundTruth: TruthSummary[];
  /**
   * The endpoint's own counters (every request it got: the stream's and the learner's), errors by kind
   * with their HTTP-like status, and how many requests the learner sent by hand. Optional so that
   * snapshots written before it existed still read.
   */
  endpoint?: EndpointSummary;
  /** What the endpoint's requests carry: the feature names, types and normal ranges, and the class names. */
  schema?: DatasetSchema;
  /** The release records of the last RELEASES_KEPT promotions to production, oldest first (optional: older snapshots lack it). */
  releases?: ReleaseSummary[];
  /** The endpoint's routing policy in force (optional: older snapshots lack it). */
  routing?: RoutingPolicy;
  /**
   * Whether the Lab's host is playing the stream (set by the host that runs the Lab, which alone
   * knows; absent from a snapshot taken straight from a Lab, and from older snapshots).
   */
  playing?: boolean;
  /** While the host plays the stream: its speed in simulated seconds per real second (set by the host, like `playing`). */
  playSpeed?: number;
  /**
   * Per-feature drift of the recent requests against production's training data (or the first
   * window): statistic, value, threshold, drifting or not. Optional: older snapshots lack it.
   */
  drift?: DriftView;
  /** Production's drift detectors per report window (the last `points` samples) and their alarms. Optional. */
  detectors?: DetectorTimelineView;
  /** Endpoint health per report window (the last `points`): volume, errors by kind, latency p50/p95/p99. Optional. */
  health?: HealthPoint[];
  /**
   * Where `health`'s latency comes from: `measured` in this browser from request to answer
   * (micro-batching included), or `simulated` (a recording's deterministic latency). Optional: older
   * snapshots lack it (their latency was simulated).
   */
  latencySource?: 'measured' | 'simulated';
  /**
   * The data check: stream requests the endpoint flagged out of range (in all, per feature, over the
   * drift table's window) and the labelled rows the training store held back for it. Optional: older
   * snapshots lack it.
   */
  dataChecks?: DataChecksView;
}

/** Release records a snapshot carries (the most recent). */
export const RELEASES_KEPT = 20;

/**
 * A release record as a view shows it: which version went live and which it replaced, why, the data
 * it was trained on, its evaluation metrics (without the confusion matrix), the gate's verdict, who
 * approved it, and when (simulated seconds; the registry's wall time is the simulated clock here).
 */
export interface ReleaseSummary {
  seq: number;
  version: string;
  replaced: string | null;
  why: string;
  data: TrainingDataInfo;
  metrics: { rows: number; accuracy: number; loss: number };
  gate: GateResult | null;
  approver: string;
  simTime: number;
}

/** The last RELEASES_KEPT release records of `lab`'s registry, oldest first, as plain JSON. */
export function releaseSummaries(lab: Lab): ReleaseSummary[] {
  return lab.registry
    .releases()
    .slice(-RELEASES_KEPT)
    .map((r) => ({
      seq: r.seq,
      version: r.version,
      replaced: r.replaced,
      why: r.why,
      data: structuredClone(r.data),
      metrics: { rows: r.metrics.rows, accuracy: r.metrics.accuracy, loss: r.metrics.loss },
      gate: r.gate ? structuredClone(r.gate) : null,
      approver: r.approver,
      simTime: r.simTime,
    }));
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
  /**
   * The model calls (micro-batches) the endpoint ran, the rows they answered, and the wall-clock
   * milliseconds spent inside them, measured in this process: it differs from run to run, and no
   * answer, decision or report reads it (benches read it to tell the model's share of serving). Only
   * when the Lab measures (config `latency: 'measured'`): a Lab on simulated latency (a recording)
   * gives the same bytes for the same config, so it carries no wall-clock figure.
   */
  model?: { calls: number; rows: number; ms: number };
}

/** Takes a snapshot of `lab` (the last `points` series windows, the last 10 decisions). */
export function takeSnapshot(lab: Lab, points = 60): LabSnapshot {
  const decisions = lab.log().filter((e) => e.type === 'decision');
  return {
    run: runInfo(lab),
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
    versions: lab.registry.list().map((v) => ({ id: v.id, parent: v.parent, trigger: v.trigger, accuracy: v.evaluation.accuracy, backend: v.backend, ...(v.importedFrom ? { importedFrom: { ...v.importedFrom } } : {}) })),
    decisions: decisions.slice(-10).map((d) => ({ kind: d.type === 'decision' ? d.kind : '', t: d.t, reason: d.type === 'decision' ? d.reason : '' })),
    groundTruth: lab.groundTruth().map((e) => ({ kind: e.kind, onset: e.onset, end: e.end, description: e.description })),
    endpoint: endpointSummary(lab),
    schema: structuredClone(lab.schema),
    releases: releaseSummaries(lab),
    routing: lab.routing,
    drift: lab.featureDrift.view(lab.deployed().production, lab.position),
    detectors: lab.detectorTimeline.view(points),
    health: lab.health.points(points),
    latencySource: lab.health.source,
    dataChecks: lab.rangeFlags.view(lab.trainingStore.heldBack()),
  };
}

/** The endpoint's totals and the learner's request count. */
function endpointSummary(lab: Lab): EndpointSummary {
  const stats = lab.endpointStats();
  const t = stats.totals;
  const b = stats.batches;
  const summary: EndpointSummary = { requests: t.requests, ok: t.ok, fallback: t.fallback, errors: { ...t.errors }, learner: { ...lab.learnerRequests } };
  if (lab.config.latency === 'measured') summary.model = { calls: b.count, rows: Math.round(b.count * b.meanRows), ms: b.modelMs };
  return summary;
}

/** The run `lab` belongs to (see `RunInfo`). */
export function runInfo(lab: Lab): RunInfo {
  return {
    id: lab.runId,
    scenario: { name: lab.stream.scenario.name, description: lab.stream.scenario.description },
    schema: structuredClone(lab.schema),
    seed: lab.config.seed,
    policy: lab.policy.name,
    groundTruth: lab.groundTruth().map((e) => ({ kind: e.kind, onset: e.onset, end: e.end, description: e.description, shape: e.shape, ...(e.change !== undefined ? { change: e.change } : {}), ...(e.reverts !== undefined ? { reverts: e.reverts } : {}) })),
  };
}
