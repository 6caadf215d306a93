/**
 * The decision surface of a 2-D dataset: a model's class-1 probability on an N x N grid over the
 * features' ranges, plus the recent traffic points, so a learner sees drift as points moving across
 * the boundary. The grid is predicted in one batch (N^2 rows) inside `tf.tidy`; only the probabilities
 * leave the engine, never a tensor. Views draw what they get here; they run no model.
 */
import type { Alias, ModelRegistry } from '../../registry/index';
import type { AdmittedRequest, JoinedLabel, LoopObserver } from '../engine/observer';
import * as tf from '@tensorflow/tfjs';
import type { DatasetSchema } from '../../../datasets/types';
import { LabCommandError } from '../engine/errors';

/** Grid sizes a caller may ask for (N x N cells). */
export const SURFACE_MIN_SIZE = 4;
export const SURFACE_MAX_SIZE = 96;
/** Traffic points kept for the surface (the most recent requests). */
export const SURFACE_POINTS = 300;

/** One recent request: its two feature values, and its true label once the label has arrived (else null). */
export interface SurfacePoint {
  /** The request's position in the stream. */
  index: number;
  x: number;
  y: number;
  label: number | null;
}

/** One model's probability field. */
export interface SurfaceField {
  version: string;
  /**
   * P(class 1) per cell, row-major from the bottom row up: cell (i, j) — column i along x, row j along
   * y — is `probabilities[j * size + i]`, predicted at the cell's centre.
   */
  probabilities: number[];
}

/** What the `surface` command returns. */
export interface DecisionSurface {
  /** The two feature names: x, then y. */
  features: [string, string];
  classes: string[];
  size: number;
  x: { min: number; max: number };
  y: { min: number; max: number };
  production: SurfaceField | null;
  /** The candidate (canary) or shadow version, when a trial runs. */
  candidate: SurfaceField | null;
  /** The most recent traffic points, oldest first (at most SURFACE_POINTS). */
  points: SurfacePoint[];
  /** Requests sent so far (the stream position the surface was taken at). */
  position: number;
}

/** Throws a typed error unless the schema has exactly two numeric features. */
export function checkSurfaceSchema(schema: DatasetSchema): [string, string] {
  const fs = schema.features;
  if (fs.length !== 2 || fs.some((f) => f.type !== 'numeric')) {
    throw new LabCommandError('surface', `the decision surface needs exactly 2 numeric features; this dataset has ${fs.length} (${fs.map((f) => `${f.name}: ${f.type}`).join(', ')})`, { field: 'features' });
  }
  return [(fs[0] as { name: string }).name, (fs[1] as { name: string }).name];
}

/** Checks a grid size: an integer in [SURFACE_MIN_SIZE, SURFACE_MAX_SIZE]. */
export function checkSurfaceSize(size: number): number {
  if (!Number.isInteger(size) || size < SURFACE_MIN_SIZE || size > SURFACE_MAX_SIZE) {
    throw new LabCommandError('surface', `size must be an integer from ${SURFACE_MIN_SIZE} to ${SURFACE_MAX_SIZE}, got ${size}`, { field: 'size' });
  }
  return size;
}

/**
 * The plotted area: each feature's normal range (schema) widened to hold every recent point, then by 5%
 * on each side so points on the edge stay visible. Points that drift out of range widen the view.
 */
export function surfaceBounds(schema: DatasetSchema, points: readonly SurfacePoint[]): { x: { min: number; max: number }; y: { min: number; max: number } } {
  const axis = (j: 0 | 1) => {
    const [lo0, hi0] = schema.features[j]?.range ?? [-1, 1];
    let lo = lo0;
    let hi = hi0;
    for (const p of points) {
      const v = j === 0 ? p.x : p.y;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!(hi > lo)) hi = lo + 1;
    const pad = (hi - lo) * 0.05;
    return { min: lo - pad, max: hi + pad };
  };
  return { x: axis(0), y: axis(1) };
}

/** The grid's cell centres as model input rows (x, y), row-major from the bottom row up. */
export function gridRows(size: number, bounds: { x: { min: number; max: number }; y: { min: number; max: number } }): Float32Array {
  const rows = new Float32Array(size * size * 2);
  const dx = (bounds.x.max - bounds.x.min) / size;
  const dy = (bounds.y.max - bounds.y.min) / size;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const k = (j * size + i) * 2;
      rows[k] = bounds.x.min + (i + 0.5) * dx;
      rows[k + 1] = bounds.y.min + (j + 0.5) * dy;
    }
  }
  return rows;
}

