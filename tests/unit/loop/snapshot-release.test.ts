/**
 * The snapshot's optional fields for the registry, endpoint and traffic views: the release records
 * (bounded to the last RELEASES_KEPT), the routing policy in force, and the host's `playing` flag.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { Lab, takeSnapshot, type LabConfig, type LabSnapshot } from '../../../src/loop/index';
import { RELEASES_KEPT } from '../../../src/loop/engine/snapshot';
import { createInPageLabClient, type LabClient } from '../../../src/worker/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CONFIG: LabConfig = { scenario: 'moons-rotation', seed: 7, policy: 'manual', requests: 2000, initialRows: 600, window: 100, labelDelay: 2, training: { epochs: 3 } };

async function newLab(): Promise<Lab> {
  const lab = await Lab.create(CONFIG);
  await lab.bootstrap();
  return lab;
}

describe('snapshot.releases and snapshot.routing', () => {
  test('every promotion has its release record: why, data, metrics, gate, approver, simulated time; rollbacks add none', async () => {
    const lab = await newLab();
    try {
      const first = takeSnapshot(lab).releases ?? [];
      expect(first).toHaveLength(1);
      const v1 = lab.registry.get('v1');
      expect(first[0]).toEqual({
        seq: 0,
        version: 'v1',
        replaced: null,
        why: expect.stringMatching(/\S/),
        data: v1.data,
        metrics: { rows: v1.evaluation.rows, accuracy: v1.evaluation.accuracy, loss: v1.evaluation.loss },
        gate: expect.objectContaining({ passed: true }),
        approver: 'lab',
        simTime: 0,
      });

      await lab.runRequests(600);
      const outcome = await lab.retrain({ trigger: 'manual', reason: 'unit test' });
      expect(outcome.version).toBe('v2');
      if (lab.deployed().production !== 'v2') await lab.promote('v2', 'the learner wants v2 live', 'alice');
      const t = lab.time;
      expect(t).toBeGreaterThan(0);
      const second = takeSnapshot(lab).releases ?? [];
      expect(second).toHaveLength(2);
      expect(second[1]).toMatchObject({ seq: 1, version: 'v2', replaced: 'v1', approver: expect.any(String), simTime: t });
      expect(second[1]?.data.window?.rows).toBeGreaterThan(0);
      expect(second[1]?.metrics.accuracy).toBe(lab.registry.get('v2').evaluation.accuracy);
      expect(JSON.parse(JSON.stringify(second))).toEqual(second);

      await lab.rollback('unit test rollback');
      expect(lab.deployed().production).toBe('v1');
      expect(takeSnapshot(lab).releases).toHaveLength(2);
    } finally {
      await lab.dispose();
    }
  });

  test('only the last RELEASES_KEPT records travel, oldest first', async () => {
    const lab = await newLab();
    try {
      await lab.runRequests(600);
      await lab.retrain({ trigger: 'manual', reason: 'unit test' });
      for (let i = 0; i < RELEASES_KEPT + 3; i++) await lab.promote(i % 2 === 0 ? 'v2' : 'v1', `flip ${i}`);
      const all = lab.registry.releases();
      const kept = takeSnapshot(lab).releases ?? [];
      expect(all.length).toBeGreaterThan(RELEASES_KEPT);
      expect(kept).toHaveLength(RELEASES_KEPT);
      expect(kept.map((r) => r.seq)).toEqual(all.slice(-RELEASES_KEPT).map((r) => r.seq));
      expect(kept.at(-1)?.why).toBe(`flip ${RELEASES_KEPT + 2}`);
    } finally {
      await lab.dispose();
    }
  });

  test('routing is the policy in force, and a copy', async () => {
    const lab = await newLab();
    try {
      expect(takeSnapshot(lab).routing).toEqual({ mode: 'production' });
      lab.setRouting({ mode: 'ab', weights: { production: 3, candidate: 1 } });
      const s = takeSnapshot(lab);
      expect(s.routing).toEqual({ mode: 'ab', weights: { production: 3, candidate: 1 } });
      if (s.routing?.mode === 'ab') s.routing.weights.production = 99;
      expect(lab.routing).toEqual({ mode: 'ab', weights: { production: 3, candidate: 1 } });
      lab.setRouting({ mode: 'canary', percent: 25 });
      expect(takeSnapshot(lab).routing).toEqual({ mode: 'canary', percent: 25 });
      // A snapshot taken straight from a Lab does not claim to know whether a host plays it.
      expect('playing' in takeSnapshot(lab)).toBe(false);
    } finally {
      await lab.dispose();
    }
  });
});

describe('snapshot.playing and playSpeed, from the host', () => {
  let client: LabClient | null = null;
  afterEach(async () => {
    await client?.dispose();
    client = null;
  });

  test('false after create; true once play is accepted (a snapshot goes out at once); false after pause and at the end of the stream', async () => {
    client = createInPageLabClient();
    const streamed: LabSnapshot[] = [];
    client.onSnapshot((s) => streamed.push(s));
    const created = await client.create({ ...CONFIG, requests: 400 });
    expect(created.playing).toBe(false);
    expect((await client.snapshot()).playing).toBe(false);

    expect(created.playSpeed).toBeUndefined();
    await client.play(5);
    expect(streamed.at(-1)?.playing).toBe(true);
    expect(streamed.at(-1)?.playSpeed).toBe(5);
    expect((await client.snapshot()).playing).toBe(true);
    const paused = await client.pause();
    expect(paused.playing).toBe(false);
    expect(paused.playSpeed).toBeUndefined();
    expect(streamed.at(-1)?.playing).toBe(false);

    await client.play(1e5);
    const start = Date.now();
    while (!streamed.at(-1)?.done && Date.now() - start < 30_000) await new Promise((r) => setTimeout(r, 20));
    const last = streamed.at(-1);
    expect(last?.done).toBe(true);
    expect(last?.playing).toBe(false);
  });
});
