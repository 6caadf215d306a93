/**
 * The lab's classifier: the spec's MLP behind a frozen input-scaling layer. Features arrive in their
 * own units (salaries in euros, SEA values in 0..10), and an MLP trained on raw values learns slowly
 * or not at all; so the first layer maps each feature's schema range [min, max] to [-1, 1]:
 *   x' = (2 x - (min + max)) / (max - min)
 * as a Dense layer with a diagonal kernel 2/(max - min) and bias -(min + max)/(max - min), not
 * trainable. It is part of the saved model, so the registry, the endpoint and an exported file all
 * see the same function. Every initializer is seeded (same spec + seed -> same weights). The spec's
 * hidden layers, activation and L2 are used; its dropout is not (the loop's models are tiny).
 */
import * as tf from '@tensorflow/tfjs';
import type { DatasetSchema } from '../../../datasets/types';
import { deriveSeed } from '../../../datasets/random';
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

/** Builds the scaled MLP for a schema (flat rows only). */
export function buildLabModel(spec: MlpSpec, schema: DatasetSchema, seed: number): tf.LayersModel {
  validateModelSpec(spec);
  if (spec.kind !== 'mlp') throw new LabCommandError('train', 'the lab trains MLPs on tabular rows');
  const d = schema.features.length;
  const classes = schema.classes.length;
  const ranges = featureRanges(schema);
  const model = tf.sequential();
  const scale = tf.layers.dense({ units: d, inputShape: [d], useBias: true, trainable: false, name: 'scale_inputs' });
  model.add(scale);
  spec.hidden.forEach((units, i) => {
    model.add(tf.layers.dense({ units, activation: spec.activation, kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, `kernel-${i}`) }), ...(spec.l2 > 0 ? { kernelRegularizer: tf.regularizers.l2({ l2: spec.l2 }) } : {}) }));
  });
  model.add(tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, 'kernel-out') }) }));
  const kernel = new Float32Array(d * d);
  const bias = new Float32Array(d);
  ranges.forEach(([lo, hi], j) => {
    kernel[j * d + j] = 2 / (hi - lo);
    bias[j] = -(lo + hi) / (hi - lo);
  });
  const weights = [tf.tensor2d(kernel, [d, d]), tf.tensor1d(bias)];
  scale.setWeights(weights);
  tf.dispose(weights);
  return model;
}
