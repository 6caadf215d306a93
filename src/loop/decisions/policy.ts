/**
 * Retraining policies as plain, serializable, validated objects: when to retrain (trigger), on which
 * rows (data window), when a candidate may replace production (gate) and how it is rolled out.
 * A policy is JSON: it can be saved in a file, sent to a worker, or put in a URL.
 */
import { DETECTOR_KINDS, type DetectorKind } from '../../monitoring/index';
import { PolicyError } from '../engine/errors';
import { GATE_ALPHA } from './gate';

/** When a retrain starts. Cooldown: simulated seconds after a retrain during which no other starts. */
export type TriggerPolicy =
  | { kind: 'off' }
  | { kind: 'manual' }
  /** On a drift signal of `detector` on production's error stream, or on any raised alert (`source`). */
  | { kind: 'on-alert'; source: 'detector' | 'alert' | 'either'; detector: DetectorKind; cooldownSeconds: number }
  | { kind: 'schedule'; everySeconds: number; cooldownSeconds: number };

/** Which labelled rows a retrain uses. */
export type DataPolicy =
  | { kind: 'recent'; rows: number }
  | { kind: 'all'; maxRows: number }
  /** Rows drawn (seeded, with replacement) with weight 2^(-age / halfLifeRows) from the last `rows`. */
  | { kind: 'recent-weighted'; rows: number; halfLifeRows: number };

/** The promotion gate: candidate vs production on the same recent labelled rows neither trained on (gate.ts). */
export interface GatePolicy {
  /** Candidate accuracy must beat production's by at least this much (fraction; may be 0): the margin. */
  minImprovement: number;
  /** Fewest paired rows the comparison needs; fewer -> the gate refuses. */
  minSamples: number;
  /** Share of the training window held out for the gate: its newest rows, never trained on (gate-window.ts). */
  holdout: number;
  /** Significance level of the paired test (McNemar exact, one-sided); the built-in policies use 0.05. Absent: the test is reported, not applied. */
  alpha?: number;
}

/** How a candidate that passed the gate reaches production. */
export type RolloutPolicy =
  | { kind: 'direct' }
  /**
   * Canary: `steps` percentages of traffic in turn; each step lasts until the candidate has
   * `stepLabels` labelled answers. Roll back when its error rate exceeds `maxErrorRate`, its accuracy
   * is below production's (same step) by more than `maxAccuracyDrop`, or its p95 latency exceeds
   * production's times `maxLatencyRatio`.
   */
  | { kind: 'canary'; steps: number[]; stepLabels: number; maxErrorRate: number; maxAccuracyDrop: number; maxLatencyRatio: number }
  /** Shadow: the candidate answers copies of `requests` labelled requests, then is promoted if not worse by more than `maxAccuracyDrop`. */
  | { kind: 'shadow'; requests: number; maxAccuracyDrop: number };

/** A whole policy. */
export interface Policy {
  name: string;
  description: string;
  trigger: TriggerPolicy;
  data: DataPolicy;
  gate: GatePolicy;
  rollout: RolloutPolicy;
}

const DEFAULT_GATE: GatePolicy = { minImprovement: 0.01, minSamples: 100, holdout: 0.25, alpha: GATE_ALPHA };
const RECENT: DataPolicy = { kind: 'recent', rows: 800 };

/** The built-in policies. */
export const POLICIES: readonly Policy[] = [
  { name: 'off', description: 'Never retrain: the baseline that shows what drift costs.', trigger: { kind: 'off' }, data: RECENT, gate: DEFAULT_GATE, rollout: { kind: 'direct' } },
  { name: 'manual', description: 'Retrain only when the learner asks; the gate (1 point and p <= 0.05 on 100+ rows neither trained on) decides whether the new version goes live.', trigger: { kind: 'manual' }, data: RECENT, gate: DEFAULT_GATE, rollout: { kind: 'direct' } },
  {
    name: 'on-alert',
    description: "Retrain on the last 800 labelled rows when ADWIN flags production's error stream or the accuracy alert is raised (other alerts do not retrain), at most once a minute; the gate (1 point and p <= 0.05 on 100+ rows neither trained on), then promote directly.",
    trigger: { kind: 'on-alert', source: 'either', detector: 'adwin', cooldownSeconds: 60 },
    data: RECENT,
    gate: DEFAULT_GATE,
    rollout: { kind: 'direct' },
  },
  {
    name: 'on-alert-canary',
    description: "As on-alert, but a candidate that passed the gate goes through a 10% -> 50% canary, rolled back automatically if its error rate passes 5%, its accuracy falls more than 5 points below production's at the same step, or its p95 latency passes 3x production's.",
    trigger: { kind: 'on-alert', source: 'either', detector: 'adwin', cooldownSeconds: 60 },
    data: RECENT,
    gate: DEFAULT_GATE,
    rollout: { kind: 'canary', steps: [10, 50], stepLabels: 60, maxErrorRate: 0.05, maxAccuracyDrop: 0.05, maxLatencyRatio: 3 },
  },
  {
    name: 'on-alert-shadow',
    description: 'As on-alert, but a candidate that passed the gate first answers 200 shadow copies (never returned to users), promoted only if it is not worse by more than 1 point.',
    trigger: { kind: 'on-alert', source: 'either', detector: 'adwin', cooldownSeconds: 60 },
    data: RECENT,
    gate: DEFAULT_GATE,
    rollout: { kind: 'shadow', requests: 200, maxAccuracyDrop: 0.01 },
  },
  {
    name: 'schedule',
    description: 'Retrain every 5 simulated minutes on recent-weighted rows, whether or not anything fired; most retrains on a quiet stream are refused by the gate, and each one costs a training run.',
    trigger: { kind: 'schedule', everySeconds: 300, cooldownSeconds: 0 },
    data: { kind: 'recent-weighted', rows: 1500, halfLifeRows: 400 },
    gate: DEFAULT_GATE,
    rollout: { kind: 'direct' },
  },
];

