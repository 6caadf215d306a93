/**
 * Bench `loop` (Node, tfjs cpu backend): requests per wall second through the whole loop, and memory
 * across a long stream with many retrains, side by side with raw `predictOnBatch` in the same run.
 *
 * - `loop.requests_per_s`: one Lab on the `stable` scenario (moons), 100 requests per simulated
 *   second, 1 s ticks (so micro-batches of about 100 rows; not padded on cpu), a schedule
 *   policy that retrains `LOOP_BENCH_RETRAINS` times (default 10) over the run: every request goes
 *   generate -> route -> validate -> predict -> log -> label -> monitor -> detect (and alerts, policy).
 *   Wall time of the whole run, retrains included; `requests_per_s_serving` excludes the time spent
 *   in retrains (from the `data` station to the next `observe`).
 * - `raw_predict.rows_per_s`: the Lab's served model (production v1, loaded from the Lab's registry)
 *   on the same backend, raw `predictOnBatch` on 128 seeded rows per call (the largest bucket; the
 *   loop's micro-batches hold about 100), a tensor made per call and read back with
 *   `await data()`, as the endpoint calls it (bench/lib/raw-rounds.ts). Measured in A/B rounds with
 *   the loop: the run is cut into `LOOP_BENCH_ROUNDS` segments (default 20), each followed by
 *   `RAW_MS` of raw predict; the figure is the median of the rounds.
 * - `ratios.loop_vs_raw_predict`: the median over the rounds of (the segment's serving rate / the raw
 *   rate right after it) (goal >= 0.3). `loop.requests_per_cpu_s` is the same serving by process CPU
 *   time, for A/B runs of two trees on a shared machine.
 * - `loop.model_call_share`, `loop.model_rows_per_s_in_loop`, `ratios.loop_vs_raw_predict_ceiling`:
 *   per round, the endpoint's model calls (`EndpointStats.batches`: rows, and wall-clock ms inside the
 *   model) give the model's share of the serving time and its rate inside the loop; over the raw rate,
 *   that rate is the ratio a loop would read if nothing but the model call cost time. Medians of the rounds.
 * - `memory`: `tf.memory().numTensors` and the JS heap (MB, process.memoryUsage().heapUsed right after a
 *   forced full GC) after bootstrap (`*_start`), after the run (`*_end`), and at each retrain (`trace`).
 *
 * Requests: `LOOP_BENCH_REQUESTS` (default 1 000 000; the figure). Set it lower for a quick run.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as tf from '@tensorflow/tfjs';
import { median, modelUse, RAW_ROWS, rawPredictFor, rawRows } from '../lib/raw-rounds';
import { Lab } from '../../src/loop/engine/lab';
import type { Policy } from '../../src/loop/decisions/policy';

const env = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

// A full GC before each heap reading, so the figures compare live data, not garbage not yet
// collected (V8's documented --expose-gc flag, turned on at run time for this context).
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const mb = () => {
  collect();
  return Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
};
const mbNoGc = () => Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;

/** Raw predict time after each round, ms. */
const RAW_MS = 300;

