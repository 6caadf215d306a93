/**
 * A LabTransport that plays a recorded run instead of running a Lab: a LabClient over it behaves like
 * one over a live Lab for every view (snapshots, lab events, the `snapshot` command), while no Lab and
 * no TensorFlow.js is loaded. Time is the recording's simulated time:
 * - `create` starts from the beginning and delivers what the host sent up to the first snapshot;
 * - `step(s)` delivers the messages of the next `s` simulated seconds; `run(n)` until `n` more
 *   requests were streamed; both reply with the snapshot reached;
 * - `play(speed)` advances `speed` simulated seconds per real second in slices of `sliceMs`, until
 *   `pause` or the end of the recording; `pause` replies with the snapshot reached;
 * - every command that needs a live Lab (train, serve, retrain, promote, infer, drills...) replies
 *   with a RecordedRunError ("this is a recorded run: <command> is not available").
 * Messages are structured-cloned and delivered asynchronously, as through a Worker.
 * Every snapshot delivered carries its run (`run`); a recording made before snapshots carried one gets
 * a run made from the recording's own metadata (config, ground truth, schema), with an id of its own
 * for each `create`, so views reset when a replay starts over.
 */
import { LabError, toLabError } from '../errors';
import { expandFrames, type Recording, type ReplayMessage } from '../loop/persistence/record-format';
import { RecordedRunError } from '../loop/persistence/record-errors';
import type { LabSnapshot, RunInfo } from '../loop/engine/snapshot';
import type { LabTransport } from './lab-client-core';
import { COMMAND_RULES, type LabCommand, type LabCommandType, type LabHostEvent } from './lab-protocol';

/** Pacing of `play` (defaults: real time and timers, 50 ms slices). */
export interface ReplayOptions {
  /** Real milliseconds per slice of `play` (default 50). */
  sliceMs?: number;
  /** Schedules `fn` after `ms` real milliseconds (default setTimeout). */
  schedule?: (fn: () => void, ms: number) => unknown;
  /** Cancels what `schedule` returned (default clearTimeout). */
  cancel?: (handle: unknown) => void;
}

let replays = 0;

/** The run of a recording whose snapshots carry none, from its own metadata (`id` new on each call). */
export function recordingRun(recording: Recording): RunInfo {
  const { scenario, seed, policy } = recording.config;
  const name = typeof scenario === 'string' ? scenario : scenario.name;
  return {
    id: `replay-${++replays}`,
    scenario: { name, description: typeof scenario === 'string' ? `The recorded ${name} run.` : scenario.description },
    schema: structuredClone(recording.schema ?? { features: [], classes: [] }),
    seed,
    policy: policy === undefined ? 'on-alert' : typeof policy === 'string' ? policy : policy.name,
    groundTruth: structuredClone(recording.groundTruth ?? []),
  };
}

/** The commands a recorded run answers; every other one gets a RecordedRunError. */
const REPLAYED = new Set<LabCommand['type']>((Object.keys(COMMAND_RULES) as LabCommandType[]).filter((k) => COMMAND_RULES[k].replayed));

