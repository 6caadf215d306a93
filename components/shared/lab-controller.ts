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
 */
import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LabError, toLabError } from '../../src/errors';
import { configToState, stateToConfig, type StateProblem } from '../../src/loop/persistence/share-state';
import type { LabConfig, LabEvent, LabSnapshot } from '../../src/loop/index';
import type { RunInfo } from '../../src/loop/engine/snapshot';
import { deferredTransport } from '../../src/worker/deferred-transport';
import { createWorkerLabClient, LabClient } from '../../src/worker/lab-client-core';
import { createReplayLabClient } from '../../src/worker/replay-load';
import { configFromAttributes, LAB_ATTRIBUTES, readAttributes } from './lab-attributes';
import { groupConflicts, groupLeader, joinLabGroup, LAB_GROUP_ATTRIBUTE, leaveLabGroup, type LabGroupStart } from './lab-group';
import { readUrlState, writeUrlState } from './url-sync';
import { attachLabContextRoot, labContext } from './lab-context';
import { cancelRender, queueRender } from './render-queue';

/**
 * The Lab an element alone on a page runs: the gradual concept-drift scenario in which the on-alert
 * policy really recovers (issue 6's acceptance figures), with a fixed seed so every load is the same run.
 */
export const DEFAULT_LAB_CONFIG: LabConfig = { scenario: 'moons-rotation', seed: 7, policy: 'on-alert' };

/** Events kept by default (the most recent ones; views keep what they draw themselves, so a few suffice and memory stays flat on a long run). */
export const DEFAULT_EVENT_LIMIT = 100;

/** What the controller needs from its host element. */
export type LabHost = ReactiveControllerHost & HTMLElement;

/** How a controller finds and follows its Lab. */
export interface LabControllerOptions {
  /** The Lab set on the host (its `.lab` property), if any; read on every `sync()`. */
  explicit?: () => LabClient | null | undefined;
  /** Config of a Lab the controller makes itself (default DEFAULT_LAB_CONFIG). */
  config?: LabConfig;
  /** Whether to make an own Lab when none is given (default true). */
  createOwn?: boolean;
  /** Whether to listen for a Lab from an enclosing `<mlops-lab>` (default true; the provider itself says false). */
  consume?: boolean;
  /** Most recent events kept (default DEFAULT_EVENT_LIMIT). */
  eventLimit?: number;
  /** Called synchronously for every event, before the frame's re-render (to fire DOM events, say). */
  onEvent?: (event: LabEvent) => void;
  /** Called synchronously for every snapshot. */
  onSnapshot?: (snapshot: LabSnapshot) => void;
  /** Called when the Lab changes (a new one, or none); state was cleared before. */
  onLabChange?: (lab: LabClient | null) => void;
  /**
   * Called when a snapshot of another run arrives on the same Lab (a new run, reset, restore or
   * import: `snapshot.run.id` changed), before that snapshot's `onSnapshot`; the events kept were
   * cleared before. A view forgets what it drew of the earlier run here.
   */
  onRunChange?: (run: RunInfo) => void;
}

/** Where a Lab client started by `startLabClient` runs; `recording` for a replayed recorded run. */
export type LabPlace = 'worker' | 'page' | 'recording';

const places = new WeakMap<LabClient, { place: LabPlace; why: string }>();

/** Where `lab` runs, when `startLabClient` or `startReplayClient` started it (null for a Lab made elsewhere). */
export function labPlace(lab: LabClient): LabPlace | null {
  return places.get(lab)?.place ?? null;
}

/** Why `lab` runs where it does, in plain words (null for a Lab made elsewhere). */
export function labPlaceReason(lab: LabClient): string | null {
  return places.get(lab)?.why ?? null;
}

/**
 * Starts a Lab client: in a dedicated Worker, or in the page where Worker is missing or refused (a
 * page that loaded this script from another origin cannot start a module worker from the script's
 * URL: the constructor throws a SecurityError). The in-page Lab (with tfjs) is imported on demand, so
 * a page whose Lab runs in a worker never loads tfjs itself; the client is usable at once, commands
 * wait until the Lab is there.
 */
