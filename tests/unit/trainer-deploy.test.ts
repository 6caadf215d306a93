/**
 * A model trained in the trainer (its host, as in the training worker) deployed into a Lab (the
 * `deploy-model` command's engine side): registered with trigger `trainer` and its lineage, gated
 * against production, served, and retrained after the drift with its own spec and hyper-parameters;
 * a model of another dataset, or garbage artifacts, is refused with nothing registered.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { Lab } from '../../src/loop/index';
import type { TrainedModel } from '../../src/loop/decisions/outside-model';
import { createInPageTrainingClient } from '../../src/worker/index';
import { moonsJob } from '../support/jobs';
import type { TrainingJob } from '../../src/model/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function trainInTrainer(job: TrainingJob): Promise<TrainedModel> {
  const client = createInPageTrainingClient();
  try {
    await client.chooseBackend('cpu');
    await client.train(job).done;
    return await client.exportModel();
  } finally {
    client.dispose();
  }
}

/** A lab whose first version is weak on purpose (400 rows, one slow epoch), so a good trainer model beats it. */
function weakLab(): Promise<Lab> {
  return Lab.create({ scenario: 'moons-rotation', seed: 7, policy: 'on-alert', requests: 8000, initialRows: 400, training: { epochs: 1, learningRate: 0.001 }, latency: 'simulated' });
}

describe('deploying a trainer model to the lab', () => {
  test('it is registered (trigger trainer, lineage), passes the gate, serves, and is retrained with its own settings after the drift', async () => {
    const job = moonsJob({ epochs: 15 });
    const trained = await trainInTrainer(job);
    expect(trained.backend).toBe('cpu');
    expect(trained.artifacts.weightData.byteLength).toBeGreaterThan(0);
    const lab = await weakLab();
    try {
      await lab.bootstrap();
      const outcome = await lab.deployTrained(trained);
      expect(outcome.gate?.passed).toBe(true);
      expect(outcome.deployed).toBe(true);
      const id = outcome.version as string;
      const v = lab.registry.get(id);
      expect(v.trigger).toBe('trainer');
      expect(v.backend).toBe('cpu');
      expect(v.hyperParameters).toEqual(job.training);
      expect(v.model).toEqual(job.model);
      expect(v.data).toMatchObject({ dataset: 'moons', scenario: 'moons-rotation', seed: job.dataSeed });
      expect(v.evaluation.rows).toBe(100);
      expect(v.evaluation.accuracy).toBeGreaterThan(0.9);
      expect(lab.deployed().production).toBe(id);
      expect(lab.config.model).toEqual(job.model);
      expect(lab.config.training).toEqual(job.training);
      let servedByIt = 0;
      lab.tap((_, response) => {
        if ('model_version' in response && response.model_version === id) servedByIt++;
      });
      await lab.runToEnd();
      expect(servedByIt).toBeGreaterThan(1000);
      const retrains = lab.registry.list().filter((x) => x.seq > v.seq && x.trigger === 'alert');
      expect(retrains.length).toBeGreaterThan(0);
      expect(retrains[0]?.parent).toBe(id);
      expect(retrains[0]?.model).toEqual(job.model);
      expect(retrains[0]?.hyperParameters).toMatchObject({ epochs: job.training.epochs, batchSize: job.training.batchSize, learningRate: job.training.learningRate, validationSplit: job.training.validationSplit });
      expect(lab.registry.history('production').some((m) => m.version === retrains.at(-1)?.id || retrains.some((r) => r.id === m.version))).toBe(true);
    } finally {
      await lab.dispose();
    }
  }, 240_000);

  test('a model of another dataset, or broken artifacts, is refused clearly and nothing is registered', async () => {
    const circles: TrainingJob = { ...moonsJob({ epochs: 1 }), dataset: { id: 'circles', params: { noise: 0.08 } } };
    const trained = await trainInTrainer(circles);
    const lab = await weakLab();
    try {
      await lab.bootstrap();
      const before = lab.registry.list().length;
      await expect(lab.deployTrained(trained)).rejects.toMatchObject({ code: 'invalid-lab-command', message: expect.stringMatching(/trained on "circles" but this lab runs the scenario "moons-rotation" on "moons"/) });
      const moons = await trainInTrainer(moonsJob({ epochs: 1 }));
      const cut = { ...moons, artifacts: { ...moons.artifacts, weightData: moons.artifacts.weightData.slice(0, 12) } };
      await expect(lab.deployTrained(cut)).rejects.toMatchObject({ code: 'invalid-lab-command', message: expect.stringMatching(/the weights hold 12 bytes/) });
      const nan = new Float32Array(moons.artifacts.weightData.slice(0));
      nan[3] = NaN;
      await expect(lab.deployTrained({ ...moons, artifacts: { ...moons.artifacts, weightData: nan.buffer } })).rejects.toMatchObject({ code: 'invalid-lab-command' });
      expect(lab.registry.list().length).toBe(before);
      expect(lab.deployed().production).toBe('v1');
    } finally {
      await lab.dispose();
    }
  }, 120_000);
});
