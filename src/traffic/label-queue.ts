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

interface Entry {
  event: LabelEvent;
  seq: number;
}

/** A bounded priority queue of label events. */
export class LabelQueue {
  private readonly heap: Entry[] = [];
  private seq = 0;
  /** Labels refused because the queue was full. */
  dropped = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.heap.length;
  }

  /** Queues a label; returns false (and counts it) when the queue is full. */
  push(event: LabelEvent): boolean {
    if (this.heap.length >= this.capacity) {
      this.dropped++;
      return false;
    }
    const h = this.heap;
    const entry: Entry = { event, seq: this.seq++ };
    // Sift up by moving the hole (parents move down; the new entry is written once).
    let i = h.length;
    h.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as Entry;
      if (!before(entry, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = entry;
    return true;
  }

  /** The arrival time of the earliest label, or Infinity. */
  peekTime(): number {
    return this.heap[0]?.event.t ?? Infinity;
  }

  /** Removes and returns the earliest label. */
  pop(): LabelEvent | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (!top || !last) return undefined;
    if (h.length > 0) {
      // Sift `last` down from the root by moving the hole (smaller children move up; `last` is written once).
      const n = h.length;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && before(h[r] as Entry, h[l] as Entry) ? r : l;
        const c = h[child] as Entry;
        if (!before(c, last)) break;
        h[i] = c;
        i = child;
      }
      h[i] = last;
    }
    return top.event;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.event.t < b.event.t || (a.event.t === b.event.t && a.seq < b.seq);
}
