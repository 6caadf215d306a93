/**
 * The endpoint: one named model service in front of the registry. It validates requests against the
 * schema, routes them (production, canary, A/B, shadow), micro-batches them per deployed model,
 * answers from a fallback rule when nothing is deployed or the model fails, and keeps per-version
 * statistics. Requests never throw: every one gets exactly one answer or one typed error. The queue
 * per model is bounded (`maxQueueRows`): past it a request gets a 503 instead of waiting forever.
 *
 * Every change of what serves (deploy, promote, rollback, undeploy, restore) runs in ONE serialized
 * operation queue (deployments.ts). A version is loaded and warmed up at every bucket size first; only then does the
 * registry write the alias move (and, for a promotion, the release record), and the endpoint
 * switches in the same synchronous turn as the move enters the history (the registry's commit
 * hook). So every request is answered by the version the history names for its route at the moment
 * it arrived, and a version that fails to load or warm up moves nothing and records nothing.
 * Requests already queued on the old model are answered by it; it is disposed once its queue is
 * empty. Health and metadata follow the protocol (metadata.ts).
 */
import type { DatasetSchema } from '../../datasets/types';
import type { ModelRegistry, PromotionContext } from '../registry/registry';
import type { Alias, AliasMove, ReleaseRecord } from '../registry/types';
import { endpointSettings, type DeployContext, type EndpointOptions, type EndpointSettings, type EndpointStats, type InferTarget, type ServedEvent } from './endpoint-options';
import { answerBlock, type BlockAnswers, type BlockHost } from './block';
import { FeatureEncoder, type EncodedRows } from './encoder';
import { fallbackProbabilities, validateFallback, type FallbackRule } from './fallback';
import { modelMetadata, readiness, serverMetadata, type ModelMetadataResponse, type ModelReadyResponse, type ServerLiveResponse, type ServerMetadataResponse, type ServerReadyResponse } from './metadata';
import { parseInputs, readEnvelope, type RequestLimits } from './parse';
import { errorResponse, isErrorResponse, type EndpointResponse, type ErrorResponse, type InferResponse } from './protocol';
import { inferResponse } from './response';
import { routeOf, validatePolicy, type RoutingPolicy } from './router';
import type { Clock } from './scheduler';
import { Deployments } from './deployments';
import { loadSlot, type Slot } from './slot';
import { compareAnswers, ShadowLog, totalsOf, VersionStats } from './stats';

export type { EndpointOptions, InferTarget, DeployContext, ServedEvent, EndpointStats } from './endpoint-options';

/** The simulated model endpoint. */
export class Endpoint {
  readonly name: string;
  readonly schema: DatasetSchema;
  private readonly registry: ModelRegistry;
  private readonly encoder: FeatureEncoder;
  private readonly settings: EndpointSettings;
  private readonly buckets: number[];
  private readonly maxQueueRows: number;
  private readonly now: Clock;
  private readonly limits: RequestLimits;
  private readonly salt: string;
  private readonly faults: EndpointOptions['faults'];
  private fallback: FallbackRule | null;
  /** The block path's view of this endpoint (made on first use). */
  private block: BlockHost | null = null;
  private policy: RoutingPolicy;
  /** What serves under each alias, and the one queue of operations that change it. */
  private readonly slots: Deployments;
  private readonly stats_ = new Map<string, VersionStats>();
  private readonly shadowLog = new ShadowLog();
  private readonly observers = new Set<(event: ServedEvent) => void>();
  private autoId = 0;
  private disposed = false;
  private batchCount = 0;
  private batchRows = 0;
  /** Wall-clock ms inside the model calls (see `EndpointStats.batches`). */
  private modelMs = 0;

  constructor(options: EndpointOptions) {
    this.settings = endpointSettings(options);
    ({ buckets: this.buckets, maxQueueRows: this.maxQueueRows, now: this.now, limits: this.limits, salt: this.salt } = this.settings);
    this.name = options.name;
    this.registry = options.registry;
    this.schema = options.schema;
    this.encoder = new FeatureEncoder(options.schema);
    this.faults = options.faults;
    this.fallback = options.fallback ? validateFallback(options.fallback, options.schema) : null;
    this.policy = validatePolicy(options.routing ?? { mode: 'production' });
    this.slots = new Deployments(this.registry, (version) => this.load(version));
  }

  /** The routing policy in force. */
  get routing(): RoutingPolicy {
    return this.policy;
  }

  /** Changes the routing policy (throws EndpointConfigError if it is malformed). */
  setRouting(policy: RoutingPolicy): void {
    this.policy = validatePolicy(policy);
  }

