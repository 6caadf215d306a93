/**
 * Bench `loop`, the compare part (page): a three-policy compare (off, on-alert, schedule) of 10,000
 * requests of moons-rotation (seed 7) through the Lab's `compare` command on the cpu backend (goal:
 * under 3 s), and the alert sandbox's re-evaluation of one recorded run of 10,000 requests in the page
 * (one setting, and the whole trade-off curve; goal: well under 200 ms). Wall-clock times seen from
 * the page; the sandbox figures are medians of several repeats.
 *
 * The compare is timed two ways, in alternating rounds after a warm-up of each: a worker client whose
 * compare pool runs the three policies at once, one Lab worker each (src/worker/compare-pool.ts,
 * `comparePool: 'always'`), and one Lab worker running them one after another (`comparePool:
 * 'never'`: the sequential path). `compare_3_policies_s` is the median of the path the lab's default
 * client (`auto`: the pool only with a core for each run) takes on this machine; both paths give the
 * same result (checked here, as JSON). `compare_3_policies_wasm_s`: the same compare on one worker on the
 * wasm backend (the backend gpu-first picks where the GPU is emulated), median of the rounds.
 * `npm run bench -- loop-compare` runs this part alone.
 */
import { createWorkerLabClient, type LabClient } from '../src/worker/lab-client';
import { DEFAULT_SANDBOX, evaluateSetting, prepareStream, tradeoffCurve } from '../src/loop/compare/sandbox';
import { driftOnset } from '../src/loop/compare/summary';
import { progress } from './lib/page';
const REQUESTS = 10_000;
const POLICIES = ['off', 'on-alert', 'schedule'];
const REPEATS = 7;
/** Timed compares per path (pooled, sequential), alternating. */
const ROUNDS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** The compare and sandbox timings, as the `compare` key of the loop bench's result. */
export async function measureCompare(): Promise<Record<string, unknown>> {
  const pooled = createWorkerLabClient({ comparePool: 'always' });
  const sequential = createWorkerLabClient({ comparePool: 'never' });
  // What the lab's default client (`auto`) does here: split only with a core for each run.
  const autoSplits = navigator.hardwareConcurrency > POLICIES.length;
  try {
    progress(`bench loop (page): compare of ${POLICIES.join(', ')} on ${REQUESTS} requests, pooled workers vs one worker, ${ROUNDS} rounds`);
    const config = { scenario: 'moons-rotation', seed: 7, requests: REQUESTS, backend: 'cpu' as const };
    // Warm each path (its workers, tfjs and its kernels) on a short compare of the same policies first, so a timed one is the compare alone.
    await pooled.compare(POLICIES, { config: { ...config, requests: 200 } });
    await sequential.compare(POLICIES, { config: { ...config, requests: 200 } });
    const pooledMs: number[] = [];
    const sequentialMs: number[] = [];
    let result: Awaited<ReturnType<LabClient['compare']>> | null = null;
    let same = true;
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate which path goes first, so a change of the machine's load hits both alike.
      for (const path of r % 2 === 0 ? (['pooled', 'sequential'] as const) : (['sequential', 'pooled'] as const)) {
        const t0 = performance.now();
        const out = await (path === 'pooled' ? pooled : sequential).compare(POLICIES, { config });
        (path === 'pooled' ? pooledMs : sequentialMs).push(performance.now() - t0);
        if (result === null) result = out;
        else same &&= JSON.stringify(out) === JSON.stringify(result);
      }
      progress(`bench loop (page): compare round ${r + 1}: pooled ${Math.round(pooledMs.at(-1) as number)} ms, sequential ${Math.round(sequentialMs.at(-1) as number)} ms`);
    }
    // The same compare on wasm (what gpu-first picks where the only GPU is emulated in software): one
    // worker, warmed, median of ROUNDS.
    const wasmConfig = { ...config, backend: 'wasm' as const };
    await sequential.compare(POLICIES, { config: { ...wasmConfig, requests: 200 } });
    const wasmMs: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      await sequential.compare(POLICIES, { config: wasmConfig });
      wasmMs.push(performance.now() - t0);
    }
    progress(`bench loop (page): compare on wasm ${Math.round(median(wasmMs))} ms (median of ${ROUNDS})`);
    const run = result?.runs[0];
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
    const pooledMedian = median(pooledMs);
    const sequentialMedian = median(sequentialMs);
    const compareMs = autoSplits ? pooledMedian : sequentialMedian;
    progress(`bench loop (page): compare ${Math.round(pooledMedian)} ms pooled, ${Math.round(sequentialMedian)} ms sequential (the default client ${autoSplits ? 'pools' : 'runs them one after another'} here); sandbox setting ${median(settingMs).toFixed(1)} ms, curve ${median(curveMs).toFixed(1)} ms`);
    return {
      backend: 'cpu',
      policies: POLICIES,
      requests_per_run: REQUESTS,
      compare_3_policies_s: Math.round(compareMs) / 1000,
      compare_goal_s: 3,
      compare_3_policies_pooled_s: Math.round(pooledMedian) / 1000,
      compare_3_policies_sequential_s: Math.round(sequentialMedian) / 1000,
      compare_pooled_vs_sequential: Number((sequentialMedian / pooledMedian).toPrecision(3)),
      compare_pool_auto: autoSplits,
      compare_3_policies_wasm_s: Math.round(median(wasmMs)) / 1000,
      compare_rounds: ROUNDS,
      compare_workers: 1 + POLICIES.length - 1,
      compare_same_result: same,
      hardware_concurrency: navigator.hardwareConcurrency,
      sandbox_answers: run.recorded.index.length,
      sandbox_prepare_ms: Math.round(prepareMs * 10) / 10,
      sandbox_setting_ms: Math.round(median(settingMs) * 10) / 10,
      sandbox_curve_ms: Math.round(median(curveMs) * 10) / 10,
      sandbox_curve_points: tradeoffCurve(prepared, DEFAULT_SANDBOX).length,
      sandbox_goal_ms: 200,
    };
  } finally {
    await pooled.dispose();
    await sequential.dispose();
  }
}
