/**
 * The Lab host: owns one Lab, runs its commands one at a time, forwards its events and sends
 * snapshots at most `snapshotsPerSecond` times a second (wall clock: pacing for views only; the
 * lab's decisions run on simulated time). `play` is paced by the wall clock: each slice advances the
 * lab by the real time elapsed since play began times `speed`, minus what already ran (so the time a
 * slice itself takes is not lost, as a fixed sleep after each slice would lose it), in chunks of at
 * most MAX_CHUNK_MS of real time so commands (pause, rollback...) get in between; when it is behind it
 * does not sleep. A debt over MAX_DEBT_MS (a machine that cannot keep up) is dropped rather than
 * raced through later, and snapshots carry the speed really achieved (`achievedSpeed`).
 * The same host runs in a dedicated Worker, in the page, or in Node.
 */
import * as tf from '@tensorflow/tfjs';
import { LabError, toLabError } from '../errors';
import { gradeDrill, Lab, runDrill, takeSnapshot, Throttle } from '../loop/index';
import { COMMAND_RULES, isCommandType, type HostSnapshot, type LabCommand, type LabCommandType, type LabHostEvent, type LabReplies } from './lab-protocol';
import { exportSession, readSession } from '../loop/persistence/session';
import { findPolicy } from '../loop/decisions/policy';
import { trafficLogCsv, trafficLogJsonl } from '../loop/observers/traffic-log';
import { compareFirstFits, runCompare } from '../loop/compare/runner';

/** Real milliseconds between slices of `play` when it keeps up. */
const SLICE_MS = 50;
/** Most real time one slice may cover (a longer debt is worked off in several slices, back to back). */
const MAX_CHUNK_MS = 100;
/** Most real time play may be behind; beyond it the excess is dropped (the achieved speed says so). */
const MAX_DEBT_MS = 5000;
/** Real time over which the achieved speed is measured. */
const ACHIEVED_WINDOW_MS = 3000;

/**
 * Wall-clock pacing of `play`: how much simulated time is due now, and the speed really achieved.
 * Pure bookkeeping over an injected clock (tested without timers).
 */
export class PlayPace {
  private startWall: number;
  private ran = 0;
  private readonly samples: { wall: number; sim: number }[] = [];

  constructor(
    readonly speed: number,
    private readonly now: () => number,
  ) {
    this.startWall = now();
    this.samples.push({ wall: this.startWall, sim: 0 });
  }

  /** Simulated seconds to run now (at most MAX_CHUNK_MS worth); 0 when play is ahead. Drops a debt over MAX_DEBT_MS. */
  due(): number {
    const wall = this.now();
    const owedMs = wall - this.startWall - (this.ran / this.speed) * 1000;
    if (owedMs > MAX_DEBT_MS) this.startWall += owedMs - MAX_DEBT_MS;
    const owed = (Math.min(owedMs, MAX_DEBT_MS) * this.speed) / 1000;
    return owed > 0 ? Math.min(owed, (MAX_CHUNK_MS * this.speed) / 1000) : 0;
  }

  /** Records that `seconds` simulated seconds ran. */
  record(seconds: number): void {
    this.ran += seconds;
    const wall = this.now();
    this.samples.push({ wall, sim: this.ran });
    while (this.samples.length > 2 && wall - (this.samples[1] as { wall: number }).wall >= ACHIEVED_WINDOW_MS) this.samples.shift();
  }

  /** Real milliseconds to wait before the next slice: 0 when behind, else SLICE_MS. */
  delay(): number {
    const owedMs = this.now() - this.startWall - (this.ran / this.speed) * 1000;
    return owedMs >= SLICE_MS ? 0 : SLICE_MS;
  }

  /** Simulated seconds per real second over the last ACHIEVED_WINDOW_MS (null before a second of play). */
  achieved(): number | null {
    const first = this.samples[0] as { wall: number; sim: number };
    const wall = this.now();
    if (wall - first.wall < 1000) return null;
    return ((this.ran - first.sim) * 1000) / (wall - first.wall);
  }
}

/** A handler per command: takes the command, returns (or resolves with) its reply. */
type CommandHandlers = { readonly [K in LabCommandType]: (command: Extract<LabCommand, { type: K }>) => LabReplies[K] | Promise<LabReplies[K]> };

/** A stream being played: its pace and the timer of its next slice. */
interface Playing {
  pace: PlayPace;
  timer: ReturnType<typeof setTimeout> | null;
}

/** Runs one lab for one client, by messages. */
export class LabHost {
  private lab: Lab | null = null;
  private unsubscribe: (() => void) | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private playing: Playing | null = null;
  private readonly throttle: Throttle;
  private readonly now: () => number;

