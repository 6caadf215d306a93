/**
 * The trainer's live decision surface (2-D datasets, as TensorFlow Playground shows it): on a small
 * grid over the training points, the class the model predicts in each cell and how sure it is,
 * computed in the training worker on the training backend every few hundred milliseconds of a run
 * (and at its end), so the page only paints plain numbers and never runs a model. The grid and the
 * per-cell reading are the Lab's (src/loop/observers/surface.ts `gridRows`, `predictGrid`).
 */
import type * as tf from '@tensorflow/tfjs';
import { createDataset } from '../../datasets/catalog';
import { jobData, type TrainingJob } from '../model/index';
import { gridRows, predictGrid } from '../loop/observers/surface';

/** Cells per side of the trainer's surface. */
export const TRAINER_SURFACE_SIZE = 32;
/** Shortest wall time between two surfaces of a run (the last epoch always gets one). */
export const TRAINER_SURFACE_MS = 300;
/** Training points sent with a surface, at most. */
export const TRAINER_SURFACE_POINTS = 250;

/** One surface of a run: per cell (row-major from the bottom row up) the predicted class and its probability, and some training points. */
export interface TrainerSurface {
  /** 0-based epoch the surface was taken after. */
  epoch: number;
  size: number;
  classes: number;
  x: { min: number; max: number };
  y: { min: number; max: number };
  predicted: number[];
  confidence: number[];
  /** Training points (x, y, class), the first TRAINER_SURFACE_POINTS of the training rows. */
  points: { x: number; y: number; label: number }[];
}

/** What a run needs to draw surfaces: the grid rows, its bounds and the points. Null for data that is not 2-D numeric. */
export interface SurfacePlan {
  rows: Float32Array;
  bounds: { x: { min: number; max: number }; y: { min: number; max: number } };
  points: TrainerSurface['points'];
  classes: number;
}

/** Plans the surface of a job: the training points' extent padded by 10% on each side. Null unless the data has 2 numeric features. */
export function planSurface(job: TrainingJob, size = TRAINER_SURFACE_SIZE): SurfacePlan | null {
  const schema = createDataset(job.dataset).schema;
  if (job.model.kind !== 'mlp' || schema.features.length !== 2 || schema.features.some((f) => f.type !== 'numeric')) return null;
  const { train } = jobData(job);
  const ext = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < train.rows; i++) {
    const x = train.features[2 * i] as number;
    const y = train.features[2 * i + 1] as number;
    ext[0] = Math.min(ext[0] as number, x);
    ext[1] = Math.max(ext[1] as number, x);
    ext[2] = Math.min(ext[2] as number, y);
    ext[3] = Math.max(ext[3] as number, y);
  }
  const axis = (lo: number, hi: number) => {
    const span = hi > lo ? hi - lo : 1;
    return { min: lo - span * 0.1, max: lo + span * 1.1 };
  };
  const bounds = { x: axis(ext[0] as number, ext[1] as number), y: axis(ext[2] as number, ext[3] as number) };
  const points: TrainerSurface['points'] = [];
  for (let i = 0; i < Math.min(train.rows, TRAINER_SURFACE_POINTS); i++) points.push({ x: train.features[2 * i] as number, y: train.features[2 * i + 1] as number, label: train.labels[i] as number });
  return { rows: gridRows(size, bounds), bounds, points, classes: train.classes };
}

/** The model's surface on a plan's grid (one batch, read back with `await data()`). */
export async function takeSurface(model: tf.LayersModel, plan: SurfacePlan, epoch: number, size = TRAINER_SURFACE_SIZE): Promise<TrainerSurface> {
  const { predicted, confidence } = await predictGrid(model, plan.rows);
  return { epoch, size, classes: plan.classes, x: plan.bounds.x, y: plan.bounds.y, predicted, confidence, points: plan.points };
}
