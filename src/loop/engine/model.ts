/**
 * The lab's classifier: the spec's MLP behind a frozen input-scaling layer. Features arrive in their
 * own units (salaries in euros, SEA values in 0..10), and an MLP trained on raw values learns slowly
 * or not at all; so the first layer maps each feature's schema range [min, max] to [-1, 1]:
 *   x' = (2 x - (min + max)) / (max - min)
 * as a Dense layer with a diagonal kernel 2/(max - min) and bias -(min + max)/(max - min), not
 * trainable. It is part of the saved model, so the registry, the endpoint and an exported file all
 * see the same function. Every initializer is seeded (same spec + seed -> same weights). The spec's
 * hidden layers, activation, L2 and dropout are all used (src/model/build.ts builds it).
 */
import type * as tf from '@tensorflow/tfjs';
import type { DatasetSchema } from '../../../datasets/types';
import { buildModel } from '../../model/build';
import type { MlpSpec } from '../../model/spec';
import { validateModelSpec } from '../../model/spec';
import { LabCommandError } from './errors';

/** The range each feature is scaled from (a categorical feature: its category indices). */
export function featureRanges(schema: DatasetSchema): [number, number][] {
  return schema.features.map((f) => {
    if (f.type === 'categorical') return [0, Math.max(1, (f.categories?.length ?? 2) - 1)];
    const [lo, hi] = f.range ?? [-1, 1];
    return hi > lo ? [lo, hi] : [lo - 1, lo + 1];
  });
}

/**
 * Builds the scaled MLP for a schema (flat rows only), with the one model builder of the lab
 * (src/model/build.ts `buildModel`, given the features' ranges for the frozen scaling layer): the
 * trainer panel and the Lab build their models the same way, dropout included.
 */
export function buildLabModel(spec: MlpSpec, schema: DatasetSchema, seed: number): tf.LayersModel {
  validateModelSpec(spec);
  if (spec.kind !== 'mlp') throw new LabCommandError('train', 'the lab trains MLPs on tabular rows');
  return buildModel(spec, { inputShape: [schema.features.length], classes: schema.classes.length }, seed, { inputRanges: featureRanges(schema) });
}
