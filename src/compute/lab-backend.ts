/**
 * The backend a Lab trains (and serves) on: its backend policy applied through the realm's Compute,
 * once before the first model is built, again when a model needs a kernel the backend lacks, and
 * again after the backend was lost. Each training run asks `prepare()` first and records what it
 * answers (the version's lineage: backend, policy, the sentence the badge shows, why it fell back).
 *
 * A Lab whose config names no policy keeps the realm's active backend and chooses nothing: Node
 * scripts and tests set it themselves (`npm run simulate --backend`). The realm's default policy
 * (`setDefaultLabBackend`, policies.ts) fills a missing one: the Lab worker and the in-page Lab of a browser set
 * it to `gpu-first`.
 */
import * as tf from '@tensorflow/tfjs';
import { getCompute, type Compute, type ProbeWorkload } from './compute';
import { BACKEND_LABELS } from './describe';
import { settleBackendInit } from './backends';
import type { BackendChoice, BackendLoss, BackendName, BackendPolicy } from './types';

/** How the backend of a training run was chosen, as a version's lineage keeps it. */
export interface BackendUse {
  /** The backend the run trained on. */
  backend: BackendName;
  /** The policy it was chosen by; `active` when the Lab chose nothing (the realm's backend as set). */
  policy: BackendPolicy | 'active';
  /** The sentence for the badge: what runs and why. */
  message: string;
  /** Why it is not the policy's first preference, in plain words; absent when it is. */
  fallbackReason?: string;
  /** The loss this choice was made again after. */
  lost?: BackendLoss;
}

/** What the policy trains: the kernels a model needs, and the probe `fastest` measures. */
export interface LabWorkload {
  kernels: readonly string[];
  probe: () => ProbeWorkload;
}

/** The lineage record of a choice. */
export function backendUseOf(choice: BackendChoice): BackendUse {
  return {
    backend: choice.backend,
    policy: choice.policy,
    message: choice.message,
    ...(choice.fallbackReason ? { fallbackReason: choice.fallbackReason } : {}),
    ...(choice.lost ? { lost: { ...choice.lost } } : {}),
  };
}

/** One Lab's use of the realm's backend; see the file comment. */
export class LabBackend {
  private use: BackendUse | null = null;
  private lastChoice: BackendChoice | null = null;

  constructor(
    /** The Lab's policy, or null to keep the realm's active backend. */
    readonly policy: BackendPolicy | null,
    private readonly workload: () => LabWorkload,
    private readonly compute: Compute = getCompute(),
  ) {}

  /** The last answer of `prepare` (null before the first). */
  get current(): BackendUse | null {
    return this.use;
  }

  /**
   * Makes the Lab's backend the active one and says what it is: chooses by policy the first time
   * (or when another Lab of the realm chose since), chooses again after a loss, and when the model
   * needs a kernel the backend lacks. Never throws for a backend that will not start: the policy
   * falls back (cpu always starts).
   */
  async prepare(): Promise<BackendUse> {
    if (this.policy === null) {
      await settleBackendInit();
      if (tf.getBackend() === undefined) await tf.ready();
      const backend = tf.getBackend() as BackendName;
      this.use = { backend, policy: 'active', message: `Training on ${BACKEND_LABELS[backend]}, the backend this process set` };
      return this.use;
    }
    const choice = this.compute.choice;
    const ours = choice !== null && choice === this.lastChoice;
    if (ours && this.compute.lost) return this.recover();
    const { kernels } = this.workload();
    if (!ours || !this.compute.supports(kernels) || tf.getBackend() !== choice.backend) return this.adopt(await this.choose());
    return this.use as BackendUse;
  }

  /** Throws a BackendLostError if the active backend was lost (the trainer calls it every batch). */
  check(): void {
    if (this.policy !== null) this.compute.check();
  }

  /** Aborts when the active backend is lost. */
  get lostSignal(): AbortSignal {
    return this.policy !== null ? this.compute.lostSignal : new AbortController().signal;
  }

  /**
   * After a loss: the lost backend is thrown away and the policy chosen again (the new choice names
   * the loss). Without a policy, the realm's backend as it is now.
   */
  async recover(): Promise<BackendUse> {
    if (this.policy === null) return this.prepare();
    const choice = this.compute.lost ? await this.compute.recover() : await this.choose();
    return this.adopt(choice);
  }

  private async choose(): Promise<BackendChoice> {
    const policy = this.policy as BackendPolicy;
    const { kernels, probe } = this.workload();
    return this.compute.choose(policy, { requiredKernels: kernels, ...(policy === 'fastest' ? { probe: probe() } : {}) });
  }

  private adopt(choice: BackendChoice): BackendUse {
    this.lastChoice = choice;
    this.use = backendUseOf(choice);
    return this.use;
  }
}
