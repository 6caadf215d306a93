/**
 * The `backends` bench: every TF.js backend side by side in one page — training throughput, predict
 * throughput and first-call (warm-up) times for the default MLP and the small CNN; the Lab's retrain
 * in seconds and the trainer's time to first epoch on each backend (backends-lab.ts). Run it with
 * `npm run bench -- backends`; bench/README.md explains the numbers and the output contract.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmAssetPaths, startBackend } from '../src/compute/backends';
import { memorySnapshot } from '../src/compute/memory';
import type { TimingOptions } from '../src/compute/measure';
import type { BackendName } from '../src/compute/types';
import { bundledWasmPaths } from '../src/compute/wasm-assets';
import { buildModel } from '../src/model/build';
import { measureTraining } from '../src/model/probe';
import { DEFAULT_CNN, DEFAULT_MLP, type ModelShape, type ModelSpec } from '../src/model/spec';
import { ratio, roundMs, roundRate } from './lib/numbers';
import { browserFacts, progress, publish } from './lib/page';
import { measurePredict, STEP_TARGET_MS } from './lib/predict';
import { trainerElementVsDirect } from './backends-trainer';

const BACKENDS: readonly BackendName[] = ['cpu', 'wasm', 'webgl', 'webgpu'];

/** The two workloads: the default MLP on the moons shape, the small CNN on 16x16 grey images. */
const MODELS = {
  mlp: { spec: DEFAULT_MLP as ModelSpec, shape: { inputShape: [2], classes: 2 } as ModelShape },
  cnn: { spec: DEFAULT_CNN as ModelSpec, shape: { inputShape: [16, 16, 1], classes: 4 } as ModelShape },
};
type ModelKey = keyof typeof MODELS;

const TRAIN_BATCHES = [32, 256] as const;
const PREDICT_ROWS = [1, 64, 1024] as const;

/**
 * Small step counts: the GPUs here are software-emulated, and the CNN at batch 256 takes seconds
 * per step on them. The whole bench stays within a few minutes.
 */
const TIMING: Required<TimingOptions> = { extraWarmup: 1, minSteps: 3, maxSteps: 10, budgetMs: 1500 };

const METHOD =
  `median of N timed steps after one timed warm-up step and one untimed step ` +
  `(N from ${TIMING.minSteps} to ${TIMING.maxSteps}: at least ${TIMING.minSteps}, more while under ${TIMING.budgetMs} ms); ` +
  `training: trainOnBatch with adam on seeded random rows (the loss is read back each step); ` +
  `predict: predictOnBatch with every output read back by await data(), a timed step repeating the call to last at least ${STEP_TARGET_MS} ms ` +
  `(the page's timer has 0.1 ms steps); warm-up = the first call's time; a failed measurement is null, with its error under errors`;

type Table = Record<string, Record<string, number | null>>;

interface Measured {
  available: true;
  info: Record<string, unknown>;
  train_samples_per_s: Table;
  predict_rows_per_s: Table;
  warmup_ms: Record<string, number | null>;
  /** Per input size: every new shape compiles new GPU programs, so each size has its own first call. */
  warmup_ms_by_size: Table;
  /** predictOnBatch calls per timed predict step (fast calls are repeated to beat the timer's 0.1 ms step). */
  predict_calls_per_step: Table;
  /** Measurements that failed on this backend (their figures are null), with the error. */
  errors?: Record<string, string>;
  leaked_tensors: number;
  elapsed_s: number;
}

interface Unavailable {
  available: false;
  reason: string;
  detail?: string;
  info?: Record<string, unknown>;
  leaked_tensors?: number;
}

type BackendResult = Measured | Unavailable;

/** Raw (unrounded) throughputs, for the ratios. */
type Raw = Record<string, number>;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function backendInfo(name: BackendName, info: object | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(info ?? { name }) };
  if (name === 'webgl') out.cpuHandoffThreshold = tf.env().getNumber('CPU_HANDOFF_SIZE_THRESHOLD');
  if (name === 'webgpu') out.cpuHandoffThreshold = tf.env().getNumber('WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD');
  return out;
}

/** The part of a backend's result that the measurements fill in. */
type Figures = Pick<Measured, 'train_samples_per_s' | 'predict_rows_per_s' | 'warmup_ms' | 'warmup_ms_by_size' | 'predict_calls_per_step' | 'errors'>;

