/**
 * The Lab runs in a dedicated module Web Worker: it trains and deploys its first version, streams
 * requests, and sends lab events and snapshots to the page. Kept small: a few hundred requests.
 */
import { afterEach, expect, test } from 'vitest';
import type { LabEvent } from '../../../src/loop/index';
import { createWorkerLabClient, type LabClient } from '../../../src/worker/index';

let client: LabClient | null = null;
afterEach(async () => {
  await client?.dispose();
  client = null;
});

test('a dedicated module Worker runs the lab and streams events and snapshots to the page', async () => {
  client = createWorkerLabClient();
  const events: LabEvent[] = [];
  client.onLabEvent((e) => events.push(e));
  const first = await client.create({ scenario: 'stable', seed: 2, requests: 600, initialRows: 400, policy: 'manual', training: { epochs: 4 } });
  expect(first.deployed.production).toBe('v1');
  const snapshot = await client.run(400);
  expect(snapshot.position).toBeGreaterThanOrEqual(400);
  expect(snapshot.totals.answered).toBe(snapshot.totals.requests);
  expect(snapshot.series[0]?.realized).toBeGreaterThan(0.8);
  expect(events.some((e) => e.type === 'alias' && e.version === 'v1')).toBe(true);
  expect(events.some((e) => e.type === 'station' && e.station === 'observe')).toBe(true);
  await expect(client.promote('v7')).rejects.toMatchObject({ code: 'version-not-found' });
});