  /** Sets or clears the fallback rule. */
  setFallback(rule: FallbackRule | null): void {
    this.fallback = rule ? validateFallback(rule, this.schema) : null;
  }

  /** The version loaded under each alias (null if none). */
  deployed(): Record<Alias, string | null> {
    return this.slots.deployed();
  }

  /** Answers an Open Inference Protocol v2 request. Never throws. */
  infer(request: unknown, target: InferTarget = {}): Promise<EndpointResponse> {
    const start = this.now();
    try {
      const envelope = readEnvelope(request, this.limits);
      if (isErrorResponse(envelope)) return Promise.resolve(this.fail('none', envelope));
      const id = envelope.id ?? `${this.name}-${++this.autoId}`;
      const pick = this.pick(id, target);
      if (isErrorResponse(pick)) return Promise.resolve(this.fail('none', { ...pick, id }));
      const encoded = parseInputs(request as Record<string, unknown>, this.encoder, this.limits);
      return this.serve(id, encoded, pick, start);
    } catch (error) {
      return Promise.resolve(this.fail('none', errorResponse('model-failure', `internal error: ${String(error)}`)));
    }
  }

  /** Convenience: predicts records keyed by feature name (`{x: 0.3, color: "red"}`). Never throws. */
  predict(records: unknown, options: { id?: string } & InferTarget = {}): Promise<EndpointResponse> {
    const start = this.now();
    try {
      const id = options.id ?? `${this.name}-${++this.autoId}`;
      const pick = this.pick(id, options);
      if (isErrorResponse(pick)) return Promise.resolve(this.fail('none', { ...pick, id }));
      return this.serve(id, this.encoder.encodeRecords(records), pick, start);
    } catch (error) {
      return Promise.resolve(this.fail('none', errorResponse('model-failure', `internal error: ${String(error)}`)));
    }
  }

  /**
   * The loop's fast path (block.ts): answers `records[i]` (one record each, id `ids[i]`) as
   * `predict([records[i]], { id: ids[i] })` would, with one promise for the block. Returns null when
   * the block path does not apply and the caller must use `predict` per request: routing other than
   * all-to-production, nothing deployed under production, an `onServed` observer, a predict fault hook,
   * a production queue that is not idle, or a block larger than the queue limit.
   */
  predictBlock(records: readonly unknown[], ids: readonly string[]): Promise<BlockAnswers> | null {
    const slot = this.slots.get('production');
    const n = records.length;
    if (this.policy.mode !== 'production' || !slot || this.observers.size > 0 || this.faults?.predict || !slot.batcher.idle || n > this.maxQueueRows || n === 0) return null;
    return answerBlock(this.blockHost(), slot, records, ids);
  }

  /** The endpoint's ways to count and to fail, as the block path (block.ts) needs them. */
  private blockHost(): BlockHost {
    this.block ??= {
      encoder: this.encoder,
      classes: this.schema.classes.length,
      maxBatchRows: this.settings.maxBatchRows,
      now: () => this.now(),
      statsOf: (version) => this.statsOf(version),
      fail: (version, error, start) => this.fail(version, error, undefined, start),
      modelFailed: (slot, id, error, encoded, start) => {
        const stats = this.statsOf(slot.version);
        stats.counters.modelFailures += 1;
        if (this.fallback) {
          stats.fallback(1);
          return this.fallbackAnswer(id, encoded, 'model-failure', start);
        }
        return this.fail(slot.version, { ...errorResponse('model-failure', `${slot.version} failed: ${error instanceof Error ? error.message : String(error)}`), id, model_version: slot.version }, encoded, start);
      },
    };
    return this.block;
  }

  /**
   * Loads, warms up and deploys a version under an alias (default production); resolves with the
   * move. In the endpoint's one operation queue (deployments.ts): a failed load or warm-up
   * (DeployError, `details.stage`) moves nothing.
   */
  deploy(version: string, context: DeployContext = {}): Promise<AliasMove> {
    return this.slots.deploy(version, context);
  }

  /**
   * Promotes a version to production with its release record, atomically (deployments.ts): a version
   * that fails to load or warm up moves nothing, records nothing, and the call rejects with a
   * DeployError saying why (`details.stage`: schema, load, warm-up or registry).
   */
  promote(version: string, context: PromotionContext): Promise<{ move: AliasMove; release: ReleaseRecord }> {
    return this.slots.promote(version, context);
  }

  /** Moves an alias (default production) back one entry of its history (deployments.ts). */
  rollback(alias: Alias = 'production', context: Omit<DeployContext, 'alias'> = {}): Promise<AliasMove> {
    return this.slots.rollback(alias, context);
  }

