/**
 * The page side of the trainer: sends commands, turns replies into promises and fans events out to
 * subscribers. It talks to a host in a dedicated module Worker (the default, so training never
 * freezes the page) or to a host in this realm.
 */
import type { BackendChoice, BackendPolicy } from '../compute/index';
import { deserializeLabError, LabError, type SerializedLabError } from '../errors';
import type { TrainingJob } from '../model/index';
import type { HostStatus, RunOutcome, TrainerCommand, TrainerEvent } from './protocol';
import type { TrainedModel } from '../loop/decisions/outside-model';

/** Moves messages between a client and its host. */
export interface TrainerTransport {
  send(command: TrainerCommand): void;
  /** Registers the client's event handler (called once). */
  listen(onEvent: (event: TrainerEvent) => void, onFatal: (error: LabError) => void): void;
  close(): void;
}

/** A training run in progress. */
export interface TrainingRun {
  readonly runId: number;
  /** Resolves when the run finishes; rejects with a typed LabError (aborted, diverged, backend lost...). */
  readonly done: Promise<RunOutcome>;
  /** Asks the host to stop; `done` then rejects with code `training-aborted`. */
  abort(): void;
}

/** What a view needs from a trainer: commands as methods, events by subscription. */
export interface TrainingPort {
  /** The last backend choice the host announced, or null before the first. */
  readonly backend: BackendChoice | null;
  chooseBackend(policy: BackendPolicy, job?: TrainingJob): Promise<BackendChoice>;
  train(job: TrainingJob): TrainingRun;
  status(): Promise<HostStatus>;
  /** The last trained model (TF.js artifacts), its job and backend; rejects with `no-model` before a run finished. */
  exportModel(): Promise<TrainedModel>;
  subscribe(listener: (event: TrainerEvent) => void): () => void;
  dispose(): void;
}

/** A TrainingPort over any transport. */
export class TrainingClient implements TrainingPort {
  private nextId = 1;
  private closed = false;
  private lastChoice: BackendChoice | null = null;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: LabError) => void }>();
  private readonly listeners = new Set<(event: TrainerEvent) => void>();

  constructor(private readonly transport: TrainerTransport) {
    transport.listen(
      (event) => this.onEvent(event),
      (error) => this.failAll(error),
    );
  }

  get backend(): BackendChoice | null {
    return this.lastChoice;
  }

  chooseBackend(policy: BackendPolicy, job?: TrainingJob): Promise<BackendChoice> {
    return this.request<BackendChoice>((requestId) => (job ? { type: 'choose-backend', requestId, policy, job } : { type: 'choose-backend', requestId, policy }));
  }

  train(job: TrainingJob): TrainingRun {
    let runId = 0;
    const done = this.request<RunOutcome>((requestId) => {
      runId = requestId;
      return { type: 'train', requestId, job };
    });
    return {
      runId,
      done,
      abort: () => {
        void this.request((requestId) => ({ type: 'abort', requestId, runId })).catch(() => undefined);
      },
    };
  }

  status(): Promise<HostStatus> {
    return this.request<HostStatus>((requestId) => ({ type: 'status', requestId }));
  }

  exportModel(): Promise<TrainedModel> {
    return this.request<TrainedModel>((requestId) => ({ type: 'export-model', requestId }));
  }

  subscribe(listener: (event: TrainerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    if (this.closed) return;
    this.failAll(new LabError('worker-failed', 'The trainer was closed.'));
    this.closed = true;
    this.transport.close();
  }

  private request<T>(build: (requestId: number) => TrainerCommand): Promise<T> {
    if (this.closed) return Promise.reject(new LabError('worker-failed', 'The trainer was closed.'));
    const requestId = this.nextId++;
    const command = build(requestId);
    const promise = new Promise<T>((resolve, reject) => this.pending.set(requestId, { resolve: resolve as (v: unknown) => void, reject }));
    this.transport.send(command);
    return promise;
  }

  private onEvent(event: TrainerEvent): void {
    if (event.type === 'reply') {
      const waiter = this.pending.get(event.requestId);
      this.pending.delete(event.requestId);
      if (event.ok) waiter?.resolve(event.value);
      else waiter?.reject(deserializeLabError(event.error));
      return;
    }
    if (event.type === 'backend') this.lastChoice = event.choice;
    for (const listener of this.listeners) listener(event);
  }

  private failAll(error: LabError): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
    const serialized: SerializedLabError = error.toJSON();
    for (const listener of this.listeners) listener({ type: 'run-failed', runId: -1, error: serialized });
  }
}

/** A transport to a host in a dedicated module Worker. */
export function workerTransport(worker: Worker): TrainerTransport {
  return {
    send: (command) => worker.postMessage(command),
    listen: (onEvent, onFatal) => {
      worker.addEventListener('message', (e: MessageEvent<TrainerEvent>) => onEvent(e.data));
      worker.addEventListener('error', (e: ErrorEvent) => {
        e.preventDefault();
        onFatal(new LabError('worker-failed', `The training worker failed: ${e.message || 'it could not start'}.`));
      });
      worker.addEventListener('messageerror', () => onFatal(new LabError('worker-failed', 'The training worker sent a message that could not be read.')));
    },
    close: () => worker.terminate(),
  };
}

/** Starts the trainer in a dedicated module Worker (the browser default). */
export function createWorkerTrainingClient(): TrainingClient {
  const worker = new Worker(new URL('./training-worker.ts', import.meta.url), { type: 'module', name: 'mlops-trainer' });
  return new TrainingClient(workerTransport(worker));
}
