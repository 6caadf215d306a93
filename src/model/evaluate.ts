/**
 * Metrics of a classifier on labelled rows: accuracy, mean cross-entropy and the confusion matrix.
 * Predictions run in fixed-size chunks through `predictOnBatch` (one compiled shape per chunk size)
 * and are read back with `await data()`, never `dataSync`.
 */
import * as tf from '@tensorflow/tfjs';
import { rowSize, type Examples } from './data';

/** Metrics on a labelled set. `confusion[t][p]` counts rows of true class t predicted as p. */
export interface EvalMetrics {
  rows: number;
  accuracy: number;
  /** Mean categorical cross-entropy (data loss only; no weight penalty), probabilities clipped to 1e-7. */
  loss: number;
  confusion: number[][];
}

const CHUNK = 256;

/** Class probabilities for every row, row-major (rows x classes). */
export async function predictProbabilities(model: tf.LayersModel, data: Examples): Promise<Float32Array> {
  const size = rowSize(data.inputShape);
  const out = new Float32Array(data.rows * data.classes);
  for (let start = 0; start < data.rows; start += CHUNK) {
    const n = Math.min(CHUNK, data.rows - start);
    const probs = tf.tidy(() => {
      const x = tf.tensor(data.features.subarray(start * size, (start + n) * size), [n, ...data.inputShape]);
      return model.predictOnBatch(x) as tf.Tensor;
    });
    try {
      out.set(await probs.data<'float32'>(), start * data.classes);
    } finally {
      probs.dispose();
    }
  }
  return out;
}

/**
 * Class probabilities of rows already on the backend (`x`: [rows, ...inputShape]), as one tensor
 * (rows x classes) that the caller reads back and disposes. Same chunks as `predictProbabilities`, so
 * the same numbers.
 */
export function predictOnDevice(model: tf.LayersModel, x: tf.Tensor): tf.Tensor {
  const rows = x.shape[0] ?? 0;
  return tf.tidy(() => {
    const parts: tf.Tensor[] = [];
    for (let start = 0; start < rows; start += CHUNK) {
      const n = Math.min(CHUNK, rows - start);
      parts.push(model.predictOnBatch(n === rows ? x : x.slice(start, n)) as tf.Tensor);
    }
    return parts.length === 1 ? (parts[0] as tf.Tensor) : tf.concat(parts);
  });
}

/** Computes accuracy, loss and the confusion matrix from probabilities and true labels. */
export function scoreProbabilities(probs: Float32Array, labels: Int32Array, classes: number): EvalMetrics {
  const rows = labels.length;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let correct = 0;
  let lossSum = 0;
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if ((probs[i * classes + c] as number) > (probs[i * classes + best] as number)) best = c;
    const truth = labels[i] as number;
    const row = confusion[truth] as number[];
    row[best] = (row[best] ?? 0) + 1;
    if (best === truth) correct += 1;
    const p = Math.min(Math.max(probs[i * classes + truth] as number, 1e-7), 1 - 1e-7);
    lossSum -= Math.log(p);
  }
  return { rows, accuracy: rows ? correct / rows : 0, loss: rows ? lossSum / rows : 0, confusion };
}

/** Evaluates a model on labelled rows. */
export async function evaluateModel(model: tf.LayersModel, data: Examples): Promise<EvalMetrics> {
  return scoreProbabilities(await predictProbabilities(model, data), data.labels, data.classes);
}
