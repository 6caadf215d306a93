/**
 * Builds a TF.js LayersModel from a spec, with every initializer and dropout mask seeded, so the same
 * spec and seed give the same starting weights on every backend.
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../../datasets/random';
import { SeededDropout } from './seeded-dropout';
import { checkSpecFitsShape, validateModelSpec, type CnnSpec, type MlpSpec, type ModelShape, type ModelSpec } from './spec';

function seeds(seed: number) {
  let layer = 0;
  return () => {
    layer += 1;
    return { kernel: deriveSeed(seed, `kernel-${layer}`), dropout: deriveSeed(seed, `dropout-${layer}`) };
  };
}

function regularizer(l2: number) {
  return l2 > 0 ? { kernelRegularizer: tf.regularizers.l2({ l2 }) } : {};
}

function addMlp(model: tf.Sequential, spec: MlpSpec, shape: ModelShape, next: ReturnType<typeof seeds>): void {
  spec.hidden.forEach((units, i) => {
    const s = next();
    model.add(
      tf.layers.dense({
        units,
        activation: spec.activation,
        kernelInitializer: tf.initializers.glorotUniform({ seed: s.kernel }),
        ...regularizer(spec.l2),
        ...(i === 0 ? { inputShape: shape.inputShape } : {}),
      }),
    );
    if (spec.dropout > 0) model.add(new SeededDropout({ rate: spec.dropout, seed: s.dropout }));
  });
}

function addCnn(model: tf.Sequential, spec: CnnSpec, shape: ModelShape, next: ReturnType<typeof seeds>): void {
  spec.filters.forEach((filters, i) => {
    model.add(
      tf.layers.conv2d({
        filters,
        kernelSize: spec.kernelSize,
        padding: 'same',
        activation: spec.activation,
        kernelInitializer: tf.initializers.heNormal({ seed: next().kernel }),
        ...regularizer(spec.l2),
        ...(i === 0 ? { inputShape: shape.inputShape } : {}),
      }),
    );
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  });
  model.add(tf.layers.flatten());
  const s = next();
  model.add(tf.layers.dense({ units: spec.dense, activation: spec.activation, kernelInitializer: tf.initializers.glorotUniform({ seed: s.kernel }), ...regularizer(spec.l2) }));
  if (spec.dropout > 0) model.add(new SeededDropout({ rate: spec.dropout, seed: s.dropout }));
}

/**
 * Builds the model: hidden layers per the spec, then a softmax output over the classes.
 * Throws InvalidInputError if the spec is malformed or does not fit the data shape.
 */
export function buildModel(spec: ModelSpec, shape: ModelShape, seed: number): tf.LayersModel {
  validateModelSpec(spec);
  checkSpecFitsShape(spec, shape);
  const next = seeds(seed);
  const model = tf.sequential();
  if (spec.kind === 'mlp') addMlp(model, spec, shape, next);
  else addCnn(model, spec, shape, next);
  model.add(
    tf.layers.dense({
      units: shape.classes,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: next().kernel }),
      ...(spec.kind === 'mlp' && spec.hidden.length === 0 ? { inputShape: shape.inputShape } : {}),
    }),
  );
  return model;
}
