/**
 * Two parts of the backends bench, every backend side by side in one run:
 *
 * - `lab_retrain`: the Lab's own retrain (src/loop: the policy's data window, training with the lab's
 *   default model and hyper-parameters, scoring, registering, the gate against production, the
 *   promotion) on each backend, named explicitly as a learner's `backend=` would. A lab per backend
 *   (the guided run's scenario and seed, `manual` policy), streamed until its training store holds
 *   labelled rows, then retrained: the first retrain (new shapes: GPU programs compiled) and the
 *   median of the next ones, in seconds per retrain.
 * - `trainer_first_epoch`: the trainer's time to the first epoch end (the default moons job, the
 *   trainer's own code path `runTrainingJob`, stopped after that epoch): the first run on a freshly
 *   started backend (program compilation and uploads included) and the median of warm runs.
 */
import * as tf from '@tensorflow/tfjs';
import { startBackend } from '../src/compute/backends';
import { median } from '../src/compute/measure';
import { memorySnapshot } from '../src/compute/memory';
import type { BackendName } from '../src/compute/types';
import { Lab } from '../src/loop/index';
import { TrainingAbortedError } from '../src/errors';
import { DEFAULT_MLP, DEFAULT_TRAIN_CONFIG, runTrainingJob, type TrainingJob } from '../src/model/index';
import { ratio, roundMs } from './lib/numbers';
import { progress } from './lib/page';

/** The backends, in the order they are measured. */
export const LAB_BACKENDS: readonly BackendName[] = ['cpu', 'wasm', 'webgl', 'webgpu'];
/** Timed retrains after the first (per backend): the software GPUs here take seconds per retrain. */
const RETRAINS = 2;
/** Warm trainer runs after the first. */
const TRAINER_RUNS = 3;
/** Requests streamed before the first retrain (labels arrive 10 simulated seconds late). */
const STREAM = 800;
/**
 * The lab of the retrain bench: the guided run's scenario and seed, its model and training defaults;
 * a smaller first training set (500 rows, not 1500) only to keep the first version quick on the
 * software GPUs: the retrains train on the stream's labelled rows either way.
 */
const LAB_CONFIG = { scenario: 'moons-rotation', seed: 7, policy: 'manual', requests: 8000, initialRows: 500 } as const;

