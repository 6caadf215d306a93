/**
 * The page side of the Lab, without the Lab: the client (commands as methods returning promises, lab
 * events and snapshots by subscription), the transport interface, and the transport to a LabHost in a
 * dedicated module Worker. Nothing here imports the Lab or TensorFlow.js, so a view that only shows
 * data (or replays a recorded run) loads none of it; the in-page host lives in lab-client.ts.
 */
import { deserializeLabError, LabError } from '../errors';
import type { DrillRun, IncidentKind, LabConfig, LabEvent, LabSnapshot, Policy } from '../loop/index';
import type { InferTarget, RoutingPolicy } from '../serving/index';
import type { CommandArgs, LabCommand, LabCommandTable, LabCommandType, LabHostEvent, LabReplies } from './lab-protocol';
import { ComparePool } from './compare-pool';

/** Moves messages between a client and its host. */
export interface LabTransport {
  send(command: LabCommand): void;
  listen(onEvent: (event: LabHostEvent) => void, onFatal: (error: LabError) => void): void;
  close(): void;
}

type Body<K extends LabCommandType> = CommandArgs<K>;

/** A Lab behind messages. */
export class LabClient {
  private nextId = 1;
  private closed = false;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: LabError) => void }>();
  private readonly eventListeners = new Set<(event: LabEvent) => void>();
  private readonly snapshotListeners = new Set<(snapshot: LabSnapshot) => void>();
  private readonly errorListeners = new Set<(error: LabError) => void>();
  /** Runs a compare's policies in parallel on more Lab workers (compare-pool.ts); null: this client's host runs them one after another. */
  private readonly comparePool: ComparePool | null;

  /** @param options.comparePool a worker client's compare pool (compare-pool.ts); absent: no pool. */
  constructor(
    private readonly transport: LabTransport,
    options: { comparePool?: ComparePool } = {},
  ) {
    this.comparePool = options.comparePool ?? null;
    transport.listen(
      (event) => this.onEvent(event),
      (error) => this.failAll(error),
    );
  }

  /** Creates the lab (and trains and deploys its first version). */
  create(config: LabConfig): Promise<LabSnapshot> {
    return this.request('create', { config });
  }
  /** Runs the stream for `seconds` simulated seconds. */
  step(seconds: number): Promise<LabSnapshot> {
    return this.request('step', { seconds });
  }
  /** Runs until `requests` more requests were sent. */
  run(requests: number): Promise<LabSnapshot> {
    return this.request('run', { requests });
  }
  /** Streams continuously at `speed` simulated seconds per real second. */
  play(speed: number): Promise<null> {
    return this.request('play', { speed });
  }
  pause(): Promise<LabSnapshot> {
    return this.request('pause', {});
  }
  setPolicy(policy: string | Policy): Promise<Policy> {
    return this.request('set-policy', { policy });
  }
  setRouting(routing: RoutingPolicy): Promise<null> {
    return this.request('set-routing', { routing });
  }
  retrain(reason?: string): Promise<LabReplies['retrain']> {
    return this.request('retrain', reason === undefined ? {} : { reason });
  }
  promote(version: string, reason?: string): Promise<null> {
    return this.request('promote', reason === undefined ? { version } : { version, reason });
  }
  rollback(reason?: string): Promise<string | null> {
    return this.request('rollback', reason === undefined ? {} : { reason });
  }
  injectIncident(incident: IncidentKind): Promise<null> {
    return this.request('inject-incident', { incident });
  }
  snapshot(): Promise<LabSnapshot> {
    return this.request('snapshot', {});
  }
  /**
   * Sends a raw request (any JSON) to the lab's endpoint; resolves with its answer or error response
   * (never rejects for a bad request). `target` ({ model, version }) pins a deployed version; an
   * unknown model or undeployed version is answered with the endpoint's 404 (`unknown-model`).
   */
  infer(request: unknown, target?: InferTarget): Promise<LabReplies['infer']> {
    return this.request('infer', target ? { request, target } : { request });
  }
  /** The decision surface on a `size` x `size` grid (2-D numeric datasets; rejects with a typed error otherwise). */
  surface(size?: number): Promise<LabReplies['surface']> {
    return this.request('surface', size === undefined ? {} : { size });
  }
  /** Open Inference Protocol: whether the endpoint is live. */
  live(): Promise<LabReplies['live']> {
    return this.request('live', {});
  }
  /** Open Inference Protocol: whether the endpoint (no model named) or a model and version is ready (a 404 error response for an unknown one). */
  ready(model?: string, version?: string): Promise<LabReplies['ready']> {
    return this.request('ready', { ...(model !== undefined ? { model } : {}), ...(version !== undefined ? { version } : {}) });
  }
  /** Open Inference Protocol: a model's metadata (name, versions, platform, inputs, outputs), or a 404 error response. */
  metadata(model?: string, version?: string): Promise<LabReplies['metadata']> {
    return this.request('metadata', { ...(model !== undefined ? { model } : {}), ...(version !== undefined ? { version } : {}) });
  }
  /** The whole session (config, every version with its weights, the deployment history, the release records) as one JSON-ready object. */
  exportSession(): Promise<LabReplies['export-session']> {
    return this.request('export-session', {});
  }
  /** Replaces the lab with one restored from a session file (checked first; a bad file rejects with a SessionError and changes nothing). The stream starts from its beginning. */
  importSession(session: string | object): Promise<LabSnapshot> {
    return this.request('import-session', { session });
  }
  /** The traffic log (the last answered requests, with labels once known) as CSV or JSON Lines text. */
  exportLog(format: 'csv' | 'jsonl'): Promise<string> {
    return this.request('export-log', { format });
  }
  /**
   * What if? Runs 2 to 4 policies on the same stream (the lab's config, or `options.config` without a
   * lab), or forks the lab's run at `options.forkAt` into each policy; the lab is untouched. A worker
   * client runs a compare with its own config on several workers at once (compare-pool.ts; the same
   * result). `only`: just that run of the compare (a pool's share).
   */
  compare(policies: (string | Policy)[], options: { config?: LabConfig; forkAt?: number; settings?: LabCommandTable['compare']['args']['settings']; only?: number; firstFits?: LabCommandTable['compare']['args']['firstFits'] } = {}): Promise<LabReplies['compare']> {
    if (this.comparePool?.splits(policies, options) && !this.closed) return this.comparePool.compare(this, policies, { config: options.config as LabConfig, ...(options.settings !== undefined ? { settings: options.settings } : {}) });
    return this.request('compare', { policies, ...(options.config !== undefined ? { config: options.config } : {}), ...(options.forkAt !== undefined ? { forkAt: options.forkAt } : {}), ...(options.settings !== undefined ? { settings: options.settings } : {}), ...(options.only !== undefined ? { only: options.only } : {}), ...(options.firstFits !== undefined ? { firstFits: options.firstFits } : {}) });
  }
  /** A compare's first-version fit, made once in this worker for the runs a compare pool gives to others (compare-pool.ts). */
  compareFirstFits(policies: (string | Policy)[], options: { config: LabConfig; settings?: LabCommandTable['compare']['args']['settings'] }): Promise<LabReplies['compare-first-fits']> {
    return this.request('compare-first-fits', { policies, config: options.config, ...(options.settings !== undefined ? { settings: options.settings } : {}) });
  }
  /**
   * Deploys a model trained in the trainer panel (its artifacts, job and backend, as the trainer's
   * `exportModel` gives them): registered as a version, gated against production, released by the
   * policy. Rejects with a clear `invalid-lab-command` error when it does not fit the running lab.
   */
  deployModel(model: CommandArgs<'deploy-model'>['model']): Promise<LabReplies['deploy-model']> {
    return this.request('deploy-model', { model });
  }
  /** One version as a one-file export (TF.js layers-model JSON with its weights in base64 and its metadata), as JSON text. */
  exportVersion(version: string): Promise<string> {
    return this.request('export-version', { version });
  }
  /** Registers a one-file version export (its JSON text) as a new version, not deployed; a bad file rejects with its ImportError and registers nothing. */
  importVersion(file: string): Promise<LabReplies['import-version']> {
    return this.request('import-version', { file });
  }
  runDrill(drill: IncidentKind, seed = 1): Promise<DrillRun> {
    return this.request('run-drill', { drill, seed });
  }
  answerDrill(run: DrillRun, answer: string): Promise<LabReplies['answer-drill']> {
    return this.request('answer-drill', { run, answer });
  }

  /** Lab events (station, version, alias, alert, drift, decision, ...). */
  onLabEvent(listener: (event: LabEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }
  /** Throttled snapshots (at most ~20 a second). */
  onSnapshot(listener: (snapshot: LabSnapshot) => void): () => void {
    this.snapshotListeners.add(listener);
    return () => this.snapshotListeners.delete(listener);
  }
  /** Failures outside a command (a play slice that threw, the worker dying). */
  onError(listener: (error: LabError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /**
   * Closes the lab at once, whatever it is doing: the transport is closed (a worker is terminated on
   * the spot, with every model in it; an in-page host disposes its lab after the command it is in),
   * and every pending command, an in-flight `create` included, rejects with "The lab was closed.".
   * It does not wait for the host: a host busy training would answer only once it is done.
   */
  dispose(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.transport.close();
    void this.comparePool?.dispose();
    this.failAll(new LabError('worker-failed', 'The lab was closed.'));
    return Promise.resolve();
  }

  /** True once `dispose` was called (the transport is closed; every command rejects). */
  get isClosed(): boolean {
    return this.closed;
  }

  private request<K extends LabCommandType>(type: K, body: Body<K>): Promise<LabReplies[K]> {
    if (this.closed) return Promise.reject(new LabError('worker-failed', 'The lab was closed.'));
    const requestId = this.nextId++;
    const promise = new Promise<LabReplies[K]>((resolve, reject) => this.pending.set(requestId, { resolve: resolve as (v: unknown) => void, reject }));
    this.transport.send({ ...body, type, requestId } as unknown as LabCommand);
    return promise;
  }

  private onEvent(event: LabHostEvent): void {
    if (event.type === 'reply') {
      const waiter = this.pending.get(event.requestId);
      this.pending.delete(event.requestId);
      if (event.ok) waiter?.resolve(event.value);
      else if (waiter) waiter.reject(deserializeLabError(event.error));
      else for (const l of this.errorListeners) l(deserializeLabError(event.error));
      return;
    }
    if (event.type === 'lab-event') for (const l of this.eventListeners) l(event.event);
    else for (const l of this.snapshotListeners) l(event.snapshot);
  }

  private failAll(error: LabError): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
    for (const l of this.errorListeners) l(error);
  }
}

/**
 * The client method of each command of the table (a command without one is a compile error), so a
 * new command cannot be forgotten on this side.
 */
export const CLIENT_METHODS: { readonly [K in LabCommandType]: keyof LabClient } = {
  create: 'create',
  step: 'step',
  run: 'run',
  play: 'play',
  pause: 'pause',
  'set-policy': 'setPolicy',
  'set-routing': 'setRouting',
  retrain: 'retrain',
  promote: 'promote',
  rollback: 'rollback',
  'inject-incident': 'injectIncident',
  snapshot: 'snapshot',
  'run-drill': 'runDrill',
  'answer-drill': 'answerDrill',
  infer: 'infer',
  surface: 'surface',
  live: 'live',
  ready: 'ready',
  metadata: 'metadata',
  dispose: 'dispose',
  'export-session': 'exportSession',
  'import-session': 'importSession',
  'export-log': 'exportLog',
  compare: 'compare',
  'deploy-model': 'deployModel',
  'export-version': 'exportVersion',
  'compare-first-fits': 'compareFirstFits',
  'import-version': 'importVersion',
};

/** A transport to a LabHost in a dedicated module Worker. */
export function labWorkerTransport(worker: Worker): LabTransport {
  return {
    send: (command) => worker.postMessage(command),
    listen: (onEvent, onFatal) => {
      worker.addEventListener('message', (e: MessageEvent<LabHostEvent>) => onEvent(e.data));
      worker.addEventListener('error', (e: ErrorEvent) => {
        e.preventDefault();
        onFatal(new LabError('worker-failed', `The lab worker failed: ${e.message || 'it could not start'}.`));
      });
      worker.addEventListener('messageerror', () => onFatal(new LabError('worker-failed', 'The lab worker sent a message that could not be read.')));
    },
    close: () => worker.terminate(),
  };
}

/** Starts the Lab in a dedicated module Worker (the browser default). */
export function createWorkerLabClient(options: { comparePool?: 'auto' | 'always' | 'never' } = {}): LabClient {
  const worker = new Worker(new URL('./lab-worker.ts', import.meta.url), { type: 'module', name: 'mlops-lab' });
  // The compare pool's workers are Lab workers too (the same script: one bundle in the one-file build).
  // `auto` splits a compare only with a core for each of its runs (compare-pool.ts); `always` whatever the cores (benches, tests).
  const mode = options.comparePool ?? 'auto';
  const start = () => new LabClient(labWorkerTransport(new Worker(new URL('./lab-worker.ts', import.meta.url), { type: 'module', name: 'mlops-lab-compare' })));
  const comparePool = mode === 'never' ? null : new ComparePool(start, mode === 'always' ? null : (globalThis.navigator?.hardwareConcurrency ?? 1));
  return new LabClient(labWorkerTransport(worker), comparePool ? { comparePool } : {});
}
