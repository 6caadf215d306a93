/**
 * A Lit ReactiveController that gives a component its Lab and keeps it up to date with it.
 *
 * Where the Lab comes from, first match wins:
 *   1. the host's own `.lab` property (an embedding page handing a LabClient in);
 *   2. the Lab provided by an enclosing `<mlops-lab>` through `labContext`;
 *   3. a Lab of its own (the element alone on a page): a recorded run replayed when the host has a
 *      `recording="url"` attribute (no Lab and no tfjs are loaded then); else a live Lab started in a
 *      dedicated Web Worker, or in the page when workers are missing or refused (the in-page Lab and
 *      tfjs are then imported on demand), created with `config` (default DEFAULT_LAB_CONFIG) overlaid
 *      with the host's `scenario`, `seed` and `policy` attributes (a bad value is reported in `notice`
 *      and the default used). Changing one of those attributes starts a fresh own Lab. A host with a
 *      `sync-url` attribute takes its run from the page's URL hash when there is one (a garbage or
 *      outdated hash is reported in `notice` and the defaults used) and writes its run there. Hosts
 *      with the same `lab-group` attribute share one own Lab (lab-group.ts): the group's first element
 *      in document order configures it (whichever starts first makes it), a member whose own
 *      settings disagree shows a notice naming the conflict, the last to leave disposes it.
 * The own Lab is made one macrotask after the host connects, so that a provider upgraded later in
 * the same task (all elements registered by one script) still wins; if a provided Lab arrives after
 * the own one was made, the controller switches to it and disposes its own.
 *
 * While connected it listens to the Lab's events, snapshots and errors; it keeps the latest snapshot
 * and a bounded list of recent events, and asks the host to re-render at most once per animation
 * frame, through the page's one render queue (render-queue.ts: the views share a per-frame time
 * budget, so several redraws do not add up to one long task), at once when the page is hidden. Every snapshot names its run
 * (`snapshot.run`): when the run id changes on the same Lab, the events kept are cleared and
 * `onRunChange` called, so a view never mixes two runs; views take the scenario, schema and ground
 * truth from `run` and never look a scenario up themselves.
 *
 * The parts live beside it: starting a client and where it runs (lab-start.ts), the own Lab from the
 * attributes or the URL (own-lab.ts), the attributes an element keeps for itself (own-attributes.ts),
 * the subscription to a Lab (lab-subscription.ts) and the options (lab-controller-options.ts); this
 * file re-exports their public names, so importers keep importing from here.
 */
import { ContextConsumer } from '@lit/context';
import type { ReactiveController } from 'lit';
import { toLabError, type LabError } from '../../src/errors';
import type { LabEvent, LabSnapshot } from '../../src/loop/index';
import type { RunInfo } from '../../src/loop/engine/snapshot';
import type { LabClient } from '../../src/worker/lab-client-core';
import { LAB_ATTRIBUTES, readAttributes } from './lab-attributes';
import type { LabControllerOptions, LabHost } from './lab-controller-options';
import { groupConflicts, groupLeader, joinLabGroup, LAB_GROUP_ATTRIBUTE, leaveLabGroup, type LabGroupStart } from './lab-group';
import { attachLabContextRoot, labContext } from './lab-context';
import { keepRecent, subscribeLab } from './lab-subscription';
import { DEFAULT_LAB_CONFIG, startOwnLab } from './own-lab';
import { ownAttributes } from './own-attributes';
import { cancelRender, queueRender } from './render-queue';

export type { LabControllerOptions, LabHost } from './lab-controller-options';
export { DEFAULT_REPLAY_SPEED, labPlace, labPlaceReason, startLabClient, startReplayClient, type LabPlace } from './lab-start';
export { DEFAULT_LAB_CONFIG } from './own-lab';

/** Events kept by default (the most recent ones; views keep what they draw themselves, so a few suffice and memory stays flat on a long run). */
export const DEFAULT_EVENT_LIMIT = 100;