export default async function run(): Promise<object> {
  await tf.setBackend('cpu');
  await tf.ready();
  const requests = env('LOOP_BENCH_REQUESTS', 1_000_000);
  const retrains = env('LOOP_BENCH_RETRAINS', 10);
  const rate = 100;
  const every = Math.max(1, Math.floor(requests / rate / (retrains + 1)));
  const policy: Policy = {
    name: 'bench-schedule',
    description: `retrain every ${every} simulated seconds`,
    trigger: { kind: 'schedule', everySeconds: every, cooldownSeconds: 0 },
    data: { kind: 'recent', rows: 800 },
    gate: { minImprovement: -1, minSamples: 50, holdout: 0.25 },
    rollout: { kind: 'direct' },
  };
  const lab = await Lab.create({ scenario: 'stable', seed: 1, requests, rate, tickSeconds: 1, policy });
  await lab.bootstrap();
  const cols = lab.schema.features.length;
  // The raw side's model is loaded before the start readings, so it is in every tensor count alike.
  const rawModel = await lab.registry.loadModel(lab.deployed().production as string);
  const rawInput = rawRows(RAW_ROWS, cols);
  await rawPredictFor(rawModel, rawInput, cols, RAW_MS); // warm-up, not counted
  const tensorsStart = tf.memory().numTensors;
  const heapStart = mb();
  const trace: { request: number; tensors: number; heap_mb: number }[] = [];
  let trainingMs = 0;
  let trainingCpuMs = 0;
  let trainingSince: number | null = null;
  let trainingCpuSince: NodeJS.CpuUsage | null = null;
  lab.events.on((e) => {
    if (e.type !== 'station') return;
    if (e.station === 'data' && trainingSince === null) {
      trainingSince = performance.now();
      trainingCpuSince = process.cpuUsage();
    }
    if (e.station === 'observe' && trainingSince !== null) {
      // The trace's forced GC is counted with the retrain, not with serving.
      trace.push({ request: lab.position, tensors: tf.memory().numTensors, heap_mb: mb() });
      trainingMs += performance.now() - trainingSince;
      const cpu = process.cpuUsage(trainingCpuSince ?? undefined);
      trainingCpuMs += (cpu.user + cpu.system) / 1000;
      trainingSince = null;
    }
  });
  const rounds = env('LOOP_BENCH_ROUNDS', 20);
  const perRound: { requests: number; serving_per_s: number; serving_per_cpu_s: number; raw_rows_per_s: number; raw_rows_per_cpu_s: number; ratio: number; ratio_cpu: number; training_s: number; model_share: number; model_rows_per_s: number; ceiling: number }[] = [];
  let wallMs = 0;
  let cpuMs = 0;
  let served = 0;
  for (let i = 0; i < rounds && !lab.done; i++) {
    const trainingBefore = trainingMs;
    const trainingCpuBefore = trainingCpuMs;
    const model0 = modelUse(lab.endpointStats().batches);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    if (i === rounds - 1) await lab.runToEnd();
    else await lab.runRequests(Math.floor(requests / rounds));
    // A retrain that ended this segment is still open (its `observe` comes with the next answer): its
    // time so far belongs to this segment, the rest to the next.
    if (trainingSince !== null) {
      const now = performance.now();
      trainingMs += now - trainingSince;
      trainingSince = now;
      const cpuNow = process.cpuUsage();
      const spent = process.cpuUsage(trainingCpuSince ?? undefined);
      trainingCpuMs += (spent.user + spent.system) / 1000;
      trainingCpuSince = cpuNow;
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    wallMs += ms;
    const segmentTraining = trainingMs - trainingBefore;
    const segmentCpu = (cpu.user + cpu.system) / 1000 - (trainingCpuMs - trainingCpuBefore);
    cpuMs += segmentCpu;
    const n = lab.totals.requests - served;
    served = lab.totals.requests;
    const servingRate = n / ((ms - segmentTraining) / 1000);
    const rawCpu0 = process.cpuUsage();
    const r = await rawPredictFor(rawModel, rawInput, cols, RAW_MS);
    const rawCpu = process.cpuUsage(rawCpu0);
    const rawPerCpuS = (r.calls * RAW_ROWS) / ((rawCpu.user + rawCpu.system) / 1e6);
    const servingPerCpuS = n / (segmentCpu / 1000);
    const model = modelUse(lab.endpointStats().batches, model0);
    const modelRate = model.rows / (model.ms / 1000);
    perRound.push({ requests: n, serving_per_s: Math.round(servingRate), serving_per_cpu_s: Math.round(servingPerCpuS), raw_rows_per_s: Math.round(r.rowsPerSec), raw_rows_per_cpu_s: Math.round(rawPerCpuS), ratio: Number((servingRate / r.rowsPerSec).toPrecision(3)), ratio_cpu: Number((servingPerCpuS / rawPerCpuS).toPrecision(3)), training_s: Math.round(segmentTraining) / 1000, model_share: Number((model.ms / (ms - segmentTraining)).toPrecision(3)), model_rows_per_s: Math.round(modelRate), ceiling: Number((modelRate / r.rowsPerSec).toPrecision(3)) });
    process.stderr.write(`bench loop: ${served}/${requests} requests, ${Math.round(servingRate)} requests/s serving, raw ${Math.round(r.rowsPerSec)} rows/s, ${tf.memory().numTensors} tensors, heap ${mbNoGc()} MB (before GC)\n`);
  }
  const tensorsEnd = tf.memory().numTensors;
  const heapEnd = mb();
  rawModel.dispose();
  const versions = lab.registry.list().length;
  const totals = { ...lab.totals };
  const batches = lab.endpointStats().batches;
  await lab.dispose();

  const rawRate = median(perRound.map((r) => r.raw_rows_per_s));
  const loopRate = totals.requests / (wallMs / 1000);
  const servingRate = totals.requests / ((wallMs - trainingMs) / 1000);
  return {
    backend: tf.getBackend(),
    requests: totals.requests,
    retrains: versions - 1,
    loop: { requests_per_s: Math.round(loopRate), requests_per_s_serving: Math.round(servingRate), requests_per_cpu_s: Math.round(totals.requests / (cpuMs / 1000)), wall_s: Math.round(wallMs) / 1000, training_s: Math.round(trainingMs) / 1000, answered: totals.answered, errors: totals.errors, labels: totals.labels, mean_batch_rows: Math.round(batches.meanRows * 10) / 10, model_call_share: Number(median(perRound.map((r) => r.model_share)).toPrecision(3)), model_rows_per_s_in_loop: Math.round(median(perRound.map((r) => r.model_rows_per_s))) },
    raw_predict: { rows_per_s: Math.round(rawRate), rows_per_cpu_s: Math.round(median(perRound.map((r) => r.raw_rows_per_cpu_s))), rows_per_call: RAW_ROWS, model: 'the served production v1, loaded from the Lab registry' },
    ratios: { loop_vs_raw_predict: Number(median(perRound.map((r) => r.ratio)).toPrecision(3)), loop_vs_raw_predict_cpu: Number(median(perRound.map((r) => r.ratio_cpu)).toPrecision(3)), loop_with_retrains_vs_raw_predict: Number((loopRate / rawRate).toPrecision(3)), loop_vs_raw_predict_ceiling: Number(median(perRound.map((r) => r.ceiling)).toPrecision(3)) },
    rounds: perRound,
    method: `A/B rounds: ${rounds} segments of the run, each followed by ${RAW_MS} ms of raw predictOnBatch (${RAW_ROWS} rows per call, tensor made per call, await data()); serving rate = segment requests / (segment wall time - retrain time); loop_vs_raw_predict = median of the rounds' ratios; raw_predict.rows_per_s = median of the rounds`,
    memory: { tensors_start: tensorsStart, tensors_end: tensorsEnd, heap_start_mb: heapStart, heap_end_mb: heapEnd, trace },
  };
}
