import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { BACKENDS, Compute, missingKernels } from '../../src/compute/index';
import { buildModel, DEFAULT_CNN, DEFAULT_MLP, randomBatch, trainingKernels, type ModelShape, type ModelSpec } from '../../src/model/index';

/**
 * The kernels one real training step of `spec` runs (forward, backward, optimizer), on cpu. The
 * profile also names ops with a custom gradient (e.g. `fusedMatMul__op`), which are not kernels:
 * only names with a cpu kernel are kept.
 */
async function kernelsOfTrainingStep(spec: ModelSpec, shape: ModelShape): Promise<string[]> {
  await tf.setBackend('cpu');
  const model = buildModel(spec, shape, 1);
  const { x, y } = randomBatch(shape, 8, 1);
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const info = await tf.profile(async () => {
    await model.trainOnBatch(x, y);
  });
  tf.dispose([x, y]);
  model.optimizer.dispose();
  model.dispose();
  return [...new Set(info.kernelNames)].filter((name) => tf.getKernel(name, 'cpu') !== undefined);
}

describe('kernels a model needs to train', () => {
  test('an MLP trains with kernels every backend has', async () => {
    const used = await kernelsOfTrainingStep(DEFAULT_MLP, { inputShape: [2], classes: 2 });
    expect(used.length).toBeGreaterThan(5);
    for (const backend of BACKENDS) expect(missingKernels(backend, used), backend).toEqual([]);
    expect(trainingKernels(DEFAULT_MLP)).toEqual([]);
  });

  test('the CNN list covers every kernel of a real CNN training step that some backend lacks', async () => {
    const used = await kernelsOfTrainingStep(DEFAULT_CNN, { inputShape: [16, 16, 1], classes: 4 });
    const lacking = new Set(BACKENDS.flatMap((b) => missingKernels(b, used)));
    expect([...lacking]).toEqual(['Conv2DBackpropFilter']);
    for (const kernel of lacking) expect(trainingKernels(DEFAULT_CNN)).toContain(kernel);
    for (const kernel of trainingKernels(DEFAULT_CNN)) expect(used).toContain(kernel);
    expect(missingKernels('wasm', trainingKernels(DEFAULT_CNN))).toEqual(['Conv2DBackpropFilter']);
  });

  test('the chooser skips a backend that cannot train the model, and says so', async () => {
    const compute = new Compute();
    const choice = await compute.choose('wasm', { candidates: ['cpu'], requiredKernels: trainingKernels(DEFAULT_CNN) });
    expect(choice.backend).toBe('cpu');
    expect(choice.attempts[0]).toEqual({ backend: 'wasm', ok: false, reason: 'missing-kernels', detail: 'no Conv2DBackpropFilter kernel' });
    expect(choice.message).toBe('WASM unavailable (it cannot train this model); training on CPU (plain JavaScript)');
    expect(compute.supports(trainingKernels(DEFAULT_CNN))).toBe(true);
    const mlpOnly = await compute.choose('wasm', { candidates: ['cpu'] });
    expect(mlpOnly.attempts[0]?.reason).not.toBe('missing-kernels');
  });
});
