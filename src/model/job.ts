/**
 * A training job: everything one run needs, as plain JSON (dataset, sample size, seeds, model spec,
 * hyper-parameters), and the function that runs it on the active backend: sample the data, hold out
 * a test set, build, train, and measure on the test set.
 */
import type * as tf from '@tensorflow/tfjs';
import { createDataset, DATASET_IDS, type DatasetRef } from '../../datasets/catalog';
import type { Dataset } from '../../datasets/types';
import { createRng } from '../../datasets/random';
import { InvalidInputError } from '../errors';
import { buildModel } from './build';
import { validateTrainConfig, type TrainConfig } from './config';
import { splitRows, type Examples } from './data';
import { evaluateModel, type EvalMetrics } from './evaluate';
import { validateModelSpec, type ModelShape, type ModelSpec } from './spec';
import { explainFailure, trainModel, type EpochLog, type TrainOptions, type TrainResult } from './trainer';

/** One training run, fully described by plain data. */
export interface TrainingJob {
  dataset: DatasetRef;
  /** Rows drawn from the dataset (training + validation + test). */
  samples: number;
  /** Fraction held out as the test set, never seen in training, in (0, 0.5]. */
  testFraction: number;
  /** Seeds the data draw and the test split. */
  dataSeed: number;
  model: ModelSpec;
  training: TrainConfig;
}

/** What a finished job reports (plain data; the model itself stays in its realm). */
export interface JobSummary extends TrainResult {
  test: EvalMetrics;
  testRows: number;
}

function bad(field: string, reason: string): never {
  throw new InvalidInputError('invalid-job', field, reason);
}

/** Validates an untrusted job; returns it typed or throws InvalidInputError naming the field. */
export function validateJob(job: unknown): TrainingJob {
  if (typeof job !== 'object' || job === null) bad('job', 'must be an object');
  const j = job as Record<string, unknown>;
  const ref = j.dataset as { id?: unknown } | undefined;
  if (!ref || !DATASET_IDS.includes(ref.id as (typeof DATASET_IDS)[number])) bad('dataset.id', `must be one of ${DATASET_IDS.join(', ')}`);
  if (typeof j.samples !== 'number' || !Number.isInteger(j.samples) || j.samples < 20 || j.samples > 200_000) bad('samples', 'must be a whole number from 20 to 200000');
  if (typeof j.testFraction !== 'number' || !(j.testFraction > 0 && j.testFraction <= 0.5)) bad('testFraction', 'must be in (0, 0.5]');
  if (typeof j.dataSeed !== 'number' || !Number.isInteger(j.dataSeed)) bad('dataSeed', 'must be a whole number');
  validateModelSpec(j.model);
  validateTrainConfig(j.training);
  return j as unknown as TrainingJob;
}

/**
 * The shape a model of `spec` sees for `dataset`: a CNN sees images as images ([height, width,
 * channels]); an MLP sees every row flat ([features]), images included.
 */
export function modelShapeFor(spec: Pick<ModelSpec, 'kind'>, dataset: Dataset): ModelShape {
  const cols = dataset.schema.features.length;
  const inputShape = spec.kind === 'cnn' && dataset.inputShape ? [...dataset.inputShape] : [cols];
  return { inputShape, classes: dataset.schema.classes.length };
}

/**
 * Draws the job's rows and splits off its test set (same job, same rows, on every machine). Rows are
 * flat ([features]) for every model, images included: a CNN reshapes them itself (its first layer),
 * so a trained model takes the rows the Lab's endpoint serves.
 */
export function jobData(job: TrainingJob): { train: Examples; test: Examples } {
  const dataset = createDataset(job.dataset);
  const rng = createRng(job.dataSeed);
  const batch = dataset.sample(job.samples, rng.fork('sample'));
  const all: Examples = { features: batch.features, labels: batch.labels, rows: batch.rows, inputShape: [batch.cols], classes: dataset.schema.classes.length };
  const { kept, held } = splitRows(all, job.testFraction, rng.fork('test-split'));
  return { train: kept, test: held };
}

/**
 * Builds the untrained model of a job (seeded by its training seed): on flat rows, a CNN starting
 * with the Reshape to its images (build.ts `flatInput`).
 */
export function buildJobModel(job: TrainingJob): tf.LayersModel {
  const shape = modelShapeFor(job.model, createDataset(job.dataset));
  return buildModel(job.model, shape, job.training.seed, job.model.kind === 'cnn' ? { flatInput: true } : {});
}

/**
 * Runs a job on the active backend. Resolves with the trained model (the caller owns it) and the
 * summary. `onModelEpoch` sees the model after each epoch (the trainer's live decision surface). On any failure the model is disposed before the error is rethrown, so nothing is kept
 * from an aborted, diverged or backend-lost run.
 */
export async function runTrainingJob(job: TrainingJob, options: TrainOptions & { onModelEpoch?: (model: tf.LayersModel, log: EpochLog) => void | Promise<void> } = {}): Promise<{ model: tf.LayersModel; summary: JobSummary }> {
  validateJob(job);
  const { train, test } = jobData(job);
  const model = buildJobModel(job);
  const { onModelEpoch, ...rest } = options;
  const trainOptions: TrainOptions = onModelEpoch
    ? {
        ...rest,
        onEpochEnd: async (log) => {
          await rest.onEpochEnd?.(log);
          await onModelEpoch(model, log);
        },
      }
    : rest;
  try {
    const result = await trainModel(model, train, job.training, trainOptions);
    options.check?.();
    const metrics = await evaluateModel(model, test);
    options.check?.();
    return { model, summary: { ...result, test: metrics, testRows: test.rows } };
  } catch (error) {
    model.dispose();
    return explainFailure(error, options.check);
  }
}
