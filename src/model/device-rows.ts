/**
 * Training rows on the backend: the inputs and one-hot targets are uploaded once per run, and each
 * epoch's order is a small int32 permutation, so a batch is a gather by index on the device instead
 * of a copy in JavaScript and an upload. The values a batch holds are exactly those the rows hold, so
 * the arithmetic (and a seeded run's result) is the same as building the batch on the host.
 */
import * as tf from '@tensorflow/tfjs';
import type { Examples } from './data';

/** One run's training rows, held by the active backend until `dispose`. */
export class DeviceRows {
  readonly rows: number;
  private readonly x: tf.Tensor;
  private readonly y: tf.Tensor;
  private order: tf.Tensor1D | null = null;

  constructor(data: Examples) {
    this.rows = data.rows;
    this.x = tf.tensor(data.features, [data.rows, ...data.inputShape]);
    this.y = tf.tidy(() => tf.oneHot(tf.tensor1d(data.labels, 'int32'), data.classes).toFloat());
  }

  /** Sets the order of the next epoch (row indices; one small upload). */
  setOrder(order: ArrayLike<number>): void {
    this.order?.dispose();
    this.order = tf.tensor1d(Int32Array.from(order), 'int32');
  }

  /** The inputs and targets of the rows at positions [start, end) of the current order. */
  batch(start: number, end: number): [tf.Tensor, tf.Tensor] {
    const order = this.order;
    if (!order) throw new Error('DeviceRows.batch before setOrder');
    return tf.tidy(() => {
      const index = order.slice(start, end - start);
      return [tf.gather(this.x, index), tf.gather(this.y, index)];
    });
  }

  /** Frees every tensor this holds. */
  dispose(): void {
    this.order?.dispose();
    this.order = null;
    tf.dispose([this.x, this.y]);
  }
}