/**
 * Runs one measurement; a failure (e.g. a kernel the backend lacks) is kept with its label and the
 * number of tensors the failed call left behind, and the bench goes on with the next measurement.
 */
async function attempt<T>(errors: Record<string, string>, label: string, measure: () => Promise<T>): Promise<T | null> {
  const before = memorySnapshot().numTensors;
  try {
    return await measure();
  } catch (error) {
    const left = memorySnapshot().numTensors - before;
    errors[label] = `${messageOf(error)}${left ? ` (the failed call left ${left} tensors)` : ''}`;
    progress(`  ${label} failed: ${errors[label]}`);
    return null;
  }
}

/** Measures one started backend; fills `rawTrain` / `rawPredict` with unrounded figures. */
async function measureBackend(name: BackendName, rawTrain: Raw, rawPredict: Raw): Promise<Figures> {
  const train: Table = {};
  const predict: Table = {};
  const warmup: Record<string, number | null> = {};
  const bySize: Table = {};
  const calls: Table = {};
  const errors: Record<string, string> = {};
  for (const key of Object.keys(MODELS) as ModelKey[]) {
    const { spec, shape } = MODELS[key];
    const trainRow: Record<string, number | null> = (train[key] = {});
    const trainWarm: Record<string, number | null> = (bySize[`${key}_train`] = {});
    for (const batch of TRAIN_BATCHES) {
      const m = await attempt(errors, `${key}_train_${batch}`, () => measureTraining(spec, shape, batch, TIMING));
      trainRow[batch] = m && roundRate(m.samplesPerSec);
      trainWarm[batch] = m && roundMs(m.warmupMs);
      if (m) rawTrain[`${key}_${batch}`] = m.samplesPerSec;
      if (!(`${key}_train` in warmup)) warmup[`${key}_train`] = m && roundMs(m.warmupMs);
      if (m) progress(`[${name}] ${key} train  batch ${batch}: ${roundRate(m.samplesPerSec)} samples/s (first step ${roundMs(m.warmupMs)} ms)`);
    }
    const predictRow: Record<string, number | null> = (predict[key] = {});
    const predictWarm: Record<string, number | null> = (bySize[`${key}_predict`] = {});
    const callRow: Record<string, number | null> = (calls[key] = {});
    const model = buildModel(spec, shape, 7);
    try {
      for (const rows of PREDICT_ROWS) {
        const m = await attempt(errors, `${key}_predict_${rows}`, () => measurePredict(model, shape, rows, TIMING));
        predictRow[rows] = m && roundRate(m.rowsPerSec);
        predictWarm[rows] = m && roundMs(m.warmupMs);
        callRow[rows] = m && m.callsPerStep;
        if (m) rawPredict[`${key}_${rows}`] = m.rowsPerSec;
        if (!(`${key}_predict` in warmup)) warmup[`${key}_predict`] = m && roundMs(m.warmupMs);
        if (m) progress(`[${name}] ${key} predict rows ${rows}: ${roundRate(m.rowsPerSec)} rows/s (first call ${roundMs(m.warmupMs)} ms, ${m.callsPerStep} calls per timed step)`);
      }
    } finally {
      model.dispose();
    }
  }
  return { train_samples_per_s: train, predict_rows_per_s: predict, warmup_ms: warmup, warmup_ms_by_size: bySize, predict_calls_per_step: calls, ...(Object.keys(errors).length ? { errors } : {}) };
}

async function runBackend(name: BackendName, rawTrain: Raw, rawPredict: Raw): Promise<BackendResult> {
  const t0 = performance.now();
  progress(`[${name}] starting`);
  const started = await startBackend(name);
  if (!started.ok) {
    progress(`[${name}] unavailable: ${started.reason}${started.detail ? ` (${started.detail})` : ''}`);
    return { available: false, reason: started.reason ?? 'set-backend-failed', ...(started.detail ? { detail: started.detail } : {}) };
  }
  const info = backendInfo(name, started.info);
  const active = tf.getBackend();
  if (active !== name) return { available: false, reason: 'set-backend-failed', detail: `startBackend said ok but the active backend is ${active}`, info };
  await tf.ready();
  const before = memorySnapshot().numTensors;
  try {
    const measured = await measureBackend(name, rawTrain, rawPredict);
    const leaked = memorySnapshot().numTensors - before;
    const elapsed = (performance.now() - t0) / 1000;
    progress(`[${name}] done in ${elapsed.toFixed(1)} s; tensors left behind: ${leaked}`);
    return { available: true, info, ...measured, leaked_tensors: leaked, elapsed_s: Math.round(elapsed * 10) / 10 };
  } catch (error) {
    // Only building a model can throw here (each measurement keeps its own failure): a crash of the bench.
    progress(`[${name}] failed while measuring: ${messageOf(error)}`);
    return { available: false, reason: 'probe-failed', detail: messageOf(error), info, leaked_tensors: memorySnapshot().numTensors - before };
  }
}

