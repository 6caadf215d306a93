/**
 * The measurement of bench `serving`, shared by its Node part (cpu backend) and its page (the
 * browser's backends): three ways of answering the same single-row requests with the same model, on
 * the backend that is active, in one run.
 *
 * - per_request: the endpoint with batching off (one bucket of 1 row, flush at 1 row): every
 *   request runs `predictOnBatch` alone;
 * - micro_batched: the endpoint as deployed by default (buckets 1/8/32/128, flush at 128 rows or
 *   after a 2 ms window);
 * - raw_predict_on_batch: no endpoint at all: the rows, already encoded, through `predictOnBatch`
 *   in calls of 128 rows (the endpoint's largest bucket), read back with `await data()`.
 *
 * Two loads: a burst (all N requests arrive at once: throughput, and latency under a full queue)
 * and single (one request at a time: the latency a lone caller sees, where the 2 ms batching
 * window shows). Rates are medians over the repetitions, paths interleaved in each.
 */
import * as tf from '@tensorflow/tfjs';
import type { DatasetSchema } from '../../datasets/types';
import { buildModel } from '../../src/model/build';
import { DEFAULT_MLP } from '../../src/model/spec';
import { ModelRegistry } from '../../src/registry/index';
import { Endpoint, isErrorResponse, quantile, type InferRequest } from '../../src/serving/index';
import { roundRate } from './numbers';

const SCHEMA: DatasetSchema = {
  features: [
    { name: 'f0', type: 'numeric', range: [-3, 3] },
    { name: 'f1', type: 'numeric', range: [-3, 3] },
    { name: 'f2', type: 'numeric', range: [-3, 3] },
    { name: 'f3', type: 'numeric', range: [-3, 3] },
    { name: 'kind', type: 'categorical', categories: ['a', 'b', 'c'] },
  ],
  classes: ['low', 'mid', 'high'],
};
/** Rows per raw predictOnBatch call: the endpoint's largest bucket. */
const RAW_BATCH = 128;

type Path = 'per_request' | 'micro_batched' | 'raw_predict_on_batch';

function rowsOf(n: number): Float32Array {
  const rows = new Float32Array(n * 5);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 4; j++) rows[i * 5 + j] = Math.sin(i * 0.37 + j) * 2;
    rows[i * 5 + 4] = i % 3;
  }
  return rows;
}

function requestOf(rows: Float32Array, i: number): InferRequest {
  return { id: `r${i}`, inputs: [{ name: 'input-0', shape: [1, 5], datatype: 'FP32', data: Array.from(rows.subarray(i * 5, i * 5 + 5)) }] };
}

/**
 * Sends `requests` all at once, again and again until `minMs` have passed (so a fast backend is
 * timed over many timer ticks); rows/s over all bursts, each request's latency from its burst start.
 */
async function burst(endpoint: Endpoint, requests: InferRequest[], minMs: number): Promise<{ rowsPerSec: number; latencies: number[] }> {
  const latencies: number[] = [];
  const t0 = performance.now();
  let rows = 0;
  do {
    const start = performance.now();
    await Promise.all(
      requests.map((r) =>
        endpoint.infer(r).then((answer) => {
          if (isErrorResponse(answer)) throw new Error(`bench request failed: ${answer.error}`);
          latencies.push(performance.now() - start);
        }),
      ),
    );
    rows += requests.length;
  } while (performance.now() - t0 < minMs);
  return { rowsPerSec: rows / ((performance.now() - t0) / 1000), latencies };
}

/** Sends requests one after another. */
async function single(endpoint: Endpoint, requests: InferRequest[]): Promise<number[]> {
  const latencies: number[] = [];
  for (const r of requests) {
    const t0 = performance.now();
    const answer = await endpoint.infer(r);
    if (isErrorResponse(answer)) throw new Error(`bench request failed: ${answer.error}`);
    latencies.push(performance.now() - t0);
  }
  return latencies;
}

async function rawChunk(model: tf.LayersModel, rows: Float32Array, n: number): Promise<void> {
  const y = tf.tidy(() => model.predictOnBatch(tf.tensor2d(rows, [n, 5])) as tf.Tensor);
  await y.data();
  y.dispose();
}

/** Raw predictOnBatch over the same rows in calls of RAW_BATCH, repeated until `minMs` have passed; latency = one call. */
async function rawBurst(model: tf.LayersModel, rows: Float32Array, n: number, minMs: number): Promise<{ rowsPerSec: number; latencies: number[] }> {
  const latencies: number[] = [];
  const t0 = performance.now();
  let done = 0;
  do {
    for (let start = 0; start + RAW_BATCH <= n; start += RAW_BATCH) {
      const t = performance.now();
      await rawChunk(model, rows.subarray(start * 5, (start + RAW_BATCH) * 5), RAW_BATCH);
      latencies.push(performance.now() - t);
      done += RAW_BATCH;
    }
  } while (performance.now() - t0 < minMs);
  return { rowsPerSec: done / ((performance.now() - t0) / 1000), latencies };
}

/** Three significant figures (sub-millisecond latencies keep their digits). */
function ms(value: number): number {
  return Number(value.toPrecision(3));
}

function percentiles(values: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: ms(quantile(sorted, 0.5)), p95: ms(quantile(sorted, 0.95)), p99: ms(quantile(sorted, 0.99)) };
}

