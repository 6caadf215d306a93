/**
 * The Lab behind its message protocol (in-page transport, Node): commands resolve with snapshots,
 * events and throttled snapshots stream out, bad commands get typed errors and the host keeps serving.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LabEvent, LabSnapshot } from '../../../src/loop/index';
import { createInPageLabClient, type LabClient } from '../../../src/worker/index';

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
