/**
 * Recording a run: a Lab is created and bootstrapped as a LabHost does it, then stepped through its
 * whole stream in Node; every lab event the host would forward (each epoch's end only for the last
 * epoch of a run, as the host does) and a snapshot every `every` simulated seconds are kept with their
 * simulated time. The result is thinned to `maxBytes`: every k-th snapshot (first and last always
 * kept), k doubling until the file fits, and if two snapshots are still too many, the events whose
 * loss a view survives (epoch ends) go. Same config, same recording (the lab is seeded and the file
 * holds only simulated quantities).
 */
import type { LabConfig } from '../engine/config';
import type { LabEvent } from '../engine/events';
import { Lab } from '../engine/lab';
import { RECORDING_FORMAT, RECORDING_VERSION, storeSnapshot, type RecordedMessage, type Recording } from './record-format';
import { LabCommandError } from '../engine/errors';
import { REQUIRED_SNAPSHOT_FIELDS } from './record-validate';
import { takeSnapshot, type LabSnapshot } from '../engine/snapshot';

/** Options of a recording. */
export interface RecordOptions {
  /** Simulated seconds between two snapshots before thinning (default 4). */
  every?: number;
  /** Largest file, in bytes of JSON (default 256 KiB). */
  maxBytes?: number;
  /** Series windows each snapshot shows (default 60, as the host). */
  seriesPoints?: number;
  /**
   * Optional snapshot fields to leave out (e.g. `health`, `detectors` for a recording only a monitor
   * replays); a field every view needs (see REQUIRED_SNAPSHOT_FIELDS) cannot be left out.
   */
  omit?: readonly string[];
}

/** Default size budget of a recording. */
export const DEFAULT_RECORDING_BYTES = 256 * 1024;

type Raw = { at: number; type: 'snapshot'; snapshot: LabSnapshot } | { at: number; type: 'lab-event'; event: LabEvent };

/** Runs `config` to the end of its stream and returns the thinned recording. `onProgress` gets the stream position. */
export async function recordRun(config: LabConfig, options: RecordOptions = {}, onProgress?: (position: number) => void): Promise<Recording> {
  const every = options.every ?? 4;
  const points = options.seriesPoints ?? 60;
  if (!(every > 0) || !Number.isFinite(every)) throw new LabCommandError('record', `every must be a positive number of simulated seconds, got ${every}`, { field: 'every' });
  const omit = [...new Set(options.omit ?? [])].sort();
  const required = omit.filter((f) => REQUIRED_SNAPSHOT_FIELDS.includes(f) || f === 'series' || f === 'groundTruth' || f === 'run');
  if (required.length > 0) throw new LabCommandError('record', `${required.join(', ')} cannot be left out: every view needs ${required.length > 1 ? 'them' : 'it'}`, { field: 'omit' });
  const take = (): LabSnapshot => {
    const full = takeSnapshot(lab, points);
    // A recording's run id names the run, not this process's Lab counter, so the same config gives the
    // same bytes; a replay gives each of its starts an id of its own (replay-transport.ts).
    full.run.id = `${full.run.scenario.name}#${full.run.seed}`;
    const snapshot = full as unknown as Record<string, unknown>;
    for (const f of omit) delete snapshot[f];
    return snapshot as unknown as LabSnapshot;
  };
  // A recording's health latency is the simulated one, so the same config gives the same bytes.
  const lab = await Lab.create({ ...config, latency: 'simulated' });
  const raw: Raw[] = [];
  let last = 0;
  const at = (t: number) => (last = Math.max(last, t));
  try {
    lab.events.on((event) => {
      if (event.type !== 'epoch' || event.log.epoch === event.log.epochs - 1) raw.push({ at: at(event.t), type: 'lab-event', event });
    });
    await lab.bootstrap();
    raw.push({ at: at(lab.time), type: 'snapshot', snapshot: take() });
    while (!lab.done) {
      await lab.step(every);
      raw.push({ at: at(lab.time), type: 'snapshot', snapshot: take() });
      onProgress?.(lab.position);
    }
  } finally {
    await lab.dispose();
  }
  const first = raw.find((m): m is Extract<Raw, { type: 'snapshot' }> => m.type === 'snapshot');
  return thin(config, raw, first?.snapshot ?? null, points, options.maxBytes ?? DEFAULT_RECORDING_BYTES, omit);
}

/** Encodes `raw` keeping every `stride`-th snapshot (and the last), optionally without epoch events. */
function encode(config: LabConfig, raw: readonly Raw[], first: LabSnapshot | null, points: number, stride: number, dropEpochs: boolean): Recording {
  const snapshots = raw.filter((m) => m.type === 'snapshot');
  const lastSnapshot = snapshots[snapshots.length - 1];
  const messages: RecordedMessage[] = [];
  let previous: LabSnapshot | null = null;
  let seen = 0;
  let kept = 0;
  let eventsDropped = 0;
  for (const m of raw) {
    if (m.type === 'lab-event') {
      if (dropEpochs && m.event.type === 'epoch') eventsDropped++;
      else messages.push(m);
      continue;
    }
    const index = seen++;
    if (index % stride !== 0 && m !== lastSnapshot) continue;
    messages.push({ at: m.at, type: 'snapshot', snapshot: storeSnapshot(m.snapshot, previous) });
    previous = m.snapshot;
    kept++;
  }
  const recording: Recording = {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    config,
    groundTruth: first?.groundTruth ?? [],
    seriesPoints: points,
    duration: raw.length > 0 ? (raw[raw.length - 1] as Raw).at - (raw[0] as Raw).at : 0,
    thinned: { snapshotsKept: kept, snapshotsRecorded: snapshots.length, eventsDropped },
    messages,
  };
  if (first?.schema) recording.schema = first.schema;
  return recording;
}

function thin(config: LabConfig, raw: readonly Raw[], first: LabSnapshot | null, points: number, maxBytes: number, omit: string[]): Recording {
  const snapshots = raw.filter((m) => m.type === 'snapshot').length;
  for (const dropEpochs of [false, true]) {
    for (let stride = 1; ; stride *= 2) {
      const recording = encode(config, raw, first, points, stride, dropEpochs);
      if (omit.length > 0) recording.omitted = omit;
      if (new TextEncoder().encode(JSON.stringify(recording)).length <= maxBytes) return recording;
      if (stride >= snapshots) break;
    }
  }
  throw new LabCommandError('record', `even thinned to its first and last snapshot the run does not fit in ${maxBytes} bytes; raise the budget or shorten the run`, { maxBytes });
}