/** Gives a host its Lab and the Lab's latest snapshot and recent events. */
export class LabController implements ReactiveController {
  /** The Lab in use (null until one is known). */
  lab: LabClient | null = null;
  /** The latest snapshot of the Lab (null until the first one). */
  snapshot: LabSnapshot | null = null;
  /** Recent events, oldest first, at most `eventLimit`. */
  readonly events: LabEvent[] = [];
  /** The last failure: of creating an own Lab, or reported by the Lab outside a command. */
  error: LabError | null = null;
  /**
   * What a learner should know about the own Lab, in plain words, shown beside the view's status
   * (`renderLabNotice`): a problem with its settings (a bad `scenario` / `seed` / `policy` attribute, a
   * garbage or outdated URL hash), for which it runs with the defaults, and that it runs in the page
   * rather than in a Web Worker (the page may pause while it trains). Null when there is nothing to
   * say or the Lab is not the own one.
   */
  notice: string | null = null;
  /**
   * Resolves with the Lab once there is one (a given or provided Lab: at once; an own Lab: once it is
   * created and its first version deployed). It never rejects: a failure to create is in `error`.
   * Replaced by a new promise when the Lab changes.
   */
  ready: Promise<LabClient>;

  private resolveReady!: (lab: LabClient) => void;
  private readonly limit: number;
  private provided: LabClient | null = null;
  private own: LabClient | null = null;
  /** The `lab-group` the own Lab belongs to (null: not shared). */
  private group: string | null = null;
  private ownTimer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => void) | null = null;
  private connected = false;
  private observer: MutationObserver | null = null;
  /** The run of the last snapshot taken (null: none yet from this Lab). */
  private runId: string | null = null;

  constructor(
    private readonly host: LabHost,
    private readonly options: LabControllerOptions = {},
  ) {
    this.limit = options.eventLimit ?? DEFAULT_EVENT_LIMIT;
    this.ready = this.freshReady();
    host.addController(this);
    if (options.consume !== false) {
      attachLabContextRoot();
      new ContextConsumer(host, {
        context: labContext,
        subscribe: true,
        callback: (lab) => {
          this.provided = lab ?? null;
          this.sync();
        },
      });
    }
  }

  hostConnected(): void {
    this.connected = true;
    if (typeof MutationObserver !== 'undefined') {
      const skip = ownAttributes(this.host);
      this.observer ??= new MutationObserver(() => this.restartOwn());
      this.observer.observe(this.host, { attributes: true, attributeFilter: [...LAB_ATTRIBUTES, 'replay-speed', LAB_GROUP_ATTRIBUTE].filter((a) => !skip.has(a)) });
    }
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.observer?.disconnect();
    this.provided = null; // asked for again on the next connect
    this.sync();
    cancelRender(this.host);
  }

  /**
   * Re-reads where the Lab comes from and follows a change: leaves the old Lab, joins the new one.
   * Call it when the host's `.lab` property changes.
   */
  sync(): void {
    if (!this.connected) {
      this.cancelOwnTimer();
      this.attach(null);
      this.disposeOwn();
      return;
    }
    const given = this.options.explicit?.() ?? this.provided;
    if (given) {
      this.cancelOwnTimer();
      this.attach(given);
      this.disposeOwn();
      return;
    }
    if (this.own) {
      this.attach(this.own);
      return;
    }
    this.attach(null);
    if (this.options.createOwn !== false && this.ownTimer === null) {
      this.ownTimer = setTimeout(() => {
        this.ownTimer = null;
        if (this.connected && !this.options.explicit?.() && !this.provided && !this.own) this.makeOwn();
      }, 0);
    }
  }

  /**
   * Asks for one re-render in a coming animation frame, through the page's one render queue (at
   * once when the page is hidden, where frames do not run).
   */
  requestFrame(): void {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') {
      this.host.requestUpdate();
      return;
    }
    queueRender(this.host);
  }

  /** True when the Lab in use is one this controller made (and will dispose). */
  get ownsLab(): boolean {
    return this.lab !== null && this.lab === this.own;
  }

  private freshReady(): Promise<LabClient> {
    return new Promise<LabClient>((resolve) => (this.resolveReady = resolve));
  }

  private makeOwn(): void {
    const name = this.host.getAttribute(LAB_GROUP_ATTRIBUTE)?.trim() || null;
    // A group is configured by its first element in document order, not by whichever element started first.
    const group = name ? joinLabGroup(name, () => this.startOwn(groupLeader(name, this.host))) : null;
    const { lab, created, notice } = group ?? this.startOwn(this.host);
    const joined = group !== null && group.members > 1;
    const conflict = group && name ? groupConflicts(name, readAttributes(this.host, ownAttributes(this.host)).settings, group) : null;
    this.group = name;
    this.own = lab;
    this.attach(lab, false);
    this.notice = [notice, conflict].filter((m): m is string => !!m).join(' ') || null;
    created.then(
      (snapshot) => {
        if (this.lab !== lab) return;
        this.takeSnapshot(snapshot);
        this.resolveReady(lab);
        // A member joining a group whose Lab already runs shows where it is now, not where it began.
        if (joined) lab.snapshot().then((now) => this.lab === lab && this.takeSnapshot(now), () => undefined);
      },
      (error: unknown) => this.lab === lab && this.fail(error),
    );
  }

  /**
   * Starts a Lab from the attributes of `source` (the host, or its group's first element; or the
   * page's hash with `sync-url`): a replay or a live Lab.
   */
  private startOwn(source: Element): LabGroupStart {
    return startOwnLab(source, this.options.config ?? DEFAULT_LAB_CONFIG, { isCurrent: (lab) => this.lab === lab, fail: (error) => this.fail(error) });
  }


  /** Lets go of the own Lab: disposed, unless other members of its group still use it. */
  private release(own: LabClient): void {
    const group = this.group;
    this.group = null;
    if (group === null || leaveLabGroup(group, own)) void own.dispose();
  }

  private fail(error: unknown): void {
    this.error = toLabError(error);
    this.requestFrame();
  }

  /** Drops the own Lab (its attributes changed) so that `sync` makes a fresh one. */
  private restartOwn(): void {
    if (!this.own || this.lab !== this.own) return;
    const own = this.own;
    this.own = null;
    this.attach(null);
    this.release(own);
    this.sync();
  }

  private attach(lab: LabClient | null, resolve = true): void {
    if (lab === this.lab) return;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.lab !== null) this.ready = this.freshReady();
    this.lab = lab;
    this.snapshot = null;
    this.runId = null;
    this.events.length = 0;
    this.error = null;
    this.notice = null;
    this.options.onLabChange?.(lab);
    this.requestFrame();
    if (!lab) return;
    this.unsubscribe = subscribeLab(lab, {
      event: (event) => {
        keepRecent(this.events, event, this.limit);
        this.options.onEvent?.(event);
        this.requestFrame();
      },
      snapshot: (snapshot) => this.takeSnapshot(snapshot),
      error: (error) => {
        this.error = error;
        this.requestFrame();
      },
    });
    if (!resolve) return;
    this.resolveReady(lab);
    // A provided Lab may already run: show where it is now rather than wait for its next snapshot.
    lab.snapshot().then(
      (snapshot) => this.lab === lab && this.snapshot === null && this.takeSnapshot(snapshot),
      () => undefined, // not created yet: its first snapshot will come as an event
    );
  }

  /**
   * Takes a snapshot of the Lab in use (one a view asked for itself, say): as a broadcast one is
   * taken, a new run id first resetting what was kept. Call it instead of setting `snapshot`.
   */
  accept(snapshot: LabSnapshot): void {
    this.takeSnapshot(snapshot);
  }

  /** The run the latest snapshot belongs to (null before the first). */
  get run(): RunInfo | null {
    return this.snapshot?.run ?? null;
  }

  private takeSnapshot(snapshot: LabSnapshot): void {
    const id = snapshot.run.id;
    if (this.runId !== null && id !== this.runId) {
      this.events.length = 0;
      this.options.onRunChange?.(snapshot.run);
    }
    this.runId = id;
    this.snapshot = snapshot;
    this.options.onSnapshot?.(snapshot);
    this.requestFrame();
  }

  private cancelOwnTimer(): void {
    if (this.ownTimer !== null) clearTimeout(this.ownTimer);
    this.ownTimer = null;
  }

  private disposeOwn(): void {
    const own = this.own;
    if (!own || this.lab === own) return;
    this.own = null;
    this.release(own);
  }
}
