/**
 * The backend chooser: applies a policy, records every fallback with its reason, watches the chosen
 * GPU backend for loss, and chooses again after a loss. TF.js has one engine per realm (page or
 * worker), so there is one Compute per realm: `getCompute()`.
 */
import { InvalidInputError, LabError } from '../errors';
import { describeChoice } from './describe';
import { BackendWatch } from './health';
import { missingKernels, retireBackend, softwareGpu, startBackend, type StartResult } from './backends';
import { BACKEND_POLICIES, BACKENDS, type BackendAttempt, type BackendChoice, type BackendLoss, type BackendName, type BackendPolicy, type ProbeRow } from './types';

/** A workload the `fastest` policy runs on each backend: it measures training on the current model. */
export interface ProbeWorkload {
  /** Runs on the active backend; resolves with median throughput and the first step's time. */
  measure(backend: BackendName): Promise<{ samplesPerSec: number; warmupMs: number }>;
}

/** Options for `Compute.choose`. */
export interface ChooseOptions {
  /** Required by the `fastest` policy; ignored by the others. */
  probe?: ProbeWorkload;
  /** Only these backends are considered (default: all four). */
  candidates?: readonly BackendName[];
  /**
   * TF.js kernels the model needs to train (`trainingKernels(spec)` in src/model). A backend that lacks
   * one is skipped with the reason `missing-kernels`, so a learner is never told "training on WASM"
   * for a network WASM cannot train.
   */
  requiredKernels?: readonly string[];
}

function attemptOf(result: StartResult): BackendAttempt {
  const { info: _info, ...attempt } = result;
  return attempt;
}

/** The failed attempt for a backend that lacks kernels, or null when it has them all. */
function kernelGap(backend: BackendName, kernels: readonly string[] | undefined): StartResult | null {
  const missing = missingKernels(backend, kernels ?? []);
  if (missing.length === 0) return null;
  return { backend, ok: false, reason: 'missing-kernels', detail: `no ${missing.join(', ')} kernel${missing.length > 1 ? 's' : ''}` };
}

/** The skipped attempt for a GPU backend that is emulated in software, or null to go ahead. */
async function softwareSkip(backend: BackendName): Promise<StartResult | null> {
  if (backend !== 'webgpu' && backend !== 'webgl') return null;
  const emulated = await softwareGpu(backend);
  return emulated ? { backend, ok: false, reason: 'software-gpu', detail: emulated } : null;
}

/** Chooses and watches the TF.js backend of one realm. */
export class Compute {
  private current: BackendChoice | null = null;
  private watch: BackendWatch | null = null;
  private lastOptions: ChooseOptions = {};
  private readonly listeners = new Set<(choice: BackendChoice) => void>();

  /** The current choice, or null before the first `choose`. */
  get choice(): BackendChoice | null {
    return this.current;
  }

  /** Aborts when the active backend is lost (reason: a BackendLostError). */
  get lostSignal(): AbortSignal {
    return this.watch?.signal ?? new AbortController().signal;
  }

  /** The loss of the active backend, if it was lost. */
  get lost(): BackendLoss | null {
    return this.watch?.lost ?? null;
  }

  /** Whether the active backend has every one of `kernels` (false before the first choice). */
  supports(kernels: readonly string[]): boolean {
    return this.current !== null && missingKernels(this.current.backend, kernels).length === 0;
  }

  /** Throws a BackendLostError if the active backend was lost. Call it once per batch. */
  check(): void {
    this.watch?.check();
  }