/**
 * P(class 1) of `model` on every grid row, in one batch. The input, the softmax output and the column
 * slice are built inside `tf.tidy`, which keeps only the returned slice; that is read back and freed.
 */
export async function predictGrid(model: tf.LayersModel, rows: Float32Array): Promise<number[]> {
  const n = rows.length / 2;
  const column = tf.tidy(() => {
    const probs = model.predictOnBatch(tf.tensor2d(rows, [n, 2])) as tf.Tensor2D;
    return probs.slice([0, 1], [n, 1]);
  });
  try {
    return Array.from(await column.data<'float32'>());
  } finally {
    column.dispose();
  }
}

/**
 * The last SURFACE_POINTS requests' feature values, in a ring of parallel arrays in stream order (the
 * oldest is overwritten first; nothing is allocated per request). A label is attached when it arrives.
 */
export class RecentPoints implements LoopObserver {
  private readonly indices: Float64Array;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly labels: Int32Array;
  private readonly ids: string[];
  private next = 0;
  private size = 0;

  constructor(private readonly capacity = SURFACE_POINTS) {
    this.indices = new Float64Array(capacity);
    this.xs = new Float64Array(capacity);
    this.ys = new Float64Array(capacity);
    this.labels = new Int32Array(capacity);
    this.ids = new Array<string>(capacity).fill('');
  }

  /** Every stream request's two feature values, as it enters. */
  onRequest(r: AdmittedRequest): void {
    this.add(r.id, r.index, r.row);
  }

  /** Its true label once it arrives (found by stream index: points are kept in stream order). */
  onLabel(l: JoinedLabel): void {
    let lo = 0;
    let hi = this.size - 1;
    const start = (this.next - this.size + this.capacity) % this.capacity;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const slot = (start + mid) % this.capacity;
      const index = this.indices[slot] as number;
      if (index === l.index) {
        if (this.ids[slot] === l.id) this.labels[slot] = l.truth;
        return;
      }
      if (index < l.index) lo = mid + 1;
      else hi = mid - 1;
    }
  }

  /** Records a request's two feature values (rows that could not be read are not recorded). */
  add(id: string, index: number, row: Float32Array | null): void {
    if (!row || row.length < 2) return;
    const slot = this.next;
    this.indices[slot] = index;
    this.xs[slot] = row[0] as number;
    this.ys[slot] = row[1] as number;
    this.labels[slot] = -1;
    this.ids[slot] = id;
    this.next = (slot + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** Attaches the true label of a request still kept, by its id. */
  label(id: string, label: number): void {
    for (let i = 0; i < this.size; i++) {
      const slot = (this.next - 1 - i + this.capacity) % this.capacity;
      if (this.ids[slot] === id) {
        this.labels[slot] = label;
        return;
      }
    }
  }

  /** A copy of the points, oldest first. */
  list(): SurfacePoint[] {
    const out: SurfacePoint[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) {
      const slot = (start + i) % this.capacity;
      const label = this.labels[slot] as number;
      out.push({ index: this.indices[slot] as number, x: this.xs[slot] as number, y: this.ys[slot] as number, label: label < 0 ? null : label });
    }
    return out;
  }
}

/** What a decision surface is drawn from. */
export interface SurfaceSource {
  registry: ModelRegistry;
  schema: DatasetSchema;
  /** The versions the endpoint serves per alias. */
  deployed: Record<Alias, string | null>;
  points: SurfacePoint[];
  position: number;
}

/**
 * The decision surface (2-D numeric datasets): production's — and the trial version's, when one runs —
 * class-1 probability on a `size` x `size` grid over the features' ranges, and the recent traffic
 * points. Each model is loaded from the registry, predicts the whole grid in one batch and is freed.
 */
export async function decisionSurface(source: SurfaceSource, size: number): Promise<DecisionSurface> {
  const features = checkSurfaceSchema(source.schema);
  checkSurfaceSize(size);
  const bounds = surfaceBounds(source.schema, source.points);
  const rows = gridRows(size, bounds);
  const field = async (version: string | null): Promise<SurfaceField | null> => {
    if (!version) return null;
    const model = await source.registry.loadModel(version);
    try {
      return { version, probabilities: await predictGrid(model, rows) };
    } finally {
      model.dispose();
    }
  };
  const { deployed } = source;
  return {
    features,
    classes: [...source.schema.classes],
    size,
    ...bounds,
    production: await field(deployed.production),
    candidate: await field(deployed.candidate ?? deployed.shadow),
    points: source.points,
    position: source.position,
  };
}