  /** Clears an alias: its model stops taking requests in the same turn as the move enters the history. */
  undeploy(alias: Alias, context: Omit<DeployContext, 'alias'> = {}): Promise<AliasMove> {
    return this.slots.undeploy(alias, context);
  }

  /** Loads what the registry's aliases point at (e.g. after a reload), without writing history. */
  restore(): Promise<Record<Alias, string | null>> {
    return this.slots.restore();
  }

  /** Server liveness (`GET v2/health/live`): true until the endpoint is disposed. */
  live(): ServerLiveResponse {
    return { live: !this.disposed };
  }

  /**
   * Readiness (`GET v2/health/ready`, or `GET v2/models/<model>[/versions/<version>]/ready` with a
   * model): the server is ready when production serves; a model version when it serves now.
   */
  ready(model?: string, version?: string): ServerReadyResponse | ModelReadyResponse | ErrorResponse {
    if (this.disposed) return model === undefined && version === undefined ? { ready: false } : { name: this.name, ready: false };
    return readiness(this.name, this.deployed(), model, version);
  }

  /** Model metadata (`GET v2/models/<model>[/versions/<version>]`); the model defaults to this endpoint's. */
  metadata(model?: string, version?: string): ModelMetadataResponse | ErrorResponse {
    return modelMetadata(this.name, this.schema, this.deployed(), model, version);
  }

  /** Server metadata (`GET v2`). */
  serverMetadata(): ServerMetadataResponse {
    return serverMetadata();
  }