  /** Called with every new choice; returns the unsubscribe function. */
  subscribe(listener: (choice: BackendChoice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Chooses a backend by policy, makes it active and starts watching it. */
  async choose(policy: BackendPolicy, options: ChooseOptions = {}): Promise<BackendChoice> {
    if (!BACKEND_POLICIES.includes(policy)) throw new InvalidInputError('invalid-policy', 'policy', `must be one of ${BACKEND_POLICIES.join(', ')}, got ${JSON.stringify(policy)}`);
    this.lastOptions = options;
    const candidates = options.candidates ?? BACKENDS;
    const kernels = options.requiredKernels;
    const outcome = policy === 'fastest' ? await this.chooseFastest(candidates, options.probe, kernels) : await this.chooseInOrder(policy, candidates, kernels);
    return this.adopt({ policy, ...outcome });
  }

  /**
   * After a loss: throws the lost backend away (a new context or device will be made on its next
   * start) and chooses again with the same policy. The new choice records the loss.
   */
  async recover(): Promise<BackendChoice> {
    const loss = this.lost;
    const policy = this.current?.policy ?? 'gpu-first';
    if (this.current) {
      this.watch?.dispose();
      this.watch = null;
      retireBackend(this.current.backend);
    }
    const choice = await this.choose(policy, this.lastOptions);
    if (!loss) return choice;
    const withLoss: BackendChoice = { ...choice, lost: loss };
    withLoss.message = describeChoice(withLoss);
    this.current = withLoss;
    this.emit(withLoss);
    return withLoss;
  }

  /**
   * Tries backends in order. Only a backend the policy names is used on a software-emulated GPU;
   * gpu-first (and the fallbacks of a named backend) skip one, with the reason `software-gpu`.
   */
  private async chooseInOrder(policy: BackendPolicy, candidates: readonly BackendName[], kernels: readonly string[] | undefined) {
    const order = BACKENDS.includes(policy as BackendName)
      ? [policy as BackendName, ...candidates.filter((b) => b !== policy)]
      : [...candidates];
    if (!order.includes('cpu')) order.push('cpu');
    const attempts: BackendAttempt[] = [];
    for (const name of order) {
      const result = kernelGap(name, kernels) ?? (name !== policy ? await softwareSkip(name) : null) ?? (await startBackend(name));
      attempts.push(attemptOf(result));
      if (result.ok && result.info) return { backend: name, info: result.info, attempts };
    }
    // cpu always starts and has every kernel of our models; reaching here means TF.js itself is broken.
    throw new LabError('backend-unavailable', `No backend can run this: ${describeChoice({ policy, backend: 'cpu', attempts })}.`, { attempts });
  }

  private async chooseFastest(candidates: readonly BackendName[], probe: ProbeWorkload | undefined, kernels: readonly string[] | undefined) {
    if (!probe) throw new Error('the fastest policy needs a probe workload');
    const rows: ProbeRow[] = [];
    for (const name of candidates) {
      const started = kernelGap(name, kernels) ?? (await startBackend(name));
      if (!started.ok) {
        rows.push({ backend: name, available: false, ...(started.reason ? { reason: started.reason } : {}), ...(started.detail ? { detail: started.detail } : {}) });
        continue;
      }
      try {
        const m = await probe.measure(name);
        rows.push({ backend: name, available: true, samplesPerSec: m.samplesPerSec, warmupMs: m.warmupMs });
      } catch (error) {
        rows.push({ backend: name, available: false, reason: 'probe-failed', detail: error instanceof Error ? error.message : String(error) });
      }
    }
    const measured = rows.filter((r) => r.available && r.samplesPerSec !== undefined);
    const best = measured.reduce<ProbeRow | null>((a, r) => (a === null || (r.samplesPerSec ?? 0) > (a.samplesPerSec ?? 0) ? r : a), null);
    const winner = best?.backend ?? 'cpu';
    const started = await startBackend(winner);
    if (!started.ok || !started.info) throw new Error(`the fastest backend (${winner}) would not start again`);
    const attempts: BackendAttempt[] = rows.map((r) => ({ backend: r.backend, ok: r.available, ...(r.reason ? { reason: r.reason } : {}), ...(r.detail ? { detail: r.detail } : {}) }));
    return { backend: winner, info: started.info, attempts, probe: rows };
  }

  private adopt(partial: Omit<BackendChoice, 'message'>): BackendChoice {
    this.watch?.dispose();
    this.watch = new BackendWatch(partial.backend);
    const message = describeChoice(partial);
    const fellBack = partial.policy !== 'fastest' && partial.attempts.some((a) => !a.ok);
    const choice: BackendChoice = { ...partial, message, ...(fellBack ? { fallbackReason: message } : {}) };
    this.current = choice;
    this.emit(choice);
    return choice;
  }

  private emit(choice: BackendChoice): void {
    for (const listener of this.listeners) listener(choice);
  }
}

let realmCompute: Compute | null = null;

/** The Compute of this realm (page, worker or Node process). */
export function getCompute(): Compute {
  realmCompute ??= new Compute();
  return realmCompute;
}
