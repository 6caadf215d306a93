/**
 * A model trained outside the loop (the trainer panel, in its own worker) joining the loop: its TF.js
 * layers-model artifacts are checked before anything is registered, its training job must be on the
 * lab's own dataset (same dataset id, same features, same classes), then it is registered as a
 * version (trigger `trainer`; lineage: the job's data, hyper-parameters and backend), scored on the
 * trainer's test rows (its evaluation), and released like any candidate of the loop: the promotion
 * gate against production on the same rows, then the policy's rollout.
 *
 * The gate's rows: the newest labelled rows of the lab's training store that production never
 * trained on (as a retrain's gate takes them, decisions/gate-window.ts); while the store has fewer
 * than the gate needs (a lab that has not streamed yet), the trainer's own test rows, which neither
 * model trained on. Either way both models answer the same rows.
 */
import type * as tf from '@tensorflow/tfjs';
import { createDataset } from '../../../datasets/catalog';
import type { DatasetSchema } from '../../../datasets/types';
import { toLabError } from '../../errors';
import { jobData, predictProbabilities, scoreProbabilities, validateJob, type Examples, type TrainingJob } from '../../model/index';
import { artifactsToModel, manifestBytes } from '../../registry/artifacts';
import { precheckImport } from '../../registry/import';
import { modelJson } from '../../registry/artifacts';
import type { StoredArtifacts, VersionInfo } from '../../registry/index';
import { LabCommandError } from '../engine/errors';
import type { Window } from '../engine/buffer';
import { isGateWindow, splitWindow } from './gate-window';
import { trainableParameters, type Candidate } from './training';

/** What the trainer hands the lab: the trained model as TF.js artifacts, the job that trained it and the backend it ran on. */
export interface TrainedModel {
  artifacts: StoredArtifacts;
  job: TrainingJob;
  /** The TF.js backend it trained on (`tf.getBackend()` at the end of the run). */
  backend: string;
  /** The trainer's backend policy, when it had one (lineage). */
  backendPolicy?: string;
}

/** The lab a trained model must fit: its dataset (id and schema) and scenario. */
export interface LabData {
  dataset: string;
  scenario: string;
  schema: DatasetSchema;
}

const COMMAND = 'deploy-model';

function refuse(reason: string, details: Record<string, unknown> = {}): never {
  throw new LabCommandError(COMMAND, reason, details);
}

function describeSchema(schema: DatasetSchema): string {
  const names = schema.features.map((f) => f.name);
  const shown = names.length > 4 ? `${names.slice(0, 3).join(', ')}, ... (${names.length} features)` : names.join(', ');
  return `features ${shown}; classes ${schema.classes.join(', ')}`;
}

/**
 * Checks that a trained model's job is on the lab's dataset; throws a LabCommandError that says what
 * to do otherwise. Returns the validated job.
 */
export function checkTrainedFits(job: unknown, lab: LabData): TrainingJob {
  let valid: TrainingJob;
  try {
    valid = validateJob(job);
  } catch (error) {
    return refuse(`the trained model's job is not valid: ${toLabError(error).message}`, { field: 'job' });
  }
  const trained = createDataset(valid.dataset);
  if (valid.dataset.id !== lab.dataset) {
    refuse(`the model was trained on "${valid.dataset.id}" but this lab runs the scenario "${lab.scenario}" on "${lab.dataset}"; train on "${lab.dataset}" in the trainer, or start a lab whose scenario uses "${valid.dataset.id}"`, {
      field: 'dataset',
      expected: lab.dataset,
      got: valid.dataset.id,
    });
  }
  const a = trained.schema;
  const b = lab.schema;
  const same = a.features.length === b.features.length && a.features.every((f, i) => f.name === b.features[i]?.name) && a.classes.join('\u0000') === b.classes.join('\u0000');
  if (!same) refuse(`the model's data (${describeSchema(a)}) does not match this lab's (${describeSchema(b)})`, { field: 'schema' });
  return valid;
}

/**
 * Checks the artifacts and builds the model (the caller disposes it). An MLP's topology goes through
 * the import's checks (src/registry/import.ts: manifest, weight bytes, layers read without building,
 * input and output widths, finite weights); every model is then built by TF.js and its input (one
 * flat row of the schema's features) and output (one probability per class) checked.
 */
