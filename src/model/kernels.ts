/**
 * Which TF.js kernels a model needs in order to train, beyond those every backend has. The backend
 * chooser skips a backend that lacks one (reason `missing-kernels`) instead of failing mid-run.
 *
 * Today the only gap among our backends is the gradient of a convolution with respect to its
 * filters: tfjs-backend-wasm 4.22 registers `Conv2D`, `Conv2DBackpropInput` and `MaxPoolGrad` but
 * no `Conv2DBackpropFilter`, so it can run a CNN but not train one. The list holds every kernel a
 * CNN's backward pass uses that is not also an MLP's; tests/unit/kernels.test.ts checks it against
 * the kernels a real training step records, so a TF.js upgrade that changes them is noticed.
 */
import type { ModelSpec } from './spec';

/** Kernels a CNN's training step uses that an MLP's does not (forward and backward). */
const CNN_TRAINING_KERNELS = ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPool', 'MaxPoolGrad'] as const;

/** The kernels to require of a backend before training `spec` on it (empty: any backend will do). */
export function trainingKernels(spec: Pick<ModelSpec, 'kind'>): readonly string[] {
  return spec.kind === 'cnn' ? CNN_TRAINING_KERNELS : [];
}
