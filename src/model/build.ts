/**
 * Builds a TF.js LayersModel from a spec, with every initializer and dropout mask seeded, so the same
 * spec and seed give the same starting weights on every backend. One builder for the trainer panel
 * and the Lab: given `inputRanges`, the model starts with the Lab's frozen input-scaling layer
 * (each feature's [min, max] mapped to [-1, 1]), and with dropout 0 it is layer for layer, weight
 * for weight, what src/loop/engine/model.ts's `buildLabModel` builds.
 *
 * Seeds: hidden layer i (0-based) draws its kernel from deriveSeed(seed, `kernel-${i}`) and its
 * dropout masks from deriveSeed(seed, `dropout-${i}`); the output layer from
 * deriveSeed(seed, 'kernel-out'). A CNN's conv blocks are layers 0..n-1 and its dense layer n; with
 * `flatInput` it starts with a weightless Reshape from flat rows (same weights, same numbers).
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../../datasets/random';
import { InvalidInputError } from '../errors';
import { SeededDropout } from './seeded-dropout';
import { checkSpecFitsShape, validateModelSpec, type CnnSpec, type MlpSpec, type ModelShape, type ModelSpec } from './spec';

/** Options of `buildModel`. */
export interface BuildOptions {
  /**
   * Per input feature, the range [min, max] to scale to [-1, 1] in a frozen first layer
   * ('scale_inputs': x' = (2x - (min + max)) / (max - min)). MLPs on flat rows only.
   */
  inputRanges?: readonly (readonly [number, number])[];
  /**
   * CNNs only: the model takes each image as one flat row of height x width x channels values (as
   * the Lab's endpoint and request stream carry it) and a first Reshape layer turns it back into the
   * image, so a CNN serves the same rows as an MLP.
   */
  flatInput?: boolean;
}

function layerSeeds(seed: number, i: number) {
  return { kernel: deriveSeed(seed, `kernel-${i}`), dropout: deriveSeed(seed, `dropout-${i}`) };
}

function regularizer(l2: number) {
  return l2 > 0 ? { kernelRegularizer: tf.regularizers.l2({ l2 }) } : {};
}

/** The frozen scaling layer; its weights are set once the model is built. */
function scalingLayer(ranges: readonly (readonly [number, number])[], shape: ModelShape) {
  const d = shape.inputShape[0] ?? 0;
  if (shape.inputShape.length !== 1 || ranges.length !== d) {
    throw new InvalidInputError('invalid-model-spec', 'inputRanges', `needs one [min, max] per feature of flat rows (${d}), got ${ranges.length}`);
  }
  ranges.forEach(([lo, hi], j) => {
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) throw new InvalidInputError('invalid-model-spec', `inputRanges[${j}]`, `must be finite with max > min, got [${lo}, ${hi}]`);
  });
  const layer = tf.layers.dense({ units: d, inputShape: [d], useBias: true, trainable: false, name: 'scale_inputs' });
  const setWeights = () => {
    const kernel = new Float32Array(d * d);
    const bias = new Float32Array(d);
    ranges.forEach(([lo, hi], j) => {
      kernel[j * d + j] = 2 / (hi - lo);
      bias[j] = -(lo + hi) / (hi - lo);
    });
    const weights = [tf.tensor2d(kernel, [d, d]), tf.tensor1d(bias)];
    layer.setWeights(weights);
    tf.dispose(weights);
  };
  return { layer, setWeights };
}

function addMlp(model: tf.Sequential, spec: MlpSpec, shape: ModelShape, seed: number, scaled: boolean): void {
  spec.hidden.forEach((units, i) => {
    const s = layerSeeds(seed, i);
    model.add(
      tf.layers.dense({
        units,
        activation: spec.activation,
        kernelInitializer: tf.initializers.glorotUniform({ seed: s.kernel }),
        ...regularizer(spec.l2),
        ...(i === 0 && !scaled ? { inputShape: shape.inputShape } : {}),
      }),
    );
    if (spec.dropout > 0) model.add(new SeededDropout({ rate: spec.dropout, seed: s.dropout }));
  });
}

function addCnn(model: tf.Sequential, spec: CnnSpec, shape: ModelShape, seed: number, flat: boolean): void {
  if (flat) model.add(tf.layers.reshape({ targetShape: shape.inputShape, inputShape: [shape.inputShape.reduce((a, b) => a * b, 1)], name: 'image_from_row' }));
  spec.filters.forEach((filters, i) => {
    model.add(
      tf.layers.conv2d({
        filters,
        kernelSize: spec.kernelSize,
        padding: 'same',
        activation: spec.activation,
        kernelInitializer: tf.initializers.heNormal({ seed: layerSeeds(seed, i).kernel }),
        ...regularizer(spec.l2),
        ...(i === 0 && !flat ? { inputShape: shape.inputShape } : {}),
      }),
    );
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  });
  model.add(tf.layers.flatten());
  const s = layerSeeds(seed, spec.filters.length);
  model.add(tf.layers.dense({ units: spec.dense, activation: spec.activation, kernelInitializer: tf.initializers.glorotUniform({ seed: s.kernel }), ...regularizer(spec.l2) }));
  if (spec.dropout > 0) model.add(new SeededDropout({ rate: spec.dropout, seed: s.dropout }));
}

/**
 * Builds the model: (optionally) the input-scaling layer, hidden layers per the spec, then a softmax
 * output over the classes. Throws InvalidInputError if the spec is malformed or does not fit the
 * data shape.
 */
export function buildModel(spec: ModelSpec, shape: ModelShape, seed: number, options: BuildOptions = {}): tf.LayersModel {
  validateModelSpec(spec);
  checkSpecFitsShape(spec, shape);
  if (options.inputRanges && spec.kind !== 'mlp') throw new InvalidInputError('invalid-model-spec', 'inputRanges', 'input scaling is for MLPs on flat rows');
  if (options.flatInput && spec.kind !== 'cnn') throw new InvalidInputError('invalid-model-spec', 'flatInput', 'flat image rows are for CNNs (an MLP takes flat rows already)');
  const model = tf.sequential();
  const scaling = options.inputRanges ? scalingLayer(options.inputRanges, shape) : null;
  if (scaling) model.add(scaling.layer);
  if (spec.kind === 'mlp') addMlp(model, spec, shape, seed, scaling !== null);
  else addCnn(model, spec, shape, seed, options.flatInput === true);
  model.add(
    tf.layers.dense({
      units: shape.classes,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, 'kernel-out') }),
      ...(spec.kind === 'mlp' && spec.hidden.length === 0 && !scaling ? { inputShape: shape.inputShape } : {}),
    }),
  );
  scaling?.setWeights();
  return model;
}
