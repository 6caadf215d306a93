/**
 * Recorded runs: the recorder (seeded, thinned to its budget), the compact file rebuilt into the very
 * snapshots the Lab took, and the validation of a file like every other import: too big, not JSON,
 * another format or version, or a malformed field each give one RecordingError naming what is wrong.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { LabError } from '../../../src/errors';
import { Lab } from '../../../src/loop/engine/lab';
import { recordRun } from '../../../src/loop/persistence/record';
import { expandFrames, RECORDING_FORMAT, RECORDING_VERSION, type Recording } from '../../../src/loop/persistence/record-format';
import { parseRecording } from '../../../src/loop/persistence/record-validate';
import { takeSnapshot } from '../../../src/loop/engine/snapshot';

const CONFIG = { scenario: 'moons-rotation', seed: 3, requests: 1500, policy: 'on-alert' } as const;
let recording: Recording;
let text: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  recording = await recordRun(CONFIG, { every: 4, maxBytes: 4 * 1024 * 1024 });
  text = JSON.stringify(recording);
});

/** The RecordingError `fn` throws (fails the test if it throws nothing or something else). */
function recordingError(fn: () => unknown): LabError {
  try {
    fn();
  } catch (error) {
    if (error instanceof LabError && error.code === 'invalid-recording') return error;
    throw error;
  }
  throw new Error('expected a RecordingError');
}

const edited = (edit: (r: Record<string, unknown>) => void): string => {
  const copy = JSON.parse(text) as Record<string, unknown>;
  edit(copy);
  return JSON.stringify(copy);
};

