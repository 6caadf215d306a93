/**
 * Shared fixtures for registry and serving tests: a small schema with a categorical feature, a tiny
 * seeded MLP that fits it, and version metadata.
 */
import type * as tf from '@tensorflow/tfjs';
import type { DatasetSchema } from '../../../datasets/types';
import { buildModel } from '../../../src/model/build';
import type { MlpSpec } from '../../../src/model/spec';
import type { VersionInfo } from '../../../src/registry/types';

/** Three features (two numeric, one categorical), three classes. */
export const SCHEMA: DatasetSchema = {
  features: [
    { name: 'x', type: 'numeric', range: [-2, 3] },
    { name: 'y', type: 'numeric', range: [-2, 2] },
    { name: 'color', type: 'categorical', categories: ['red', 'green', 'blue'] },
  ],
  classes: ['a', 'b', 'c'],
};

/** A one-hidden-layer MLP of 8 units. */
export const SPEC: MlpSpec = { kind: 'mlp', hidden: [8], activation: 'tanh', l2: 0, dropout: 0 };

/** A seeded, untrained model for SCHEMA (different seeds give different predictions). */
export function tinyModel(seed: number, schema: DatasetSchema = SCHEMA): tf.LayersModel {
  return buildModel(SPEC, { inputShape: [schema.features.length], classes: schema.classes.length }, seed);
}

/** Version metadata for a model built with `tinyModel(seed)`. */
export function versionInfo(seed: number, overrides: Partial<VersionInfo> = {}): VersionInfo {
  return {
    trigger: 'manual',
    data: { dataset: 'fixture', scenario: 'none', seed, window: { from: 0, to: 100, rows: 100, policy: 'all' } },
    model: SPEC,
    hyperParameters: { optimizer: 'adam', learningRate: 0.01, epochs: 0 },
    backend: 'cpu',
    trainingMetrics: { accuracy: 0.5 },
    evaluation: { rows: 50, accuracy: 0.4 + seed / 100, loss: 1.1 },
    schema: SCHEMA,
    notes: `seed ${seed}`,
    ...overrides,
  };
}

/** A fixed wall clock that advances one second per call. */
export function steppingClock(start = Date.UTC(2026, 0, 1)): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}
