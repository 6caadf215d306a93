/**
 * Bench `loop`, page part: the Lab in a dedicated module Worker on the cpu backend (asked for: the
 * lab worker's own default, gpu-first, takes wasm where the GPU is emulated, and the raw side below
 * is cpu; the two sides of the ratio must run the same backend), `stable` scenario, 100 requests per simulated second, 1 s ticks, a
 * schedule policy retraining `RETRAINS` times over the run (as the Node part). Requests per wall second seen from the page
 * (the `run` command's round trip), and the same without the time spent retraining (from the `data`
 * station event to the next `observe`, timed in the page), as the Node part's `requests_per_s_serving`.
 *
 * The ratio is measured where the loop runs, in A/B rounds: the run is cut into `ROUNDS` segments
 * (`run` commands of requests/ROUNDS each); after each segment a second dedicated worker
 * (bench/lib/raw-predict-worker.ts, bench-only) times raw `predictOnBatch` of the Lab's model on cpu,
 * 128 rows per call (the largest bucket; the loop's micro-batches hold about 100 rows, not padded on
 * cpu, so the raw side has the larger calls), for `RAW_MS`. Only one of the two
 * workers is busy at a time. Each round's ratio is the segment's serving rate over the raw rate right
 * after it; `loop_vs_raw_predict` is the median of the rounds' ratios (the first round carries the
 * worker's JIT warm-up). Each round also reads the Lab's model-call figures (its snapshot's
 * `endpoint.model`: rows and wall-clock ms inside the model calls): the model's share of the serving
 * time, its rate inside the loop, and that rate over the raw rate (`loop_vs_raw_predict_ceiling`: what
 * the ratio would read if nothing but the model call cost time). Requests: the Node part's count (1 000 000 by default), at most 1 000 000. The result goes under `chromium_worker`; the top-level `ratios` and
 * `memory` are the Node part's.
 */
import { createWorkerLabClient } from '../src/worker/lab-client';
import { versionBackends } from '../src/worker/lab-protocol';
import type { LabSnapshot } from '../src/loop/index';
import { browserFacts, nodeResult, progress, publish } from './lib/page';
import { median, RAW_ROWS, type RawRound } from './lib/raw-rounds';
import { roundRate } from './lib/numbers';
import { measureCompare } from './compare';

const ROUNDS = 10;
/** Retrains over the worker's run (as the Node part's default). */
const RETRAINS = 10;
/** Most requests of the worker's run. */
const MAX_REQUESTS = 1_000_000;
const RAW_MS = 400;

/** The bench-only raw-predict worker, as a promise API. */
function rawWorker(): { init(): Promise<{ backend: string; cols: number }>; measure(minMs: number, rows: number): Promise<RawRound & { tensors: number }>; dispose(): void } {
  const worker = new Worker(new URL('./lib/raw-predict-worker.ts', import.meta.url), { type: 'module' });
  const ask = <T>(message: unknown, reply: string) =>
    new Promise<T>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<{ type: string; message?: string } & Record<string, unknown>>) => {
        if (e.data.type === 'error') reject(new Error(e.data.message));
        else if (e.data.type === reply) resolve(e.data as unknown as T);
      };
      worker.onerror = (e) => reject(new Error(e.message));
      worker.postMessage(message);
    });
  return {
    init: () => ask({ type: 'init' }, 'ready'),
    measure: (minMs, rows) => ask<{ round: RawRound; tensors: number }>({ type: 'measure', minMs, rows }, 'measured').then((r) => ({ ...r.round, tensors: r.tensors })),
    dispose: () => worker.terminate(),
  };
}

/** The Lab's model calls so far (rows and wall-clock ms, from its snapshot's endpoint summary; the Lab measures). */
function modelCalls(snapshot: LabSnapshot): { rows: number; ms: number } {
  const model = snapshot.endpoint?.model;
  if (!model) throw new Error('the Lab snapshot carries no model-call figures (is the Lab on simulated latency?)');
  return { rows: model.rows, ms: model.ms };
}

