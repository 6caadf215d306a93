/**
 * The `trainer_element_vs_direct` part of the backends bench: the same training job run through the
 * real `<mlops-trainer>` element (its own Web Worker, its events, its progress UI and charts) and
 * called directly (`runTrainingJob` in this page, on the same backend), alternating in one run.
 * Epochs per second while training: (epochs - 1) over the time from the first epoch's end to the
 * last's (the element's `mlops-epoch-end` events as the page receives them; the direct call's
 * `onEpochEnd`), which is the rate a learner watches; beside it, the whole run's wall time from the
 * call to the resolved run (data generation, test evaluation and messaging included). The
 * element's job is taken from its `mlops-train-start` event,
 * so the direct run trains exactly the same job. Each side's first run is a warm-up (worker start,
 * wasm load, first compilations) and is not counted.
 */
import * as tf from '@tensorflow/tfjs';
import '../components/trainer/mlops-trainer';
import type { MlopsTrainer } from '../components/trainer/trainer.component';
import { startBackend } from '../src/compute/backends';
import { median } from '../src/compute/measure';
import type { BackendName } from '../src/compute/types';
import { runTrainingJob, type TrainingJob } from '../src/model/index';
import { ratio, roundMs, roundRate } from './lib/numbers';
import { progress } from './lib/page';

/** The element attributes of one workload (everything else is the element's default). */
interface Workload {
  label: string;
  attributes: Record<string, string>;
}

/**
 * Two workloads: the trainer's default form (moons, 400 rows, 16-16 relu, adam, batch 32) with more
 * epochs, and TensorFlow Playground's settings on circles (500 rows, 4-2 tanh, SGD 0.03, batch 10).
 */
export const WORKLOADS: Record<string, Workload> = {
  default_form: { label: "the trainer's default form, 100 epochs", attributes: { epochs: '100' } },
  playground: {
    label: "TF Playground's settings on circles (500 rows, 4-2 tanh, SGD 0.03, batch 10), 100 epochs",
    attributes: { dataset: 'circles', samples: '500', 'hidden-layers': '4,2', activation: 'tanh', optimizer: 'sgd', 'learning-rate': '0.03', 'batch-size': '10', epochs: '100' },
  },
};

/** Backends compared: the two the trainer's gpu-first lands on here (the GPU is software-emulated). */
export const TRAINER_BACKENDS: readonly BackendName[] = ['wasm', 'cpu'];
/** Timed runs per side (after one warm-up run each). */
const RUNS = 5;

interface Side {
  epochsPerSec: number[];
  wallEpochsPerSec: number[];
  /** The element's runs: epochs per second inside its worker (trainModel's own duration). */
  engineEpochsPerSec?: number[];
}

/** Epochs per second between the first and the last epoch end. */
function phaseRate(epochEnds: number[]): number {
  const first = epochEnds[0] ?? NaN;
  const last = epochEnds.at(-1) ?? NaN;
  return (epochEnds.length - 1) / ((last - first) / 1000);
}

/** One run through the element; resolves with its job and epochs per second. */
async function elementRun(el: MlopsTrainer): Promise<{ job: TrainingJob; epochsPerSec: number; wallEpochsPerSec: number; engineEpochsPerSec: number; backend: string }> {
  let job: TrainingJob | null = null;
  let backend = '';
  let engineMs = NaN;
  const epochEnds: number[] = [];
  const onEpoch = () => epochEnds.push(performance.now());
  const onStart = (e: Event) => {
    job = (e as CustomEvent<{ job: TrainingJob }>).detail.job;
  };
  const onEnd = (e: Event) => {
    const detail = (e as CustomEvent<{ backend: string; summary: { durationMs: number } }>).detail;
    backend = detail.backend;
    engineMs = detail.summary.durationMs;
  };
  el.addEventListener('mlops-train-start', onStart);
  el.addEventListener('mlops-train-end', onEnd);
  el.addEventListener('mlops-epoch-end', onEpoch);
  const t0 = performance.now();
  await el.train();
  const seconds = (performance.now() - t0) / 1000;
  el.removeEventListener('mlops-train-start', onStart);
  el.removeEventListener('mlops-train-end', onEnd);
  el.removeEventListener('mlops-epoch-end', onEpoch);
  if (!job || el.trainerState !== 'done') throw new Error(`the element did not finish its run (state ${el.trainerState})`);
  const epochs = (job as TrainingJob).training.epochs;
  return { job, epochsPerSec: phaseRate(epochEnds), wallEpochsPerSec: epochs / seconds, engineEpochsPerSec: epochs / (engineMs / 1000), backend };
}

/** One direct run of `job` on the page's active backend: epochs per second while training, and over the whole run. */
async function directRun(job: TrainingJob): Promise<{ epochsPerSec: number; wallEpochsPerSec: number }> {
  const epochEnds: number[] = [];
  const t0 = performance.now();
  const { model, summary } = await runTrainingJob(job, { onEpochEnd: () => void epochEnds.push(performance.now()) });
  const seconds = (performance.now() - t0) / 1000;
  model.dispose();
  return { epochsPerSec: phaseRate(epochEnds), wallEpochsPerSec: summary.epochsRun / seconds };
}