function median(values: number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

/** How much work one measurement does. */
export interface ServingLoad {
  /** Requests per burst (a multiple of 128). */
  burst: number;
  /** One-at-a-time requests per path, over all repetitions. */
  single: number;
  reps: number;
  /** A burst is repeated until it has run this long (ms). */
  minMs: number;
}

/** Measures the three paths on the active backend; resolves with rates, latencies and ratios. */
export async function measureServing(load: ServingLoad): Promise<Record<string, unknown>> {
  const { burst: BURST, single: SINGLE, reps: REPS, minMs } = load;
  const started = performance.now();
  const backend = tf.getBackend();
  const registry = await ModelRegistry.open();
  const trained = buildModel(DEFAULT_MLP, { inputShape: [5], classes: 3 }, 7);
  await registry.register(trained, {
    trigger: 'manual',
    data: { dataset: 'bench', seed: 7 },
    model: DEFAULT_MLP,
    hyperParameters: {},
    backend,
    evaluation: { rows: 0, accuracy: 0, loss: 0 },
    schema: SCHEMA,
    notes: 'untrained, seeded: the bench measures serving, not accuracy',
  });
  const perRequest = new Endpoint({ registry, name: 'per-request', schema: SCHEMA, buckets: [1], maxBatchRows: 1, windowMs: 0 });
  const batched = new Endpoint({ registry, name: 'micro-batched', schema: SCHEMA });
  await perRequest.deploy('v1', { reason: 'bench' });
  await batched.deploy('v1', { reason: 'bench' });
  const raw = await registry.loadModel('v1');
  const rows = rowsOf(BURST);
  const requests = Array.from({ length: BURST }, (_, i) => requestOf(rows, i));
  const before = tf.memory().numTensors;

  // warm-up: one untimed pass of each path
  await burst(perRequest, requests.slice(0, 128), 0);
  await burst(batched, requests.slice(0, 128), 0);
  await rawBurst(raw, rows, 128, 0);

  const rates: Record<Path, number[]> = { per_request: [], micro_batched: [], raw_predict_on_batch: [] };
  const burstLat: Record<Path, number[]> = { per_request: [], micro_batched: [], raw_predict_on_batch: [] };
  const singleLat: Record<Path, number[]> = { per_request: [], micro_batched: [], raw_predict_on_batch: [] };
  const burstBatches = { count: 0, rows: 0 };
  for (let rep = 0; rep < REPS; rep++) {
    for (const [path, endpoint] of [['per_request', perRequest], ['micro_batched', batched]] as const) {
      const batchesBefore = endpoint.stats().batches;
      const b = await burst(endpoint, requests, minMs);
      if (path === 'micro_batched') {
        const after = endpoint.stats().batches;
        burstBatches.count += after.count - batchesBefore.count;
        burstBatches.rows += after.count * after.meanRows - batchesBefore.count * batchesBefore.meanRows;
      }
      rates[path].push(b.rowsPerSec);
      burstLat[path].push(...b.latencies);
      singleLat[path].push(...(await single(endpoint, requests.slice(0, Math.ceil(SINGLE / REPS)))));
    }
    const r = await rawBurst(raw, rows, BURST, minMs);
    rates.raw_predict_on_batch.push(r.rowsPerSec);
    burstLat.raw_predict_on_batch.push(...r.latencies);
    for (let i = 0; i < Math.ceil(SINGLE / REPS); i++) {
      const t = performance.now();
      await rawChunk(raw, rows.subarray(i * 5, i * 5 + 5), 1);
      singleLat.raw_predict_on_batch.push(performance.now() - t);
    }
  }
  const leaked = tf.memory().numTensors - before;
  const stats = batched.stats();
  await perRequest.dispose();
  await batched.dispose();
  raw.dispose();
  trained.dispose();

  const paths = Object.fromEntries(
    (Object.keys(rates) as Path[]).map((path) => [
      path,
      {
        rows_per_s: roundRate(median(rates[path])),
        rows_per_s_reps: rates[path].map(roundRate),
        latency_ms: percentiles(burstLat[path]),
        latency_ms_single: percentiles(singleLat[path]),
      },
    ]),
  );
  return {
    backend,
    model: { spec: DEFAULT_MLP, inputs: 5, classes: 3 },
    load: {
      burst_requests: BURST,
      single_requests: SINGLE,
      reps: REPS,
      min_ms_per_burst: minMs,
      raw_batch_rows: RAW_BATCH,
      micro_batched: { buckets: [1, 8, 32, 128], max_batch_rows: 128, window_ms: 2, mean_batch_rows_burst: roundRate(burstBatches.rows / burstBatches.count), mean_batch_rows_all_loads: roundRate(stats.batches.meanRows) },
      per_request: { buckets: [1], max_batch_rows: 1, window_ms: 0 },
    },
    method:
      'rows_per_s: median over reps of (requests / wall time) for bursts of N one-row OIP v2 requests sent at once, repeated until min_ms_per_burst have passed (raw: the same rows pre-encoded, predictOnBatch in 128-row calls, likewise repeated). latency_ms: percentiles over every request of every rep of the burst, from the burst start to the answer (queue-dominated; raw: one 128-row call). latency_ms_single: one request at a time (raw: a 1-row call).',
    paths,
    ratios: {
      batched_vs_per_request: roundRate(median(rates.micro_batched) / median(rates.per_request)),
      endpoint_vs_raw: roundRate(median(rates.micro_batched) / median(rates.raw_predict_on_batch)),
    },
    leaked_tensors: leaked,
    elapsed_s: Math.round((performance.now() - started) / 100) / 10,
  };
}
