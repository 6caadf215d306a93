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

test('20 fast add/remove cycles of a lone <mlops-monitor> leave no Lab worker alive within 1 s', async () => {
  // Count live workers honestly: every Worker the page constructs, minus those terminated.
  const Native = globalThis.Worker;
  const live = new Set<Worker>();
  let made = 0;
  class Counted extends Native {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      made++;
      live.add(this);
    }
    override terminate(): void {
      live.delete(this);
      super.terminate();
    }
  }
  globalThis.Worker = Counted;
  try {
    await import('../../../components/index');
    for (let i = 0; i < 20; i++) {
      const monitor = document.createElement('mlops-monitor');
      document.body.append(monitor);
      await new Promise((r) => setTimeout(r, 200));
      monitor.remove();
    }
    const removed = performance.now();
    while (live.size > 0 && performance.now() - removed < 1000) await new Promise((r) => setTimeout(r, 20));
    expect(made).toBeGreaterThanOrEqual(20); // each cycle really started a Lab of its own
    expect(live.size).toBe(0);
    expect(performance.now() - removed).toBeLessThan(1000);
  } finally {
    globalThis.Worker = Native;
  }
});