/** The built-in policy of that name, or undefined. */
export function findPolicy(name: string): Policy | undefined {
  return POLICIES.find((p) => p.name === name);
}

function bad(field: string, reason: string): never {
  throw new PolicyError(field, reason);
}

function num(field: string, v: unknown, min: number, max: number, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) bad(field, `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return v;
}

function obj(field: string, v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(field, 'must be an object');
  return v as Record<string, unknown>;
}

function validateTrigger(v: unknown): TriggerPolicy {
  const t = obj('trigger', v);
  switch (t.kind) {
    case 'off':
    case 'manual':
      return { kind: t.kind };
    case 'on-alert': {
      if (t.source !== 'detector' && t.source !== 'alert' && t.source !== 'either') bad('trigger.source', 'must be "detector", "alert" or "either"');
      if (!DETECTOR_KINDS.includes(t.detector as DetectorKind)) bad('trigger.detector', `must be one of ${DETECTOR_KINDS.join(', ')}`);
      return { kind: 'on-alert', source: t.source, detector: t.detector as DetectorKind, cooldownSeconds: num('trigger.cooldownSeconds', t.cooldownSeconds, 0, 1e9) };
    }
    case 'schedule':
      return { kind: 'schedule', everySeconds: num('trigger.everySeconds', t.everySeconds, 1, 1e9), cooldownSeconds: num('trigger.cooldownSeconds', t.cooldownSeconds, 0, 1e9) };
    default:
      return bad('trigger.kind', 'must be off, manual, on-alert or schedule');
  }
}

function validateData(v: unknown): DataPolicy {
  const d = obj('data', v);
  switch (d.kind) {
    case 'recent':
      return { kind: 'recent', rows: num('data.rows', d.rows, 50, 100_000, true) };
    case 'all':
      return { kind: 'all', maxRows: num('data.maxRows', d.maxRows, 50, 100_000, true) };
    case 'recent-weighted':
      return { kind: 'recent-weighted', rows: num('data.rows', d.rows, 50, 100_000, true), halfLifeRows: num('data.halfLifeRows', d.halfLifeRows, 1, 100_000) };
    default:
      return bad('data.kind', 'must be recent, all or recent-weighted');
  }
}

function validateGate(v: unknown): GatePolicy {
  const g = obj('gate', v);
  const gate: GatePolicy = { minImprovement: num('gate.minImprovement', g.minImprovement, -1, 1), minSamples: num('gate.minSamples', g.minSamples, 1, 100_000, true), holdout: num('gate.holdout', g.holdout, 0.05, 0.5) };
  if (g.alpha !== undefined) gate.alpha = num('gate.alpha', g.alpha, 0, 1);
  return gate;
}

function validateRollout(v: unknown): RolloutPolicy {
  const r = obj('rollout', v);
  switch (r.kind) {
    case 'direct':
      return { kind: 'direct' };
    case 'canary': {
      if (!Array.isArray(r.steps) || r.steps.length < 1 || r.steps.length > 10) bad('rollout.steps', 'must be a list of 1 to 10 percentages');
      const steps = r.steps.map((s, i) => num(`rollout.steps[${i}]`, s, 1, 99));
      steps.forEach((s, i) => i > 0 && s <= (steps[i - 1] as number) && bad(`rollout.steps[${i}]`, 'steps must increase'));
      return {
        kind: 'canary',
        steps,
        stepLabels: num('rollout.stepLabels', r.stepLabels, 1, 100_000, true),
        maxErrorRate: num('rollout.maxErrorRate', r.maxErrorRate, 0, 1),
        maxAccuracyDrop: num('rollout.maxAccuracyDrop', r.maxAccuracyDrop, 0, 1),
        maxLatencyRatio: num('rollout.maxLatencyRatio', r.maxLatencyRatio, 1, 1000),
      };
    }
    case 'shadow':
      return { kind: 'shadow', requests: num('rollout.requests', r.requests, 1, 1_000_000, true), maxAccuracyDrop: num('rollout.maxAccuracyDrop', r.maxAccuracyDrop, 0, 1) };
    default:
      return bad('rollout.kind', 'must be direct, canary or shadow');
  }
}

/** Validates an untrusted policy (e.g. read from a file); returns a clean copy or throws PolicyError naming the field. */
export function validatePolicy(value: unknown): Policy {
  const p = obj('policy', value);
  if (typeof p.name !== 'string' || !/^[\w.-]{1,40}$/.test(p.name)) bad('name', 'must be 1 to 40 letters, digits, "_", "-" or "."');
  return {
    name: p.name,
    description: typeof p.description === 'string' ? p.description.slice(0, 300) : '',
    trigger: validateTrigger(p.trigger),
    data: validateData(p.data),
    gate: validateGate(p.gate),
    rollout: validateRollout(p.rollout),
  };
}

/** A policy by name (built-in) or as an object (validated). */
export function resolvePolicy(policy: string | Policy | unknown): Policy {
  if (typeof policy === 'string') {
    const found = findPolicy(policy);
    if (!found) bad('policy', `unknown policy "${policy}"; known: ${POLICIES.map((p) => p.name).join(', ')}`);
    return structuredClone(found);
  }
  return validatePolicy(policy);
}
