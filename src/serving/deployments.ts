/**
 * What serves under each alias, and every change of it, in ONE serialized operation queue: deploy,
 * promote, rollback, undeploy and restore. A version is loaded and warmed up at every bucket size
 * first; only then does the registry write the alias move (and, for a promotion, the release record),
 * and the slot is switched in the same synchronous turn as the move enters the history (the registry's
 * commit hook). A version that fails to load or warm up moves nothing and records nothing. A replaced
 * model keeps answering what is queued on it and is disposed once its queue is empty. The endpoint
 * (endpoint.ts) routes requests to these slots.
 */
import { rollbackTarget } from '../registry/history';
import type { ModelRegistry, PromotionContext } from '../registry/registry';
import type { Alias, AliasMove, ReleaseRecord } from '../registry/types';
import type { DeployContext } from './endpoint-options';
import { DeployError } from './errors';
import type { Slot } from './slot';

/** The slots of one endpoint by alias, and the queue of operations that change them. */
export class Deployments {
  private readonly slots = new Map<Alias, Slot>();
  private readonly inflight = new Set<Promise<unknown>>();
  private ops: Promise<unknown> = Promise.resolve();

  /** `load` loads and warms a version into a slot (rejecting with a DeployError). */
  constructor(
    private readonly registry: ModelRegistry,
    private readonly load: (version: string) => Promise<Slot>,
  ) {}

  /** The slot serving under `alias`, if any. */
  get(alias: Alias): Slot | undefined {
    return this.slots.get(alias);
  }

  /** Whether something serves under `alias`. */
  has(alias: Alias): boolean {
    return this.slots.has(alias);
  }

  /** Every serving slot. */
  all(): Slot[] {
    return [...this.slots.values()];
  }

  /** The version loaded under each alias (null if none). */
  deployed(): Record<Alias, string | null> {
    return { production: this.slots.get('production')?.version ?? null, candidate: this.slots.get('candidate')?.version ?? null, shadow: this.slots.get('shadow')?.version ?? null };
  }

  /**
   * Loads, warms up and deploys a version under an alias (default production); resolves with the
   * move. In the endpoint's one operation queue: the version is loaded and warmed at every bucket
   * size, then the alias move is written and the endpoint switches in the same turn as the move
   * enters the history. A failed load or warm-up (DeployError, `details.stage`) moves nothing.
   */
  deploy(version: string, context: DeployContext = {}): Promise<AliasMove> {
    return this.serial(async () => {
      const alias = context.alias ?? 'production';
      const slot = await this.load(version);
      return this.commitWith(slot, () => this.registry.moveAlias(alias, version, { reason: context.reason ?? `deploy ${version}`, actor: context.actor, simTime: context.simTime }, () => this.swap(alias, slot)));
    });
  }

  /**
   * Promotes a version to production with its release record, atomically: in the operation queue,
   * the version is loaded and warmed at every bucket size, then the registry writes the production
   * move and the release record together, and the endpoint switches in the same turn as they enter
   * the history. A version that fails to load or warm up moves nothing, records nothing, and the
   * call rejects with a DeployError saying why (`details.stage`: schema, load, warm-up or registry).
   */
  promote(version: string, context: PromotionContext): Promise<{ move: AliasMove; release: ReleaseRecord }> {
    return this.serial(async () => {
      const slot = await this.load(version);
      let move: AliasMove | null = null;
      const release = await this.commitWith(slot, () =>
        this.registry.promote(version, context, (m) => {
          move = m;
          this.swap('production', slot);
        }),
      );
      return { move: move as unknown as AliasMove, release };
    });
  }

  /**
   * Moves an alias (default production) back one entry of its history. Inside the operation queue
   * the target is read from the registry's own history, loaded and warmed; the registry then moves
   * the alias only if its target is still exactly that version (else nothing moves), and the
   * endpoint switches in the same turn.
   */
  rollback(alias: Alias = 'production', context: Omit<DeployContext, 'alias'> = {}): Promise<AliasMove> {
    return this.serial(async () => {
      const target = rollbackTarget(this.registry.history(), alias);
      if (!target) throw new DeployError(`the previous ${alias}`, `${alias} has no earlier version to roll back to`, 'registry');
      const slot = await this.load(target.version);
      return this.commitWith(slot, () => this.registry.rollback(alias, { reason: context.reason ?? 'rollback', actor: context.actor, simTime: context.simTime }, { expect: target, commit: () => this.swap(alias, slot) }));
    });
  }

  /** Clears an alias: in the same turn as the move enters the history its model stops taking requests; it is freed once its queue is empty. */
  undeploy(alias: Alias, context: Omit<DeployContext, 'alias'> = {}): Promise<AliasMove> {
    return this.serial(() =>
      this.registry.moveAlias(alias, null, { reason: context.reason ?? `undeploy ${alias}`, actor: context.actor, simTime: context.simTime }, () => {
        const old = this.slots.get(alias);
        this.slots.delete(alias);
        if (old) this.retire(old);
      }),
    );
  }

  /** Loads what the registry's aliases point at (e.g. after a reload), without writing history; an alias the registry cleared stops serving. */
  restore(): Promise<Record<Alias, string | null>> {
    return this.serial(async () => {
      for (const [alias, version] of Object.entries(this.registry.aliases()) as Array<[Alias, string | null]>) {
        if (version && this.slots.get(alias)?.version !== version) {
          const slot = await this.load(version);
          if (this.registry.current(alias) === version) this.swap(alias, slot);
          else this.retire(slot);
        } else if (!version && this.slots.has(alias)) {
          const old = this.slots.get(alias) as Slot;
          this.slots.delete(alias);
          this.retire(old);
        }
      }
      return this.deployed();
    });
  }

  /**
   * Resolves when every queued request has been answered and every tracked piece of work (shadow
   * copies, retiring models) is done. Answers are settled before their batcher reports idle.
   */
  async drain(): Promise<void> {
    for (;;) {
      await Promise.all([...this.slots.values()].map((slot) => slot.batcher.whenIdle()));
      if (this.inflight.size === 0 && [...this.slots.values()].every((slot) => slot.batcher.idle)) return;
      await Promise.allSettled([...this.inflight]);
    }
  }

  /** Waits for the operation queue and every request, then frees every loaded model. */
  async dispose(): Promise<void> {
    await this.ops.catch(() => undefined);
    await this.drain();
    for (const slot of this.slots.values()) slot.served.dispose();
    this.slots.clear();
  }

  /** Runs a registry write that commits `slot` (through its commit hook); if the write fails, the slot is freed and the error says so. */
  private async commitWith<T>(slot: Slot, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (![...this.slots.values()].includes(slot)) this.retire(slot);
      if (error instanceof DeployError) throw error;
      throw new DeployError(slot.version, `the registry refused the move: ${error instanceof Error ? error.message : String(error)}`, 'registry', error);
    }
  }

  private swap(alias: Alias, slot: Slot): void {
    const old = this.slots.get(alias);
    this.slots.set(alias, slot);
    if (old) this.retire(old);
  }

  private retire(slot: Slot): void {
    this.track(slot.batcher.whenIdle().then(() => slot.served.dispose()));
  }

  /** Keeps `p` among the work `drain` waits for (a shadow comparison, a retiring model). */
  track(p: Promise<unknown>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p)).catch(() => undefined);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.ops.then(fn, fn);
    this.ops = run.catch(() => undefined);
    return run;
  }}
