/**
 * The trainer: mini-batch training of a compiled classifier with per-epoch progress, abort within one
 * batch, early stopping, a "train until" accuracy target, a NaN/Inf guard and a backend-loss check.
 *
 * It runs its own epoch loop instead of `model.fit` because fit shuffles with Math.random (not
 * reproducible) and only stops between batches through a flag. The loop is built to go as fast as
 * the backend: the rows are uploaded once per run and each batch is gathered by index on the device
 * (src/model/device-rows.ts); each step is the model's own compiled train function (what
 * `trainOnBatch` runs, minus its read-back), so the arithmetic is exactly `trainOnBatch`'s; and the
 * batch losses stay on the device until one read-back per epoch (and at most about every
 * READ_BACK_MS in a long epoch), which also carries the weight check and the validation predictions.
 * The divergence guard (src/model/guard.ts) then sees every batch's loss in order, so it still names
 * the batch that went wrong. Abort and the backend-loss check are tested before every batch; the loop
 * gives the event loop a turn at least every YIELD_MS, so a Stop message is handled promptly even on
 * a synchronous backend (cpu, wasm). Every tensor created here is disposed, optimizer state included.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../datasets/random';
import { LabError, TrainingAbortedError, TrainingDivergedError } from '../errors';
import { validateTrainConfig, type OptimizerName, type TrainConfig } from './config';
import { splitRows, type Examples } from './data';
import { DeviceRows } from './device-rows';
import { predictOnDevice, scoreProbabilities } from './evaluate';
import { FlatAdamOptimizer } from './flat-adam';
import { DivergenceGuard } from './guard';
import { yieldToEventLoop } from './yield';

export { EXPLOSION_FACTOR, EXPLOSION_WINDOW } from './guard';

/** Longest time between two read-backs of batch losses inside a long epoch (about one UI update). */
export const READ_BACK_MS = 100;
/** Longest time the loop runs without giving the event loop a turn (a Stop message waits at most this). */
export const YIELD_MS = 8;
/** Most batches whose losses wait on the device for a read-back. */
const MAX_PENDING = 512;

/** Metrics at the end of one epoch. */
export interface EpochLog {
  /** 0-based epoch index. */
  epoch: number;
  epochs: number;
  /** Mean training loss over the epoch's batches (includes the L2 penalty, as Keras reports it). */
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Training rows per second in this epoch (the epoch's one read-back included). */
  samplesPerSec: number;
  /** Wall time since training started. */
  elapsedMs: number;
}

/**
 * Progress inside an epoch, reported after every batch. The batch's loss and accuracy are present
 * only when they were read back right after it (the first batch of a run, and the last batch before
 * each read-back); losses are not read after every batch, which would stall the backend.
 */
export interface BatchLog {
  epoch: number;
  batch: number;
  batches: number;
  loss?: number;
  accuracy?: number;
}

/** Callbacks and signals of one run. */
export interface TrainOptions {
  /** Aborting stops training before the next batch. A LabError reason is thrown as is. */
  signal?: AbortSignal;
  /** Called before every batch; throws to stop (the backend-loss check). */
  check?: () => void;
  onBatchEnd?: (log: BatchLog) => void;
  onEpochEnd?: (log: EpochLog) => void | Promise<void>;
}

/** What a finished run reports. */
export interface TrainResult {
  history: EpochLog[];
  epochsRun: number;
  stoppedEarly: boolean;
  /** Epoch whose weights the model holds when early stopping restored the best ones. */
  restoredEpoch: number | null;
  /** True when the run stopped because it reached `targetAccuracy` (absent in older records). */
  targetReached?: boolean;
  trainRows: number;
  valRows: number;
  /** The first batch alone: shader compilation and first uploads included. */
  firstBatchMs: number;
  durationMs: number;
}

/**
 * Creates the optimizer a config names. Adam is the flat Adam (src/model/flat-adam.ts): the same
 * update as `tf.train.adam`, bit for bit, in a few kernels per step instead of about fourteen per weight.
 */
export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return new FlatAdamOptimizer(learningRate);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
    case 'adagrad':
      return tf.train.adagrad(learningRate);
  }
}

/**
 * After a batch failed: if the failure was the backend going away, report that instead. A destroyed
 * WebGPU device rejects pending reads (an AbortError) before its `lost` promise settles, so the check
 * is repeated over a few event-loop turns.
 */
export async function explainFailure(error: unknown, check: (() => void) | undefined): Promise<never> {
  if (check && !(error instanceof LabError)) {
    for (let turn = 0; turn < 5; turn++) {
      check();
      await yieldToEventLoop();
    }
    check();
  }
  throw error;
}

function throwIfAborted(signal: AbortSignal | undefined, epoch: number, batch: number): void {
  if (!signal?.aborted) return;
  if (signal.reason instanceof LabError) throw signal.reason;
  throw new TrainingAbortedError({ epoch, batch });
}

