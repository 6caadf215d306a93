/**
 * Session and log commands through the Lab's message protocol (in-page transport, Node): export a
 * session, import it into another client, a bad file rejected with nothing changed, the log as text.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LabConfig } from '../../../src/loop/index';
import { createInPageLabClient, type LabClient } from '../../../src/worker/index';

const CONFIG: LabConfig = { scenario: 'moons-rotation', seed: 7, policy: 'manual', requests: 1200, initialRows: 600, window: 100, labelDelay: 2, training: { epochs: 3 } };
const clients: LabClient[] = [];
const client = (): LabClient => {
  const c = createInPageLabClient();
  clients.push(c);
  return c;
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.dispose();
});

describe('session commands', () => {
  test('importing a session again and again leaks no tensor: the replaced lab is disposed every time', async () => {
    const a = client();
    await a.create(CONFIG);
    await a.run(300);
    await a.retrain('second version');
    const file = JSON.stringify(await a.exportSession());
    await a.dispose();
    const b = client();
    await b.importSession(file);
    await b.run(200);
    const baseline = tf.memory().numTensors;
    expect(baseline).toBeGreaterThan(0); // the served production model's weights
    for (let i = 0; i < 5; i++) {
      await b.importSession(file);
      await b.run(200);
      expect(tf.memory().numTensors).toBe(baseline);
    }
  });

  test('export -> import into a new lab gives the same versions, history and production; the stream restarts', async () => {
    const a = client();
    await a.create(CONFIG);
    await a.run(300);
    await a.retrain('second version');
    const exported = await a.exportSession();
    expect(exported.config).toMatchObject({ scenario: 'moons-rotation', seed: 7, policy: 'manual', requests: 1200 });
    const before = await a.snapshot();

    const b = client();
    const restored = await b.importSession(JSON.stringify(exported));
    expect(restored.versions).toEqual(before.versions);
    expect(restored.deployed.production).toBe(before.deployed.production);
    expect(restored.position).toBe(0);
    expect(restored.decisions.at(-1)?.reason).toMatch(/session restored: v\d serves production; the stream starts again from its beginning/);
    const again = await b.exportSession();
    expect(again.registry.history).toEqual(exported.registry.history);
    expect(again.registry.releases).toEqual(exported.registry.releases);
    expect(again.registry.versions.map((v) => v.weights.base64)).toEqual(exported.registry.versions.map((v) => v.weights.base64));
    const after = await b.run(100);
    expect(after.totals.answered).toBeGreaterThan(0);
  }, 60_000);

  test('a bad file is refused with a typed error and the running lab is unchanged', async () => {
    const a = client();
    await a.create(CONFIG);
    await a.run(100);
    const before = await a.snapshot();
    await expect(a.importSession('{"format":"mlops-lab/session","formatVersion":1,"config":{"scenario":"moons-rotation","seed":7},"registry":{"versions":[]}}')).rejects.toMatchObject({ code: 'invalid-session', name: 'SessionError' });
    await expect(a.importSession('not json')).rejects.toMatchObject({ code: 'invalid-session' });
    const after = await a.snapshot();
    expect(after.position).toBe(before.position);
    expect(after.versions).toEqual(before.versions);
  }, 60_000);

  test('the traffic log comes out as CSV and JSON Lines, one line per answered request', async () => {
    const a = client();
    await a.create(CONFIG);
    const snap = await a.run(200);
    const csv = await a.exportLog('csv');
    const jsonl = await a.exportLog('jsonl');
    expect(csv.trimEnd().split('\n')).toHaveLength(snap.totals.answered + 1);
    expect(jsonl.trimEnd().split('\n')).toHaveLength(snap.totals.answered);
    expect(JSON.parse(jsonl.split('\n')[0] as string)).toMatchObject({ index: 0, version: 'v1', route: 'production' });
    await expect(a.exportLog('xml' as 'csv')).rejects.toMatchObject({ code: 'invalid-lab-command' });
  }, 60_000);
});
