/**
 * The `data` bench, Node part (the page part, bench/data.ts, reuses these functions in Chromium):
 * how fast each dataset generates records, and what share of a generate-then-predict pipeline the
 * generation costs, against `predictOnBatch` of the model the lab would train on that data (the
 * default MLP; the small CNN for the images), measured in the same run on the same machine.
 * bench/README.md ("data") explains the fields. Goal: generation at most 5% of the pipeline.
 */
import * as tf from '@tensorflow/tfjs';
import { createDataset, DATASET_IDS, type DatasetId } from '../../datasets/catalog';
import { createRng } from '../../datasets/random';
import { timeSteps, type TimingOptions } from '../../src/compute/measure';
import { buildModel } from '../../src/model/build';
import { DEFAULT_CNN, DEFAULT_MLP, type ModelShape, type ModelSpec } from '../../src/model/spec';
import { RequestStream } from '../../src/traffic/stream';
import { roundRate } from '../lib/numbers';
import { measurePredict } from '../lib/predict';

/** Rows per generation call and per predict call (a micro-batch the endpoint would see). */
export const ROWS = [64, 1024] as const;
/** A timed generation step repeats its call until it lasts at least this long. */
const STEP_MS = 20;
/** Timing of every figure: median of 5 to 15 timed steps after one warm-up and one untimed step. */
export const TIMING: Required<TimingOptions> = { extraWarmup: 1, minSteps: 5, maxSteps: 15, budgetMs: 1500 };

/** The method, for the JSON. */
export const METHOD =
  `each figure is the median of ${TIMING.minSteps} to ${TIMING.maxSteps} timed steps after one timed warm-up step and one untimed step; ` +
  `a generation step repeats its call until it lasts at least ${STEP_MS} ms; ` +
  `batch = Dataset.sample(rows) into typed arrays (what training uses); ` +
  `stream = RequestStream.nextRecord() on the "stable" scenario: request objects with named features, ids, arrival times, label times; ` +
  `predict = predictOnBatch of the model the lab trains on that data (DEFAULT_MLP; DEFAULT_CNN for shapes), output read back with await data(); ` +
  `share = generation time per row / (generation + predict time per row)`;

/** The model the lab would train on a dataset, and its input shape. */
export function modelFor(id: DatasetId): { spec: ModelSpec; shape: ModelShape } {
  const d = createDataset({ id });
  const spec = d.inputShape.length === 3 ? DEFAULT_CNN : DEFAULT_MLP;
  return { spec, shape: { inputShape: d.inputShape, classes: d.schema.classes.length } };
}

/** Rows per second of `call`, which produces `rows` rows each time. */
async function rate(rows: number, call: () => void): Promise<number> {
  let repeat = 1;
  let piloted = false;
  const step = async () => {
    if (!piloted) {
      const t0 = performance.now();
      call();
      repeat = Math.max(1, Math.ceil(STEP_MS / Math.max(performance.now() - t0, 0.01)));
      piloted = true;
      return;
    }
    for (let i = 0; i < repeat; i++) call();
  };
  const t = await timeSteps(step, TIMING);
  return (rows * repeat) / (t.medianMs / 1000);
}

/** Generation throughput of one dataset: typed batches and stream records, at each row count. */
export async function measureGeneration(id: DatasetId): Promise<{ batch: Record<number, number>; stream: Record<number, number> }> {
  const dataset = createDataset({ id });
  const rng = createRng(1);
  const stream = new RequestStream({ scenario: 'stable', seed: 1, dataset: { id } });
  const batch: Record<number, number> = {};
  const records: Record<number, number> = {};
  for (const rows of ROWS) {
    batch[rows] = await rate(rows, () => void dataset.sample(rows, rng));
    records[rows] = await rate(rows, () => {
      for (let i = 0; i < rows; i++) stream.nextRecord();
    });
  }
  return { batch, stream: records };
}

/** Predict throughput (rows/s) of the dataset's model on the active backend, at each row count. */
export async function measurePrediction(id: DatasetId): Promise<Record<number, number>> {
  const { spec, shape } = modelFor(id);
  const model = buildModel(spec, shape, 7);
  const out: Record<number, number> = {};
  try {
    for (const rows of ROWS) out[rows] = (await measurePredict(model, shape, rows, TIMING)).rowsPerSec;
  } finally {
    model.dispose();
  }
  return out;
}

/** Generation's share of the pipeline: (1/gen) / (1/gen + 1/predict), from rates in rows/s. */
export function share(genRate: number, predictRate: number): number {
  return 1 / genRate / (1 / genRate + 1 / predictRate);
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Every dataset measured on the active backend: the `data` bench's table for one environment. */
export async function measureAll(progress: (line: string) => void): Promise<Record<string, unknown>> {
  const datasets: Record<string, unknown> = {};
  let worst = 0;
  let worstAt = '';
  for (const id of DATASET_IDS) {
    const gen = await measureGeneration(id);
    const predict = await measurePrediction(id);
    const shares: Record<string, number> = {};
    for (const rows of ROWS) {
      const s = share(gen.stream[rows] as number, predict[rows] as number);
      shares[`stream_${rows}`] = round3(s);
      shares[`batch_${rows}`] = round3(share(gen.batch[rows] as number, predict[rows] as number));
      if (s > worst) [worst, worstAt] = [s, `${id} stream ${rows}`];
    }
    datasets[id] = {
      model: modelFor(id).spec.kind,
      batch_records_per_s: Object.fromEntries(ROWS.map((r) => [r, roundRate(gen.batch[r] as number)])),
      stream_records_per_s: Object.fromEntries(ROWS.map((r) => [r, roundRate(gen.stream[r] as number)])),
      predict_rows_per_s: Object.fromEntries(ROWS.map((r) => [r, roundRate(predict[r] as number)])),
      generation_share: shares,
    };
    progress(`[${tf.getBackend()}] ${id}: stream ${roundRate(gen.stream[1024] as number)} records/s, batch ${roundRate(gen.batch[1024] as number)} rows/s, predict ${roundRate(predict[1024] as number)} rows/s at 1024 -> share ${shares.stream_1024}`);
  }
  return { backend: tf.getBackend(), datasets, worst_stream_share: { share: round3(worst), at: worstAt }, goal: 'generation_share <= 0.05', meets_goal: worst <= 0.05 };
}

/** The Node part: generation and predict on TF.js's cpu backend (plain JavaScript, no native addon). */
export default async function run(): Promise<Record<string, unknown>> {
  await tf.setBackend('cpu');
  await tf.ready();
  const node = await measureAll((line) => process.stderr.write(`${line}\n`));
  return { name: 'data', created: new Date().toISOString(), method: METHOD, node };
}
