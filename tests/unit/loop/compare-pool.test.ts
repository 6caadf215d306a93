/**
 * A compare in parts (src/loop/compare `only` + parts.ts) and the compare pool that runs the parts at
 * once (src/worker/compare-pool.ts): the merged compare is the sequential one, byte for byte, and each
 * of its runs is the single run of its policy. Here the pool's "workers" are in-page Lab hosts (real
 * hosts, one realm; the parts interleave at every await); tests/browser/webgpu/compare-pool.test.ts
 * runs the same through real Lab workers.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { runSimulation } from '../../../src/loop/commands/simulate';
import { compareFirstFits, compareJson, runCompare } from '../../../src/loop/compare/runner';
import { mergeCompareParts } from '../../../src/loop/compare/parts';
import { compareSummary } from '../../../src/loop/compare/summary';
import { ComparePool } from '../../../src/worker/compare-pool';
import { createInPageLabClient, type LabClient } from '../../../src/worker/lab-client';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CONFIG = { scenario: 'moons-rotation', seed: 5, requests: 2400 } as const;
const POLICIES = ['off', 'on-alert', 'schedule'];

describe('compare in parts', () => {
  test('runs of `only` merged in order equal the whole compare; the pool over three hosts gives the same bytes, and each run is the single run', async () => {
    const whole = await runCompare({ config: CONFIG, policies: POLICIES });
    const parts = [];
    for (const only of [0, 1, 2]) parts.push(await runCompare({ config: CONFIG, policies: POLICIES, only }));
    expect(parts.map((p) => p.runs.map((r) => r.policy))).toEqual([['off'], ['on-alert'], ['schedule']]);
    expect(JSON.stringify(mergeCompareParts(parts))).toBe(JSON.stringify(whole));

    const own = createInPageLabClient();
    const started: LabClient[] = [];
    const pool = new ComparePool(() => {
      const client = createInPageLabClient();
      started.push(client);
      return client;
    });
    try {
      expect(pool.splits(POLICIES, { config: CONFIG })).toBe(true);
      const pooled = await pool.compare(own, POLICIES, { config: CONFIG });
      expect(started).toHaveLength(2);
      expect(JSON.stringify(pooled)).toBe(JSON.stringify(whole));
      // Each run is the single run of its policy (the sequential compare's contract, kept in parallel).
      for (const run of pooled.runs) expect(run.summary).toEqual(compareSummary(await runSimulation({ ...CONFIG, policy: run.policy })));
      expect(compareJson(pooled)).toEqual(compareJson(whole));
      // The pool's workers stay for the next compare.
      await pool.compare(own, ['off', 'schedule'], { config: { ...CONFIG, requests: 300 } });
      expect(pool.size).toBe(2);
    } finally {
      await pool.dispose();
      await own.dispose();
    }
    expect(started.every((c) => c.isClosed)).toBe(true);
  }, 300_000);

  test('the first version fitted once (compareFirstFits) and taken by a part gives that part exactly as fitting it itself', async () => {
    const fits = await compareFirstFits({ config: CONFIG, policies: POLICIES });
    expect(fits).toHaveLength(1);
    // Plain data: it crosses postMessage as it is.
    expect(structuredClone(fits)).toEqual(fits);
    const taken = await runCompare({ config: CONFIG, policies: POLICIES, only: 2, firstFits: fits });
    const fitted = await runCompare({ config: CONFIG, policies: POLICIES, only: 2 });
    expect(JSON.stringify(taken)).toBe(JSON.stringify(fitted));
    await expect(compareFirstFits({ config: CONFIG, policies: ['off'] })).rejects.toThrow(/2 to 4 policies/);
  }, 120_000);

  test('what is not split, bad input, and a pool worker that fails: the own host answers as without a pool', async () => {
    const pool = new ComparePool(() => createInPageLabClient());
    expect(pool.splits(POLICIES, {})).toBe(false);
    expect(pool.splits(['on-alert'], { config: CONFIG, forkAt: 100 })).toBe(false);
    expect(pool.splits(['off'], { config: CONFIG })).toBe(false);
    expect(pool.splits(['off', 'on-alert', 'schedule', 'manual', 'on-alert-canary'], { config: CONFIG })).toBe(false);
    expect(pool.splits(POLICIES, { config: CONFIG, only: 1 })).toBe(false);
    // With the machine's cores given: split only with a core for each run besides the page's.
    const start = () => createInPageLabClient();
    expect(new ComparePool(start, 2).splits(POLICIES, { config: CONFIG })).toBe(false);
    expect(new ComparePool(start, 3).splits(POLICIES, { config: CONFIG })).toBe(false);
    expect(new ComparePool(start, 4).splits(POLICIES, { config: CONFIG })).toBe(true);
    expect(new ComparePool(start, 3).splits(['off', 'schedule'], { config: CONFIG })).toBe(true);
    const own = createInPageLabClient();
    try {
      await expect(pool.compare(own, ['off', 'off'], { config: CONFIG })).rejects.toMatchObject({ code: 'invalid-lab-command', message: expect.stringMatching(/"off" is named twice/) });
      await expect(runCompare({ config: CONFIG, policies: POLICIES, only: 3 })).rejects.toThrow(/only must be a run of the compare, 0 to 2, got 3/);
      await expect(runCompare({ config: CONFIG, policies: POLICIES, only: 0.5 })).rejects.toThrow(/only must be a run of the compare/);
      expect(() => mergeCompareParts([])).toThrow(/at least one part/);
      // A worker that cannot run (here: closed before it is used) drops the pool; the compare runs on the own host.
      const broken = new ComparePool(() => {
        const client = createInPageLabClient();
        void client.dispose();
        return client;
      });
      const config = { ...CONFIG, requests: 300 };
      const result = await broken.compare(own, ['off', 'schedule'], { config });
      expect(JSON.stringify(result)).toBe(JSON.stringify(await runCompare({ config, policies: ['off', 'schedule'] })));
      expect(broken.splits(['off', 'schedule'], { config })).toBe(false);
      // A worker the browser refuses to construct: the same.
      const refused = new ComparePool(() => {
        throw new DOMException('refused', 'SecurityError');
      });
      expect(JSON.stringify(await refused.compare(own, ['off', 'schedule'], { config }))).toBe(JSON.stringify(result));
      expect(refused.size).toBe(0);
    } finally {
      await pool.dispose();
      await own.dispose();
    }
  }, 300_000);
});
