/**
 * The Lab behind its message protocol (in-page transport, Node): commands resolve with snapshots,
 * events and throttled snapshots stream out, bad commands get typed errors and the host keeps serving.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LabEvent, LabSnapshot } from '../../../src/loop/index';
import { createInPageLabClient, type LabClient } from '../../../src/worker/index';
import { PlayPace } from '../../../src/worker/lab-host';
import { achievedSpeed } from '../../../src/worker/lab-protocol';

let client: LabClient | null = null;
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterEach(async () => {
  await client?.dispose();
  client = null;
});

describe('LabClient over the in-page transport', () => {
  test('create, run, events and snapshots; a manual retrain goes through the gate', async () => {
    client = createInPageLabClient();
    const events: LabEvent[] = [];
    const snapshots: LabSnapshot[] = [];
    client.onLabEvent((e) => events.push(e));
    client.onSnapshot((s) => snapshots.push(s));
    const first = await client.create({ scenario: 'stable', seed: 4, requests: 2000, policy: 'manual' });
    expect(first.deployed.production).toBe('v1');
    expect(first.versions).toHaveLength(1);
    const after = await client.run(1200);
    expect(after.position).toBeGreaterThanOrEqual(1200);
    expect(after.totals.requests).toBe(after.position);
    expect(after.series.length).toBeGreaterThan(3);
    const outcome = await client.retrain('test');
    expect(outcome.version).toBe('v2');
    expect(events.some((e) => e.type === 'station' && e.station === 'train')).toBe(true);
    expect(events.some((e) => e.type === 'decision' && e.kind === 'gate')).toBe(true);
    expect(snapshots.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(snapshots.at(-1)))).toEqual(snapshots.at(-1));
  });

  test('bad commands get typed errors and the host keeps serving', async () => {
    client = createInPageLabClient();
    await expect(client.run(10)).rejects.toMatchObject({ code: 'invalid-lab-command' });
    await expect(client.create({ scenario: 'nope', seed: 1 })).rejects.toMatchObject({ code: 'invalid-lab-command' });
    await client.create({ scenario: 'stable', seed: 1, requests: 500, policy: 'manual' });
    await expect(client.setPolicy({ name: 'x', trigger: { kind: 'sometimes' } } as never)).rejects.toMatchObject({ code: 'invalid-policy', message: expect.stringMatching(/trigger.kind/) });
    await expect(client.promote('v9')).rejects.toMatchObject({ code: 'version-not-found' });
    const s = await client.snapshot();
    expect(s.deployed.production).toBe('v1');
  });

  test('a drill runs and is graded through the protocol', async () => {
    client = createInPageLabClient();
    const run = await client.runDrill('label-stall', 3);
    const grade = await client.answerDrill(run, 'feedback');
    expect(grade).toMatchObject({ correct: true, expected: 'feedback' });
  });
});

describe('views see every change at once', () => {
  test('promote and rollback between runs each stream a snapshot with the new production', async () => {
    client = createInPageLabClient();
    const snapshots: LabSnapshot[] = [];
    client.onSnapshot((s) => snapshots.push(s));
    await client.create({ scenario: 'stable', seed: 4, requests: 2000, policy: 'manual' });
    await client.run(600);
    const candidate = await client.retrain('test');
    expect(candidate.version).toBe('v2');
    await client.promote('v2', 'by hand');
    expect(snapshots.at(-1)?.deployed.production).toBe('v2');
    expect(await client.rollback('back')).toBe('v1');
    expect(snapshots.at(-1)?.deployed.production).toBe('v1');
  });
});

describe('play is paced by the wall clock', () => {
  test('PlayPace: due time is elapsed real time x speed minus what ran, in chunks; a debt over 5 s is dropped', () => {
    let now = 0;
    const pace = new PlayPace(80, () => now);
    expect(pace.due()).toBe(0);
    expect(pace.delay()).toBe(50);
    now = 50;
    expect(pace.due()).toBeCloseTo(4, 9); // 50 ms x 80
    pace.record(4);
    now = 180; // the slice took 80 ms more: that time is owed too, and play does not sleep
    expect(pace.due()).toBeCloseTo(8, 9); // capped at 100 ms worth
    expect(pace.delay()).toBe(0);
    pace.record(8);
    now = 20_000; // a long pause of the machine: only 5 s are owed
    expect(pace.due()).toBeCloseTo(8, 9);
    pace.record(8);
    // measured from the last sample at least 3 s old (t = 180 ms, 12 s run): 8 simulated s in 19.82 real s
    expect(pace.achieved()).toBeCloseTo(8 / 19.82, 6);
    expect(new PlayPace(10, () => 0).achieved()).toBeNull();
  });

  test.each([5, 20, 80])('play at %i simulated s per second advances that many per real second (within 10%) and says what it achieved', async (speed) => {
    client = createInPageLabClient();
    const snapshots: LabSnapshot[] = [];
    client.onSnapshot((s) => snapshots.push(s));
    // Half-second ticks: the lab advances whole ticks, so the measured rate is exact to within one tick.
    await client.create({ scenario: 'stable', seed: 3, requests: 100_000, policy: 'manual', tickSeconds: 0.5 });
    const start = await client.snapshot();
    await client.play(speed);
    const wallStart = performance.now();
    await new Promise((r) => setTimeout(r, 2500));
    const end = await client.pause();
    const wall = (performance.now() - wallStart) / 1000;
    const rate = (end.t - start.t) / wall;
    expect(rate).toBeGreaterThan(speed * 0.9);
    expect(rate).toBeLessThan(speed * 1.1);
    const playing = snapshots.filter((s) => s.playing && achievedSpeed(s) !== null);
    expect(playing.length).toBeGreaterThan(0);
    expect(achievedSpeed(playing.at(-1) as LabSnapshot)).toBeGreaterThan(speed * 0.9);
    expect(achievedSpeed(end)).toBeNull();
  });
});

describe('dispose is immediate', () => {
  test('disposing during create rejects the create at once and every later command; the in-page lab is freed after it', async () => {
    client = createInPageLabClient();
    const created = client.create({ scenario: 'stable', seed: 2, requests: 500, policy: 'manual' });
    const outcome = created.then(
      () => 'created',
      (e: { message: string }) => e.message,
    );
    const t0 = performance.now();
    await client.dispose();
    expect(await outcome).toBe('The lab was closed.');
    expect(performance.now() - t0).toBeLessThan(100);
    expect(client.isClosed).toBe(true);
    await expect(client.snapshot()).rejects.toMatchObject({ code: 'worker-failed' });
  });
});
