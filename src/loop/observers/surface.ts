/**
 * The decision surface of a 2-D dataset: on an N x N grid over the features' ranges, the class a model
 * predicts in each cell (the argmax of its softmax, for any number of classes) and how sure it is
 * there, plus the recent traffic points, so a learner sees drift as points moving across the
 * boundary. The grid is predicted in one batch (N^2 rows) inside `tf.tidy`; only plain numbers leave
 * the engine, never a tensor. Views draw what they get here; they run no model.
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

/**
 * One model's field. Every array is per cell, row-major from the bottom row up: cell (i, j) — column i
 * along x, row j along y — is entry `j * size + i`, predicted at the cell's centre.
 */
export interface SurfaceField {
  version: string;
  /** The class the model predicts in each cell: the index of its largest probability (ties: the lower index). */
  predicted: number[];
  /** That largest probability per cell: 1/k on a k-class boundary, 1 where the model is certain. */
  confidence: number[];
  /** P(class 1) per cell (the binary view of the same field; for k > 2 classes it is one class of many). */
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

/** A field's per-cell numbers, as `predictGrid` reads them. */
export type GridPrediction = Omit<SurfaceField, 'version'>;

/**
 * Reads a softmax output (n rows of k probabilities, row-major) into per-cell numbers: the argmax class
 * (the first of equal maxima), its probability, and P(class 1) (0 when there is one class only).
 */
export function readProbabilities(probs: ArrayLike<number>, n: number, k: number): GridPrediction {
  if (!Number.isInteger(k) || k < 1 || probs.length !== n * k) throw new RangeError(`expected ${n} rows of ${k} probabilities, got ${probs.length} numbers`);
  const predicted = new Array<number>(n);
  const confidence = new Array<number>(n);
  const probabilities = new Array<number>(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    let top = probs[r * k] as number;
    for (let c = 1; c < k; c++) {
      const v = probs[r * k + c] as number;
      if (v > top) {
        top = v;
        best = c;
      }
    }
    predicted[r] = best;
    confidence[r] = top;
    probabilities[r] = k > 1 ? (probs[r * k + 1] as number) : 0;
  }
  return { predicted, confidence, probabilities };
}

/**
 * `model`'s softmax on every grid row, in one batch, read into per-cell class, confidence and P(class 1).
 * The input and output tensors are built inside `tf.tidy`, which keeps only the output; that is read
 * back and freed.
 */
export async function predictGrid(model: tf.LayersModel, rows: Float32Array): Promise<GridPrediction> {
  const n = rows.length / 2;
  const probs = tf.tidy(() => model.predictOnBatch(tf.tensor2d(rows, [n, 2])) as tf.Tensor2D);
  try {
    const k = probs.shape[1];
    return readProbabilities(await probs.data<'float32'>(), n, k);
  } finally {
    probs.dispose();
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
 * predicted class and confidence on a `size` x `size` grid over the features' ranges, and the recent traffic
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
      return { version, ...(await predictGrid(model, rows)) };
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