async function run(): Promise<Record<string, unknown>> {
  const requests = Math.min(Number(nodeResult()?.requests ?? MAX_REQUESTS) || MAX_REQUESTS, MAX_REQUESTS);
  const rate = 100;
  const every = Math.max(1, Math.floor(requests / rate / (RETRAINS + 1)));
  const client = createWorkerLabClient();
  const raw = rawWorker();
  const rawInfo = await raw.init();
  await raw.measure(RAW_MS, RAW_ROWS); // warm-up, not counted
  progress(`bench loop (page): lab worker, ${requests} requests in ${ROUNDS} rounds, raw predict (${rawInfo.backend}) in its own worker after each`);
  await client.create({ scenario: 'stable', seed: 1, requests, rate, tickSeconds: 1, backend: 'cpu', policy: { name: 'bench-schedule', description: '', trigger: { kind: 'schedule', everySeconds: every, cooldownSeconds: 0 }, data: { kind: 'recent', rows: 800 }, gate: { minImprovement: -1, minSamples: 50, holdout: 0.25 }, rollout: { kind: 'direct' } } });
  let trainingMs = 0;
  let since: number | null = null;
  const off = client.onLabEvent((e) => {
    if (e.type !== 'station') return;
    if (e.station === 'data' && since === null) since = performance.now();
    if (e.station === 'observe' && since !== null) {
      trainingMs += performance.now() - since;
      since = null;
    }
  });
  const rounds: { requests: number; serving_per_s: number; raw_rows_per_s: number; ratio: number; training_s: number; model_share: number; model_rows_per_s: number; ceiling: number }[] = [];
  let wallMs = 0;
  let served = 0;
  let done = await client.snapshot();
  for (let i = 0; i < ROUNDS && !done.done; i++) {
    const segment = i === ROUNDS - 1 ? requests - served : Math.floor(requests / ROUNDS);
    const trainingBefore = trainingMs;
    const model0 = modelCalls(done);
    const t0 = performance.now();
    done = await client.run(segment);
    // A retrain that ended this segment is still open (its `observe` comes with the next answer): its
    // time so far belongs to this segment, the rest to the next.
    if (since !== null) {
      const now = performance.now();
      trainingMs += now - since;
      since = now;
    }
    const ms = performance.now() - t0;
    wallMs += ms;
    const n = done.totals.requests - served;
    served = done.totals.requests;
    const servingRate = n / ((ms - (trainingMs - trainingBefore)) / 1000);
    const r = await raw.measure(RAW_MS, RAW_ROWS);
    const model = modelCalls(done);
    const modelRate = (model.rows - model0.rows) / ((model.ms - model0.ms) / 1000);
    rounds.push({ requests: n, serving_per_s: Math.round(servingRate), raw_rows_per_s: Math.round(r.rowsPerSec), ratio: Number((servingRate / r.rowsPerSec).toPrecision(3)), training_s: Math.round(trainingMs - trainingBefore) / 1000, model_share: Number(((model.ms - model0.ms) / (ms - (trainingMs - trainingBefore))).toPrecision(3)), model_rows_per_s: Math.round(modelRate), ceiling: Number((modelRate / r.rowsPerSec).toPrecision(3)) });
    progress(`bench loop (page): round ${i + 1}: ${Math.round(servingRate)} requests/s serving, raw ${Math.round(r.rowsPerSec)} rows/s`);
  }
  off();
  const stats = await client.snapshot();
  // The backend every version of the run really served on (the raw side's is rawInfo.backend).
  const labBackends = [...new Set((versionBackends(stats) ?? []).map((b) => b.backend))];
  if (labBackends.length === 0 || labBackends.some((b) => b !== rawInfo.backend)) throw new Error(`the Lab served on ${labBackends.join(', ')} but raw predict ran on ${rawInfo.backend}: the ratio would compare two backends`);
  await client.dispose();
  raw.dispose();
  const loopRate = served / (wallMs / 1000);
  const servingRate = served / ((wallMs - trainingMs) / 1000);
  const rawRate = median(rounds.map((r) => r.raw_rows_per_s));
  const compare = await measureCompare();
  return {
    chromium_worker: {
      backend: labBackends.join(', '),
      requests: served,
      retrains: stats.versions.length - 1,
      requests_per_s: Math.round(loopRate),
      requests_per_s_serving: Math.round(servingRate),
      wall_s: Math.round(wallMs) / 1000,
      training_s: Math.round(trainingMs) / 1000,
      raw_predict_rows_per_s: Math.round(rawRate),
      raw_predict_where: `a dedicated module worker (bench/lib/raw-predict-worker.ts), ${rawInfo.backend} backend`,
      raw_predict_rows_per_call: RAW_ROWS,
      loop_vs_raw_predict: roundRate(median(rounds.map((r) => r.ratio))),
      loop_with_retrains_vs_raw_predict: Number((loopRate / rawRate).toPrecision(3)),
      model_call_share: Number(median(rounds.map((r) => r.model_share)).toPrecision(3)),
      model_rows_per_s_in_loop: Math.round(median(rounds.map((r) => r.model_rows_per_s))),
      loop_vs_raw_predict_ceiling: roundRate(median(rounds.map((r) => r.ceiling))),
      rounds,
      method: `A/B rounds: ${ROUNDS} segments of the run (serving rate = segment requests / (segment wall time - retrain time)), each followed by ${RAW_MS} ms of raw predictOnBatch (${RAW_ROWS} rows per call, tensor made per call, await data()) in a second worker; loop_vs_raw_predict = median of the rounds' ratios`,
    },
    browser: browserFacts(),
    compare,
  };
}

publish(run());
