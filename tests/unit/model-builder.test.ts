import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { createDataset, type DatasetId } from '../../datasets/catalog';
import { buildLabModel, featureRanges } from '../../src/loop/engine/model';
import { buildModel, type MlpSpec } from '../../src/model/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A layer's config without its auto-generated name (TF.js numbers layers globally). */
function configs(model: tf.LayersModel) {
  return model.layers.map((layer) => {
    const { name: _name, ...config } = layer.getConfig();
    return { className: layer.getClassName(), config };
  });
}

async function weights(model: tf.LayersModel): Promise<number[][]> {
  return Promise.all(model.getWeights().map(async (w) => Array.from(await w.data())));
}

describe('one model builder for the trainer and the Lab', () => {
  const cases: [DatasetId, MlpSpec][] = [
    ['moons', { kind: 'mlp', hidden: [16, 16], activation: 'relu', l2: 0, dropout: 0 }],
    ['loans', { kind: 'mlp', hidden: [8], activation: 'tanh', l2: 0.001, dropout: 0 }],
    ['sea', { kind: 'mlp', hidden: [], activation: 'relu', l2: 0, dropout: 0 }],
  ];
  test.each(cases)('with the input ranges and dropout 0, buildModel builds exactly what buildLabModel builds (%s)', async (id, spec) => {
    const schema = createDataset({ id }).schema;
    const lab = buildLabModel(spec, schema, 7);
    const one = buildModel(spec, { inputShape: [schema.features.length], classes: schema.classes.length }, 7, { inputRanges: featureRanges(schema) });
    expect(configs(one)).toEqual(configs(lab));
    expect(one.layers[0]?.name).toBe('scale_inputs');
    expect(one.layers[0]?.trainable).toBe(false);
    expect(await weights(one)).toEqual(await weights(lab));
    lab.dispose();
    one.dispose();
  });

  test('dropout, which the Lab builder ignores, is honoured: seeded dropout after each hidden layer', () => {
    const schema = createDataset({ id: 'moons' }).schema;
    const spec: MlpSpec = { kind: 'mlp', hidden: [16, 16], activation: 'relu', l2: 0, dropout: 0.2 };
    const model = buildModel(spec, { inputShape: [2], classes: 2 }, 7, { inputRanges: featureRanges(schema) });
    expect(model.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dense', 'MlopsSeededDropout', 'Dense', 'MlopsSeededDropout', 'Dense']);
    model.dispose();
  });

  test('bad input ranges get a typed error', () => {
    const spec: MlpSpec = { kind: 'mlp', hidden: [4], activation: 'relu', l2: 0, dropout: 0 };
    expect(() => buildModel(spec, { inputShape: [2], classes: 2 }, 1, { inputRanges: [[0, 1]] })).toThrow(expect.objectContaining({ code: 'invalid-model-spec', details: expect.objectContaining({ field: 'inputRanges' }) }));
    expect(() => buildModel(spec, { inputShape: [2], classes: 2 }, 1, { inputRanges: [[0, 1], [3, 3]] })).toThrow(/inputRanges\[1\]: must be finite with max > min/);
  });
});
