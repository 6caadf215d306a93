import { expect, test } from 'vitest';
import { createRng } from '../../../datasets/random';
import { LabelQueue, type LabelEvent } from '../../../src/traffic/label-queue';

test('labels leave in arrival order, ties in the order they were queued, across growth and interleaved pops', () => {
  const rng = createRng(5);
  const q = new LabelQueue(1_000_000);
  // The reference: every queued label with its queue order, sorted by (t, order) when asked.
  const waiting: { e: LabelEvent; order: number }[] = [];
  let order = 0;
  const popped: LabelEvent[] = [];
  const expected: LabelEvent[] = [];
  for (let step = 0; step < 20_000; step++) {
    if (rng.next() < 0.55) {
      // Coarse times, so many labels tie; some labels come from outside a stream (no index).
      const t = Math.floor(rng.next() * 50);
      const e: LabelEvent = rng.next() < 0.1 ? { id: `x${step}`, t, label: rng.int(3) } : { id: `r${step}`, index: step, t, label: rng.int(3) };
      expect(q.push(e)).toBe(true);
      waiting.push({ e, order: order++ });
    } else if (waiting.length > 0) {
      waiting.sort((a, b) => a.e.t - b.e.t || a.order - b.order);
      expect(q.peekTime()).toBe(waiting[0]?.e.t);
      expected.push((waiting.shift() as { e: LabelEvent }).e);
      popped.push(q.pop() as LabelEvent);
    }
    expect(q.size).toBe(waiting.length);
  }
  expect(popped.length).toBeGreaterThan(5_000);
  expect(popped).toEqual(expected);
  // An event without an index comes back without the key, as it went in.
  const outside = popped.find((e) => e.id.startsWith('x'));
  expect(outside).toBeDefined();
  expect('index' in (outside as LabelEvent)).toBe(false);
});

test('a full queue refuses and counts; an empty one says Infinity and undefined', () => {
  const q = new LabelQueue(3);
  expect(q.peekTime()).toBe(Infinity);
  expect(q.pop()).toBeUndefined();
  for (let i = 0; i < 5; i++) q.push({ id: `r${i}`, index: i, t: 10 - i, label: 1 });
  expect(q.size).toBe(3);
  expect(q.dropped).toBe(2);
  expect([q.pop(), q.pop(), q.pop(), q.pop()]).toEqual([{ id: 'r2', index: 2, t: 8, label: 1 }, { id: 'r1', index: 1, t: 9, label: 1 }, { id: 'r0', index: 0, t: 10, label: 1 }, undefined]);
});