describe('recordRun', () => {
  test('records the whole run with its events, and the same config gives the same bytes', async () => {
    expect(recording.format).toBe(RECORDING_FORMAT);
    expect(recording.version).toBe(RECORDING_VERSION);
    expect(recording.config).toEqual(CONFIG);
    expect(recording.thinned.snapshotsKept).toBe(recording.thinned.snapshotsRecorded);
    expect(recording.thinned.eventsDropped).toBe(0);
    const kinds = new Set(recording.messages.map((m) => (m.type === 'snapshot' ? 'snapshot' : m.event.type)));
    for (const kind of ['snapshot', 'station', 'version', 'alias', 'stream-end']) expect(kinds).toContain(kind);
    const again = await recordRun(CONFIG, { every: 4, maxBytes: 4 * 1024 * 1024 });
    expect(JSON.stringify(again)).toBe(text);
  });

  test('the compact frames rebuild the snapshots the Lab took (the last equals a fresh run of the same config)', async () => {
    const full = expandFrames(recording).filter((m) => m.type === 'snapshot');
    const last = full.at(-1);
    const lab = await Lab.create({ ...CONFIG, latency: 'simulated' });
    try {
      await lab.bootstrap();
      await lab.runToEnd();
      const fresh = takeSnapshot(lab);
      // The recording names its run by scenario and seed; a live Lab's id also counts Labs.
      expect(fresh.run.id).toMatch(/^moons-rotation#\d+@\d+$/);
      fresh.run.id = `${fresh.run.scenario.name}#${fresh.run.seed}`;
      expect(last?.type === 'snapshot' && last.snapshot).toEqual(fresh);
    } finally {
      await lab.dispose();
    }
    expect(full[0]?.type === 'snapshot' && full[0].snapshot.position).toBe(0);
    // Per-window lists stored window by window come back whole (the endpoint's health, when the snapshot has it).
    const health = last?.type === 'snapshot' ? (last.snapshot as { health?: unknown[] }).health : undefined;
    if (health !== undefined) expect(health.length).toBeGreaterThan(1);
  });

  test('thins to the byte budget, keeping the first and last snapshot, and refuses a budget nothing fits in', async () => {
    const budget = Math.floor(text.length / 3);
    const small = await recordRun(CONFIG, { every: 4, maxBytes: budget });
    expect(JSON.stringify(small).length).toBeLessThanOrEqual(budget);
    expect(small.thinned.snapshotsKept).toBeLessThan(small.thinned.snapshotsRecorded);
    const snaps = small.messages.filter((m) => m.type === 'snapshot');
    const allSnaps = recording.messages.filter((m) => m.type === 'snapshot');
    expect(snaps[0]?.at).toBe(allSnaps[0]?.at);
    expect(snaps.at(-1)?.at).toBe(allSnaps.at(-1)?.at);
    expect(small.messages.filter((m) => m.type === 'lab-event')).toEqual(recording.messages.filter((m) => m.type === 'lab-event'));
    const error = await recordRun(CONFIG, { maxBytes: 2000 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).code).toBe('invalid-lab-command');
    expect((error as LabError).message).toMatch(/does not fit in 2000 bytes/);
  });

  test('leaves out the optional snapshot fields asked for, never the ones every view reads', async () => {
    const lean = await recordRun(CONFIG, { every: 4, maxBytes: 4 * 1024 * 1024, omit: ['endpoint', 'schema'] });
    expect(lean.omitted).toEqual(['endpoint', 'schema']);
    expect(lean.schema).toBeUndefined();
    const full = expandFrames(recording).filter((m) => m.type === 'snapshot');
    const thin = expandFrames(parseRecording(JSON.stringify(lean))).filter((m) => m.type === 'snapshot');
    expect(thin.length).toBe(full.length);
    for (const [i, m] of thin.entries()) {
      const { endpoint: _e, schema: _s, ...rest } = (full[i] as Extract<typeof m, { type: 'snapshot' }>).snapshot;
      expect(m.type === 'snapshot' && m.snapshot).toEqual(rest);
    }
    const refused = await recordRun(CONFIG, { omit: ['totals', 'series'] }).then(
      () => null,
      (e: unknown) => e as LabError,
    );
    expect(refused?.message).toBe('record: series, totals cannot be left out: every view needs them');
  });
});

describe('parseRecording', () => {
  test('reads back what the recorder wrote', () => {
    expect(parseRecording(text)).toEqual(recording);
  });

  test('refuses a file over the size limit before parsing it', () => {
    const error = recordingError(() => parseRecording(text, 1000));
    expect(error.message).toMatch(/more than the 1000 accepted/);
  });

  test('refuses text that is not JSON, or JSON that is not an object', () => {
    expect(recordingError(() => parseRecording('{"format": ')).message).toMatch(/not JSON/);
    expect(recordingError(() => parseRecording('[1,2]')).message).toMatch(/recording: expected a JSON object, got an array/);
  });

  test('refuses another format and a version it does not read, saying which', () => {
    expect(recordingError(() => parseRecording(edited((r) => (r.format = 'mlops-lab-session')))).message).toMatch(/not a recorded run of this lab \(format "mlops-lab-session"/);
    expect(recordingError(() => parseRecording(edited((r) => (r.version = 2)))).message).toMatch(/version 2 was written by a newer lab/);
    expect(recordingError(() => parseRecording(edited((r) => delete r.version))).message).toMatch(/version null is not one this lab reads/);
  });

  test('names the first malformed field', () => {
    const cases: [(r: Record<string, unknown>) => void, RegExp][] = [
      [(r) => delete r.groundTruth, /recording\.groundTruth: expected an array, got undefined/],
      [(r) => ((r.config as Record<string, unknown>).seed = 'x'), /recording\.config\.seed: expected a finite number, got "x"/],
      [(r) => (r.seriesPoints = 0), /recording\.seriesPoints: expected a whole number >= 1/],
      [(r) => ((r.messages as unknown[])[0] = { at: -1, type: 'snapshot' }), /recording\.messages\[0\]\.at: expected a time >= 0/],
      [(r) => ((r.messages as unknown[])[1] = { at: 0, type: 'video' }), /recording\.messages\[1\]\.type: expected "snapshot" or "lab-event", got "video"/],
      [(r) => ((r.messages as unknown[])[1] = { at: 0, type: 'lab-event', event: { type: 'meteor', t: 0, index: 0 } }), /recording\.messages\[1\]\.event\.type: expected one of station/],
      [(r) => ((r.messages as unknown[])[1] = { at: 0, type: 'lab-event', event: { type: 'alias', t: 0, index: 0, alias: 'production', version: 3 } }), /recording\.messages\[1\]\.event\.version: expected a string, got 3/],
      [
        (r) => {
          const m = r.messages as { type: string; snapshot?: { totals: Record<string, unknown> } }[];
          const s = m.findLast((x) => x.type === 'snapshot');
          if (s?.snapshot) s.snapshot.totals.requests = null;
        },
        /recording\.messages\[\d+\]\.snapshot\.totals\.requests: expected a finite number, got null/,
      ],
      [
        (r) => {
          const m = r.messages as { at: number }[];
          (m.at(-1) as { at: number }).at = 0.5;
        },
        /recording\.messages\[\d+\]\.at: expected a time >= the previous message's/,
      ],
      [(r) => (r.messages = (r.messages as { type: string }[]).filter((m) => m.type !== 'snapshot')), /it holds no snapshot to show/],
      [
        (r) => {
          const s = (r.messages as { type: string; snapshot?: Record<string, unknown> }[]).find((x) => x.type === 'snapshot');
          if (s?.snapshot) s.snapshot.windowsNew = { weather: [] };
        },
        /recording\.messages\[\d+\]\.snapshot\.windowsNew\.weather: expected a per-window field \(health\)/,
      ],
    ];
    for (const [edit, message] of cases) expect(recordingError(() => parseRecording(edited(edit))).message).toMatch(message);
  });
});