/** Waits until the element has its trainer (its worker is created on connect). */
async function ready(el: MlopsTrainer): Promise<void> {
  for (let i = 0; i < 200 && !el.lab; i++) await new Promise((r) => setTimeout(r, 10));
  await el.updateComplete;
}

/** Measures one workload on one backend: element and direct alternating, medians. */
async function measure(backend: BackendName, workload: Workload): Promise<Record<string, unknown>> {
  const el = document.createElement('mlops-trainer');
  el.setAttribute('backend', backend);
  for (const [name, value] of Object.entries(workload.attributes)) el.setAttribute(name, value);
  document.body.append(el);
  try {
    await ready(el);
    const warm = await elementRun(el);
    if (warm.backend !== backend) throw new Error(`the element trained on ${warm.backend}, not ${backend}`);
    const started = await startBackend(backend);
    if (!started.ok || tf.getBackend() !== backend) throw new Error(`${backend} would not start in the page`);
    await directRun(warm.job);
    const element: Required<Side> = { epochsPerSec: [], wallEpochsPerSec: [], engineEpochsPerSec: [] };
    const direct: Side = { epochsPerSec: [], wallEpochsPerSec: [] };
    for (let i = 0; i < RUNS; i++) {
      const d = await directRun(warm.job);
      direct.epochsPerSec.push(d.epochsPerSec);
      direct.wallEpochsPerSec.push(d.wallEpochsPerSec);
      const run = await elementRun(el);
      element.epochsPerSec.push(run.epochsPerSec);
      element.wallEpochsPerSec.push(run.wallEpochsPerSec);
      element.engineEpochsPerSec.push(run.engineEpochsPerSec);
    }
    const e = median(element.epochsPerSec);
    const d = median(direct.epochsPerSec);
    const ew = median(element.wallEpochsPerSec);
    const dw = median(direct.wallEpochsPerSec);
    progress(`[trainer ${backend}] ${workload.label}: while training, element ${roundRate(e)} epochs/s, direct ${roundRate(d)} epochs/s, ratio ${ratio(e, d)}; whole run ${ratio(ew, dw)}`);
    return {
      element_epochs_per_s: roundRate(e),
      direct_epochs_per_s: roundRate(d),
      element_vs_direct: ratio(e, d),
      element_wall_epochs_per_s: roundRate(ew),
      direct_wall_epochs_per_s: roundRate(dw),
      element_vs_direct_wall: ratio(ew, dw),
      element_training_only_epochs_per_s: roundRate(median(element.engineEpochsPerSec)),
      element_runs_epochs_per_s: element.epochsPerSec.map((v) => roundRate(v)),
      direct_runs_epochs_per_s: direct.epochsPerSec.map((v) => roundRate(v)),
      epochs_per_run: warm.job.training.epochs,
      element_first_run_ms: roundMs((warm.job.training.epochs / warm.wallEpochsPerSec) * 1000),
    };
  } finally {
    el.remove();
  }
}

/**
 * The section: per backend and workload, the element's and the direct call's epochs per second and
 * their ratio; `headline` is the ratio on wasm (what gpu-first picks on this software-GPU machine)
 * for the default form.
 */
export async function trainerElementVsDirect(): Promise<{ section: Record<string, unknown>; headline: number | null }> {
  const byBackend: Record<string, Record<string, unknown>> = {};
  const errors: Record<string, string> = {};
  for (const backend of TRAINER_BACKENDS) {
    const rows: Record<string, unknown> = (byBackend[backend] = {});
    for (const [key, workload] of Object.entries(WORKLOADS)) {
      try {
        rows[key] = await measure(backend, workload);
      } catch (error) {
        errors[`${backend}_${key}`] = error instanceof Error ? error.message : String(error);
        progress(`[trainer ${backend}] ${key} failed: ${errors[`${backend}_${key}`]}`);
        rows[key] = null;
      }
    }
  }
  const headlineRow = byBackend.wasm?.default_form as { element_vs_direct?: number | null } | null | undefined;
  return {
    section: {
      goal: '>= 0.9',
      headline_backend: 'wasm',
      headline_workload: 'default_form',
      method:
        `<mlops-trainer> (its own module Worker, events, progress bar and charts) vs runTrainingJob called in the page on the same backend, ` +
        `the same job (taken from the element's mlops-train-start event); epochs/s while training = (epochs - 1) / time from the first epoch end to the last ` +
        `(the element's mlops-epoch-end events as the page receives them, the direct call's onEpochEnd); *_wall = epochs / time from the call to the resolved run; ` +
        `one warm-up run per side, then ${RUNS} runs alternating direct/element; medians. GPU backends are left out: they are software-emulated here and gpu-first skips them.`,
      workloads: Object.fromEntries(Object.entries(WORKLOADS).map(([k, w]) => [k, w.label])),
      by_backend: byBackend,
      ...(Object.keys(errors).length ? { errors } : {}),
    },
    headline: headlineRow?.element_vs_direct ?? null,
  };
}
