import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildModel, DEFAULT_CNN, DEFAULT_MLP, SeededDropout, validateModelSpec } from '../../src/model/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('model specs', () => {
  test('the same spec and seed give the same initial weights; another seed other weights', async () => {
    const weights = async (seed: number) => {
      const m = buildModel(DEFAULT_MLP, { inputShape: [2], classes: 2 }, seed);
      const w = await Promise.all(m.getWeights().map((t) => t.data()));
      m.dispose();
      return w;
    };
    expect(await weights(5)).toEqual(await weights(5));
    expect(await weights(5)).not.toEqual(await weights(6));
  });

  test('layers follow the spec: hidden sizes, dropout, softmax output', () => {
    const m = buildModel({ ...DEFAULT_MLP, hidden: [8, 4], dropout: 0.3, activation: 'tanh' }, { inputShape: [3], classes: 5 }, 1);
    const kinds = m.layers.map((l) => l.getClassName());
    expect(kinds).toEqual(['Dense', 'MlopsSeededDropout', 'Dense', 'MlopsSeededDropout', 'Dense']);
    expect(m.outputs[0]?.shape).toEqual([null, 5]);
    m.dispose();
    const logistic = buildModel({ ...DEFAULT_MLP, hidden: [] }, { inputShape: [2], classes: 2 }, 1);
    expect(logistic.layers).toHaveLength(1);
    logistic.dispose();
  });

  test('seeded dropout: a new mask each training step, the same masks on a rerun, identity at inference', () => {
    const masks = () => {
      const layer = new SeededDropout({ rate: 0.5, seed: 11 });
      const x = tf.ones([1, 64]);
      const out = [0, 1, 2].map(() => tf.tidy(() => Array.from((layer.apply(x, { training: true }) as tf.Tensor).dataSync())));
      const inference = tf.tidy(() => Array.from((layer.apply(x, { training: false }) as tf.Tensor).dataSync()));
      x.dispose();
      return { out, inference };
    };
    const a = masks();
    const b = masks();
    expect(a.out).toEqual(b.out);
    expect(a.out[0]).not.toEqual(a.out[1]);
    expect(new Set(a.out[0])).toEqual(new Set([0, 2]));
    expect(a.inference.every((v) => v === 1)).toBe(true);
  });

  test('bad specs get a typed error naming the field', () => {
    expect(() => validateModelSpec(null)).toThrow(/model: must be an object/);
    expect(() => validateModelSpec({ ...DEFAULT_MLP, hidden: [16, 0] })).toThrow(/model\.hidden\[1\]/);
    expect(() => validateModelSpec({ ...DEFAULT_MLP, dropout: 1 })).toThrow(/model\.dropout/);
    expect(() => validateModelSpec({ ...DEFAULT_MLP, activation: 'swish' })).toThrow(/model\.activation/);
    expect(() => validateModelSpec({ ...DEFAULT_MLP, kind: 'rnn' })).toThrow(/model\.kind/);
    expect(() => validateModelSpec({ ...DEFAULT_CNN, kernelSize: 9 })).toThrow(/model\.kernelSize/);
    expect(() => buildModel(DEFAULT_CNN, { inputShape: [2], classes: 2 }, 1)).toThrow(/a CNN needs images/);
    expect(() => buildModel(DEFAULT_MLP, { inputShape: [16, 16, 1], classes: 2 }, 1)).toThrow(/an MLP needs flat rows/);
    expect(() => buildModel({ ...DEFAULT_CNN, filters: [4, 4, 4, 4] }, { inputShape: [8, 8, 1], classes: 2 }, 1)).toThrow(/shrink/);
    expect(() => buildModel(DEFAULT_MLP, { inputShape: [2], classes: 1 }, 1)).toThrow(/at least 2 classes/);
  });
});
