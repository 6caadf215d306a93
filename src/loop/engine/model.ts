/**
 * The lab's classifier: the spec's MLP behind a frozen input-scaling layer. Features arrive in their
 * own units (salaries in euros, SEA values in 0..10), and an MLP trained on raw values learns slowly
 * or not at all; so the first layer maps each feature's schema range [min, max] to [-1, 1]:
 *   x' = (2 x - (min + max)) / (max - min)
 * as a Dense layer with a diagonal kernel 2/(max - min) and bias -(min + max)/(max - min), not
 * trainable. It is part of the saved model, so the registry, the endpoint and an exported file all
 * see the same function. Every initializer is seeded (same spec + seed -> same weights). The spec's
 * hidden layers, activation, L2 and dropout are all used (src/model/build.ts builds it).
 *
 * Images (the shapes pictures) get the small CNN instead: the endpoint and the request stream carry
 * each picture as one flat row of pixels, so the CNN starts with a Reshape back to the picture
 * (build.ts `flatInput`); pixels are already in [0, 1], so no scaling layer.
 */
import type * as tf from '@tensorflow/tfjs';
import type { DatasetSchema } from '../../../datasets/types';
import { buildModel } from '../../model/build';
import type { CnnSpec, MlpSpec, ModelSpec } from '../../model/spec';
import { validateModelSpec } from '../../model/spec';
import { LabCommandError } from './errors';

/**
 * The Lab's CNN for pictures: one conv block of 4 3x3 filters (then 2x2 max-pooling), a dense layer
 * of 16, no dropout. Smaller than the trainer's default on purpose: the loop retrains many times on
 * the cpu backend in `npm run simulate`, where a conv layer's backward pass is the dearest step. On
 * shapes-sensor-degradation (seed 1, on-alert) it scored as well as 8 filters and 32 units (97.0% vs
 * 98.0% before the drift, 58.0% vs 55.6% at worst) in about half the CPU time (113 s vs 219 s).
 */
export const LAB_CNN: CnnSpec = { kind: 'cnn', filters: [4], kernelSize: 3, dense: 16, activation: 'relu', l2: 0, dropout: 0 };

/** Whether a per-row input shape is a picture (height, width, channels). */
export function isImageShape(inputShape: readonly number[] | undefined): inputShape is readonly [number, number, number] {
  return inputShape !== undefined && inputShape.length === 3;
}

/** The model the Lab trains when its config names none: the CNN for pictures, else `mlp`. */
export function defaultLabModel(inputShape: readonly number[] | undefined, mlp: MlpSpec): ModelSpec {
  return isImageShape(inputShape) ? LAB_CNN : mlp;
}

/** The range each feature is scaled from (a categorical feature: its category indices). */
export function featureRanges(schema: DatasetSchema): [number, number][] {
  return schema.features.map((f) => {
    if (f.type === 'categorical') return [0, Math.max(1, (f.categories?.length ?? 2) - 1)];
    const [lo, hi] = f.range ?? [-1, 1];
    return hi > lo ? [lo, hi] : [lo - 1, lo + 1];
  });
}

/**
 * Builds the Lab's model for a schema with the one model builder of the lab (src/model/build.ts
 * `buildModel`): an MLP behind the frozen scaling layer (the features' ranges), or, for pictures
 * (`inputShape` [height, width, channels]), a CNN on the flat pixel rows. The trainer panel and the
 * Lab build their models the same way, dropout included.
 */
export function buildLabModel(spec: ModelSpec, schema: DatasetSchema, seed: number, inputShape?: readonly number[]): tf.LayersModel {
  validateModelSpec(spec);
  const classes = schema.classes.length;
  if (spec.kind === 'cnn') {
    if (!isImageShape(inputShape) || inputShape[0] * inputShape[1] * inputShape[2] !== schema.features.length) {
      throw new LabCommandError('train', `a CNN needs pictures; this dataset's rows are ${schema.features.length} features${inputShape ? ` of shape [${inputShape.join(', ')}]` : ''}`, { field: 'model' });
    }
    return buildModel(spec, { inputShape: [...inputShape], classes }, seed, { flatInput: true });
  }
  return buildModel(spec, { inputShape: [schema.features.length], classes }, seed, { inputRanges: featureRanges(schema) });
}
