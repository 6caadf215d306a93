/**
 * The trainer: mini-batch training of a compiled classifier with per-epoch progress, abort within one
 * batch, early stopping, a NaN/Inf guard and a backend-loss check.
 *
 * It runs its own epoch loop over `trainOnBatch` instead of `model.fit` because fit shuffles with
 * Math.random (not reproducible) and only stops between batches through a flag. Each batch's loss is
 * read back (`await data()` inside trainOnBatch), which is what lets the guard stop on the very batch
 * that went wrong. Every tensor created here is disposed, optimizer state included.
 *
 * The divergence guard stops a run when (1) a batch loss is NaN or infinite, (2) a weight is NaN or
 * infinite (one reduction per epoch), or (3) the loss explodes: the mean of the last
 * EXPLOSION_WINDOW batch losses exceeds EXPLOSION_FACTOR x max(first batch loss, ln K). The third rule
 * exists because cross-entropy is clipped (probabilities >= 1e-7, so loss <= 16.1): with Adam at a
 * learning rate of 1e6 the ReLUs die and the loss jumps from 0.7 to 4-10 but stays finite, so a
 * NaN-only guard would let a broken run finish. ln K is the loss of guessing uniformly among K
 * classes; a model persistently at three times that is confidently wrong, not learning.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../datasets/random';
import { LabError, TrainingAbortedError, TrainingDivergedError } from '../errors';
import { validateTrainConfig, type OptimizerName, type TrainConfig } from './config';
import { rowSize, splitRows, type Examples } from './data';
import { evaluateModel } from './evaluate';
import { yieldToEventLoop } from './yield';

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
  /** Training rows per second in this epoch (validation time excluded). */
  samplesPerSec: number;
  /** Wall time since training started. */
  elapsedMs: number;
}

/** Progress inside an epoch. */
export interface BatchLog {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy: number;
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
  trainRows: number;
  valRows: number;
  /** The first batch alone: shader compilation and first uploads included. */
  firstBatchMs: number;
  durationMs: number;
}

/** Creates the optimizer a config names. */
export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
    case 'adagrad':
      return tf.train.adagrad(learningRate);
  }
}

/** Batches averaged by the loss-explosion rule. */
export const EXPLOSION_WINDOW = 10;
/** How many times the starting loss the windowed loss may reach before the run is called diverged. */
export const EXPLOSION_FACTOR = 3;

/** Watches batch losses for divergence (see the module comment). */
class DivergenceGuard {
  private readonly recent: number[] = [];
  private baseline = NaN;

  constructor(private readonly classes: number) {}

  /** Returns the (finite) loss, or throws TrainingDivergedError. */
  observe(loss: number | undefined, epoch: number, batch: number): number {
    if (loss === undefined || !Number.isFinite(loss)) throw new TrainingDivergedError({ epoch, batch, loss: loss ?? NaN, reason: 'non-finite-loss' });
    if (Number.isNaN(this.baseline)) this.baseline = Math.max(loss, Math.log(this.classes));
    this.recent.push(loss);
    if (this.recent.length > EXPLOSION_WINDOW) this.recent.shift();
    if (this.recent.length < EXPLOSION_WINDOW) return loss;
    const mean = this.recent.reduce((a, b) => a + b, 0) / this.recent.length;
    if (mean > EXPLOSION_FACTOR * this.baseline) throw new TrainingDivergedError({ epoch, batch, loss: mean, reason: 'loss-exploded', startLoss: this.baseline });
    return loss;
  }

  /** Throws if any weight is NaN or infinite (one reduction and one read-back). */
  async checkWeights(model: tf.LayersModel, epoch: number, batch: number): Promise<void> {
    const total = tf.tidy(() => tf.addN(model.getWeights().map((w) => tf.sum(tf.abs(w)))));
    const [value] = await total.data();
    total.dispose();
    if (!Number.isFinite(value)) throw new TrainingDivergedError({ epoch, batch, loss: NaN, reason: 'non-finite-weights' });
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

/** Copies one batch of rows (by index) into tensors: inputs and one-hot targets. */
function batchTensors(data: Examples, order: number[], start: number, end: number): [tf.Tensor, tf.Tensor] {
  const size = rowSize(data.inputShape);
  const n = end - start;
  const x = new Float32Array(n * size);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = order[start + i] as number;
    x.set(data.features.subarray(r * size, (r + 1) * size), i * size);
    y[i] = data.labels[r] as number;
  }
  return tf.tidy(() => [tf.tensor(x, [n, ...data.inputShape]), tf.oneHot(tf.tensor1d(y, 'int32'), data.classes).toFloat()]);
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
  const history: EpochLog[] = [];
  const stop = config.earlyStopping;
  let firstBatchMs = 0;
  let stoppedEarly = false;
  let sinceBest = 0;
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  try {
    const order = Array.from({ length: train.rows }, (_, i) => i);
    const batches = Math.ceil(train.rows / config.batchSize);
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      shuffler.shuffle(order);
      const epochStart = performance.now();
      let lossSum = 0;
      let accSum = 0;
      for (let b = 0; b < batches; b++) {
        throwIfAborted(options.signal, epoch, b);
        options.check?.();
        const start = b * config.batchSize;
        const end = Math.min(start + config.batchSize, train.rows);
        const [x, y] = batchTensors(train, order, start, end);
        const t0 = performance.now();
        let values: number | number[];
        try {
          values = await model.trainOnBatch(x, y);
        } finally {
          tf.dispose([x, y]);
        }
        if (epoch === 0 && b === 0) firstBatchMs = performance.now() - t0;
        const [rawLoss, acc] = values as number[];
        const loss = guard.observe(rawLoss, epoch, b);
        lossSum += loss * (end - start);
        accSum += (acc ?? 0) * (end - start);
        options.onBatchEnd?.({ epoch, batch: b, batches, loss, accuracy: acc ?? 0 });
        await yieldToEventLoop();
      }
      const trainMs = performance.now() - epochStart;
      options.check?.();
      await guard.checkWeights(model, epoch, batches - 1);
      const log: EpochLog = {
        epoch,
        epochs: config.epochs,
        loss: lossSum / train.rows,
        accuracy: accSum / train.rows,
        samplesPerSec: train.rows / (trainMs / 1000),
        elapsedMs: 0,
      };
      if (val) {
        const m = await evaluateModel(model, val);
        if (!Number.isFinite(m.loss)) throw new TrainingDivergedError({ epoch, batch: batches - 1, loss: m.loss, reason: 'non-finite-loss' });
        log.valLoss = m.loss;
        log.valAccuracy = m.accuracy;
      }
      log.elapsedMs = performance.now() - started;
      history.push(log);
      await options.onEpochEnd?.(log);
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
    const restore = stop?.restoreBestWeights && best.epoch >= 0 && best.epoch !== history.length - 1;
    if (restore) best.restore(model);
    return {
      history,
      epochsRun: history.length,
      stoppedEarly,
      restoredEpoch: restore ? best.epoch : null,
      trainRows: train.rows,
      valRows: val?.rows ?? 0,
      firstBatchMs,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    return await explainFailure(error, options.check);
  } finally {
    best.dispose();
    optimizer.dispose();
  }
}
