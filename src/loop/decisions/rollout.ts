/**
 * The rollout state machine, pure: given the policy and what each arm did during the current step,
 * it says wait, go to the next step, promote, or roll back (with the reason).
 *
 *   idle --start--> canary(step 0) --criteria ok--> canary(step 1) ... --last step ok--> promote
 *                        \--any criterion breached--> rollback
 *   idle --start--> shadow --N labelled copies--> promote | reject
 *
 * Criteria are judged on the step's own counts (not all-time), so a step starts with a clean slate.
 *
 * The canary's accuracy criterion is a stated non-inferiority rule: once each arm has at least
 * `stepLabels` labelled answers in the step (the minimum sample), the candidate passes when its
 * accuracy is not below production's by more than `maxAccuracyDrop` (the margin, on the point
 * estimates), and is rolled back otherwise. Every reason quotes the margin and both sample sizes, so
 * "promoted at 95.2% vs 95.9%" reads as what it is: within a 5-point margin on 60 and 540 answers.
 */
import type { RolloutPolicy } from './policy';

/** What one arm (production or candidate) did during the current step. */
export interface ArmStats {
  answered: number;
  errors: number;
  labelled: number;
  correct: number;
  /** 95th percentile of simulated latency (ms), null when no answer yet. */
  latencyP95: number | null;
}

/** Where a rollout is. */
export type RolloutState =
  | { phase: 'idle' }
  | { phase: 'canary'; candidate: string; step: number; percent: number; startedAt: number }
  | { phase: 'shadow'; candidate: string; startedAt: number };

/** What to do now. */
export type RolloutVerdict = { action: 'wait' } | { action: 'next'; percent: number; reason: string } | { action: 'promote'; reason: string } | { action: 'rollback'; reason: string };

/** An empty arm. */
export function emptyArm(): ArmStats {
  return { answered: 0, errors: 0, labelled: 0, correct: 0, latencyP95: null };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pts = (x: number) => `${(x * 100).toFixed(1)} points`;
const marginWords = (x: number) => `${(x * 100).toFixed(1)}-point non-inferiority margin`;

/** The canary's stated rule in words, e.g. "non-inferiority margin 5.0 points, at least 60 labelled answers per arm". */
export function canaryRule(policy: Extract<RolloutPolicy, { kind: 'canary' }>): string {
  return `non-inferiority margin ${pts(policy.maxAccuracyDrop)}, at least ${policy.stepLabels} labelled answers per arm`;
}

/** Judges a canary step (call after every tick while the canary runs). */
export function judgeCanary(policy: Extract<RolloutPolicy, { kind: 'canary' }>, state: Extract<RolloutState, { phase: 'canary' }>, candidate: ArmStats, production: ArmStats): RolloutVerdict {
  const errorRate = candidate.answered > 0 ? candidate.errors / candidate.answered : 0;
  // Errors are judged as soon as there are a few answers: a broken candidate must not wait for labels.
  if (candidate.answered >= 20 && errorRate > policy.maxErrorRate) return { action: 'rollback', reason: `canary error rate ${pct(errorRate)} > ${pct(policy.maxErrorRate)} at ${state.percent}%` };
  if (candidate.latencyP95 !== null && production.latencyP95 !== null && candidate.answered >= 20 && candidate.latencyP95 > production.latencyP95 * policy.maxLatencyRatio) {
    return { action: 'rollback', reason: `canary p95 latency ${candidate.latencyP95.toFixed(1)} ms > ${policy.maxLatencyRatio}x production's ${production.latencyP95.toFixed(1)} ms` };
  }
  // The minimum sample: both arms, in this step.
  if (candidate.labelled < policy.stepLabels || production.labelled < policy.stepLabels) return { action: 'wait' };
  const cAcc = candidate.correct / candidate.labelled;
  const pAcc = production.correct / production.labelled;
  const samples = `on ${candidate.labelled} and ${production.labelled} labelled answers`;
  if (pAcc - cAcc > policy.maxAccuracyDrop) {
    return { action: 'rollback', reason: `canary accuracy ${pct(cAcc)} is ${pts(pAcc - cAcc)} below production's ${pct(pAcc)}, beyond the ${marginWords(policy.maxAccuracyDrop)}, ${samples} at ${state.percent}%` };
  }
  const gap = cAcc >= pAcc ? `${pts(cAcc - pAcc)} above` : `${pts(pAcc - cAcc)} below, within the ${marginWords(policy.maxAccuracyDrop)}`;
  const why = `canary step ${state.percent}% passed: accuracy ${pct(cAcc)} vs production's ${pct(pAcc)} (${gap}) ${samples} (at least ${policy.stepLabels} each); error rate ${pct(errorRate)}`;
  const next = policy.steps[state.step + 1];
  return next === undefined ? { action: 'promote', reason: why } : { action: 'next', percent: next, reason: why };
}

/** Judges a shadow run: the candidate's shadow answers scored against their labels. */
export function judgeShadow(policy: Extract<RolloutPolicy, { kind: 'shadow' }>, shadow: ArmStats, production: ArmStats): RolloutVerdict {
  if (shadow.labelled < policy.requests) return { action: 'wait' };
  const sAcc = shadow.correct / shadow.labelled;
  const pAcc = production.labelled > 0 ? production.correct / production.labelled : 0;
  if (pAcc - sAcc > policy.maxAccuracyDrop) return { action: 'rollback', reason: `shadow accuracy ${pct(sAcc)} is ${pct(pAcc - sAcc)} below production's ${pct(pAcc)} on the same ${shadow.labelled} requests` };
  return { action: 'promote', reason: `shadow accuracy ${pct(sAcc)} vs production ${pct(pAcc)} on the same ${shadow.labelled} requests` };
}
