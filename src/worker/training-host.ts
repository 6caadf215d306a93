/**
 * The trainer host: owns the realm's backend choice, runs one training job at a time, streams its
 * progress as events, and keeps the last trained model. It runs unchanged in a Web Worker, in the
 * page, or in Node; only its `post` function differs.
 */
import * as tf from '@tensorflow/tfjs';
import { createDataset } from '../../datasets/catalog';
import { DEFAULT_BACKEND_POLICY, getCompute, memorySnapshot, type BackendName, type BackendPolicy, type Compute } from '../compute/index';
import { LabError, toLabError } from '../errors';
import { DEFAULT_MLP, modelShapeFor, runTrainingJob, trainingKernels, trainingProbe, validateJob, type TrainingJob } from '../model/index';
import type { HostStatus, RunOutcome, TrainerCommand, TrainerEvent } from './protocol';
import { modelToArtifacts } from '../registry/artifacts';
import type { TrainedModel } from '../loop/decisions/outside-model';
import { planSurface, takeSurface, TRAINER_SURFACE_MS } from './training-surface';

/** Minimum time between two `batch` events of a run (epoch events are never throttled). */
const BATCH_EVENT_MS = 100;

/** Runs training jobs for one client, by messages. */
export class TrainingHost {
  private running: { runId: number; controller: AbortController } | null = null;
  private model: tf.LayersModel | null = null;
  /** The job and backend of `model`. */
  private trained: { job: TrainingJob; backend: BackendName } | null = null;

  constructor(
    private readonly post: (event: TrainerEvent) => void,
    private readonly compute: Compute = getCompute(),
  ) {
    compute.subscribe((choice) => post({ type: 'backend', choice }));
  }

  /** Handles one command. Never rejects: failures become `reply` events with a typed error. */
  async handle(command: TrainerCommand): Promise<void> {
    try {
      switch (command.type) {
        case 'choose-backend':
          this.reply(command.requestId, await this.chooseBackend(command.policy, command.job));
          break;
        case 'train':
          this.reply(command.requestId, await this.train(command.requestId, command.job));
          break;
        case 'abort':
          if (this.running?.runId === command.runId) this.running.controller.abort();
          this.reply(command.requestId, this.running?.runId === command.runId);
          break;
        case 'status':
          this.reply(command.requestId, this.status());
          break;
        case 'export-model':
          this.reply(command.requestId, await this.exportModel());
          break;
        default:
          throw new LabError('internal', `unknown command ${JSON.stringify((command as { type?: unknown }).type)}`);
      }
    } catch (error) {
      const requestId = (command as { requestId?: number }).requestId ?? -1;
      this.post({ type: 'reply', requestId, ok: false, error: toLabError(error).toJSON() });
    }
  }

  private reply(requestId: number, value: unknown): void {
    this.post({ type: 'reply', requestId, ok: true, value });
  }

  private assertIdle(): void {
    if (this.running) throw new LabError('busy', 'A training run is in progress; stop it or wait for it to finish.');
  }

  private async chooseBackend(policy: BackendPolicy, job?: TrainingJob) {
    this.assertIdle();
    return this.choose(policy, job ? validateJob(job) : undefined);
  }

  /** Chooses by policy a backend that can train the job's model (any backend when there is no job). */
  private async choose(policy: BackendPolicy, job: TrainingJob | undefined) {
    const requiredKernels = job ? trainingKernels(job.model) : [];
    if (policy !== 'fastest') return this.compute.choose(policy, { requiredKernels });
    const spec = job?.model ?? DEFAULT_MLP;
    const shape = modelShapeFor(spec, createDataset(job?.dataset ?? { id: 'moons' }));
    return this.compute.choose('fastest', { probe: trainingProbe(spec, shape, job?.training.batchSize ?? 32), requiredKernels });
  }

  private async train(runId: number, untrusted: TrainingJob): Promise<RunOutcome> {
    this.assertIdle();
    const job = validateJob(untrusted);
    const controller = new AbortController();
    this.running = { runId, controller };
    try {
      if (!this.compute.choice) await this.choose(DEFAULT_BACKEND_POLICY, job);
      else if (this.compute.lost) await this.compute.recover();
      // A backend chosen for another model may lack a kernel this one needs (wasm cannot train a CNN).
      if (!this.compute.supports(trainingKernels(job.model))) await this.choose(this.compute.choice?.policy ?? DEFAULT_BACKEND_POLICY, job);
      const backend = tf.getBackend() as BackendName;
      this.post({ type: 'run-started', runId, job, backend });
      let lastBatchEvent = 0;
      const plan = planSurface(job);
      let lastSurface = -Infinity;
      const { model, summary } = await runTrainingJob(job, {
        onModelEpoch: async (m, log) => {
          const now = performance.now();
          if (!plan || (now - lastSurface < TRAINER_SURFACE_MS && log.epoch > 0)) return;
          lastSurface = now;
          this.post({ type: 'surface', runId, surface: await takeSurface(m, plan, log.epoch) });
        },
        signal: AbortSignal.any([controller.signal, this.compute.lostSignal]),
        check: () => this.compute.check(),
        onBatchEnd: (log) => {
          const now = performance.now();
          if (now - lastBatchEvent < BATCH_EVENT_MS) return;
          lastBatchEvent = now;
          this.post({ type: 'batch', runId, log });
        },
        onEpochEnd: (log) => this.post({ type: 'epoch', runId, log }),
      });
      this.model?.dispose();
      this.model = model;
      this.trained = { job, backend: tf.getBackend() as BackendName };
      if (plan) this.post({ type: 'surface', runId, surface: await takeSurface(model, plan, summary.epochsRun - 1) });
      const outcome: RunOutcome = { summary, backend: tf.getBackend() as BackendName };
      this.post({ type: 'run-finished', runId, outcome });
      return outcome;
    } catch (error) {
      const labError = toLabError(error);
      this.post({ type: 'run-failed', runId, error: labError.toJSON() });
      if (labError.code === 'backend-lost') {
        this.model?.dispose();
        this.model = null;
        this.trained = null;
        await this.compute.recover();
      }
      throw labError;
    } finally {
      this.running = null;
    }
  }

  /** The last trained model as TF.js artifacts, its job and the backend it trained on. */
  private async exportModel(): Promise<TrainedModel> {
    if (!this.model || !this.trained) throw new LabError('invalid-lab-command', 'There is no trained model yet: train one first, then deploy it.');
    const artifacts = await modelToArtifacts(this.model);
    return { artifacts, job: this.trained.job, backend: this.trained.backend, ...(this.compute.choice ? { backendPolicy: this.compute.choice.policy } : {}) };
  }

  private status(): HostStatus {
    return {
      choice: this.compute.choice,
      running: this.running?.runId ?? null,
      memory: memorySnapshot(),
      modelTensors: this.model ? this.model.weights.length : 0,
    };
  }
}
