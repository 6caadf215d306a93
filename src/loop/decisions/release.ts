/**
 * From a trained candidate to what serves: the version event, the promotion gate, then a direct
 * promotion or a trial (trial.ts); and the learner's promote, rollback and deploy. The endpoint
 * switches and the registry records each move (serving/endpoint.ts keeps the two in one queue).
 */
import type { GateResult } from '../../registry/index';
import type { Window } from '../engine/buffer';
import type { LoopContext } from '../engine/context';
import { explainGate } from './gate';
import { earlierVersionFits } from './recurring';
import type { Policy } from './policy';
import type { Candidate, TrainFaults, TrainingRuns, TrainRequest } from './training';
import type { Trial } from './trial';

/** The outcome of a training run. */
export interface TrainOutcome {
  version: string | null;
  gate: GateResult | null;
  deployed: boolean;
  error?: string;
}

/** What the release flow needs from the Lab. */
export interface ReleaseHost extends Pick<LoopContext, 'events' | 'endpoint' | 'registry' | 'policy' | 'time' | 'position' | 'setStation' | 'decide'> {
  readonly trial: Trial;
  readonly training: TrainingRuns;
  /** A candidate was registered: the Lab records its size, its reference rows and its calibrator. */
  registered(candidate: Candidate): void;
}

/** See the file comment. */
export class ReleaseFlow {
  constructor(private readonly host: ReleaseHost) {}

  /** Trains a candidate on `window`, gates it (unless a drill skips the gate) and deploys it when it passes. */
  async trainOn(window: Window, request: TrainRequest, actor: string, faults: TrainFaults & { skipGate?: boolean } = {}): Promise<TrainOutcome> {
    const { host } = this;
    const candidate = await host.training.train(window, request, { learningRate: faults.learningRate ?? null, ...(faults.scrambleLabels ? { scrambleLabels: true } : {}) });
    if ('error' in candidate) return { version: null, gate: null, deployed: false, error: candidate.error };
    return this.release(candidate, request, actor, faults.skipGate === true);
  }

  /**
   * Takes a registered candidate (trained here, or handed in from the trainer panel) through the
   * version event, the gate (unless a drill skips it) and the rollout.
   */
  async release(candidate: Candidate, request: TrainRequest, actor: string, skipGate = false): Promise<TrainOutcome> {
    const { host } = this;
    const { version } = candidate;
    host.registered(candidate);
    host.events.emit({ type: 'version', t: host.time(), index: host.position() - 1, version: { id: version.id, parent: version.parent, trigger: version.trigger, evaluation: version.evaluation, data: version.data } });
    if (skipGate) {
      host.decide('gate', `gate skipped: ${request.reason}`, actor, { version: version.id });
      const deployed = await this.deploy(version.id, host.policy().rollout, actor, null);
      return { version: version.id, gate: null, deployed };
    }
    const gate = await host.training.gate(candidate);
    // A recurring concept: an earlier version that fits the same rows is pointed out (recurring.ts).
    const reuse = await earlierVersionFits(host.registry(), version.id, host.registry().current('production'), candidate.holdout, gate);
    host.decide('gate', reuse ? `${explainGate(gate)}. ${reuse.sentence}` : explainGate(gate), actor, { version: version.id, gate });
    if (!gate.passed) {
      host.decide('reject', `${version.id} not deployed: ${explainGate(gate)}`, actor, { version: version.id, gate });
      host.setStation('observe', 'candidate rejected; production unchanged');
      return { version: version.id, gate, deployed: false };
    }
    try {
      const deployed = await this.deploy(version.id, host.registry().list().length === 1 ? { kind: 'direct' } : host.policy().rollout, actor, gate);
      return { version: version.id, gate, deployed };
    } catch (error) {
      // A version that fails to load or warm up is not served, and nothing was moved or recorded.
      return { version: version.id, gate, deployed: false, error: (error as Error).message };
    }
  }

  /** Promotes a version to production now, bypassing any rollout (the gate result, if any, is recorded). */
  async promote(version: string, reason: string, actor: string, gate: GateResult | null): Promise<void> {
    const { host } = this;
    host.registry().get(version);
    host.setStation('deploy', `promoting ${version}`);
    // Atomic: the endpoint loads and warms the version, then the production move and the release
    // record enter the history in the same turn as it switches; a failed warm-up moves nothing.
    try {
      await host.endpoint().promote(version, { reason, actor, approver: actor, gate, simTime: host.time() });
    } catch (error) {
      host.decide('reject', `${version} not promoted: ${(error as Error).message}`, actor, { version });
      host.setStation('observe', 'promotion failed; production unchanged');
      throw error;
    }
    const deployed = host.endpoint().deployed();
    if (deployed.candidate === version || deployed.shadow === version) await host.trial.clear('promoted');
    host.decide('promote', reason, actor, { version, ...(gate ? { gate } : {}) });
    host.setStation('observe', 'watching the new production version');
  }

  /** Moves production back one entry of its history (one step). */
  async rollback(reason: string, actor: string): Promise<string | null> {
    const { host } = this;
    host.setStation('deploy', 'rolling back production');
    const move = await host.endpoint().rollback('production', { reason, actor, simTime: host.time() });
    host.decide('rollback', reason, actor, move.version ? { version: move.version } : {});
    host.setStation('observe', 'watching the restored version');
    return move.version;
  }

  /** Starts a canary or shadow trial of a registered version, or promotes it (direct). */
  async deploy(version: string, rollout: Policy['rollout'], actor: string, gate: GateResult | null): Promise<boolean> {
    const { host } = this;
    host.registry().get(version);
    if (host.trial.state.phase !== 'idle') await host.trial.abort(`replaced by ${version}`, actor);
    if (rollout.kind === 'direct') {
      await this.promote(version, gate ? explainGate(gate) : 'direct deploy', actor, gate);
      return true;
    }
    await host.trial.start(version, rollout, actor, gate);
    return false;
  }
}
