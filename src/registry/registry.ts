/**
 * The model registry: versions with lineage (v1, v2, ... never reused), aliases `production`,
 * `candidate` and `shadow` whose every move is appended to the deployment history, release records
 * for promotions, and rollback in one call. It keeps an in-memory view of its store, read once on
 * open; every write goes to the store first, so a failed write leaves the view unchanged too.
 */
import * as tf from '@tensorflow/tfjs';
import { artifactsLoader, modelToArtifacts } from './artifacts';
import { RegistryError } from './errors';
import { currentOf, liveAt, rollbackTarget } from './history';
import { MemoryStore } from './memory-store';
import type { RegistryStore } from './store';
import { validateVersionInfo } from './validate';
import { ALIASES, MAX_VERSION_SEQ, type Alias, type AliasMove, type GateResult, type ReleaseRecord, type StoredArtifacts, type Version, type VersionInfo } from './types';

/** Who moved an alias, when (simulated time) and why. */
export interface MoveContext {
  reason: string;
  actor?: string;
  simTime?: number;
}

/** What a promotion records besides the move. */
export interface PromotionContext extends MoveContext {
  gate?: GateResult | null;
  approver?: string;
}

/**
 * Runs in the same synchronous turn as an alias move becomes part of the history (after it is
 * durable): whoever serves the alias switches here, so no reader ever sees the history name a
 * version that is not serving, or the reverse.
 */
export type Commit = (move: AliasMove) => void;

/** Options of `ModelRegistry.open`. */
export interface RegistryOptions {
  /** Wall clock for `created.wallTime` and history entries (default: the real clock). */
  now?: () => Date;
}

/** Versions, aliases, deployment history and release records over a RegistryStore. */
export class ModelRegistry {
  private versions: Version[] = [];
  private moves: AliasMove[] = [];
  private releaseRecords: ReleaseRecord[] = [];
  private lastSeq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(move: AliasMove) => void>();

  private constructor(
    readonly store: RegistryStore,
    private readonly now: () => Date,
  ) {}

  /** Opens a registry over `store` (default: a fresh in-memory store) and reads what it holds. */
  static async open(store: RegistryStore = new MemoryStore(), options: RegistryOptions = {}): Promise<ModelRegistry> {
    const registry = new ModelRegistry(store, options.now ?? (() => new Date()));
    registry.versions = await store.listVersions();
    registry.moves = (await store.listMoves()).sort((a, b) => a.seq - b.seq);
    registry.releaseRecords = (await store.listReleases()).sort((a, b) => a.seq - b.seq);
    registry.lastSeq = registry.versions.reduce((m, v) => Math.max(m, v.seq), 0);
    return registry;
  }

  /** Every version, oldest first. */
  list(): readonly Version[] {
    return this.versions;
  }

  /** Whether a version exists. */
  has(id: string): boolean {
    return this.versions.some((v) => v.id === id);
  }

  /** A version by id; throws `version-not-found` if there is none. */
  get(id: string): Version {
    const v = this.versions.find((x) => x.id === id);
    if (!v) throw new RegistryError('version-not-found', `there is no version ${JSON.stringify(id)}`, { version: id });
    return v;
  }

  /** Registers a trained model as the next version; its weights and metadata are stored together. */
  async register(model: tf.LayersModel, info: VersionInfo): Promise<Version> {
    validateVersionInfo(info);
    const artifacts = await modelToArtifacts(model);
    return this.registerArtifacts(artifacts, info);
  }

  /** Registers already-serialized artifacts (used by import). Never overwrites: the id is always new. */
  async registerArtifacts(artifacts: StoredArtifacts, info: VersionInfo, importedFrom?: Version['importedFrom']): Promise<Version> {
    validateVersionInfo(info);
    if (info.parent && !this.has(info.parent)) throw new RegistryError('version-not-found', `parent: there is no version ${info.parent}`, { field: 'parent' });
    return this.serial(async () => {
      const seq = this.lastSeq + 1;
      if (seq > MAX_VERSION_SEQ) throw new RegistryError('invalid-version', `seq: the registry holds versions up to v${MAX_VERSION_SEQ}; v${seq} cannot be registered`, { field: 'seq' });
      const { parent, simTime, ...rest } = info;
      const version: Version = {
        ...structuredClone(rest),
        id: `v${seq}`,
        seq,
        parent: parent === undefined ? this.current('production') : parent,
        created: { simTime: simTime ?? 0, wallTime: this.now().toISOString() },
        ...(importedFrom ? { importedFrom } : {}),
      };
      await this.store.putVersion(version, artifacts);
      this.lastSeq = seq;
      this.versions.push(version);
      return version;
    });
  }

  /** The stored TF.js artifacts of a version. */
  async artifacts(id: string): Promise<StoredArtifacts> {
    this.get(id);
    const a = await this.store.getArtifacts(id);
    if (!a) throw new RegistryError('version-not-found', `the weights of ${id} are missing from the store`, { version: id });
    return a;
  }

  /** A TF.js IOHandler that loads a version from this registry's store: `tf.loadLayersModel(registry.ioHandler('v1'))`. */
  ioHandler(id: string): tf.io.IOHandler {
    return artifactsLoader(() => this.artifacts(id));
  }

  /** Loads a version as a fresh LayersModel (the caller owns and disposes it). */
  async loadModel(id: string): Promise<tf.LayersModel> {
    this.get(id);
    return tf.loadLayersModel(this.ioHandler(id));
  }

