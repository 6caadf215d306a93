/**
 * Adam with the moments of every variable in one flat vector: the trainer's optimizer when a config
 * names `adam`.
 *
 * TF.js's `tf.train.adam` updates each variable with its own run of about fourteen kernels, so a small
 * MLP (six weight tensors) dispatches some ninety kernels per step for the optimizer alone; on the cpu
 * backend their fixed cost is about a quarter of a training step, and on a GPU each is a dispatch.
 * Adam is element-wise, so this one concatenates the gradients and the weights once and runs the same
 * update, kernel for kernel and in the same order, on the flat vector, then splits the new weights
 * back: every element goes through exactly the operations (and float32 roundings) it would go
 * through in `tf.train.adam`, so the trained weights are bit for bit the same (tested on cpu, WebGL
 * and WebGPU against `tf.train.adam`). Defaults as TF.js: beta1 0.9, beta2 0.999, epsilon the
 * backend's own.
 */
import * as tf from '@tensorflow/tfjs';

/** A variable's name and its gradient (TF.js's NamedTensor, which its index does not export). */
type NamedGradient = { name: string; tensor: tf.Tensor };

/** One variable's place in the flat vector. */
interface Place {
  name: string;
  shape: number[];
  size: number;
}

/** Adam over one flat vector; see the file comment. */
export class FlatAdamOptimizer extends tf.Optimizer {
  /** The name TF.js's serialization would use (it is Adam's update). */
  static get className(): string {
    return 'FlatAdam';
  }

  private readonly epsilon: number;
  private readonly accBeta1: tf.Variable;
  private readonly accBeta2: tf.Variable;
  private firstMoment: tf.Variable | null = null;
  private secondMoment: tf.Variable | null = null;
  private layout: Place[] | null = null;

  constructor(
    readonly learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    epsilon?: number,
  ) {
    super();
    this.epsilon = epsilon ?? tf.backend().epsilon();
    [this.accBeta1, this.accBeta2] = tf.tidy(() => [tf.scalar(beta1).variable(), tf.scalar(beta2).variable()]);
  }

  /** Applies one step to the named variables (the ones with a gradient, in the order given). */
  applyGradients(variableGradients: tf.NamedTensorMap | NamedGradient[]): void {
    const given = Array.isArray(variableGradients) ? variableGradients : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] as tf.Tensor }));
    // As tf.train.adam: a variable without a gradient is left alone (its moments too).
    const grads = given.filter((g) => g.tensor != null);
    if (grads.length === 0) return;
    const layout = this.placesFor(grads);
    const variables = layout.map((p) => {
      const v = tf.engine().registeredVariables[p.name];
      if (!v) throw new Error(`FlatAdamOptimizer: no variable named ${p.name}`);
      return v;
    });
    tf.tidy(() => {
      const m = this.firstMoment as tf.Variable;
      const v = this.secondMoment as tf.Variable;
      const g = flat(grads.map((x) => x.tensor));
      const value = flat(variables);
      const oneMinusAccBeta1 = tf.sub(1, this.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, this.accBeta2);
      // The operations of tf.train.adam's update, in its order.
      const newFirstMoment = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
      const newSecondMoment = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
      const biasCorrectedFirstMoment = tf.div(newFirstMoment, oneMinusAccBeta1);
      const biasCorrectedSecondMoment = tf.div(newSecondMoment, oneMinusAccBeta2);
      m.assign(newFirstMoment);
      v.assign(newSecondMoment);
      const newValue = tf.add(tf.mul(tf.div(biasCorrectedFirstMoment, tf.add(tf.sqrt(biasCorrectedSecondMoment), this.epsilon)), -this.learningRate), value);
      const parts = layout.length === 1 ? [newValue] : tf.split(newValue, layout.map((p) => p.size));
      layout.forEach((p, i) => (variables[i] as tf.Variable).assign(tf.reshape(parts[i] as tf.Tensor, p.shape)));
      this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }

  /** Frees the moments and the running powers of beta. */
  override dispose(): void {
    this.accBeta1.dispose();
    this.accBeta2.dispose();
    this.firstMoment?.dispose();
    this.secondMoment?.dispose();
    this.firstMoment = null;
    this.secondMoment = null;
  }

  /** The optimizer's settings (as Adam's). */
  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  /**
   * The flat layout of the variables being updated, made (with zero moments) at the first step. The
   * same optimizer must then see the same variables in the same order: the moments of a variable are
   * its slice of the flat vector.
   */
  private placesFor(grads: readonly NamedGradient[]): Place[] {
    if (this.layout === null) {
      this.layout = grads.map((g) => ({ name: g.name, shape: [...g.tensor.shape], size: g.tensor.size }));
      const total = this.layout.reduce((s, p) => s + p.size, 0);
      this.firstMoment = tf.tidy(() => tf.zeros([total]).variable(false));
      this.secondMoment = tf.tidy(() => tf.zeros([total]).variable(false));
      return this.layout;
    }
    const layout = this.layout;
    const same = layout.length === grads.length && grads.every((g, i) => g.name === layout[i]?.name && g.tensor.size === layout[i]?.size);
    if (!same) throw new Error('FlatAdamOptimizer: the variables being trained changed between steps (one optimizer per training run)');
    return layout;
  }
}

/** The tensors' values, each flattened, end to end. */
function flat(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  const parts = tensors.map((t) => tf.reshape(t, [-1]));
  return (parts.length === 1 ? parts[0] : tf.concat(parts)) as tf.Tensor1D;
}