/** Each measured backend's figures divided by cpu's (above 1: faster than cpu). */
function ratiosVsCpu(raw: Partial<Record<BackendName, Raw>>): Record<string, Record<string, number | null>> {
  const cpu = raw.cpu;
  const out: Record<string, Record<string, number | null>> = {};
  if (!cpu) return out;
  for (const name of BACKENDS) {
    const figures = raw[name];
    if (name === 'cpu' || !figures) continue;
    out[name] = Object.fromEntries(Object.keys(cpu).map((k) => [k, ratio(figures[k], cpu[k])]));
  }
  return out;
}

/** Whether a started GPU backend runs on a software rasterizer / adapter (SwiftShader, llvmpipe...). */
function softwareGpus(results: Record<string, BackendResult>): string[] {
  const soft = /swiftshader|llvmpipe|software|basic render/i;
  const found: string[] = [];
  for (const name of ['webgl', 'webgpu'] as const) {
    const r = results[name];
    if (r?.available && soft.test(JSON.stringify(r.info))) found.push(name);
  }
  return found;
}

function noteFor(results: Record<string, BackendResult>): string {
  const gpus = (['webgl', 'webgpu'] as const).filter((n) => results[n]?.available);
  const soft = softwareGpus(results);
  if (gpus.length === 0) return 'No GPU backend started in this run; only cpu and wasm were measured.';
  if (soft.length === gpus.length) return 'GPU backends on this machine are software-emulated (SwiftShader); these are not real GPU figures.';
  if (soft.length > 0) return `Software-emulated here (not real GPU figures): ${soft.join(', ')}. The others ran on the hardware named in their info.`;
  return 'GPU figures come from the adapter and renderer named in each backend\'s info.';
}

async function run(): Promise<Record<string, unknown>> {
  // The cpu backend computes synchronously and gives the event loop few turns: start after the page's
  // load event, which the bench runner waits for (a loaded machine otherwise holds it past its timeout).
  if (document.readyState !== 'complete') await new Promise((resolve) => addEventListener('load', resolve, { once: true }));
  const created = new Date().toISOString();
  setWasmAssetPaths(bundledWasmPaths());
  const flags = {
    WEBGL_CPU_FORWARD: tf.env().getBool('WEBGL_CPU_FORWARD'),
    WEBGPU_CPU_FORWARD: tf.env().getBool('WEBGPU_CPU_FORWARD'),
  };
  progress(`backends bench: ${BACKENDS.join(', ')}; flags ${JSON.stringify(flags)}`);
  const backends: Record<string, BackendResult> = {};
  const rawTrain: Partial<Record<BackendName, Raw>> = {};
  const rawPredict: Partial<Record<BackendName, Raw>> = {};
  for (const name of BACKENDS) {
    const train: Raw = {};
    const predict: Raw = {};
    const result = await runBackend(name, train, predict);
    backends[name] = result;
    if (result.available) {
      rawTrain[name] = train;
      rawPredict[name] = predict;
    }
  }
  progress('trainer element vs direct');
  const trainer = await trainerElementVsDirect();
  progress('the lab\'s retrain and the trainer\'s first epoch, per backend');
  // Imported when needed: the Lab's modules are many, and the page must finish loading first.
  const { labAndTrainerByBackend } = await import('./backends-lab');
  const labParts = await labAndTrainerByBackend();
  return {
    name: 'backends',
    created,
    browser: browserFacts(),
    flags,
    method: METHOD,
    backends,
    trainer_element_vs_direct: trainer.section,
    lab_retrain: labParts.lab,
    trainer_first_epoch: labParts.trainer,
    ratios: {
      train_samples_per_s_vs_cpu: ratiosVsCpu(rawTrain),
      predict_rows_per_s_vs_cpu: ratiosVsCpu(rawPredict),
      trainer_element_vs_direct: trainer.headline,
      ...labParts.ratios,
    },
    note: noteFor(backends),
  };
}

publish(run());
