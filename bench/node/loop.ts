/**
 * Bench `loop` (Node, tfjs cpu backend): requests per wall second through the whole loop, and memory
 * across a long stream with many retrains, side by side with raw `predictOnBatch` in the same run.
 *
 * - `loop.requests_per_s`: one Lab on the `stable` scenario (moons), 100 requests per simulated
 *   second, 1 s ticks (so micro-batches of about 100 rows, padded to the 128 bucket), a schedule
 *   policy that retrains `LOOP_BENCH_RETRAINS` times (default 10) over the run: every request goes
 *   generate -> route -> validate -> predict -> log -> label -> monitor -> detect (and alerts, policy).
 *   Wall time of the whole run, retrains included; `requests_per_s_serving` excludes the time spent
 *   in retrains (from the `data` station to the next `observe`).
 * - `raw_predict.rows_per_s`: the same model (the lab's scaled MLP [16, 16]) on the same backend,
 *   `predictOnBatch` on 128 seeded rows, output read with `await data()` (bench/lib/predict.ts).
 * - `ratios.loop_vs_raw_predict`: loop requests/s (serving only) / raw predict rows/s (goal >= 0.3).
 * - `memory`: `tf.memory().numTensors` and the JS heap (MB, process.memoryUsage().heapUsed right after a
 *   forced full GC) after bootstrap (`*_start`), after the run (`*_end`), and at each retrain (`trace`).
 *
 * Requests: `LOOP_BENCH_REQUESTS` (default 1 000 000; the figure). Set it lower for a quick run.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as tf from '@tensorflow/tfjs';
import { measurePredict } from '../lib/predict';
import { Lab } from '../../src/loop/engine/lab';
import { buildLabModel } from '../../src/loop/engine/model';
import { LOOP_MODEL } from '../../src/loop/engine/config';
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
  const tensorsStart = tf.memory().numTensors;
  const heapStart = mb();
  const trace: { request: number; tensors: number; heap_mb: number }[] = [];
  let trainingMs = 0;
  let trainingSince: number | null = null;
  lab.events.on((e) => {
    if (e.type !== 'station') return;
    if (e.station === 'data' && trainingSince === null) trainingSince = performance.now();
    if (e.station === 'observe' && trainingSince !== null) {
      trainingMs += performance.now() - trainingSince;
      trainingSince = null;
      trace.push({ request: lab.position, tensors: tf.memory().numTensors, heap_mb: mb() });
    }
  });
  const started = performance.now();
  let next = 0;
  await lab.runToEnd((p) => {
    if (p >= next) {
      process.stderr.write(`bench loop: ${p}/${requests} requests, ${tf.memory().numTensors} tensors, heap ${mbNoGc()} MB (before GC)\n`);
      next = p + Math.ceil(requests / 10);
    }
  });
  const wallMs = performance.now() - started;
  const tensorsEnd = tf.memory().numTensors;
  const heapEnd = mb();
  const versions = lab.registry.list().length;
  const totals = { ...lab.totals };
  await lab.dispose();

  const model = buildLabModel(LOOP_MODEL, lab.schema, 1);
  const raw = await measurePredict(model, { inputShape: [lab.schema.features.length], classes: lab.schema.classes.length }, 128, {});
  model.dispose();
  const loopRate = totals.requests / (wallMs / 1000);
  const servingRate = totals.requests / ((wallMs - trainingMs) / 1000);
  return {
    backend: tf.getBackend(),
    requests: totals.requests,
    retrains: versions - 1,
    loop: { requests_per_s: Math.round(loopRate), requests_per_s_serving: Math.round(servingRate), wall_s: Math.round(wallMs) / 1000, training_s: Math.round(trainingMs) / 1000, answered: totals.answered, errors: totals.errors, labels: totals.labels },
    raw_predict: { rows_per_s: Math.round(raw.rowsPerSec), rows_per_call: 128 },
    ratios: { loop_vs_raw_predict: Number((servingRate / raw.rowsPerSec).toPrecision(3)), loop_with_retrains_vs_raw_predict: Number((loopRate / raw.rowsPerSec).toPrecision(3)) },
    memory: { tensors_start: tensorsStart, tensors_end: tensorsEnd, heap_start_mb: heapStart, heap_end_mb: heapEnd, trace },
  };
}
