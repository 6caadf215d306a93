/**
 * Labels waiting to be released, ordered by arrival time (ties: the order they were queued): a binary
 * min-heap with a capacity. When full, a new label is dropped and counted, never silently lost.
 */

/** A delayed label: the request's id, when the label arrives, the class. */
export interface LabelEvent {
  id: string;
  /** The stream position of the request it labels (optional: a label may come from outside a stream). */
  index?: number;
  /** Simulated seconds when the label arrives. */
  t: number;
  label: number;
}

/** Slots allocated at first; the arrays double when full (up to `capacity`). */
const INITIAL_SLOTS = 1024;

/**
 * A bounded priority queue of label events. The heap lives in parallel arrays (arrival time, queue
 * order, request position, class, id), so a waiting label is no object of its own, and the heap's
 * comparisons read two typed arrays instead of following two pointers per entry (in a browser worker
 * those comparisons were most of what the stream cost). `pop` makes the event it returns.
 */
export class LabelQueue {
  private times = new Float64Array(INITIAL_SLOTS);
  private seqs = new Float64Array(INITIAL_SLOTS);
  /** The request's stream position, NaN when the event had none. */
  private indices = new Float64Array(INITIAL_SLOTS);
  private classes = new Float64Array(INITIAL_SLOTS);
  private readonly ids: string[] = [];
  private n = 0;
  private seq = 0;
  /** Labels refused because the queue was full. */
  dropped = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.n;
  }

  /** Queues a label; returns false (and counts it) when the queue is full. */
  push(event: LabelEvent): boolean {
    if (this.n >= this.capacity) {
      this.dropped++;
      return false;
    }
    if (this.n === this.times.length) this.grow();
    const t = event.t;
    const seq = this.seq++;
    // Sift up by moving the hole (parents move down; the new label is written once).
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(t, seq, this.times[parent] as number, this.seqs[parent] as number)) break;
      this.move(parent, i);
      i = parent;
    }
    this.write(i, t, seq, event.index ?? NaN, event.label, event.id);
    return true;
  }

  /** The arrival time of the earliest label, or Infinity. */
  peekTime(): number {
    return this.n > 0 ? (this.times[0] as number) : Infinity;
  }

  /** Removes and returns the earliest label. */
  pop(): LabelEvent | undefined {
    if (this.n === 0) return undefined;
    const index = this.indices[0] as number;
    const id = this.ids[0] as string;
    const t0 = this.times[0] as number;
    const label = this.classes[0] as number;
    const top: LabelEvent = Number.isNaN(index) ? { id, t: t0, label } : { id, index, t: t0, label };
    const last = --this.n;
    if (last > 0) {
      // Sift the last label down from the root by moving the hole (smaller children move up; it is written once).
      const t = this.times[last] as number;
      const seq = this.seqs[last] as number;
      const lastIndex = this.indices[last] as number;
      const lastClass = this.classes[last] as number;
      const lastId = this.ids[last] as string;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        const r = l + 1;
        const child = r < last && before(this.times[r] as number, this.seqs[r] as number, this.times[l] as number, this.seqs[l] as number) ? r : l;
        if (!before(this.times[child] as number, this.seqs[child] as number, t, seq)) break;
        this.move(child, i);
        i = child;
      }
      this.write(i, t, seq, lastIndex, lastClass, lastId);
    }
    this.ids[last] = '';
    return top;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from] as number;
    this.seqs[to] = this.seqs[from] as number;
    this.indices[to] = this.indices[from] as number;
    this.classes[to] = this.classes[from] as number;
    this.ids[to] = this.ids[from] as string;
  }

  private write(i: number, t: number, seq: number, index: number, label: number, id: string): void {
    this.times[i] = t;
    this.seqs[i] = seq;
    this.indices[i] = index;
    this.classes[i] = label;
    this.ids[i] = id;
  }

  /** Doubles the typed arrays (never past the capacity). */
  private grow(): void {
    const size = Math.min(this.capacity, this.times.length * 2);
    const widen = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.times = widen(this.times);
    this.seqs = widen(this.seqs);
    this.indices = widen(this.indices);
    this.classes = widen(this.classes);
  }
}

/** Whether the label (t, seq) leaves before (u, useq): earlier arrival, ties in queue order. */
function before(t: number, seq: number, u: number, useq: number): boolean {
  return t < u || (t === u && seq < useq);
}
