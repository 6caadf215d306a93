import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { bucketFor, chunks, isErrorResponse, MicroBatcher, ManualScheduler, NonFiniteOutput, quantile, type EndpointResponse, type InferResponse } from '../../../src/serving/index';
import { endpointOf, oneRow, record, registryOf, settle } from './setup';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function ok(r: EndpointResponse): InferResponse {
  if (isErrorResponse(r)) throw new Error(`expected an answer, got ${JSON.stringify(r)}`);
  return r;
}

describe('buckets and percentiles', () => {
  test('rows are padded to the smallest bucket that fits and split at the largest', () => {
    expect([1, 2, 4, 5, 16].map((n) => bucketFor(n, [1, 4, 16]))).toEqual([1, 4, 4, 16, 16]);
    expect(chunks(40, [1, 4, 16])).toEqual([
      [0, 16, 16],
      [16, 16, 16],
      [32, 8, 16],
    ]);
    expect(chunks(3, [1, 4, 16])).toEqual([[0, 3, 4]]);
  });

  test('quantiles interpolate linearly between closest ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10], 0.99)).toBe(10);
    expect(quantile([0, 100], 0.95)).toBe(95);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('micro-batching', () => {
  test('requests wait for the window, then run as one batch; each gets its queue time', async () => {
    const registry = await registryOf(1);
    const { endpoint, clock } = endpointOf(registry);
    await endpoint.deploy('v1', { reason: 'test' });
    const answers: EndpointResponse[] = [];
    for (let i = 0; i < 3; i++) void endpoint.infer(oneRow(`r${i}`, i)).then((r) => answers.push(r));
    clock.advance(1);
    await settle();
    expect(answers).toHaveLength(0);
    clock.advance(1);
    await settle();
    expect(answers.map((r) => ok(r).id)).toEqual(['r0', 'r1', 'r2']);
    expect(answers.map((r) => ok(r).parameters.queue_ms)).toEqual([2, 2, 2]);
    expect(endpoint.stats().batches).toEqual({ count: 1, meanRows: 3, modelMs: expect.any(Number) });
    // The model call is timed on the wall clock, whatever the endpoint's own (manual) clock says.
    expect(endpoint.stats().batches.modelMs).toBeGreaterThan(0);
    await endpoint.dispose();
  });

  test('a full batch (maxBatchRows) runs at once without waiting for the window', async () => {
    const registry = await registryOf(1);
    const { endpoint } = endpointOf(registry, { maxBatchRows: 5 });
    await endpoint.deploy('v1', { reason: 'test' });
    const answers = Array.from({ length: 5 }, (_, i) => endpoint.infer(oneRow(`r${i}`, i)));
    await settle();
    const done = await Promise.all(answers);
    expect(done.every((r) => ok(r).parameters.queue_ms === 0)).toBe(true);
    expect(endpoint.stats().batches).toEqual({ count: 1, meanRows: 5, modelMs: expect.any(Number) });
    await endpoint.dispose();
  });

  test('batched answers equal one-at-a-time answers, for small and oversized requests', async () => {
    const registry = await registryOf(1);
    const batched = endpointOf(registry);
    const single = endpointOf(registry, { maxBatchRows: 1 });
    await batched.endpoint.deploy('v1', { reason: 'test' });
    await single.endpoint.deploy('v1', { reason: 'test' });
    const records = Array.from({ length: 40 }, (_, i) => record(i));
    const together = records.slice(0, 7).map((r, i) => batched.endpoint.predict([r], { id: `b${i}` }));
    const big = batched.endpoint.predict(records, { id: 'big' });
    batched.clock.advance(2);
    const alone: EndpointResponse[] = [];
    for (const r of records) {
      const p = single.endpoint.predict([r]);
      single.clock.advance(2);
      alone.push(await p);
    }
    await batched.endpoint.drain();
    const probs = (r: EndpointResponse) => ok(r).outputs[0]!.data as number[];
    const bigProbs = probs(await big);
    for (let i = 0; i < 40; i++) {
      const expected = probs(alone[i]!);
      bigProbs.slice(i * 3, i * 3 + 3).forEach((p, c) => expect(p).toBeCloseTo(expected[c]!, 6));
      if (i < 7) probs(await together[i]!).forEach((p, c) => expect(p).toBeCloseTo(expected[c]!, 6));
    }
    expect(ok(await big).outputs[1]!.shape).toEqual([40]);
    await batched.endpoint.dispose();
    await single.endpoint.dispose();
  });

  test('the queue is bounded: past maxQueueRows a request gets a 503, and is served again once it drains', async () => {
    const registry = await registryOf(1);
    const { endpoint, clock } = endpointOf(registry, { maxQueueRows: 10, maxBatchRows: 16 });
    await endpoint.deploy('v1', { reason: 'test' });
    const queued = Array.from({ length: 10 }, (_, i) => endpoint.infer(oneRow(`q${i}`, i)));
    const refused = await endpoint.infer(oneRow('over'));
    expect(refused).toMatchObject({ status: 503, kind: 'unavailable', id: 'over', model_version: 'v1' });
    clock.advance(2);
    expect((await Promise.all(queued)).every((r) => !isErrorResponse(r))).toBe(true);
    const later = endpoint.infer(oneRow('later'));
    clock.advance(2);
    expect(ok(await later).id).toBe('later');
    expect(endpoint.stats().versions.v1!.errors.unavailable).toBe(1);
    await endpoint.dispose();
  });

  test('a batch that throws runs again request by request: only the request that fails alone is rejected, and the next batch runs', async () => {
    const clock = new ManualScheduler();
    const calls: number[] = [];
    const batcher = new MicroBatcher(
      async (rows, n) => {
        calls.push(n);
        if (rows.includes(2)) throw new Error('boom');
        return new Float32Array(n * 2).fill(0.5);
      },
      { cols: 1, classes: 2, maxRows: 8, windowMs: 2, scheduler: clock, now: clock.now },
    );
    const first = [1, 2, 3].map((v) => batcher.submit(new Float32Array([v]), 1).then(() => 'ok', (e: Error) => e.message));
    clock.advance(2);
    expect(await Promise.all(first)).toEqual(['ok', 'boom', 'ok']);
    expect(calls).toEqual([3, 1, 1, 1]);
    const second = batcher.submit(new Float32Array([3, 4]), 2);
    clock.advance(2);
    expect(Array.from((await second).probs)).toEqual([0.5, 0.5, 0.5, 0.5]);
    await batcher.whenIdle();
    expect(batcher.idle).toBe(true);
  });

  test('a request whose rows get a non-finite probability fails alone (NonFiniteOutput); its neighbours are answered from the same batch', async () => {
    const clock = new ManualScheduler();
    let calls = 0;
    const batcher = new MicroBatcher(
      async (rows, n) => {
        calls += 1;
        return Float32Array.from({ length: n * 2 }, (_, k) => (rows[Math.floor(k / 2)] === 9 ? Number.NaN : 0.5));
      },
      { cols: 1, classes: 2, maxRows: 8, windowMs: 2, scheduler: clock, now: clock.now },
    );
    const answers = [1, 9, 3].map((v) => batcher.submit(new Float32Array([v]), 1).then((r) => Array.from(r.probs), (e: unknown) => e));
    clock.advance(2);
    const [a, bad, c] = await Promise.all(answers);
    expect(a).toEqual([0.5, 0.5]);
    expect(c).toEqual([0.5, 0.5]);
    expect(bad).toBeInstanceOf(NonFiniteOutput);
    expect((bad as NonFiniteOutput).row).toBe(0);
    expect(calls).toBe(1);
  });

  test('no tensor leaks over a long stream of requests', async () => {
    const registry = await registryOf(1);
    const { endpoint, clock } = endpointOf(registry);
    await endpoint.deploy('v1', { reason: 'test' });
    const warm = endpoint.infer(oneRow('warm'));
    clock.advance(2);
    expect(isErrorResponse(await warm)).toBe(false);
    const before = tf.memory().numTensors;
    const all: Array<Promise<EndpointResponse>> = [];
    for (let i = 0; i < 2000; i++) {
      all.push(i % 2 ? endpoint.infer(oneRow(`r${i}`, i)) : endpoint.predict([record(i), record(i + 1)]));
      if (i % 7 === 6) clock.advance(2);
    }
    clock.advance(2);
    await endpoint.drain();
    expect((await Promise.all(all)).every((r) => !isErrorResponse(r))).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    const v1 = endpoint.stats().versions.v1!;
    expect(v1.requests).toBe(2001);
    expect(v1.rows).toBe(3001);
    expect(v1.latencyMs.count).toBe(2001);
    expect(v1.latencyMs.p99).toBeGreaterThanOrEqual(v1.latencyMs.p50);
    await endpoint.dispose();
  });
});