export function startLabClient(): LabClient {
  let refused = 'this browser has no Web Workers';
  if (typeof Worker !== 'undefined') {
    try {
      const lab = createWorkerLabClient();
      places.set(lab, { place: 'worker', why: 'in a dedicated Web Worker' });
      return lab;
    } catch (error) {
      refused = `the browser refused to start the lab's Web Worker (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  const lab = new LabClient(deferredTransport(import('../../src/worker/lab-client-browser').then((m) => m.browserLabInPageTransport())));
  places.set(lab, { place: 'page', why: `in the page: ${refused}` });
  return lab;
}

/** Starts a client replaying the recorded run at `url` (same origin as the page); no Lab, no tfjs. */
export function startReplayClient(url: string): LabClient {
  const lab = createReplayLabClient(url);
  places.set(lab, { place: 'recording', why: `a recorded run replayed from ${url}` });
  return lab;
}

/** Default speed of a replayed recording, in simulated seconds per real second. */
export const DEFAULT_REPLAY_SPEED = 20;

/** The host's `replay-speed` attribute when it is a number in (0, 1e6], else DEFAULT_REPLAY_SPEED. */
function replaySpeed(host: Element): number {
  const speed = Number(host.getAttribute('replay-speed') ?? NaN);
  return speed > 0 && speed <= 1e6 ? speed : DEFAULT_REPLAY_SPEED;
}

/**
 * Lab attributes the host element declares as its own properties with another meaning (a drill's
 * `seed` seeds the drill): the controller leaves them alone. `scenario` always means the Lab's scenario.
 */
function ownAttributes(host: Element): Set<string> {
  // An element not upgraded yet (a group's first member, read before its class is defined) is read as its class declares.
  const type = (typeof customElements !== 'undefined' ? customElements.get(host.localName) : undefined) ?? host.constructor;
  const declared = (type as { elementProperties?: Map<PropertyKey, { attribute?: unknown }> }).elementProperties;
  const names = new Set<string>();
  for (const [key, options] of declared ?? []) {
    const attribute = options.attribute === false ? null : typeof options.attribute === 'string' ? options.attribute : String(key).toLowerCase();
    if (attribute && attribute !== 'scenario' && (LAB_ATTRIBUTES as readonly string[]).includes(attribute)) names.add(attribute);
  }
  return names;
}

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
    const recording = source.getAttribute('recording');
    const lab = recording !== null ? startReplayClient(recording) : startLabClient();
    const fromAttributes = configFromAttributes(source, this.options.config ?? DEFAULT_LAB_CONFIG, ownAttributes(source));
    // With `sync-url` (and no recording) the page's hash, when it has one, names the run instead.
    const linked = recording === null ? readUrlState(source) : null;
    const config = linked ? stateToConfig(linked.state) : fromAttributes.config;
    const problem = linked ? linkProblem(linked.problems) : fromAttributes.problem;
    const inPage = labPlace(lab) === 'page' ? `This lab runs ${labPlaceReason(lab) ?? 'in the page'}; the page may pause while it trains.` : null;
    const notice = recording === null ? [problem?.message, inPage].filter((m): m is string => !!m).join(' ') || null : null;
    const created = lab.create(config).then((snapshot) => {
      if (recording === null && this.lab === lab) writeUrlState(source, configToState(config));
      if (recording !== null) void lab.play(replaySpeed(source)).catch((error: unknown) => this.lab === lab && this.fail(error));
      return snapshot;
    });
    const leader = `<${source.localName}>`;
    return { lab, created, notice, config: recording === null ? config : null, recording, leader };
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
    const offEvent = lab.onLabEvent((event) => {
      this.events.push(event);
      if (this.events.length > this.limit) this.events.splice(0, this.events.length - this.limit);
      this.options.onEvent?.(event);
      this.requestFrame();
    });
    const offSnapshot = lab.onSnapshot((snapshot) => this.takeSnapshot(snapshot));
    const offError = lab.onError((error) => {
      this.error = error;
      this.requestFrame();
    });
    this.unsubscribe = () => {
      offEvent();
      offSnapshot();
      offError();
    };
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

/** The problems of a page's hash as one error an element shows (null when the link was fine). */
function linkProblem(problems: readonly StateProblem[]): LabError | null {
  if (problems.length === 0) return null;
  return new LabError('invalid-lab-command', `${problems.map((p) => p.message).join('. ')}.`, { problems: problems.map((p) => p.message) });
}
