/**
 * Bench `loop`, the compare part (page): a three-policy compare (off, on-alert, schedule) of 10,000
 * requests of moons-rotation (seed 7) through the Lab's `compare` command in a dedicated module Worker
 * on the cpu backend (goal: under 3 s), and the alert sandbox's re-evaluation of one recorded run of
 * 10,000 requests in the page (one setting, and the whole trade-off curve; goal: well under 200 ms).
 * Wall-clock times seen from the page; the sandbox figures are medians of several repeats.
 */
import { createWorkerLabClient } from '../src/worker/lab-client';
import { DEFAULT_SANDBOX, evaluateSetting, prepareStream, tradeoffCurve } from '../src/loop/compare/sandbox';
import { driftOnset } from '../src/loop/compare/summary';
import { progress } from './lib/page';

const REQUESTS = 10_000;
const POLICIES = ['off', 'on-alert', 'schedule'];
const REPEATS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** The compare and sandbox timings, as the `compare` key of the loop bench's result. */
export async function measureCompare(): Promise<Record<string, unknown>> {
  const client = createWorkerLabClient();
  try {
    progress(`bench loop (page): compare of ${POLICIES.join(', ')} on ${REQUESTS} requests in the lab worker`);
    const config = { scenario: 'moons-rotation', seed: 7, requests: REQUESTS, backend: 'cpu' as const };
    // Warm the worker (tfjs and its kernels) on a short compare first, so the timed one is the compare alone.
    await client.compare(['off', 'schedule'], { config: { ...config, requests: 200 } });
    const t0 = performance.now();
    const result = await client.compare(POLICIES, { config });
    const compareMs = performance.now() - t0;
    const run = result.runs[0];
    if (!run) throw new Error('the compare returned no run');
    const t1 = performance.now();
    const prepared = prepareStream(run.recorded, driftOnset(run.report), 2);
    const prepareMs = performance.now() - t1;
    const settingMs: number[] = [];
    const curveMs: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const a = performance.now();
      evaluateSetting(prepared, { ...DEFAULT_SANDBOX, threshold: 0.03 + i * 0.01 });
      const b = performance.now();
      tradeoffCurve(prepared, DEFAULT_SANDBOX);
      curveMs.push(performance.now() - b);
      settingMs.push(b - a);
    }
    progress(`bench loop (page): compare ${Math.round(compareMs)} ms, sandbox setting ${median(settingMs).toFixed(1)} ms, curve ${median(curveMs).toFixed(1)} ms`);
    return {
      backend: 'cpu',
      policies: POLICIES,
      requests_per_run: REQUESTS,
      compare_3_policies_s: Math.round(compareMs) / 1000,
      compare_goal_s: 3,
      sandbox_answers: run.recorded.index.length,
      sandbox_prepare_ms: Math.round(prepareMs * 10) / 10,
      sandbox_setting_ms: Math.round(median(settingMs) * 10) / 10,
      sandbox_curve_ms: Math.round(median(curveMs) * 10) / 10,
      sandbox_curve_points: tradeoffCurve(prepared, DEFAULT_SANDBOX).length,
      sandbox_goal_ms: 200,
    };
  } finally {
    await client.dispose();
  }
}