  /** Calls `observer` once per finished request (answer or error); returns the unsubscribe function. */
  onServed(observer: (event: ServedEvent) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Statistics: totals, per version, shadow comparisons, batching. */
  stats(): EndpointStats {
    return { ...totalsOf(this.stats_), shadow: this.shadowLog.snapshot(), batches: { count: this.batchCount, meanRows: this.batchCount ? this.batchRows / this.batchCount : 0, modelMs: this.modelMs } };
  }

  /**
   * Resolves when every queued request has been answered and every shadow copy and retiring model is
   * done (it ends the batching windows early). Answers are settled before their batcher reports idle.
   */
  drain(): Promise<void> {
    return this.slots.drain();
  }

  /** Drains, then frees every loaded model. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.slots.dispose();
  }

  private statsOf(key: string): VersionStats {
    let s = this.stats_.get(key);
    if (!s) this.stats_.set(key, (s = new VersionStats()));
    return s;
  }

  private fail(key: string, error: ErrorResponse, encoded?: EncodedRows, start?: number): ErrorResponse {
    this.statsOf(key).error(error.kind);
    if (this.observers.size > 0) {
      const at = this.now();
      this.emit({ id: error.id ?? null, version: error.model_version ?? null, status: error.status, kind: error.kind, rows: encoded?.n ?? 0, at, latencyMs: start === undefined ? 0 : at - start, fallback: false, ...(encoded ? { features: encoded.rows } : {}) });
    }
    return error;
  }

  private emit(event: ServedEvent): void {
    for (const observer of this.observers) {
      try {
        observer(event);
      } catch (error) {
        console.error('an onServed observer threw; the request was answered anyway', error);
      }
    }
  }

  private emitAnswer(id: string, version: string, encoded: EncodedRows, probs: Float32Array, start: number, fallback: boolean): void {
    if (this.observers.size === 0) return;
    const at = this.now();
    this.emit({ id, version, status: 200, rows: encoded.n, at, latencyMs: at - start, fallback, features: encoded.rows, probabilities: probs });
  }

  /** Chooses the answering slot (or null: nothing deployed) and the shadow slot. */
  private pick(id: string, target: InferTarget): { slot: Slot | null; route: 'production' | 'candidate' | 'pinned'; shadow: Slot | null } | ErrorResponse {
    if (target.model !== undefined && target.model !== this.name) return errorResponse('unknown-model', `there is no model ${JSON.stringify(String(target.model).slice(0, 64))}; this endpoint serves "${this.name}"`, 'model');
    if (target.version !== undefined) {
      const slot = this.slots.all().find((s) => s.version === target.version);
      if (!slot) return errorResponse('unknown-model', `version ${JSON.stringify(String(target.version).slice(0, 64))} of "${this.name}" is not deployed (deployed: ${this.slots.all().map((s) => s.version).join(', ') || 'none'})`, 'version');
      return { slot, route: 'pinned', shadow: null };
    }
    const route = routeOf(this.policy, id, this.salt, this.slots.has('candidate'));
    const slot = this.slots.get(route) ?? null;
    const shadowSlot = this.policy.mode === 'shadow' ? (this.slots.get('shadow') ?? this.slots.get('candidate') ?? null) : null;
    return { slot, route, shadow: shadowSlot && shadowSlot !== slot ? shadowSlot : null };
  }

  private serve(id: string, encoded: EncodedRows | ErrorResponse, pick: { slot: Slot | null; route: 'production' | 'candidate' | 'pinned'; shadow: Slot | null }, start: number): Promise<EndpointResponse> {
    const key = pick.slot?.version ?? 'none';
    if (isErrorResponse(encoded)) return Promise.resolve(this.fail(key, { ...encoded, id, ...(pick.slot ? { model_version: pick.slot.version } : {}) }, undefined, start));
    if (!pick.slot) {
      if (!this.fallback) return Promise.resolve(this.fail(key, { ...errorResponse('unavailable', `nothing is deployed for "${this.name}" and there is no fallback rule`), id }, encoded, start));
      this.statsOf(key).fallback(encoded.n);
      return Promise.resolve(this.fallbackAnswer(id, encoded, 'nothing-deployed', start));
    }
    const slot = pick.slot;
    if (slot.batcher.pending + encoded.n > this.maxQueueRows) {
      return Promise.resolve(this.fail(slot.version, { ...errorResponse('unavailable', `${slot.version} is overloaded: ${slot.batcher.pending} rows are queued (limit ${this.maxQueueRows}); retry later`), id, model_version: slot.version }, encoded, start));
    }
    const answer = slot.batcher.submit(encoded.rows, encoded.n);
    const shadow = pick.shadow ? pick.shadow.batcher.submit(encoded.rows, encoded.n) : null;
    const result = answer.then(
      (r): EndpointResponse => {
        const end = this.now();
        const stats = this.statsOf(slot.version);
        stats.ok(encoded.n, end - start, r.queueMs, end);
        this.emitAnswer(id, slot.version, encoded, r.probs, start, false);
        stats.counters.outOfRange += encoded.outOfRange.length;
        if (shadow && pick.shadow) this.slots.track(this.compareShadow(id, slot.version, pick.shadow.version, r.probs, encoded.n, shadow));
        return inferResponse(this.name, slot.version, id, r.probs, encoded.n, this.schema.classes, { route: pick.route, fallback: false, out_of_range: encoded.outOfRange, queue_ms: r.queueMs, compute_ms: r.computeMs }, encoded.outputs);
      },
      (error: unknown): EndpointResponse => {
        if (shadow) this.slots.track(shadow.catch(() => undefined));
        const stats = this.statsOf(slot.version);
        stats.counters.modelFailures += 1;
        if (this.fallback) {
          stats.fallback(encoded.n);
          return this.fallbackAnswer(id, encoded, 'model-failure', start);
        }
        return this.fail(slot.version, { ...errorResponse('model-failure', `${slot.version} failed: ${error instanceof Error ? error.message : String(error)}`), id, model_version: slot.version }, encoded, start);
      },
    );
    return result;
  }

  private fallbackAnswer(id: string, encoded: EncodedRows, reason: 'nothing-deployed' | 'model-failure', start: number): InferResponse {
    const classes = this.schema.classes.length;
    const row = fallbackProbabilities(this.fallback as FallbackRule, classes);
    const probs = new Float32Array(encoded.n * classes);
    for (let r = 0; r < encoded.n; r++) probs.set(row, r * classes);
    this.emitAnswer(id, 'fallback', encoded, probs, start, true);
    return inferResponse(this.name, 'fallback', id, probs, encoded.n, this.schema.classes, { route: 'fallback', fallback: true, fallback_reason: reason, out_of_range: encoded.outOfRange, queue_ms: 0, compute_ms: 0 }, encoded.outputs);
  }

  private async compareShadow(id: string, served: string, shadowVersion: string, probs: Float32Array, n: number, shadow: Promise<{ probs: Float32Array }>): Promise<void> {
    try {
      const other = (await shadow).probs;
      this.shadowLog.add({ id, served, shadow: shadowVersion, rows: n, ...compareAnswers(probs, other, n, this.schema.classes) });
    } catch {
      this.shadowLog.failed += 1;
    }
  }

  /** Loads and warms `version` into a slot of this endpoint (the deployments' loader). */
  private load(version: string): Promise<Slot> {
    return loadSlot(version, {
      registry: this.registry,
      schema: this.schema,
      cols: this.encoder.cols,
      buckets: this.buckets,
      predictFault: this.faults?.predict,
      batcher: { maxRows: this.settings.maxBatchRows, windowMs: this.settings.windowMs, scheduler: this.settings.scheduler, now: this.now },
      onBatch: (n) => {
        this.batchCount += 1;
        this.batchRows += n;
      },
      onModelTime: (ms) => {
        this.modelMs += ms;
      },
    });
  }
}
