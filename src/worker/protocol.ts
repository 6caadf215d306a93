/**
 * The trainer's message protocol: commands in, events out. The same messages flow whether the host
 * runs in a dedicated Web Worker (the default in the browser) or in the page, so a view cannot tell
 * the difference. Hand-written rather than a library such as Comlink: it is a dozen plain,
 * structured-clone-safe message types, and events (progress, backend changes) are first-class here,
 * where an RPC proxy would need callbacks proxied across the boundary.
 */
import type { BackendChoice, BackendName, BackendPolicy, MemorySnapshot } from '../compute/index';
import type { SerializedLabError } from '../errors';
import type { BatchLog, EpochLog, JobSummary, TrainingJob } from '../model/index';
import type { TrainerSurface } from './training-surface';

/** Commands a client sends. `requestId` is unique per client; the reply carries it back. */
export type TrainerCommand =
  | { type: 'choose-backend'; requestId: number; policy: BackendPolicy; job?: TrainingJob }
  | { type: 'train'; requestId: number; job: TrainingJob }
  | { type: 'abort'; requestId: number; runId: number }
  | { type: 'status'; requestId: number }
  /** The last trained model as TF.js artifacts with its job and backend (to deploy it to the lab). */
  | { type: 'export-model'; requestId: number };

/** A finished run: the summary and the backend it really ran on (`tf.getBackend()` at the end). */
export interface RunOutcome {
  summary: JobSummary;
  backend: BackendName;
}

/** What the host holds right now. */
export interface HostStatus {
  choice: BackendChoice | null;
  /** runId of the run in progress, or null. */
  running: number | null;
  memory: MemorySnapshot;
  /** Tensors held by the last trained model (its weights). */
  modelTensors: number;
}

/** Events the host emits. A run's id is the requestId of its `train` command. */
export type TrainerEvent =
  | { type: 'backend'; choice: BackendChoice }
  | { type: 'run-started'; runId: number; job: TrainingJob; backend: BackendName }
  | { type: 'batch'; runId: number; log: BatchLog }
  | { type: 'epoch'; runId: number; log: EpochLog }
  /** The live decision surface (2-D data only), every few hundred milliseconds of a run and at its end. */
  | { type: 'surface'; runId: number; surface: TrainerSurface }
  | { type: 'run-finished'; runId: number; outcome: RunOutcome }
  | { type: 'run-failed'; runId: number; error: SerializedLabError }
  | { type: 'reply'; requestId: number; ok: true; value: unknown }
  | { type: 'reply'; requestId: number; ok: false; error: SerializedLabError };
