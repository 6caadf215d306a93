/**
 * The labelled-row buffer (the data station's memory): a ring of the last `capacity` requests whose
 * labels have arrived, in arrival order, with the stream index and simulated time of each. Bounded:
 * the oldest row is overwritten. Training windows are copied out of it.
 */
import type { Rng } from '../../../datasets/random';
import type { Examples } from '../../model/index';

/** The rows of a training window and where they came from. */
export interface Window {
  examples: Examples;
  /** Simulated seconds of the oldest and newest row; stream indices likewise. */
  from: number;
  to: number;
  firstIndex: number;
  lastIndex: number;
}

/** A bounded ring of labelled rows. */
export class LabelledBuffer {
  private readonly features: Float32Array;
  private readonly labels: Int32Array;
  private readonly times: Float64Array;
  private readonly indices: Float64Array;
  private head = 0;
  private count = 0;
  /** Rows ever pushed. */
  total = 0;

  constructor(
    readonly capacity: number,
    readonly cols: number,
    readonly classes: number,
  ) {
    this.features = new Float32Array(capacity * cols);
    this.labels = new Int32Array(capacity);
    this.times = new Float64Array(capacity);
    this.indices = new Float64Array(capacity);
  }

  /** Rows held. */
  get size(): number {
    return this.count;
  }

  /** Adds one labelled row (copied). */
  push(row: ArrayLike<number>, label: number, t: number, index: number): void {
    const at = this.head;
    for (let j = 0; j < this.cols; j++) this.features[at * this.cols + j] = row[j] as number;
    this.labels[at] = label;
    this.times[at] = t;
    this.indices[at] = index;
    this.head = (this.head + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    this.total++;
  }

  /** Slot of the k-th newest row (k = 0: the newest). */
  private slot(k: number): number {
    return (this.head - 1 - k + this.capacity * 2) % this.capacity;
  }

  /** The newest `n` rows, oldest first. */
  recent(n: number): Window {
    const take = Math.min(n, this.count);
    const order = Array.from({ length: take }, (_, i) => this.slot(take - 1 - i));
    return this.gather(order);
  }

  /**
   * `n` rows drawn with replacement from the newest `span`, row k (0 = newest) with probability
   * proportional to 2^(-k / halfLife): recent rows count more, old ones still a little.
   */
  weighted(span: number, n: number, halfLife: number, rng: Rng): Window {
    const take = Math.min(span, this.count);
    if (take === 0) return this.gather([]);
    const cumulative = new Float64Array(take);
    let sum = 0;
    for (let k = 0; k < take; k++) cumulative[k] = sum += Math.pow(2, -k / halfLife);
    const order: number[] = [];
    for (let i = 0; i < Math.min(n, take); i++) {
      const u = rng.next() * sum;
      let lo = 0;
      let hi = take - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cumulative[mid] as number) > u) hi = mid;
        else lo = mid + 1;
      }
      order.push(this.slot(lo));
    }
    order.sort((a, b) => (this.indices[a] as number) - (this.indices[b] as number));
    return this.gather(order);
  }

  private gather(slots: number[]): Window {
    const c = this.cols;
    const features = new Float32Array(slots.length * c);
    const labels = new Int32Array(slots.length);
    let from = Infinity;
    let to = -Infinity;
    let firstIndex = Infinity;
    let lastIndex = -Infinity;
    slots.forEach((s, i) => {
      features.set(this.features.subarray(s * c, (s + 1) * c), i * c);
      labels[i] = this.labels[s] as number;
      from = Math.min(from, this.times[s] as number);
      to = Math.max(to, this.times[s] as number);
      firstIndex = Math.min(firstIndex, this.indices[s] as number);
      lastIndex = Math.max(lastIndex, this.indices[s] as number);
    });
    const empty = slots.length === 0;
    return { examples: { features, labels, rows: slots.length, inputShape: [c], classes: this.classes }, from: empty ? 0 : from, to: empty ? 0 : to, firstIndex: empty ? 0 : firstIndex, lastIndex: empty ? 0 : lastIndex };
  }
}