/** A transport that replays `recording` (already validated: see parseRecording). */
export function replayTransport(recording: Recording, options: ReplayOptions = {}): LabTransport {
  const sliceMs = options.sliceMs ?? 50;
  const schedule = options.schedule ?? ((fn, ms) => setTimeout(fn, ms));
  const cancel = options.cancel ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const messages: ReplayMessage[] = expandFrames(recording);
  const end = messages.at(-1)?.at ?? 0;
  let deliver: ((event: LabHostEvent) => void) | null = null;
  let open = true;
  let created = false;
  let next = 0;
  let time = 0;
  let current: LabSnapshot | null = null;
  let timer: unknown = null;
  /** The run given to snapshots that carry none (made again on each `create`). */
  let run: RunInfo | null = null;

  const post = (event: LabHostEvent) => {
    const copy = structuredClone(event);
    queueMicrotask(() => open && deliver?.(copy));
  };
  const emit = (m: ReplayMessage) => {
    if (m.type === 'snapshot') {
      // Each replay is a run of its own (a view that saw the previous replay resets).
      const recorded = (m.snapshot as Partial<LabSnapshot>).run;
      run ??= recorded ? { ...recorded, id: `${recorded.id}#replay-${++replays}` } : recordingRun(recording);
      const snapshot = { ...m.snapshot, run };
      current = snapshot;
      post({ type: 'snapshot', snapshot });
    } else post({ type: 'lab-event', event: m.event });
  };
  /** Delivers every message up to simulated time `t`. */
  const advanceTo = (t: number) => {
    time = Math.min(Math.max(time, t), end);
    while (next < messages.length && (messages[next] as ReplayMessage).at <= time) emit(messages[next++] as ReplayMessage);
  };
  const finished = () => next >= messages.length;
  const stop = () => {
    if (timer !== null) cancel(timer);
    timer = null;
  };
  const need = (command: string): LabSnapshot => {
    if (!created || !current) throw new LabError('invalid-lab-command', `${command}: no lab yet: send "create" first`, { command });
    return current;
  };
  const slice = (speed: number) => {
    timer = null;
    if (!open || !created) return;
    advanceTo(time + (speed * sliceMs) / 1000);
    if (!finished()) timer = schedule(() => slice(speed), sliceMs);
  };
  const positive = (command: string, field: string, value: number, max: number) => {
    if (!(typeof value === 'number' && value > 0 && value <= max)) throw new LabError('invalid-lab-command', `${command}: ${field} must be in (0, ${max}], got ${value}`, { command, field });
  };

  const dispatch = (c: LabCommand): unknown => {
    if (!REPLAYED.has(c.type)) throw new RecordedRunError(c.type);
    switch (c.type) {
      case 'create':
        stop();
        created = true;
        run = null;
        next = 0;
        time = 0;
        current = null;
        {
          // The first snapshot goes out before the events recorded ahead of it, so views learn the run first.
          const first = messages.findIndex((m) => m.type === 'snapshot');
          const head = first < 0 ? messages.length : first + 1;
          if (first >= 0) emit(messages[first] as ReplayMessage);
          for (let i = 0; i < head; i++) if (i !== first) emit(messages[i] as ReplayMessage);
          next = head;
        }
        time = messages[next - 1]?.at ?? 0;
        return need('create');
      case 'step':
        need('step');
        positive('step', 'seconds', c.seconds, 1e9);
        advanceTo(time + c.seconds);
        return need('step');
      case 'run': {
        const target = need('run').position + c.requests;
        positive('run', 'requests', c.requests, 1e9);
        while (!finished() && (current as LabSnapshot).position < target) {
          const m = messages[next++] as ReplayMessage;
          time = m.at;
          emit(m);
        }
        return need('run');
      }
      case 'play':
        need('play');
        positive('play', 'speed', c.speed, 1e6);
        stop();
        timer = schedule(() => slice(c.speed), sliceMs);
        return null;
      case 'pause':
        stop();
        return need('pause');
      case 'snapshot':
        return need('snapshot');
      default:
        stop();
        created = false;
        current = null;
        return null;
    }
  };

  return {
    send: (command) => {
      try {
        post({ type: 'reply', requestId: command.requestId, ok: true, value: dispatch(command) });
      } catch (error) {
        post({ type: 'reply', requestId: command.requestId, ok: false, error: toLabError(error).toJSON() });
      }
    },
    listen: (onEvent) => {
      deliver = onEvent;
    },
    close: () => {
      open = false;
      stop();
    },
  };
}

/** Simulated seconds from the start to the end of a recording (what `play` runs through). */
export function recordingDuration(recording: Recording): number {
  return recording.messages.at(-1)?.at ?? 0;
}
