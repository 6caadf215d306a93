import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { FlatAdamOptimizer } from '../../src/model/flat-adam';
import { LOOP_MODEL } from '../../src/loop/engine/config';
import { checkFlatAdam } from '../browser/flat-adam-check';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('flat Adam trains the Lab model bit for bit as tf.train.adam on cpu, with nothing leaked', async () => {
  const r = await checkFlatAdam(LOOP_MODEL, 60);
  expect(r.backend).toBe('cpu');
  expect(r.compared).toBeGreaterThan(60 * 300);
  expect(r.different).toBe(0);
  expect(r.leaked).toBe(0);
});

test('flat Adam matches tf.train.adam with an L2 penalty, one hidden layer and another learning rate', async () => {
  const r = await checkFlatAdam({ kind: 'mlp', hidden: [8], activation: 'tanh', l2: 0.01, dropout: 0 }, 40, 0.05);
  expect(r.different).toBe(0);
  expect(r.leaked).toBe(0);
});

test('flat Adam takes one step as Adam does (each weight moves by the learning rate against its gradient) and refuses other variables later', async () => {
  const opt = new FlatAdamOptimizer(0.01);
  const a = tf.variable(tf.tensor1d([1, 2, 3]));
  const b = tf.variable(tf.tensor1d([4]));
  opt.applyGradients([{ name: a.name, tensor: tf.tensor1d([0.5, -0.5, 1]) }]);
  expect(() => opt.applyGradients([{ name: b.name, tensor: tf.tensor1d([1]) }])).toThrow(/changed between steps/);
  // One Adam step moves every weight by about the learning rate, against the gradient's sign.
  const moved = Array.from(a.dataSync()).map((v, i) => v - [1, 2, 3][i]!);
  expect(moved[0]).toBeCloseTo(-0.01, 6);
  expect(moved[1]).toBeCloseTo(0.01, 6);
  expect(moved[2]).toBeCloseTo(-0.01, 6);
  opt.dispose();
  tf.dispose([a, b]);
});
