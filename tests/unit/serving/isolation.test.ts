/**
 * One bad request fails alone. A request whose values overflow float32 is refused (422, naming the
 * field) before it reaches a batch; a valid request on which the model itself returns non-finite
 * probabilities fails alone (500); a batch that throws as a whole is re-run request by request.
 * Every neighbour is answered exactly as it would be alone. Property-based (fast-check, seeded).
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { ModelRegistry } from '../../../src/registry/index';
import { isErrorResponse, type EndpointResponse, type InferResponse } from '../../../src/serving/index';
import { versionInfo } from '../registry/fixtures';
import { endpointOf, record, settle } from './setup';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * A model that overflows on huge (but float32-valid) inputs: a hidden layer of ones sums x + y +
 * color, so x = y = 3e38 gives +Infinity, and the softmax of infinite logits is NaN.
 */
function overflowingModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 4, inputShape: [3], kernelInitializer: 'ones', biasInitializer: 'zeros' }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }));
  return model;
}

async function overflowRegistry(): Promise<ModelRegistry> {
  const registry = await ModelRegistry.open();
  const model = overflowingModel();
  await registry.register(model, versionInfo(1));
  model.dispose();
  return registry;
}

type Kind = 'ok' | 'overflow' | 'poison';

function requestOf(kind: Kind, i: number): Record<string, unknown> {
  const r = record(i);
  const [x, y] = kind === 'overflow' ? [1e39, r.y] : kind === 'poison' ? [3e38, 3e38] : [r.x, r.y];
  return { id: `r${i}`, inputs: [{ name: 'input-0', shape: [1, 3], datatype: 'FP64', data: [x, y, i % 3] }] };
}

function probs(r: EndpointResponse): number[] {
  if (isErrorResponse(r)) throw new Error(`expected an answer, got ${JSON.stringify(r)}`);
  return (r as InferResponse).outputs[0]!.data as number[];
}

describe('batch isolation', () => {
  test('a batch of valid requests with overflowing (1e39) and poisonous (non-finite output) ones among them: only those fail, with 422 naming x and 500; every other answer equals its answer alone', async () => {
    const registry = await overflowRegistry();
    const { endpoint, clock } = endpointOf(registry, { buckets: [1, 4, 16, 64], maxBatchRows: 64, windowMs: 5 });
    await endpoint.deploy('v1', { reason: 'test' });
    const alone = new Map<number, number[]>();
    for (let i = 0; i < 48; i++) {
      const answer = endpoint.infer(requestOf('ok', i));
      clock.advance(5);
      alone.set(i, probs(await answer));
    }
    const before = tf.memory().numTensors;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom<Kind>('ok', 'ok', 'ok', 'ok', 'overflow', 'poison'), { minLength: 2, maxLength: 48 }), async (kinds) => {
        const batchesBefore = endpoint.stats().batches.count;
        const answers = kinds.map((kind, i) => endpoint.infer(requestOf(kind, i)));
        clock.advance(5);
        await settle();
        const got = await Promise.all(answers);
        kinds.forEach((kind, i) => {
          const r = got[i]!;
          if (kind === 'ok') expect(probs(r)).toEqual(alone.get(i));
          else if (kind === 'overflow') expect(r).toMatchObject({ status: 422, kind: 'schema', field: 'x', id: `r${i}` });
          else expect(r).toMatchObject({ status: 500, kind: 'model-failure', model_version: 'v1', id: `r${i}`, error: 'v1 failed: the model returned a non-finite probability for row 0 of this request' });
        });
        // The valid and poisonous requests ran as ONE batch (nothing was re-run).
        if (kinds.some((k) => k !== 'overflow')) expect(endpoint.stats().batches.count - batchesBefore).toBe(1);
      }),
      { seed: 1414, numRuns: 60 },
    );
    expect(tf.memory().numTensors).toBe(before);
    await endpoint.dispose();
  });

  test('alone, 1e39 is a 422 naming the field (not an answer as if it were Infinity), in every request form', async () => {
    const registry = await overflowRegistry();
    const { endpoint, clock } = endpointOf(registry);
    await endpoint.deploy('v1', { reason: 'test' });
    const answers = [
      endpoint.infer({ inputs: [{ name: 'input-0', shape: [1, 3], datatype: 'FP32', data: [1e39, 0, 0] }] }),
      endpoint.infer({ inputs: [{ name: 'x', shape: [1], datatype: 'FP64', data: [0] }, { name: 'y', shape: [1], datatype: 'FP64', data: [-1e39] }, { name: 'color', shape: [1], datatype: 'BYTES', data: ['red'] }] }),
      endpoint.predict([{ x: 1e39, y: 0, color: 'red' }]),
    ];
    clock.advance(2);
    expect((await Promise.all(answers)).map((r) => [isErrorResponse(r) && r.status, isErrorResponse(r) && r.field])).toEqual([
      [422, 'x'],
      [422, 'y'],
      [422, 'x'],
    ]);
    await endpoint.dispose();
  });

  test('a batch that throws as a whole (an injected fault on batches of more than one row) is re-run request by request: everyone is answered', async () => {
    const registry = await overflowRegistry();
    const { endpoint, clock } = endpointOf(registry, { faults: { predict: (_v, rows) => {
      if (rows > 1) throw new Error('batch too big for this device');
    } } });
    await endpoint.deploy('v1', { reason: 'test' });
    const answers = Array.from({ length: 6 }, (_, i) => endpoint.infer(requestOf('ok', i)));
    clock.advance(2);
    await settle();
    const got = await Promise.all(answers);
    expect(got.map((r) => isErrorResponse(r))).toEqual([false, false, false, false, false, false]);
    expect(endpoint.stats().totals).toMatchObject({ requests: 6, ok: 6, modelFailures: 0 });
    await endpoint.dispose();
  });
});
