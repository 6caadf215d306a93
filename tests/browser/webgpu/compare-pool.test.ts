/**
 * The compare pool through real Lab workers (src/worker/compare-pool.ts): a worker client whose pool
 * always splits (`comparePool: 'always'`; the default splits only with a core for each run) runs a
 * three-policy compare on three dedicated workers at once (its own and two pool workers), and the
 * merged result is the sequential compare run in this page, byte for byte. Disposing the client
 * terminates every one of them. Kept small: a short stream, few epochs, cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { runCompare } from '../../../src/loop/compare/runner';
import { createWorkerLabClient } from '../../../src/worker/index';

test('a worker client runs a compare on three Lab workers at once; the result is the sequential compare', async () => {
  const Native = globalThis.Worker;
  const live = new Set<Worker>();
  const names: string[] = [];
  class Counted extends Native {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      names.push(options?.name ?? '');
      live.add(this);
    }
    override terminate(): void {
      live.delete(this);
      super.terminate();
    }
  }
  globalThis.Worker = Counted;
  const client = createWorkerLabClient({ comparePool: 'always' });
  try {
    const config = { scenario: 'moons-rotation', seed: 3, requests: 1600, backend: 'cpu', training: { epochs: 3 } } as const;
    const policies = ['off', 'on-alert', 'schedule'];
    const pooled = await client.compare(policies, { config });
    expect(names).toEqual(['mlops-lab', 'mlops-lab-compare', 'mlops-lab-compare']);
    await tf.setBackend('cpu');
    const sequential = await runCompare({ config, policies });
    expect(pooled.runs.map((r) => r.policy)).toEqual(policies);
    expect(JSON.stringify(pooled)).toBe(JSON.stringify(sequential));
    // The pool is kept warm: a second compare starts no worker.
    await client.compare(['off', 'schedule'], { config: { ...config, requests: 300 } });
    expect(names).toHaveLength(3);
  } finally {
    await client.dispose();
    globalThis.Worker = Native;
  }
  expect(live.size).toBe(0);
}, 240_000);
