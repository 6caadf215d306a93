/**
 * Bench `loop`, page part: the Lab in a dedicated module Worker (cpu backend there, as the lab
 * worker runs by default), `stable` scenario, 100 requests per simulated second, 1 s ticks, a
 * schedule policy retraining every quarter of the run; requests per wall second seen from the page (the `run` command's
 * round trip), and the same without the time spent retraining (from the `data` station event to the
 * next `observe`, timed in the page), as the Node part's `requests_per_s_serving`. Beside it, raw `predictOnBatch` rows/s of the same model on the cpu backend in the
 * page. Requests: the Node part's count, at most 200 000 (the worker run is the slower of the two).
 * The result goes under `chromium_worker`; the top-level `ratios` and `memory` are the Node part's.
 */
import * as tf from '@tensorflow/tfjs';
import { createWorkerLabClient } from '../src/worker/lab-client';
import { buildLabModel } from '../src/loop/engine/model';
import { LOOP_MODEL } from '../src/loop/engine/config';
import { moons } from '../datasets/index';
import { browserFacts, nodeResult, progress, publish } from './lib/page';
import { measurePredict } from './lib/predict';
import { measureCompare } from './compare';

async function run(): Promise<Record<string, unknown>> {
  const requests = Math.min(Number(nodeResult()?.requests ?? 200_000) || 200_000, 200_000);
  const rate = 100;
  const every = Math.floor(requests / rate / 4);
  const client = createWorkerLabClient();
  progress(`bench loop (page): lab worker, ${requests} requests`);
  await client.create({ scenario: 'stable', seed: 1, requests, rate, tickSeconds: 1, policy: { name: 'bench-schedule', description: '', trigger: { kind: 'schedule', everySeconds: every, cooldownSeconds: 0 }, data: { kind: 'recent', rows: 800 }, gate: { minImprovement: -1, minSamples: 50, holdout: 0.25 }, rollout: { kind: 'direct' } } });
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
  const t0 = performance.now();
  const done = await client.run(requests);
  const wallMs = performance.now() - t0;
  off();
  await client.dispose();
  await tf.setBackend('cpu');
  await tf.ready();
  const schema = moons().schema;
  const model = buildLabModel(LOOP_MODEL, schema, 1);
  const raw = await measurePredict(model, { inputShape: [schema.features.length], classes: schema.classes.length }, 128, {});
  model.dispose();
  const loopRate = done.totals.requests / (wallMs / 1000);
  const servingRate = done.totals.requests / ((wallMs - trainingMs) / 1000);
  progress(`bench loop (page): ${Math.round(loopRate)} requests/s in the worker, raw predict ${Math.round(raw.rowsPerSec)} rows/s`);
  const compare = await measureCompare();
  return {
    chromium_worker: {
      backend: 'cpu',
      requests: done.totals.requests,
      retrains: done.versions.length - 1,
      requests_per_s: Math.round(loopRate),
      requests_per_s_serving: Math.round(servingRate),
      wall_s: Math.round(wallMs) / 1000,
      training_s: Math.round(trainingMs) / 1000,
      raw_predict_rows_per_s: Math.round(raw.rowsPerSec),
      loop_vs_raw_predict: Number((servingRate / raw.rowsPerSec).toPrecision(3)),
      loop_with_retrains_vs_raw_predict: Number((loopRate / raw.rowsPerSec).toPrecision(3)),
    },
    browser: browserFacts(),
    compare,
  };
}

publish(run());