export async function loadTrainedModel(trained: TrainedModel, job: TrainingJob, info: VersionInfo): Promise<tf.LayersModel> {
  const a = trained.artifacts as Partial<StoredArtifacts> | null;
  if (!a || typeof a !== 'object' || !(a.weightData instanceof ArrayBuffer) || !Array.isArray(a.weightSpecs) || typeof a.modelTopology !== 'object' || a.modelTopology === null) {
    refuse('the model must come as TF.js layers-model artifacts (modelTopology, weightSpecs, weightData)', { field: 'artifacts' });
  }
  const expected = manifestBytes(a.weightSpecs);
  if (a.weightData.byteLength !== expected) refuse(`the weights hold ${a.weightData.byteLength} bytes but the manifest needs ${expected}`, { field: 'artifacts.weightData' });
  try {
    if (job.model.kind === 'mlp') precheckImport({ modelJson: modelJson(a as StoredArtifacts, 'weights.bin'), weights: a.weightData, metadata: info });
  } catch (error) {
    refuse(`the model did not pass the import checks: ${toLabError(error).message}`, { field: 'artifacts' });
  }
  let model: tf.LayersModel;
  try {
    model = await artifactsToModel(a as StoredArtifacts);
  } catch (error) {
    return refuse(`TF.js could not build the model: ${(error as Error).message}`, { field: 'artifacts' });
  }
  const input = model.inputs[0]?.shape ?? [];
  const output = model.outputs[0]?.shape ?? [];
  const features = info.schema.features.length;
  const classes = info.schema.classes.length;
  const problem =
    model.inputs.length !== 1 || input.length !== 2 || input[1] !== features
      ? `it takes input [${input.map((d) => d ?? 'n').join(', ')}] but the lab's requests are rows of ${features} features`
      : model.outputs.length !== 1 || output.length !== 2 || output[1] !== classes
        ? `it answers [${output.map((d) => d ?? 'n').join(', ')}] but the lab has ${classes} classes`
        : null;
  if (problem) {
    model.dispose();
    refuse(`the model does not fit this lab: ${problem}`, { field: 'artifacts' });
  }
  const values = await Promise.all(model.getWeights().map((w) => w.data()));
  if (values.some((v) => (v as Float32Array).some((x) => !Number.isFinite(x)))) {
    model.dispose();
    refuse('the model holds a weight that is NaN or infinite', { field: 'artifacts' });
  }
  return model;
}

/** The version info of a trained model: trigger `trainer`, the job's data, spec, hyper-parameters and backend. */
export function trainedVersionInfo(trained: TrainedModel, job: TrainingJob, lab: LabData, evaluation: VersionInfo['evaluation'], trainRows: number, simTime: number): VersionInfo {
  const params = job.dataset.params ? ` ${JSON.stringify(job.dataset.params)}` : '';
  return {
    trigger: 'trainer',
    data: { dataset: job.dataset.id, scenario: lab.scenario, seed: job.dataSeed, window: { from: 0, to: 0, rows: trainRows, policy: `trainer panel: ${job.samples} rows of ${job.dataset.id}${params}, ${Math.round(job.testFraction * 100)}% held out as its test set` } },
    model: job.model,
    hyperParameters: job.training,
    backend: trained.backend,
    ...(trained.backendPolicy ? { backendChoice: { policy: trained.backendPolicy, message: `trained in the trainer panel on ${trained.backend}` } } : {}),
    evaluation,
    schema: lab.schema,
    notes: 'trained in the trainer panel and deployed to the lab',
    simTime,
  };
}

/** The rows the gate pairs the two models on (see the file comment), and where they come from. */
export function gateRows(window: Window | null, holdout: number, minSamples: number, trainerTest: Examples): { rows: Examples; storeTotal: number; source: string } {
  if (window && isGateWindow(window)) {
    const { gate } = splitWindow(window, holdout);
    if (gate.rows >= minSamples) return { rows: gate, storeTotal: window.storeTotal, source: `the newest ${gate.rows} labelled rows of the lab's traffic` };
  }
  return { rows: trainerTest, storeTotal: Number.MAX_SAFE_INTEGER, source: `the trainer's ${trainerTest.rows} test rows (the lab has too few labelled rows yet)` };
}

/** Everything the lab needs to register a trained model and hand it to its release flow. */
export interface PreparedTrainedModel {
  job: TrainingJob;
  candidate: Candidate;
  source: string;
}

/**
 * Checks a trained model against the lab, builds it, scores it on the trainer's test rows and on the
 * gate's rows, and registers it (`register` stores the artifacts as they came). Nothing is
 * registered when a check fails; the built model is always disposed.
 */
export async function prepareTrainedModel(
  trained: TrainedModel,
  lab: LabData,
  ctx: {
    window: () => Window | null;
    holdout: number;
    minSamples: number;
    simTime: number;
    register: (artifacts: StoredArtifacts, info: VersionInfo) => Promise<Candidate['version']>;
  },
): Promise<PreparedTrainedModel> {
  if (typeof trained !== 'object' || trained === null) refuse('needs { artifacts, job, backend }', { field: 'model' });
  const job = checkTrainedFits(trained.job, lab);
  if (typeof trained.backend !== 'string' || trained.backend === '') refuse('backend: must name the backend the model trained on', { field: 'backend' });
  const { train, test } = jobData(job);
  const draft = trainedVersionInfo(trained, job, lab, { rows: 0, accuracy: 0, loss: 0 }, train.rows, ctx.simTime);
  const model = await loadTrainedModel(trained, job, draft);
  try {
    const testMetrics = scoreProbabilities(await predictProbabilities(model, test), test.labels, test.classes);
    const evaluation = { rows: testMetrics.rows, accuracy: testMetrics.accuracy, loss: testMetrics.loss, confusion: testMetrics.confusion };
    const gate = gateRows(ctx.window(), ctx.holdout, ctx.minSamples, test);
    const probabilities = await predictProbabilities(model, gate.rows);
    const version = await ctx.register(trained.artifacts, { ...draft, evaluation });
    return { job, source: gate.source, candidate: { version, probabilities, holdout: gate.rows, train, storeTotal: gate.storeTotal, parameters: trainableParameters(model) } };
  } finally {
    model.dispose();
  }
}