/** The model's compiled train step: loss and metrics as tensors, nothing read back. */
type TrainStep = (data: tf.Tensor[]) => tf.Scalar[];

/**
 * The train function `trainOnBatch` runs (weights updated by the compiled optimizer, the loss with
 * its weight penalty, then the metrics), without `trainOnBatch`'s read-back of every value. A
 * Sequential model keeps its compiled graph in an inner model.
 */
function trainStepOf(model: tf.LayersModel): TrainStep {
  const inner = model instanceof tf.Sequential ? (model as unknown as { model: tf.LayersModel }).model : model;
  return (inner as unknown as { makeTrainFunction(): TrainStep }).makeTrainFunction();
}

/** One batch whose loss and accuracy wait on the device. */
interface PendingBatch {
  epoch: number;
  batch: number;
  rows: number;
  loss: tf.Scalar;
  accuracy: tf.Scalar;
}

/** A batch's loss and accuracy as read back. */
interface ReadBatch {
  epoch: number;
  batch: number;
  rows: number;
  loss: number;
  accuracy: number;
}

/** Batch results waiting for a read-back; `read` fetches them (and any extra tensors) in one go. */
class PendingLosses {
  private items: PendingBatch[] = [];

  get size(): number {
    return this.items.length;
  }

  add(item: PendingBatch): void {
    this.items.push(item);
  }

  /**
   * Reads every pending batch and the `extras` (each flattened) with one `await data()`. Resolves
   * with the batches' values in order and the extras' values; disposes what it read.
   */
  async read(extras: tf.Tensor[] = []): Promise<{ batches: ReadBatch[]; extras: Float32Array[] }> {
    const items = this.items;
    this.items = [];
    const n = items.length;
    const packed = tf.tidy(() => {
      const parts: tf.Tensor[] = [];
      if (n > 0) parts.push(tf.stack(items.map((i) => i.loss)), tf.stack(items.map((i) => i.accuracy)));
      for (const extra of extras) parts.push(extra.reshape([-1]).toFloat());
      return parts.length === 1 ? (parts[0] as tf.Tensor).clone() : tf.concat(parts);
    });
    let values: Float32Array;
    try {
      values = (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
      tf.dispose(items.flatMap((i) => [i.loss, i.accuracy]));
    }
    const batches = items.map((item, k) => ({ epoch: item.epoch, batch: item.batch, rows: item.rows, loss: values[k] as number, accuracy: values[n + k] as number }));
    let offset = 2 * n;
    const out: Float32Array[] = [];
    for (const extra of extras) {
      out.push(values.subarray(offset, offset + extra.size));
      offset += extra.size;
    }
    return { batches, extras: out };
  }

  /** Frees whatever is still pending (after a failure or an abort). */
  dispose(): void {
    tf.dispose(this.items.flatMap((i) => [i.loss, i.accuracy]));
    this.items = [];
  }
}

class BestWeights {
  private weights: tf.Tensor[] | null = null;
  epoch = -1;
  value = Infinity;

  keep(model: tf.LayersModel, epoch: number, value: number): void {
    this.dispose();
    this.weights = model.getWeights().map((w) => w.clone());
    this.epoch = epoch;
    this.value = value;
  }

  restore(model: tf.LayersModel): void {
    if (this.weights) model.setWeights(this.weights);
  }