  /** The version an alias points at now (null if none). */
  current(alias: Alias): string | null {
    return currentOf(this.moves, alias);
  }

  /** Every alias and what it points at. */
  aliases(): Record<Alias, string | null> {
    return Object.fromEntries(ALIASES.map((a) => [a, this.current(a)])) as Record<Alias, string | null>;
  }

  /** The append-only deployment history (optionally of one alias). */
  history(alias?: Alias): readonly AliasMove[] {
    return alias ? this.moves.filter((m) => m.alias === alias) : this.moves;
  }

  /** Which version `alias` (default production) pointed at at simulated time t. */
  liveAt(t: number, alias: Alias = 'production'): string | null {
    return liveAt(this.moves, alias, t);
  }

  /** The release records, oldest first. */
  releases(): readonly ReleaseRecord[] {
    return this.releaseRecords;
  }

  /** Called after every alias move; returns the unsubscribe function. */
  onMove(listener: (move: AliasMove) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Points `alias` at `version` (null clears it) and appends the move to the history. `commit`, when
   * given, runs synchronously once the move is durable, in the same turn as the in-memory history
   * update (no request or reader can run between the two): the endpoint switches there.
   */
  async moveAlias(alias: Alias, version: string | null, context: MoveContext, commit?: Commit): Promise<AliasMove> {
    return this.serial(async () => {
      const move = this.nextMove(alias, version, context);
      await this.store.appendMove(move);
      this.publish(move, null, commit);
      return move;
    });
  }

  /**
   * Moves `alias` (default production) back to the previous entry of its history, in one call. The
   * target is chosen inside the registry's write queue; with `expect`, the call refuses
   * (`history-changed`, nothing written) unless the target is exactly that version and undoes that
   * move — so a caller that loaded the target beforehand moves the alias to what it loaded.
   */
  async rollback(alias: Alias = 'production', context: Partial<MoveContext> = {}, options: { expect?: { version: string; undoes: number }; commit?: Commit } = {}): Promise<AliasMove> {
    return this.serial(async () => {
      const target = rollbackTarget(this.moves, alias);
      if (!target) throw new RegistryError('version-not-found', `${alias} has no earlier version to roll back to`, { alias });
      const want = options.expect;
      if (want && (want.version !== target.version || want.undoes !== target.undoes)) {
        throw new RegistryError('invalid-version', `${alias}: the rollback target is now ${target.version} (undoing move ${target.undoes}), not ${want.version} (undoing move ${want.undoes}); nothing was moved`, { reason: 'history-changed', alias, expected: want, target });
      }
      const move = this.nextMove(alias, target.version, { reason: context.reason ?? 'rollback', actor: context.actor, simTime: context.simTime }, target.undoes);
      await this.store.appendMove(move);
      this.publish(move, null, options.commit);
      return move;
    });
  }

  /**
   * Promotes a version to production and writes its release record (why, data, metrics, gate,
   * approver). The move and the record are written together (one store write), then both appear
   * in the history at once, with `commit` run in the same turn.
   */
  async promote(id: string, context: PromotionContext, commit?: Commit): Promise<ReleaseRecord> {
    const version = this.get(id);
    return this.serial(async () => {
      const move = this.nextMove('production', id, context);
      const record: ReleaseRecord = {
        seq: this.releaseRecords.length,
        version: id,
        replaced: move.previous,
        why: context.reason,
        data: version.data,
        metrics: version.evaluation,
        gate: context.gate ?? null,
        approver: context.approver ?? context.actor ?? 'learner',
        simTime: move.simTime,
        wallTime: move.wallTime,
      };
      await this.store.appendPromotion(move, record);
      this.publish(move, record, commit);
      return record;
    });
  }

  /** Closes the store. */
  close(): void {
    this.store.close();
  }

  /** The next move of `alias` (checked, not yet written). */
  private nextMove(alias: Alias, version: string | null, context: MoveContext, undoes?: number): AliasMove {
    if (!ALIASES.includes(alias)) throw new RegistryError('invalid-version', `alias: must be one of ${ALIASES.join(', ')}`, { field: 'alias' });
    if (version !== null) this.get(version);
    if (typeof context.reason !== 'string' || context.reason === '') throw new RegistryError('invalid-version', 'reason: every alias move needs a reason', { field: 'reason' });
    const asked = context.simTime ?? 0;
    if (!Number.isFinite(asked)) throw new RegistryError('invalid-version', 'simTime: must be a finite number', { field: 'simTime' });
    // The history's clock never runs backwards: a move asked for before the last one (a restored lab
    // restarts its clock at 0) is recorded at the last move's time.
    const simTime = Math.max(asked, this.moves[this.moves.length - 1]?.simTime ?? asked);
    return {
      seq: this.moves.length,
      alias,
      version,
      previous: this.current(alias),
      simTime,
      wallTime: this.now().toISOString(),
      reason: context.reason,
      actor: context.actor ?? 'learner',
      ...(undoes !== undefined ? { undoes } : {}),
    };
  }

  /** Makes a durable move (and release record) visible: `commit`, the in-memory history and the listeners, in one synchronous turn. */
  private publish(move: AliasMove, record: ReleaseRecord | null, commit: Commit | undefined): void {
    try {
      commit?.(move);
    } finally {
      this.moves.push(move);
      if (record) this.releaseRecords.push(record);
      for (const listener of this.listeners) listener(move);
    }
  }

  /** Runs writes one after another, so ids and history positions are assigned in call order. */
  private serial<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
