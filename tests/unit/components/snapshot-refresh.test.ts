/**
 * SnapshotRefresh against a real Lab behind the in-page transport (Node, cpu backend): requests made
 * while a run is in progress are answered after the run with its final state, coalesced to one
 * request in flight plus one more.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SnapshotRefresh } from '../../../components/monitor/snapshot-refresh';
import type { LabSnapshot } from '../../../src/loop/engine/snapshot';
import { createInPageLabClient, type LabClient } from '../../../src/worker/lab-client';

let lab: LabClient;
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  lab = createInPageLabClient();
  await lab.create({ scenario: 'stable', seed: 3, requests: 2000, initialRows: 600, policy: 'manual', training: { epochs: 2 } });
});
afterAll(async () => {
  await lab.dispose();
});

test('answers with the state after the running command, one in flight plus one more', async () => {
  const got: LabSnapshot[] = [];
  let current: LabClient | null = lab;
  const refresh = new SnapshotRefresh(
    () => current,
    (s) => got.push(s),
  );
  const run = lab.run(700);
  for (let i = 0; i < 5; i++) refresh.request();
  const final = await run;
  await new Promise((r) => setTimeout(r, 50));
  expect(got).toHaveLength(2);
  expect(got.map((s) => s.position)).toEqual([final.position, final.position]);
  expect(final.position).toBeGreaterThanOrEqual(700);

  // A reply for a Lab that is no longer the current one is dropped; no Lab: nothing asked.
  refresh.request();
  current = null;
  await new Promise((r) => setTimeout(r, 50));
  refresh.request();
  await new Promise((r) => setTimeout(r, 20));
  expect(got).toHaveLength(2);
});
