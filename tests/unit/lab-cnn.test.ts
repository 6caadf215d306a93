/**
 * Pictures in the loop: the Lab builds the small CNN for an image scenario (when its config names no
 * model), on the flat pixel rows its endpoint serves, with the one builder the trainer uses.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { createDataset } from '../../datasets/catalog';
import { buildModel } from '../../src/model/build';
import { buildLabModel, LAB_CNN } from '../../src/loop/engine/model';
import { Lab, LOOP_MODEL } from '../../src/loop/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the Lab CNN', () => {
  test('takes flat rows of 256 pixels, answers 4 classes, and is weight for weight what buildModel(flatInput) builds', async () => {
    const shapes = createDataset({ id: 'shapes' });
    const lab = buildLabModel(LAB_CNN, shapes.schema, 5, shapes.inputShape);
    const direct = buildModel(LAB_CNN, { inputShape: [16, 16, 1], classes: 4 }, 5, { flatInput: true });
    try {
      expect(lab.inputs[0]?.shape).toEqual([null, 256]);
      expect(lab.outputs[0]?.shape).toEqual([null, 4]);
      const a = await Promise.all(lab.getWeights().map((w) => w.data()));
      const b = await Promise.all(direct.getWeights().map((w) => w.data()));
      expect(a.map((x) => Array.from(x))).toEqual(b.map((x) => Array.from(x)));
    } finally {
      lab.dispose();
      direct.dispose();
    }
  });

  test('a CNN on rows that are not pictures is refused with a typed error', () => {
    const moons = createDataset({ id: 'moons' });
    expect(() => buildLabModel(LAB_CNN, moons.schema, 1, moons.inputShape)).toThrow(/a CNN needs pictures; this dataset's rows are 2 features/);
  });

  test('an image scenario gets the CNN when its config names no model; a named model is kept', async () => {
    const pictures = await Lab.create({ scenario: 'shapes-sensor-degradation', seed: 1 });
    const named = await Lab.create({ scenario: 'shapes-sensor-degradation', seed: 1, model: LOOP_MODEL });
    const tabular = await Lab.create({ scenario: 'moons-rotation', seed: 1 });
    try {
      expect(pictures.config.model).toEqual(LAB_CNN);
      expect(named.config.model).toEqual(LOOP_MODEL);
      expect(tabular.config.model).toEqual(LOOP_MODEL);
    } finally {
      await Promise.all([pictures.dispose(), named.dispose(), tabular.dispose()]);
    }
  });
});