/** The trainer's default job (moons, 400 rows, the default MLP and training). */
const TRAINER_JOB: TrainingJob = {
  dataset: { id: 'moons', params: { noise: 0.15 } },
  samples: 400,
  testFraction: 0.2,
  dataSeed: 1,
  model: { ...DEFAULT_MLP },
  training: { ...DEFAULT_TRAIN_CONFIG, seed: 1 },
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const seconds = (ms: number) => Math.round(ms) / 1000;

/** One backend's lab retrains: seconds of the first and the next ones, and what trained. */
async function labRetrains(backend: BackendName): Promise<Record<string, unknown>> {
  const before = memorySnapshot().numTensors;
  const t0 = performance.now();
  const lab = await Lab.create({ ...LAB_CONFIG, backend });
  try {
    await lab.bootstrap();
    const bootstrapMs = performance.now() - t0;
    await lab.runRequests(STREAM);
    const times: number[] = [];
    for (let i = 0; i <= RETRAINS; i++) {
      const start = performance.now();
      const outcome = await lab.retrain({ trigger: 'manual', reason: `bench retrain ${i + 1}` });
      times.push(performance.now() - start);
      if (!outcome.version) throw new Error(`retrain ${i + 1} registered nothing: ${outcome.error ?? 'no version'}`);
      await lab.runRequests(100);
    }
    const versions = lab.registry.list();
    const trained = [...new Set(versions.map((v) => v.backend))];
    if (trained.length !== 1 || trained[0] !== backend) throw new Error(`asked for ${backend}, the versions trained on ${trained.join(', ')}`);
    const last = versions.at(-1);
    const row = {
      backend_used: trained[0],
      message: last?.backendChoice?.message ?? null,
      train_rows: last?.data.window?.rows ?? null,
      epochs: lab.config.training.epochs,
      bootstrap_s: seconds(bootstrapMs),
      first_retrain_s: seconds(times[0] as number),
      retrain_s: seconds(median(times.slice(1))),
      retrains_s: times.slice(1).map(seconds),
    };
    progress(`[lab ${backend}] first retrain ${row.first_retrain_s} s, then median ${row.retrain_s} s per retrain (${row.train_rows} rows x ${row.epochs} epochs)`);
    return row;
  } finally {
    await lab.dispose();
    const left = memorySnapshot().numTensors - before;
    if (left > 0) progress(`[lab ${backend}] tensors left behind: ${left}`);
  }
}

/** One run of the trainer's job, stopped at its first epoch end: ms from the call to that epoch end. */
async function trainerRun(): Promise<number> {
  let first = Number.NaN;
  const stop = new AbortController();
  const t0 = performance.now();
  try {
    const { model } = await runTrainingJob(TRAINER_JOB, {
      signal: stop.signal,
      onEpochEnd: () => {
        if (Number.isNaN(first)) first = performance.now() - t0;
        stop.abort();
      },
    });
    model.dispose();
  } catch (error) {
    if (!(error instanceof TrainingAbortedError)) throw error;
  }
  if (Number.isNaN(first)) throw new Error('the run ended before its first epoch');
  return first;
}

/** The trainer's time to first epoch on one started backend: cold (first run) and warm (median). */
async function trainerFirstEpoch(backend: BackendName): Promise<Record<string, unknown>> {
  const started = await startBackend(backend);
  if (!started.ok || tf.getBackend() !== backend) throw new Error(`${backend} would not start: ${started.reason ?? tf.getBackend()}`);
  const cold = await trainerRun();
  const warm: number[] = [];
  for (let i = 0; i < TRAINER_RUNS; i++) warm.push(await trainerRun());
  const row = {
    first_run_first_epoch_ms: roundMs(cold),
    first_epoch_ms: roundMs(median(warm)),
    train_rows: Math.round(TRAINER_JOB.samples * (1 - TRAINER_JOB.testFraction) * (1 - TRAINER_JOB.training.validationSplit)),
    batch_size: TRAINER_JOB.training.batchSize,
  };
  progress(`[trainer ${backend}] first epoch after ${row.first_epoch_ms} ms (first run on the backend: ${row.first_run_first_epoch_ms} ms)`);
  return row;
}

/**
 * Both parts, every backend in one run. A backend that fails is null with its error under `errors`.
 * `ratios` divides each backend's seconds per retrain (and first-epoch time) by cpu's: above 1 is
 * slower than cpu.
 */
export async function labAndTrainerByBackend(): Promise<{ lab: Record<string, unknown>; trainer: Record<string, unknown>; ratios: Record<string, Record<string, number | null>> }> {
  const retrain: Record<string, Record<string, unknown> | null> = {};
  const firstEpoch: Record<string, Record<string, unknown> | null> = {};
  const errors: Record<string, string> = {};
  for (const backend of LAB_BACKENDS) {
    try {
      firstEpoch[backend] = await trainerFirstEpoch(backend);
    } catch (error) {
      firstEpoch[backend] = null;
      errors[`trainer_${backend}`] = messageOf(error);
      progress(`[trainer ${backend}] failed: ${messageOf(error)}`);
    }
    try {
      retrain[backend] = await labRetrains(backend);
    } catch (error) {
      retrain[backend] = null;
      errors[`lab_${backend}`] = messageOf(error);
      progress(`[lab ${backend}] failed: ${messageOf(error)}`);
    }
  }
  const vsCpu = (table: Record<string, Record<string, unknown> | null>, key: string) =>
    Object.fromEntries(LAB_BACKENDS.filter((b) => b !== 'cpu').map((b) => [b, ratio(table[b]?.[key] as number | undefined, table.cpu?.[key] as number | undefined)]));
  return {
    lab: {
      method:
        `Lab.create({ scenario: '${LAB_CONFIG.scenario}', seed: ${LAB_CONFIG.seed}, policy: 'manual', initialRows: ${LAB_CONFIG.initialRows}, backend: <name> }) in this page, bootstrap, ${STREAM} requests streamed, ` +
        `then ${RETRAINS + 1} manual retrains (each: data window, training with the lab's defaults, scoring, registry, gate, promotion; 100 requests between them); ` +
        `first_retrain_s = the first (new shapes compiled), retrain_s = the median of the next ${RETRAINS}; wall clock, seconds`,
      by_backend: retrain,
      ...(Object.keys(errors).some((k) => k.startsWith('lab_')) ? { errors: Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith('lab_'))) } : {}),
    },
    trainer: {
      method:
        `runTrainingJob (the trainer's code path) on the default moons job (${TRAINER_JOB.samples} rows, ${TRAINER_JOB.training.epochs} epochs, batch ${TRAINER_JOB.training.batchSize}) in this page; ` +
        `ms from the call to the first epoch end (data drawn, model built, rows uploaded, one epoch; the run is then stopped): ` +
        `the first run right after the backend started (first_run_first_epoch_ms) and the median of ${TRAINER_RUNS} warm runs (first_epoch_ms)`,
      by_backend: firstEpoch,
      ...(Object.keys(errors).some((k) => k.startsWith('trainer_')) ? { errors: Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith('trainer_'))) } : {}),
    },
    ratios: {
      lab_retrain_s_vs_cpu: vsCpu(retrain, 'retrain_s'),
      trainer_first_epoch_ms_vs_cpu: vsCpu(firstEpoch, 'first_epoch_ms'),
    },
  };
}