  dispose(): void {
    if (this.weights) tf.dispose(this.weights);
    this.weights = null;
  }
}

/** Sum of |w| over every weight: NaN or infinite as soon as one weight is. */
function weightAbsSum(model: tf.LayersModel): tf.Tensor {
  return tf.tidy(() => {
    let parts = model.getWeights().map((w) => tf.sum(tf.abs(w)));
    // Summed in groups of at most 8: on some WebGPU adapters AddN of more inputs reads back wrong.
    while (parts.length > 1) {
      const next: tf.Tensor[] = [];
      for (let i = 0; i < parts.length; i += 8) next.push(i + 1 === parts.length ? (parts[i] as tf.Tensor) : tf.addN(parts.slice(i, i + 8)));
      parts = next;
    }
    return parts[0] ?? tf.scalar(0);
  });
}

/**
 * Trains `model` on `data`. Resolves with the history; rejects with TrainingAbortedError,
 * TrainingDivergedError, BackendLostError (from `check` or the signal) or InvalidInputError.
 * On rejection the model's weights are partly trained or garbage: the caller should dispose it.
 */
export async function trainModel(model: tf.LayersModel, data: Examples, config: TrainConfig, options: TrainOptions = {}): Promise<TrainResult> {
  validateTrainConfig(config);
  const started = performance.now();
  const rng = createRng(config.seed);
  const split = config.validationSplit > 0 ? splitRows(data, config.validationSplit, rng.fork('validation')) : { kept: data, held: null };
  const train = split.kept;
  const val = split.held && split.held.rows > 0 ? split.held : null;
  const shuffler = rng.fork('shuffle');
  const optimizer = createOptimizer(config.optimizer, config.learningRate);
  const best = new BestWeights();
  const guard = new DivergenceGuard(data.classes);
  const pending = new PendingLosses();
  const history: EpochLog[] = [];
  const stop = config.earlyStopping;
  const target = config.targetAccuracy ?? null;
  let firstBatchMs = 0;
  let stoppedEarly = false;
  let targetReached = false;
  let sinceBest = 0;
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const step = trainStepOf(model);
  let rows: DeviceRows | null = null;
  let valX: tf.Tensor | null = null;
  try {
    rows = new DeviceRows(train);
    if (val) valX = tf.tensor(val.features, [val.rows, ...val.inputShape]);
    const order = Array.from({ length: train.rows }, (_, i) => i);
    const batches = Math.ceil(train.rows / config.batchSize);
    let lastYield = performance.now();
    let lastRead = lastYield;
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      shuffler.shuffle(order);
      rows.setOrder(order);
      const epochStart = performance.now();
      let lossSum = 0;
      let accSum = 0;
      /** Observes read-back batches in order, adding them to the epoch's sums. */
      const take = (read: ReadBatch[]) => {
        for (const b of read) {
          lossSum += guard.observe(b.loss, b.epoch, b.batch) * b.rows;
          accSum += b.accuracy * b.rows;
        }
      };
      for (let b = 0; b < batches; b++) {
        throwIfAborted(options.signal, epoch, b);
        options.check?.();
        const start = b * config.batchSize;
        const end = Math.min(start + config.batchSize, train.rows);
        const t0 = performance.now();
        const [loss, accuracy] = tf.tidy(() => {
          const [x, y] = (rows as DeviceRows).batch(start, end);
          const [l, a] = step([x, y]);
          return [l as tf.Scalar, (a ?? tf.scalar(0)) as tf.Scalar];
        });
        pending.add({ epoch, batch: b, rows: end - start, loss, accuracy });
        const last = b === batches - 1;
        const first = epoch === 0 && b === 0;
        const now = performance.now();
        let log: BatchLog = { epoch, batch: b, batches };
        if (first || (!last && (now - lastRead >= READ_BACK_MS || pending.size >= MAX_PENDING))) {
          const read = await pending.read();
          if (first) firstBatchMs = performance.now() - t0;
          take(read.batches);
          const mine = read.batches.at(-1);
          if (mine) log = { ...log, loss: mine.loss, accuracy: mine.accuracy };
          lastRead = performance.now();
        }
        options.onBatchEnd?.(log);
        if (!last && performance.now() - lastYield >= YIELD_MS) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
      }
      options.check?.();
      const probs = valX ? predictOnDevice(model, valX) : null;
      const weights = weightAbsSum(model);
      let read: { batches: ReadBatch[]; extras: Float32Array[] };
      try {
        read = await pending.read(probs ? [weights, probs] : [weights]);
      } finally {
        tf.dispose(probs ? [weights, probs] : [weights]);
      }
      lastRead = performance.now();
      take(read.batches);
      const trainMs = performance.now() - epochStart;
      options.check?.();
      guard.checkWeights(read.extras[0]?.[0] ?? NaN, epoch, batches - 1);
      const log: EpochLog = {
        epoch,
        epochs: config.epochs,
        loss: lossSum / train.rows,
        accuracy: accSum / train.rows,
        samplesPerSec: train.rows / (trainMs / 1000),
        elapsedMs: 0,
      };
      if (val) {
        const m = scoreProbabilities(read.extras[1] as Float32Array, val.labels, val.classes);
        if (!Number.isFinite(m.loss)) throw new TrainingDivergedError({ epoch, batch: batches - 1, loss: m.loss, reason: 'non-finite-loss' });
        log.valLoss = m.loss;
        log.valAccuracy = m.accuracy;
      }
      log.elapsedMs = performance.now() - started;
      history.push(log);
      await options.onEpochEnd?.(log);
      lastYield = performance.now();
      if (target !== null && (log.valAccuracy ?? log.accuracy) >= target) {
        targetReached = true;
        break;
      }
      if (stop) {
        const watched = log.valLoss ?? log.loss;
        if (watched < best.value - stop.minDelta) {
          sinceBest = 0;
          if (stop.restoreBestWeights) best.keep(model, epoch, watched);
          else best.value = watched;
          best.epoch = epoch;
        } else if (++sinceBest >= stop.patience) {
          stoppedEarly = true;
          break;
        }
      }
    }
    const restore = !targetReached && stop?.restoreBestWeights && best.epoch >= 0 && best.epoch !== history.length - 1;
    if (restore) best.restore(model);
    return {
      history,
      epochsRun: history.length,
      stoppedEarly,
      restoredEpoch: restore ? best.epoch : null,
      targetReached,
      trainRows: train.rows,
      valRows: val?.rows ?? 0,
      firstBatchMs,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    return await explainFailure(error, options.check);
  } finally {
    pending.dispose();
    rows?.dispose();
    valX?.dispose();
    best.dispose();
    optimizer.dispose();
  }
}