  constructor(
    private readonly post: (event: LabHostEvent) => void,
    options: { snapshotsPerSecond?: number; now?: () => number } = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.throttle = new Throttle(options.snapshotsPerSecond ?? 20, this.now, () => this.lab && this.post({ type: 'snapshot', snapshot: this.snapshotOf(this.lab) }));
  }

  /** Handles one command (queued behind the previous one). Never rejects: failures are `reply` events with a typed error. */
  handle(command: LabCommand): Promise<void> {
    const run = this.queue.then(() => this.execute(command));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async execute(command: LabCommand): Promise<void> {
    try {
      const value = await this.dispatch(command);
      if (isCommandType(command?.type) && COMMAND_RULES[command.type].changesState) this.sendSnapshot();
      this.reply(command.requestId, value);
    } catch (error) {
      this.post({ type: 'reply', requestId: (command as { requestId?: number }).requestId ?? -1, ok: false, error: toLabError(error).toJSON() });
    }
  }

  private need(): Lab {
    if (!this.lab) throw new LabError('invalid-lab-command', 'no lab yet: send "create" first');
    return this.lab;
  }

  /**
   * One typed handler per command of the table (lab-protocol.ts): the compiler checks that every
   * command is handled and that each handler returns that command's reply.
   */
  private readonly handlers: CommandHandlers = {
    create: async (c) => {
      await this.dispose();
      if (tf.getBackend() === undefined) await tf.ready();
      const lab = await Lab.create(c.config);
      this.adopt(lab);
      // Views learn the new run (its id) before any of its events, so they reset first, not after.
      this.sendSnapshot();
      await lab.bootstrap();
      return this.snapshotOf(lab);
    },
    step: async (c) => {
      await this.need().step(c.seconds);
      return this.settled();
    },
    run: async (c) => {
      await this.need().runRequests(c.requests);
      return this.settled();
    },
    play: (c) => {
      this.need();
      if (!(c.speed > 0 && c.speed <= 1e6)) throw new LabError('invalid-lab-command', `play: speed must be in (0, 1e6] simulated seconds per real second, got ${c.speed}`);
      this.stopPlaying();
      this.playing = { pace: new PlayPace(c.speed, this.now), timer: null };
      this.schedulePlay(SLICE_MS);
      return null;
    },
    pause: () => {
      this.stopPlaying();
      return this.settled();
    },
    'set-policy': (c) => this.need().setPolicy(c.policy),
    'set-routing': (c) => {
      this.need().setRouting(c.routing);
      return null;
    },
    retrain: (c) => this.need().retrain({ trigger: 'manual', reason: c.reason ?? 'learner asked' }),
    promote: async (c) => {
      await this.need().promote(c.version, c.reason ?? 'learner promoted');
      return null;
    },
    rollback: (c) => this.need().rollback(c.reason ?? 'learner rolled back'),
    'inject-incident': async (c) => {
      await this.need().injectIncident(c.incident);
      return null;
    },
    snapshot: () => this.snapshotOf(this.need()),
    'run-drill': (c) => runDrill(c.drill, c.seed),
    'answer-drill': (c) => gradeDrill(c.run, c.answer),
    infer: (c) => this.need().infer(c.request, c.target ?? {}),
    surface: (c) => this.need().surface(c.size),
    live: () => this.need().live(),
    ready: (c) => this.need().ready(c.model, c.version),
    metadata: (c) => this.need().metadata(c.model, c.version),
    dispose: async () => {
      await this.dispose();
      return null;
    },
    'export-session': () => {
      const lab = this.need();
      return exportSession({ config: { ...lab.config, policy: findPolicy(lab.policy.name) ? lab.policy.name : lab.policy }, registry: lab.registry, calibrators: lab.calibratorStates() });
    },
    'import-session': async (c) => {
      if (tf.getBackend() === undefined) await tf.ready();
      // Checked and built before the running lab is touched: a bad file changes nothing.
      const restored = await Lab.restore(await readSession(c.session));
      await this.dispose();
      this.adopt(restored);
      this.sendSnapshot();
      return this.snapshotOf(restored);
    },
    'export-log': (c) => {
      const lab = this.need();
      if (c.format !== 'csv' && c.format !== 'jsonl') throw new LabError('invalid-lab-command', `export-log: format must be "csv" or "jsonl", got ${JSON.stringify(c.format)}`);
      return (c.format === 'csv' ? trafficLogCsv : trafficLogJsonl)(lab.schema, lab.trafficLog.entries());
    },
    compare: async (c) => {
      if (tf.getBackend() === undefined) await tf.ready();
      const lab = c.config === undefined ? this.need() : null;
      const config = c.config ?? { ...(lab as Lab).config, policy: findPolicy((lab as Lab).policy.name) ? (lab as Lab).policy.name : (lab as Lab).policy };
      // `only`: one run of the compare (a compare pool's share, src/worker/compare-pool.ts).
      const only = c.only;
      return runCompare({ config, policies: c.policies, ...(c.forkAt !== undefined ? { forkAt: c.forkAt } : {}), ...(c.settings !== undefined ? { settings: c.settings } : {}), ...(only !== undefined ? { only } : {}), ...(c.firstFits !== undefined ? { firstFits: c.firstFits } : {}) });
    },
    'compare-first-fits': async (c) => {
      if (tf.getBackend() === undefined) await tf.ready();
      return compareFirstFits({ config: c.config, policies: c.policies, ...(c.settings !== undefined ? { settings: c.settings } : {}) });
    },
    'deploy-model': (c) => this.need().deployTrained(c.model),
    'export-version': (c) => this.need().exportVersion(c.version),
    'import-version': (c) => this.need().importVersion(c.file),
  };

  private dispatch(c: LabCommand): Promise<unknown> | unknown {
    if (!isCommandType(c?.type)) throw new LabError('invalid-lab-command', `unknown command ${JSON.stringify((c as { type?: unknown } | null)?.type)}`);
    const handler = this.handlers[c.type] as (command: LabCommand) => unknown;
    return handler(c);
  }

  /** Makes `lab` this host's lab and forwards its events (as `create` does). */
  private adopt(lab: Lab): void {
    this.lab = lab;
    this.unsubscribe = lab.events.on((event) => {
      if (event.type !== 'epoch' || event.log.epoch === event.log.epochs - 1) this.post({ type: 'lab-event', event });
      this.throttle.request();
    });
  }

  /** The state after a run, step or pause: streamed to every view, and returned. */
  private settled(): HostSnapshot {
    this.sendSnapshot();
    return this.snapshotOf(this.need());
  }

  /** The lab's snapshot plus what only the host knows: whether it is playing the stream, how fast it was asked to, and how fast it really goes. */
  private snapshotOf(lab: Lab): HostSnapshot {
    const pace = this.playing?.pace;
    const achieved = pace?.achieved() ?? null;
    const backends = lab.registry.list().map((v) => ({ id: v.id, backend: v.backend, ...(v.backendChoice ?? {}) }));
    return { ...takeSnapshot(lab), playing: pace !== undefined, ...(pace ? { playSpeed: pace.speed } : {}), ...(achieved !== null ? { achievedSpeed: Math.round(achieved * 100) / 100 } : {}), backends };
  }

  /** Sends the current snapshot now, whatever the throttle's pace (a command's result must show). */
  private sendSnapshot(): void {
    if (!this.lab) return;
    this.throttle.request();
    this.throttle.flush();
  }

  private schedulePlay(ms: number): void {
    const playing = this.playing;
    if (!playing) return;
    playing.timer = setTimeout(() => {
      playing.timer = null;
      void this.handleTick(playing);
    }, ms);
  }

  /** One slice of play (what the wall clock says is due), queued like a command so it never interleaves with one. */
  private async handleTick(playing: Playing): Promise<void> {
    const run = this.queue.then(async () => {
      const lab = this.lab;
      if (!lab || this.playing !== playing) return;
      const seconds = playing.pace.due();
      if (seconds > 0) {
        await lab.step(seconds);
        playing.pace.record(seconds);
      }
      this.throttle.request();
      if (lab.done) {
        this.stopPlaying();
        this.throttle.flush();
      }
    });
    this.queue = run.catch((error: unknown) => {
      this.stopPlaying();
      this.sendSnapshot();
      this.post({ type: 'reply', requestId: -1, ok: false, error: toLabError(error).toJSON() });
    });
    await this.queue;
    if (this.playing === playing) this.schedulePlay(playing.pace.delay());
  }

  private stopPlaying(): void {
    if (this.playing?.timer) clearTimeout(this.playing.timer);
    this.playing = null;
  }

  private async dispose(): Promise<void> {
    this.stopPlaying();
    this.unsubscribe?.();
    this.unsubscribe = null;
    const lab = this.lab;
    this.lab = null;
    await lab?.dispose();
  }

  private reply(requestId: number, value: unknown): void {
    this.post({ type: 'reply', requestId, ok: true, value });
  }
}
