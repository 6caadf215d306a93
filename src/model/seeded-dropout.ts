/**
 * Dropout with a seed that gives a new mask on every training step.
 *
 * TF.js's own Dropout layer, given a seed, builds its random mask from that same seed on every call,
 * so every batch drops the same units; without a seed it is not reproducible. This layer draws the
 * mask for step k from seed + k, so a run is reproducible and each step's mask differs. At inference
 * it is the identity (inverted dropout: kept units are scaled by 1 / (1 - rate) during training).
 */
import * as tf from '@tensorflow/tfjs';

/** Constructor arguments of SeededDropout. */
export interface SeededDropoutArgs {
  rate: number;
  seed: number;
  name?: string;
}

/** A dropout layer whose masks are reproducible from its seed. */
export class SeededDropout extends tf.layers.Layer {
  /** Name under which the class is registered for model save and load. */
  static readonly className = 'MlopsSeededDropout';
  private readonly rate: number;
  private readonly seed: number;
  private step = 0;

  constructor(args: SeededDropoutArgs) {
    super(args.name ? { name: args.name } : {});
    this.rate = args.rate;
    this.seed = args.seed;
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    if (!kwargs.training || this.rate === 0) return tf.clone(x);
    const seed = this.seed + this.step;
    this.step += 1;
    return tf.dropout(x, this.rate, undefined, seed);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

tf.serialization.registerClass(SeededDropout);
