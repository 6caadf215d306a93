/**
 * The loop's block path (`Endpoint.predictBlock`) answers every request of a block exactly as
 * `predict` answers it alone: the same probabilities, version and out-of-range flags for an answer,
 * the same error or fallback response otherwise, the same statistics and batches. It declines (null)
 * where it does not apply, so the caller uses `predict`.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { ModelRegistry } from '../../../src/registry/index';
import { isErrorResponse, MicroBatcher, ManualScheduler, type BlockAnswers, type EndpointOptions, type EndpointResponse, type InferResponse } from '../../../src/serving/index';
import { versionInfo } from '../registry/fixtures';
import { endpointOf, record } from './setup';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A model whose softmax is NaN for huge x + y (float32-valid inputs): a hidden layer of ones. */
async function registryWithOverflow(): Promise<ModelRegistry> {
  const registry = await ModelRegistry.open();
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 4, inputShape: [3], kernelInitializer: 'ones', biasInitializer: 'zeros' }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }));
  await registry.register(model, versionInfo(1));
  model.dispose();
  return registry;
}

/** Records of every kind: valid, out of range, poisonous (NaN output), overflowing, unknown category, missing or extra feature, not an object. */
function recordOf(i: number): unknown {
  const r = record(i);
  switch (i % 11) {
    case 3:
      return { ...r, x: 9 };
    case 5:
      return { ...r, x: 3e38, y: 3e38 };
    case 6:
      return { ...r, y: 1e39 };
    case 7:
      return { ...r, color: 'mauve' };
    case 8:
      return { x: r.x, color: r.color };
    case 9:
      return i % 2 ? { ...r, extra: 1 } : [r.x, r.y];
    default:
      return r;
  }
}

async function both(options: Partial<EndpointOptions>, n: number): Promise<{ alone: EndpointResponse[]; block: BlockAnswers; stats: [unknown, unknown] }> {
  const a = endpointOf(await registryWithOverflow(), options).endpoint;
  const b = endpointOf(await registryWithOverflow(), options).endpoint;
  await a.deploy('v1', { reason: 'test' });
  await b.deploy('v1', { reason: 'test' });
  const records = Array.from({ length: n }, (_, i) => recordOf(i));
  const ids = records.map((_, i) => `r${i}`);
  const answers = records.map((rec, i) => a.predict([rec], { id: ids[i] }));
  await a.drain();
  const alone = await Promise.all(answers);
  const pending = b.predictBlock(records, ids);
  expect(pending).not.toBeNull();
  const block = await (pending as Promise<BlockAnswers>);
  // The model's wall-clock time (`batches.modelMs`) differs between any two runs; everything else must match.
  const counted = (e: typeof a) => {
    const st = e.stats();
    return { ...st, batches: { ...st.batches, modelMs: 0 } };
  };
  const stats: [unknown, unknown] = [counted(a), counted(b)];
  await a.dispose();
  await b.dispose();
  return { alone, block, stats };
}

function expectSame(alone: EndpointResponse[], block: BlockAnswers): void {
  const classes = 3;
  alone.forEach((want, i) => {
    const got = block.responses[i];
    if (got) {
      expect(got, `request ${i}`).toEqual(want);
      return;
    }
    expect(isErrorResponse(want), `request ${i}: ${JSON.stringify(want)}`).toBe(false);
    const answer = want as InferResponse;
    expect(answer.parameters.route).toBe('production');
    expect(block.version).toBe(answer.model_version);
    expect(Array.from(block.probs.subarray(i * classes, (i + 1) * classes)), `request ${i}`).toEqual(answer.outputs[0]!.data);
    expect(block.outOfRange[i] ?? [], `request ${i}`).toEqual(answer.parameters.out_of_range);
  });
}

describe('the endpoint block path', () => {
  test('150 requests of every kind (batches of at most 64): each answered as alone; same statistics and batches', async () => {
    const { alone, block, stats } = await both({ buckets: [1, 4, 16, 64], maxBatchRows: 64, windowMs: 0 }, 150);
    expectSame(alone, block);
    expect(block.responses.filter((r) => r !== null).length).toBeGreaterThan(40);
    expect(alone.some((r) => isErrorResponse(r) && r.kind === 'model-failure')).toBe(true);
    expect(alone.some((r) => !isErrorResponse(r) && r.parameters.out_of_range.length > 0)).toBe(true);
    expect(stats[1]).toEqual(stats[0]);
  });

  test('with a fallback rule, the rows the model fails get the fallback answer as alone', async () => {
    const { alone, block, stats } = await both({ windowMs: 0, fallback: { kind: 'majority-class', classIndex: 2 } }, 40);
    expectSame(alone, block);
    expect(alone.some((r) => !isErrorResponse(r) && r.parameters.fallback)).toBe(true);
    expect(stats[1]).toEqual(stats[0]);
  });

  test('declines where it does not apply: nothing deployed, canary routing, an onServed observer', async () => {
    const { endpoint } = endpointOf(await registryWithOverflow(), { windowMs: 0 });
    expect(endpoint.predictBlock([record(0)], ['r0'])).toBeNull();
    await endpoint.deploy('v1', { reason: 'test' });
    expect(endpoint.predictBlock([], [])).toBeNull();
    endpoint.setRouting({ mode: 'canary', percent: 10 });
    expect(endpoint.predictBlock([record(0)], ['r0'])).toBeNull();
    endpoint.setRouting({ mode: 'production' });
    const off = endpoint.onServed(() => undefined);
    expect(endpoint.predictBlock([record(0)], ['r0'])).toBeNull();
    off();
    expect(endpoint.predictBlock([record(0)], ['r0'])).not.toBeNull();
    await endpoint.dispose();
  });
});

describe('a block entry in the micro-batcher', () => {
  test('when its batch throws, each row runs again alone and only the rows that fail alone carry an error', async () => {
    const clock = new ManualScheduler();
    const calls: number[] = [];
    const run = async (rows: Float32Array, n: number) => {
      calls.push(n);
      if (n > 1 || rows[0] === 2) throw new Error(`refused ${n} rows`);
      return Float32Array.of(rows[0]!, 1 - rows[0]!);
    };
    const batcher = new MicroBatcher(run, { cols: 1, classes: 2, maxRows: 8, windowMs: 0, scheduler: clock, now: clock.now });
    const result = batcher.submitBlock(Float32Array.of(0, 1, 2, 0.5), 4);
    batcher.flush();
    const r = await result;
    expect(calls).toEqual([4, 1, 1, 1, 1]);
    expect(r.rowErrors?.map((e) => (e instanceof Error ? e.message : e))).toEqual([undefined, undefined, 'refused 1 rows', undefined]);
    expect(Array.from(r.probs)).toEqual([0, 1, 1, 0, 0, 0, 0.5, 0.5]);
    const one = batcher.submitBlock(Float32Array.of(2), 1);
    batcher.flush();
    await expect(one).rejects.toThrow('refused 1 rows');
  });
});
