/**
 * The picture CNN the Lab trains (src/model/build.ts with flatInput: Reshape, Conv2D, MaxPooling2D,
 * Flatten, Dense) passes the import pre-check (src/registry/topology.ts) and comes back predicting
 * the same numbers; a CNN whose weights do not match its topology is refused before TF.js builds it.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { DatasetSchema } from '../../../datasets/types';
import { LAB_CNN } from '../../../src/loop/engine/model';
import { buildModel } from '../../../src/model/build';
import type { CnnSpec } from '../../../src/model/spec';
import { exportBundle, ImportError, importBundle, ModelRegistry, precheckImport, readBundle, readTopology, type VersionBundle } from '../../../src/registry/index';
import { versionInfo } from './fixtures';

/** 6 x 6 one-channel pictures as flat rows of 36 values, three classes. */
const PICTURE: DatasetSchema = {
  features: Array.from({ length: 36 }, (_, i) => ({ name: `p${i}`, type: 'numeric' as const, range: [0, 1] as [number, number] })),
  classes: ['circle', 'square', 'triangle'],
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function cnn(seed: number, spec: CnnSpec = LAB_CNN): tf.LayersModel {
  return buildModel(spec, { inputShape: [6, 6, 1], classes: 3 }, seed, { flatInput: true });
}

async function source(spec: CnnSpec = LAB_CNN): Promise<ModelRegistry> {
  const registry = await ModelRegistry.open();
  const model = cnn(5, spec);
  await registry.register(model, versionInfo(5, { model: spec, schema: PICTURE }));
  model.dispose();
  return registry;
}

function rows(): number[][] {
  return Array.from({ length: 4 }, (_, r) => Array.from({ length: 36 }, (_, i) => ((i * 7 + r * 13) % 11) / 10));
}

async function predict(model: tf.LayersModel): Promise<number[][]> {
  const x = tf.tensor2d(rows());
  const y = model.predict(x) as tf.Tensor;
  const out = (await y.array()) as number[][];
  tf.dispose([x, y]);
  return out;
}

type Layers = Array<{ class_name: string; config: Record<string, unknown> }>;
type Bundle = VersionBundle & { modelJson: { modelTopology: { config: { layers: Layers } }; weightsManifest: Array<{ weights: Array<{ name: string; shape: number[] }> }> } };

describe('CNN versions through export and import', () => {
  test('the topology reader follows the widths: reshape 36 -> [6, 6, 1], same conv -> [6, 6, 4], pool -> [3, 3, 4], flatten -> 36', () => {
    const model = cnn(1);
    const summary = readTopology(model.toJSON(null, false));
    expect(summary.inputs).toBe(36);
    expect(summary.outputs).toBe(3);
    expect(summary.outputActivation).toBe('softmax');
    expect(summary.weights.map((w) => w.shape)).toEqual([[3, 3, 1, 4], [4], [36, 16], [16], [16, 3], [3]]);
    expect(summary.weights.map((w) => w.shape)).toEqual(model.weights.map((w) => w.shape));
    expect(summary.params).toBe(model.countParams());
    model.dispose();
  });

  test('two conv blocks, valid and same padding, strides: the reader agrees with the shapes TF.js builds', async () => {
    const model = cnn(2, { ...LAB_CNN, filters: [3, 5], kernelSize: 2, dense: 7 });
    const json = model.toJSON(null, false) as { config: { layers: Layers } };
    model.dispose();
    expect(readTopology(json).weights.map((w) => w.shape)).toEqual([[2, 2, 1, 3], [3], [2, 2, 3, 5], [5], [5, 7], [7], [7, 3], [3]]);
    // Hand-edited: conv valid stride 1 (6 -> 5), pool valid (5 -> 2), conv same stride 2 (2 -> 1), pool same (1 -> 1).
    const layers = json.config.layers;
    Object.assign(layers[1]!.config, { padding: 'valid' });
    Object.assign(layers[3]!.config, { padding: 'same', strides: [2, 2] });
    Object.assign(layers[4]!.config, { padding: 'same' });
    const summary = readTopology(json);
    const built = await tf.models.modelFromJSON(structuredClone(json) as unknown as tf.io.ModelJSON['modelTopology'] as never);
    expect(summary.weights.map((w) => w.shape)).toEqual(built.weights.map((w) => w.shape));
    expect(summary.weights.find((w) => w.name.startsWith('dense') && w.name.endsWith('/kernel'))?.shape).toEqual([5, 7]);
    built.dispose();
    // A valid 2x2 pool on the 1x1 image TF.js would have to refuse: the reader refuses it first.
    Object.assign(layers[4]!.config, { padding: 'valid' });
    expect(() => readTopology(json)).toThrow(/2x2 window does not fit the 1x1 image/);
  });

  test('a CNN version exported and imported into another registry predicts identically', async () => {
    const from = await source();
    const text = await exportBundle(from, 'v1', new Date(Date.UTC(2026, 1, 2)));
    const to = await ModelRegistry.open();
    const imported = await importBundle(to, text);
    expect(imported.id).toBe('v1');
    expect(imported.model).toEqual(LAB_CNN);
    const a = await from.loadModel('v1');
    const b = await to.loadModel('v1');
    expect(await predict(b)).toEqual(await predict(a));
    a.dispose();
    b.dispose();
  });

  test('a CNN with a wrong kernel shape is refused by the pre-check, before TF.js builds anything', async () => {
    const from = await source();
    const good = JSON.parse(await exportBundle(from, 'v1')) as Bundle;
    const cases: Array<[string, (b: Bundle) => void, RegExp]> = [
      // The manifest's kernel is 3x3x1x4 = 36 values; 1x3x3x4 holds as many bytes but is another shape.
      ['kernel reshaped', (b) => void (b.modelJson.weightsManifest[0]!.weights[0]!.shape = [1, 3, 3, 4]), /conv2d.*\/kernel is \[1, 3, 3, 4\].*needs \[3, 3, 1, 4\]/],
      // The topology claims a 5x5 kernel while the manifest still holds the 3x3 one.
      ['kernel_size changed', (b) => void (b.modelJson.modelTopology.config.layers[1]!.config.kernel_size = [5, 5]), /parameters but the weight manifest/],
      ['reshape to the wrong size', (b) => void (b.modelJson.modelTopology.config.layers[0]!.config.target_shape = [6, 5, 1]), /target_shape.*30 values but each row has 36/],
      ['conv before the reshape', (b) => void b.modelJson.modelTopology.config.layers.splice(0, 2, { ...b.modelJson.modelTopology.config.layers[1]!, config: { ...b.modelJson.modelTopology.config.layers[1]!.config, batch_input_shape: [null, 36] } }, b.modelJson.modelTopology.config.layers[0]!), /Conv2D layer takes \[height, width, channels\]/],
      ['no flatten', (b) => void b.modelJson.modelTopology.config.layers.splice(3, 1), /Dense layer takes flat rows/],
      ['dilation', (b) => void (b.modelJson.modelTopology.config.layers[1]!.config.dilation_rate = [2, 2]), /dilation_rate/],
    ];
    const variables = Object.keys(tf.engine().registeredVariables).length;
    const tensors = tf.memory().numTensors;
    for (const [name, mutate, message] of cases) {
      const bad = structuredClone(good);
      mutate(bad);
      const text = JSON.stringify(bad);
      let error: unknown;
      try {
        precheckImport(readBundle(text));
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(ImportError);
      expect((error as ImportError).reason, name).toBe('bad-topology');
      expect((error as Error).message, name).toMatch(message);
      const to = await ModelRegistry.open();
      await expect(importBundle(to, text), name).rejects.toBeInstanceOf(ImportError);
      expect(to.list(), name).toHaveLength(0);
    }
    expect(Object.keys(tf.engine().registeredVariables).length).toBe(variables);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
