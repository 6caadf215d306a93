/**
 * The Lab host: owns one Lab, runs its commands one at a time, forwards its events and sends
 * snapshots at most `snapshotsPerSecond` times a second (wall clock: pacing for views only; the
 * lab's decisions run on simulated time). `play` advances the lab by `speed` simulated seconds per
 * real second in small slices, yielding between them so commands (pause, rollback...) get in.
 * The same host runs in a dedicated Worker, in the page, or in Node.
 */
import * as tf from '@tensorflow/tfjs';
import { LabError, toLabError } from '../errors';
import { gradeDrill, Lab, runDrill, takeSnapshot, Throttle, type LabSnapshot } from '../loop/index';
import type { LabCommand, LabHostEvent } from './lab-protocol';
import { exportSession, readSession } from '../loop/persistence/session';
import { findPolicy } from '../loop/decisions/policy';
import { trafficLogCsv, trafficLogJsonl } from '../loop/observers/traffic-log';

/** Real milliseconds per slice of `play`. */
const SLICE_MS = 50;

/** Commands after which views must see the new state at once (not only when a lab event fires). */
const STATE_CHANGING: ReadonlySet<LabCommand['type']> = new Set(['play', 'set-policy', 'set-routing', 'retrain', 'promote', 'rollback', 'inject-incident', 'infer']);

/** Runs one lab for one client, by messages. */
export class LabHost {
  private lab: Lab | null = null;
  private unsubscribe: (() => void) | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private playing: { speed: number; timer: ReturnType<typeof setTimeout> | null } | null = null;
  private readonly throttle: Throttle;

  constructor(
    private readonly post: (event: LabHostEvent) => void,
    options: { snapshotsPerSecond?: number; now?: () => number } = {},
  ) {
    this.throttle = new Throttle(options.snapshotsPerSecond ?? 20, options.now ?? (() => performance.now()), () => this.lab && this.post({ type: 'snapshot', snapshot: this.snapshotOf(this.lab) }));
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
      if (STATE_CHANGING.has(command.type)) this.sendSnapshot();
      this.reply(command.requestId, value);
    } catch (error) {
      this.post({ type: 'reply', requestId: (command as { requestId?: number }).requestId ?? -1, ok: false, error: toLabError(error).toJSON() });
    }
  }

  private need(): Lab {
    if (!this.lab) throw new LabError('invalid-lab-command', 'no lab yet: send "create" first');
    return this.lab;
  }

  private async dispatch(c: LabCommand): Promise<unknown> {
    switch (c.type) {
      case 'create': {
        await this.dispose();
        if (tf.getBackend() === undefined) await tf.ready();
        const lab = await Lab.create(c.config);
        this.lab = lab;
        this.unsubscribe = lab.events.on((event) => {
          if (event.type !== 'epoch' || event.log.epoch === event.log.epochs - 1) this.post({ type: 'lab-event', event });
          this.throttle.request();
        });
        await lab.bootstrap();
        return this.snapshotOf(lab);
      }
      case 'step':
        await this.need().step(c.seconds);
        return this.settled();
      case 'run':
        await this.need().runRequests(c.requests);
        return this.settled();
      case 'play':
        this.need();
        if (!(c.speed > 0 && c.speed <= 1e6)) throw new LabError('invalid-lab-command', `play: speed must be in (0, 1e6] simulated seconds per real second, got ${c.speed}`);
        this.stopPlaying();
        this.playing = { speed: c.speed, timer: null };
        this.schedulePlay();
        return null;
      case 'pause':
        this.stopPlaying();
        return this.settled();
      case 'set-policy':
        return this.need().setPolicy(c.policy);
      case 'set-routing':
        this.need().setRouting(c.routing);
        return null;
      case 'retrain':
        return this.need().retrain({ trigger: 'manual', reason: c.reason ?? 'learner asked' });
      case 'promote':
        await this.need().promote(c.version, c.reason ?? 'learner promoted');
        return null;
      case 'rollback':
        return this.need().rollback(c.reason ?? 'learner rolled back');
      case 'inject-incident':
        await this.need().injectIncident(c.incident);
        return null;
      case 'snapshot':
        return this.snapshotOf(this.need());
      case 'run-drill':
        return runDrill(c.drill, c.seed);
      case 'answer-drill':
        return gradeDrill(c.run, c.answer);
      case 'infer':
        return this.need().infer(c.request);
      case 'surface':
        return this.need().surface(c.size);
      case 'dispose':
        await this.dispose();
        return null;
      case 'export-session': {
        const lab = this.need();
        return exportSession({ config: { ...lab.config, policy: findPolicy(lab.policy.name) ? lab.policy.name : lab.policy }, registry: lab.registry, calibrators: lab.calibratorStates() });
      }
      case 'import-session': {
        if (tf.getBackend() === undefined) await tf.ready();
        // Checked and built before the running lab is touched: a bad file changes nothing.
        const restored = await Lab.restore(await readSession(c.session));
        await this.dispose();
        this.adopt(restored);
        this.sendSnapshot();
        return this.snapshotOf(restored);
      }
      case 'export-log': {
        const lab = this.need();
        if (c.format !== 'csv' && c.format !== 'jsonl') throw new LabError('invalid-lab-command', `export-log: format must be "csv" or "jsonl", got ${JSON.stringify(c.format)}`);
        return (c.format === 'csv' ? trafficLogCsv : trafficLogJsonl)(lab.schema, lab.trafficLog.entries());
      }
      default:
        throw new LabError('invalid-lab-command', `unknown command ${JSON.stringify((c as { type?: unknown }).type)}`);
    }
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
  private settled(): unknown {
    this.sendSnapshot();
    return this.snapshotOf(this.need());
  }

  /** The lab's snapshot plus what only the host knows: whether it is playing the stream, and how fast. */
  private snapshotOf(lab: Lab): LabSnapshot {
    return { ...takeSnapshot(lab), playing: this.playing !== null, ...(this.playing ? { playSpeed: this.playing.speed } : {}) };
  }

  /** Sends the current snapshot now, whatever the throttle's pace (a command's result must show). */
  private sendSnapshot(): void {
    if (!this.lab) return;
    this.throttle.request();
    this.throttle.flush();
  }

  private schedulePlay(): void {
    const playing = this.playing;
    if (!playing) return;
    playing.timer = setTimeout(() => {
      playing.timer = null;
      void this.handleTick(playing.speed);
    }, SLICE_MS);
  }

  /** One slice of play, queued like a command so it never interleaves with one. */
  private async handleTick(speed: number): Promise<void> {
    const run = this.queue.then(async () => {
      const lab = this.lab;
      if (!lab || !this.playing) return;
      await lab.step((speed * SLICE_MS) / 1000);
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
    this.schedulePlay();
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
