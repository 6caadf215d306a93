/** Small training jobs shared by the tests. */
import { DEFAULT_MLP, DEFAULT_TRAIN_CONFIG, type TrainingJob } from '../../src/model/index';

/** A moons job that reaches >= 0.9 test accuracy in a few epochs on any backend. */
export function moonsJob(overrides: { samples?: number; epochs?: number; learningRate?: number; batchSize?: number; seed?: number } = {}): TrainingJob {
  return {
    dataset: { id: 'moons', params: { noise: 0.15 } },
    samples: overrides.samples ?? 500,
    testFraction: 0.2,
    dataSeed: overrides.seed ?? 1,
    model: { ...DEFAULT_MLP },
    training: {
      ...DEFAULT_TRAIN_CONFIG,
      epochs: overrides.epochs ?? 15,
      learningRate: overrides.learningRate ?? 0.03,
      batchSize: overrides.batchSize ?? 32,
      seed: overrides.seed ?? 1,
    },
  };
}
