import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { TrainingAbortedError } from '../../src/errors';
import { buildModel, DEFAULT_CNN, DEFAULT_MLP, jobData, runTrainingJob, trainModel, type BatchLog, type TrainingJob } from '../../src/model/index';
import { moonsJob } from '../support/jobs';
import { rejection } from '../support/errors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});


describe('trainer (cpu backend)', () => {
  test('reaches >= 0.9 test accuracy on moons within a few epochs', async () => {
    const { model, summary } = await runTrainingJob(moonsJob({ epochs: 10 }));
    model.dispose();
    expect(summary.epochsRun).toBe(10);
    expect(summary.test.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(summary.testRows).toBe(100);
    expect(summary.trainRows + summary.valRows).toBe(400);
    const last = summary.history.at(-1);
    expect(last?.valAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(last?.samplesPerSec).toBeGreaterThan(0);
    expect(summary.history[0]!.loss).toBeGreaterThan(last!.loss);
  });

  test('the same job gives the same history, weights and test metrics', async () => {
    const job = moonsJob({ epochs: 3 });
    const a = await runTrainingJob(job);
    const b = await runTrainingJob(job);
    const strip = (s: typeof a.summary) => s.history.map(({ loss, accuracy, valLoss, valAccuracy }) => ({ loss, accuracy, valLoss, valAccuracy }));
    expect(strip(b.summary)).toEqual(strip(a.summary));
    expect(b.summary.test).toEqual(a.summary.test);
    const wa = await Promise.all(a.model.getWeights().map((w) => w.data()));
    const wb = await Promise.all(b.model.getWeights().map((w) => w.data()));
    expect(wb).toEqual(wa);
    a.model.dispose();
    b.model.dispose();
  });

  test.each(['adam', 'sgd', 'rmsprop', 'adagrad'] as const)('the divergence guard stops %s at a learning rate of 1e6 with a typed error', async (optimizer) => {
    const before = tf.memory().numTensors;
    const job = moonsJob({ learningRate: 1e6, epochs: 5 });
    job.training.optimizer = optimizer;
    const error = await rejection(runTrainingJob(job));
    expect(error.code).toBe('training-diverged');
    expect(error.name).toBe('TrainingDivergedError');
    expect(error.message).toMatch(/smaller learning rate/);
    expect(error.details).toMatchObject({ reason: 'loss-exploded', epoch: 0, batch: 9 });
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a NaN loss is caught on the very batch it appears', async () => {
    const { train } = jobData(moonsJob());
    const poisoned = { ...train, features: train.features.slice() };
    poisoned.features[2 * 40] = Number.NaN;
    const model = buildModel(moonsJob().model, { inputShape: [2], classes: 2 }, 1);
    const job = moonsJob();
    const error = await rejection(trainModel(model, poisoned, { ...job.training, validationSplit: 0, batchSize: 400 }));
    model.dispose();
    expect(error.details).toMatchObject({ reason: 'non-finite-loss', epoch: 0, batch: 0 });
  });

  test.each([
    ['moons', 0.3],
    ['circles', 0.3],
    ['moons', 0.001],
  ] as const)('the guard stays quiet on healthy runs (%s, learning rate %s)', async (id, learningRate) => {
    const job = moonsJob({ learningRate, epochs: 15 });
    job.dataset = { id };
    const { model, summary } = await runTrainingJob(job);
    model.dispose();
    expect(summary.epochsRun).toBe(15);
  });

  test('abort stops within one batch', async () => {
    const { train } = jobData(moonsJob());
    const model = buildModel(moonsJob().model, { inputShape: [2], classes: 2 }, 1);
    const controller = new AbortController();
    const seen: BatchLog[] = [];
    const error = await rejection(
      trainModel(model, train, moonsJob().training, {
        signal: controller.signal,
        onBatchEnd: (log) => {
          seen.push(log);
          if (log.epoch === 1 && log.batch === 2) controller.abort();
        },
      }),
    );
    model.dispose();
    expect(error).toBeInstanceOf(TrainingAbortedError);
    expect(seen.at(-1)).toMatchObject({ epoch: 1, batch: 2 });
    expect(error.details).toEqual({ epoch: 1, batch: 3 });
  });

  test('abort from outside (a timer) is seen between batches', async () => {
    const { train } = jobData(moonsJob());
    const model = buildModel(moonsJob().model, { inputShape: [2], classes: 2 }, 1);
    const controller = new AbortController();
    let batches = 0;
    let batchesAtAbort = -1;
    setTimeout(() => {
      batchesAtAbort = batches;
      controller.abort();
    }, 30);
    const error = await rejection(trainModel(model, train, { ...moonsJob().training, epochs: 1000 }, { signal: controller.signal, onBatchEnd: () => batches++ }));
    model.dispose();
    expect(error.code).toBe('training-aborted');
    expect(batchesAtAbort).toBeGreaterThan(0);
    expect(batches - batchesAtAbort).toBeLessThanOrEqual(1);
  });

  test('no tensor leaks: a run adds only the weights, and disposing the model frees them', async () => {
    const start = tf.memory().numTensors;
    const job = moonsJob({ epochs: 4 });
    const model = buildModel({ ...job.model, dropout: 0.2, l2: 0.001 }, { inputShape: [2], classes: 2 }, 1);
    const afterBuild = tf.memory().numTensors;
    expect(afterBuild).toBeGreaterThan(start);
    const { train } = jobData(job);
    await trainModel(model, train, { ...job.training, earlyStopping: { patience: 2, minDelta: 0, restoreBestWeights: true } });
    expect(tf.memory().numTensors).toBe(afterBuild);
    await trainModel(model, train, { ...job.training, optimizer: 'rmsprop' });
    expect(tf.memory().numTensors).toBe(afterBuild);
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  test('early stopping stops when val_loss stalls and can restore the best weights', async () => {
    const job = moonsJob({ epochs: 200 });
    job.training.earlyStopping = { patience: 3, minDelta: 0, restoreBestWeights: true };
    const { model, summary } = await runTrainingJob(job);
    model.dispose();
    expect(summary.stoppedEarly).toBe(true);
    expect(summary.epochsRun).toBeLessThan(200);
    const losses = summary.history.map((h) => h.valLoss as number);
    const bestEpoch = losses.indexOf(Math.min(...losses));
    expect(summary.restoredEpoch ?? summary.epochsRun - 1).toBe(bestEpoch);
    expect(summary.epochsRun - 1 - bestEpoch).toBe(3);
  });

  test('without a validation split there is no val_loss, and early stopping watches the training loss', async () => {
    const job = moonsJob({ epochs: 3 });
    job.training.validationSplit = 0;
    const { model, summary } = await runTrainingJob(job);
    model.dispose();
    expect(summary.valRows).toBe(0);
    expect(summary.history[0]?.valLoss).toBeUndefined();
  });

  test('the small CNN builds for images and trains a batch without leaking', async () => {
    const start = tf.memory().numTensors;
    const model = buildModel(DEFAULT_CNN, { inputShape: [16, 16, 1], classes: 4 }, 3);
    expect(model.outputs[0]?.shape).toEqual([null, 4]);
    const rows = 40;
    const data = { features: new Float32Array(rows * 256).map((_, i) => (i % 7) / 7), labels: Int32Array.from({ length: rows }, (_, i) => i % 4), rows, inputShape: [16, 16, 1], classes: 4 };
    const result = await trainModel(model, data, { ...moonsJob().training, epochs: 2, batchSize: 8, validationSplit: 0 });
    expect(result.epochsRun).toBe(2);
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  test('bad hyper-parameters get a typed error naming the field', async () => {
    const job = moonsJob();
    await expect(runTrainingJob({ ...job, training: { ...job.training, batchSize: 0 } })).rejects.toMatchObject({ code: 'invalid-training-config', details: { field: 'training.batchSize' } });
    await expect(runTrainingJob({ ...job, training: { ...job.training, learningRate: -1 } })).rejects.toMatchObject({ details: { field: 'training.learningRate' } });
    await expect(runTrainingJob({ ...job, training: { ...job.training, optimizer: 'magic' as never } })).rejects.toMatchObject({ details: { field: 'training.optimizer' } });
    await expect(runTrainingJob({ ...job, samples: 5 })).rejects.toMatchObject({ code: 'invalid-job', details: { field: 'samples' } });
    await expect(runTrainingJob({ ...job, dataset: { id: 'mnist' } as never })).rejects.toMatchObject({ details: { field: 'dataset.id' } });
  });
});

describe('image data', () => {
  test('a CNN job on the shapes images reshapes flat rows to 16x16x1 inputs; an MLP job sees the same rows flat', async () => {
    const before = tf.memory().numTensors;
    const cnnJob: TrainingJob = { ...moonsJob({ samples: 120, epochs: 1, batchSize: 32 }), dataset: { id: 'shapes' }, model: { ...DEFAULT_CNN, filters: [4], dense: 8 } };
    const cnnData = jobData(cnnJob);
    expect(cnnData.train.inputShape).toEqual([256]);
    expect(cnnData.train.classes).toBe(4);
    const cnn = await runTrainingJob(cnnJob);
    expect(cnn.model.inputs[0]?.shape).toEqual([null, 256]);
    expect(cnn.model.layers[1]?.outputShape).toEqual([null, 16, 16, 4]);
    expect(cnn.summary.epochsRun).toBe(1);
    cnn.model.dispose();
    const mlpData = jobData({ ...cnnJob, model: { ...DEFAULT_MLP } });
    expect(mlpData.train.inputShape).toEqual([256]);
    expect(Array.from(mlpData.train.features)).toEqual(Array.from(cnnData.train.features));
    expect(tf.memory().numTensors).toBe(before);
  });
});
