/**
 * A running trial of a candidate (canary or shadow): it starts the trial on the endpoint, counts what
 * each arm did during the current step (an observer of the per-request path), asks the pure rollout
 * state machine (rollout.ts) after every tick, and moves to the next step, promotes or rolls back.
 */
import type { Alias, GateResult } from '../../registry/index';
import type { LoopContext } from '../engine/context';
import type { AnsweredRequest, JoinedLabel, LoopObserver } from '../engine/observer';
import type { Policy } from './policy';
import { emptyArm, judgeCanary, judgeShadow, type ArmStats, type RolloutState } from './rollout';

/** Simulated latencies kept per arm for its p95. */
const LATENCY_KEEP = 512;

/** What a trial needs from the Lab. */
export interface TrialHost extends Pick<LoopContext, 'endpoint' | 'policy' | 'time' | 'setStation' | 'decide'> {
  /** Promotes the candidate to production (the trial is cleared by the promotion). */
  promote(version: string, reason: string, actor: string, gate: GateResult | null): Promise<void>;
}

interface Arms {
  production: ArmStats;
  candidate: ArmStats;
  latencies: { production: number[]; candidate: number[] };
}

function freshArms(): Arms {
  return { production: emptyArm(), candidate: emptyArm(), latencies: { production: [], candidate: [] } };
}

/** The trial in progress (idle when none); see the file comment. */
export class Trial implements LoopObserver {
  private rollout: RolloutState = { phase: 'idle' };
  private arms: Arms = freshArms();
  private gate: GateResult | null = null;

  constructor(private readonly host: TrialHost) {}

  /** Where the rollout is. */
  get state(): RolloutState {
    return this.rollout;
  }

  /** The candidate of a running canary, else null. */
  get canaryCandidate(): string | null {
    return this.rollout.phase === 'canary' ? this.rollout.candidate : null;
  }

  private armOf(version: string): ArmStats {
    return this.rollout.phase !== 'idle' && version === this.rollout.candidate ? this.arms.candidate : this.arms.production;
  }

  onAnswer(a: AnsweredRequest): void {
    if (this.rollout.phase !== 'canary') return;
    const version = a.version ?? 'none';
    const arm = this.armOf(version);
    arm.answered++;
    if (a.errorKind !== null) {
      arm.errors++;
      return;
    }
    const lat = version === this.rollout.candidate ? this.arms.latencies.candidate : this.arms.latencies.production;
    lat.push(a.simulatedLatencyMs);
    if (lat.length > LATENCY_KEEP) lat.shift();
  }

  onLabel(l: JoinedLabel): void {
    if (this.rollout.phase === 'idle' || !l.version) return;
    const arm = this.armOf(l.version);
    arm.labelled++;
    if (l.predicted === l.truth) arm.correct++;
    if (this.rollout.phase === 'shadow' && l.shadowPredicted !== null) {
      this.arms.candidate.labelled++;
      if (l.shadowPredicted === l.truth) this.arms.candidate.correct++;
    }
  }

  /** Starts a canary or shadow trial of `version` (already registered; any running trial was ended). */
  async start(version: string, rollout: Exclude<Policy['rollout'], { kind: 'direct' }>, actor: string, gate: GateResult | null): Promise<void> {
    const { host } = this;
    const endpoint = host.endpoint();
    host.setStation('deploy', `${rollout.kind} of ${version}`);
    const alias: Alias = rollout.kind === 'canary' ? 'candidate' : 'shadow';
    await endpoint.deploy(version, { alias, reason: `${rollout.kind} trial of ${version}`, actor, simTime: host.time() });
    if (rollout.kind === 'canary') {
      const percent = rollout.steps[0] as number;
      endpoint.setRouting({ mode: 'canary', percent });
      this.rollout = { phase: 'canary', candidate: version, step: 0, percent, startedAt: host.time() };
      host.decide('canary-step', `canary of ${version} starts at ${percent}% of traffic`, actor, { version });
    } else {
      endpoint.setRouting({ mode: 'shadow' });
      this.rollout = { phase: 'shadow', candidate: version, startedAt: host.time() };
      host.decide('shadow', `${version} answers shadow copies of ${rollout.requests} labelled requests before a decision`, actor, { version });
    }
    this.arms = freshArms();
    this.gate = gate;
    host.setStation('observe', 'watching the trial');
  }

  /** Judges the trial after a tick: wait, next canary step, promote, or roll back. */
  async judge(): Promise<void> {
    const r = this.rollout;
    if (r.phase === 'idle') return;
    const policy = this.host.policy().rollout;
    const actor = `policy:${this.host.policy().name}`;
    const p95 = (xs: number[]) => (xs.length ? ([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))] as number) : null);
    this.arms.candidate.latencyP95 = p95(this.arms.latencies.candidate);
    this.arms.production.latencyP95 = p95(this.arms.latencies.production);
    const verdict = r.phase === 'canary' && policy.kind === 'canary' ? judgeCanary(policy, r, this.arms.candidate, this.arms.production) : r.phase === 'shadow' && policy.kind === 'shadow' ? judgeShadow(policy, this.arms.candidate, this.arms.production) : { action: 'rollback' as const, reason: `the policy's rollout is now ${policy.kind}; the ${r.phase} trial stops` };
    if (verdict.action === 'wait') return;
    if (verdict.action === 'next' && r.phase === 'canary') {
      this.rollout = { ...r, step: r.step + 1, percent: verdict.percent };
      this.host.endpoint().setRouting({ mode: 'canary', percent: verdict.percent });
      this.arms = freshArms();
      this.host.decide('canary-step', `${verdict.reason}; next ${verdict.percent}%`, actor, { version: r.candidate });
    } else if (verdict.action === 'promote') {
      await this.host.promote(r.candidate, verdict.reason, actor, this.gate);
    } else if (verdict.action === 'rollback') {
      await this.abort(verdict.reason, actor);
    }
  }

  /** Ends a trial without promotion: traffic back to production, the trial alias cleared, the decision recorded. */
  async abort(reason: string, actor: string): Promise<void> {
    if (this.rollout.phase === 'idle') return;
    const version = this.rollout.candidate;
    await this.clear(reason);
    this.host.decide('rollback', reason, actor, { version });
  }

  /** Clears the trial (after a promotion or an abort): routing back to production, its alias undeployed. */
  async clear(reason: string): Promise<void> {
    const alias: Alias = this.rollout.phase === 'shadow' ? 'shadow' : 'candidate';
    const endpoint = this.host.endpoint();
    endpoint.setRouting({ mode: 'production' });
    if (endpoint.deployed()[alias]) await endpoint.undeploy(alias, { reason, actor: 'lab', simTime: this.host.time() });
    this.rollout = { phase: 'idle' };
    this.arms = freshArms();
  }
}
