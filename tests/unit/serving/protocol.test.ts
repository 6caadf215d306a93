import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { isErrorResponse, realClock, realScheduler, type EndpointResponse, type ErrorResponse, type InferResponse, type ServedEvent } from '../../../src/serving/index';
import { SCHEMA } from '../registry/fixtures';
import { endpointOf, registryOf } from './setup';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function ok(r: EndpointResponse): InferResponse {
  if (isErrorResponse(r)) throw new Error(`expected an answer, got ${JSON.stringify(r)}`);
  return r;
}

function err(r: EndpointResponse): ErrorResponse {
  if (!isErrorResponse(r)) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return r;
}

async function live(options: Parameters<typeof endpointOf>[1] = {}) {
  const registry = await registryOf(1);
  const { endpoint } = endpointOf(registry, { windowMs: 0, scheduler: realScheduler, now: realClock, ...options });
  await endpoint.deploy('v1', { reason: 'test' });
  return { registry, endpoint };
}

/** Probabilities straight from the registered model, for comparison. */
async function direct(rows: number[][]): Promise<number[]> {
  const registry = await registryOf(1);
  const model = await registry.loadModel('v1');
  const x = tf.tensor2d(rows);
  const y = model.predict(x) as tf.Tensor;
  const out = Array.from(await y.data());
  tf.dispose([x, y]);
  model.dispose();
  return out;
}

describe('Open Inference Protocol v2 requests', () => {
  test("a KServe-style request (one FP32 input of shape [1, n]) is answered with probabilities and a label", async () => {
    const { endpoint } = await live();
    const response = ok(await endpoint.infer({ id: 'req-1', inputs: [{ name: 'input-0', shape: [1, 3], datatype: 'FP32', data: [0.5, -1.2, 2] }] }));
    expect(response.model_name).toBe('clf');
    expect(response.model_version).toBe('v1');
    expect(response.id).toBe('req-1');
    const [probs, label, index] = response.outputs;
    expect(probs).toMatchObject({ name: 'probabilities', shape: [1, 3], datatype: 'FP32' });
    expect(probs!.data.reduce((a, b) => (a as number) + (b as number), 0)).toBeCloseTo(1, 5);
    expect(probs!.data).toEqual(Array.from(Float32Array.from(await direct([[0.5, -1.2, 2]]))));
    expect(label).toMatchObject({ name: 'label', shape: [1], datatype: 'BYTES' });
    expect(SCHEMA.classes[(index!.data as number[])[0]!]).toBe((label!.data as string[])[0]);
    expect(response.parameters).toMatchObject({ route: 'production', fallback: false, out_of_range: [] });
    await endpoint.dispose();
  });

  test('nested data of shape [2, n] (as in KServe docs) and the per-feature column form give the same answer', async () => {
    const { endpoint } = await live();
    const tensor = ok(await endpoint.infer({ inputs: [{ name: 'input-0', shape: [2, 3], datatype: 'FP32', data: [[0.1, 0.2, 0], [2.5, -1, 1]] }] }));
    const columns = ok(
      await endpoint.infer({
        id: 'cols',
        inputs: [
          { name: 'color', shape: [2], datatype: 'BYTES', data: ['red', 'green'] },
          { name: 'x', shape: [2], datatype: 'FP64', data: [0.1, 2.5] },
          { name: 'y', shape: [2, 1], datatype: 'FP32', data: [[0.2], [-1]] },
        ],
      }),
    );
    const records = ok(await endpoint.predict([{ x: 0.1, y: 0.2, color: 'red' }, { color: 'green', y: -1, x: 2.5 }]));
    expect(tensor.outputs[0]!.shape).toEqual([2, 3]);
    expect(columns.outputs).toEqual(tensor.outputs);
    expect(records.outputs).toEqual(tensor.outputs);
    expect(tensor.id).toBe('clf-1');
    expect(columns.id).toBe('cols');
    await endpoint.dispose();
  });

  test('a request naming its outputs gets only those; an unknown output name is 400', async () => {
    const { endpoint } = await live();
    const input = { name: 'input-0', shape: [1, 3], datatype: 'FP32', data: [0, 0, 1] };
    const labelOnly = ok(await endpoint.infer({ inputs: [input], outputs: [{ name: 'label' }] }));
    expect(labelOnly.outputs.map((o) => o.name)).toEqual(['label']);
    expect(err(await endpoint.infer({ inputs: [input], outputs: [{ name: 'logits' }] }))).toMatchObject({ status: 400, field: 'outputs[0].name' });
    await endpoint.dispose();
  });

  test('out-of-range values are served but flagged and counted', async () => {
    const { endpoint } = await live();
    const response = ok(await endpoint.predict([{ x: 9, y: 0, color: 'blue' }, { x: 0, y: -3, color: 'red' }]));
    expect(response.parameters.out_of_range).toEqual([
      { row: 0, feature: 'x', value: 9, range: [-2, 3] },
      { row: 1, feature: 'y', value: -3, range: [-2, 2] },
    ]);
    expect(endpoint.stats().versions.v1!.outOfRange).toBe(2);
    await endpoint.dispose();
  });

  test.each([
    ['not an object', 'hello', 400, 'request'],
    ['id not a string', { id: 7, inputs: [] }, 400, 'id'],
    ['no inputs', { id: 'a' }, 400, 'inputs'],
    ['empty inputs', { inputs: [] }, 400, 'inputs'],
    ['unknown datatype', { inputs: [{ name: 'input-0', shape: [1, 3], datatype: 'FLOAT', data: [1, 2, 3] }] }, 400, 'inputs[0].datatype'],
    ['data shorter than shape', { inputs: [{ name: 'input-0', shape: [2, 3], datatype: 'FP32', data: [1, 2, 3] }] }, 400, 'inputs[0].data'],
    ['negative shape', { inputs: [{ name: 'input-0', shape: [-1, 3], datatype: 'FP32', data: [] }] }, 400, 'inputs[0].shape'],
    ['wrong column count', { inputs: [{ name: 'input-0', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] }, 422, 'inputs[0].shape'],
    ['text in an FP32 tensor', { inputs: [{ name: 'input-0', shape: [1, 3], datatype: 'FP32', data: [1, 'two', 0] }] }, 422, 'y'],
    ['NaN', { inputs: [{ name: 'input-0', shape: [1, 3], datatype: 'FP32', data: [Number.NaN, 0, 0] }] }, 422, 'x'],
    ['category index out of range', { inputs: [{ name: 'input-0', shape: [1, 3], datatype: 'FP32', data: [0, 0, 3] }] }, 422, 'color'],
    ['missing feature column', { inputs: [{ name: 'x', shape: [1], datatype: 'FP32', data: [0] }, { name: 'y', shape: [1], datatype: 'FP32', data: [0] }] }, 422, 'color'],
    ['unknown category', { inputs: [{ name: 'x', shape: [1], datatype: 'FP32', data: [0] }, { name: 'y', shape: [1], datatype: 'FP32', data: [0] }, { name: 'color', shape: [1], datatype: 'BYTES', data: ['pink'] }] }, 422, 'color'],
    ['numeric feature sent as BYTES', { inputs: [{ name: 'x', shape: [1], datatype: 'BYTES', data: ['0'] }, { name: 'y', shape: [1], datatype: 'FP32', data: [0] }, { name: 'color', shape: [1], datatype: 'BYTES', data: ['red'] }] }, 422, 'x'],
  ])('%s gets %i naming %s', async (_what, request, status, field) => {
    const { endpoint } = await live();
    const response = err(await endpoint.infer(request));
    expect(response.status).toBe(status);
    expect(response.field).toBe(field);
    expect(response.error.length).toBeGreaterThan(10);
    await endpoint.dispose();
  });

  test('predict(records) reports a missing field, a wrong type and an unknown field by name (422)', async () => {
    const { endpoint } = await live();
    expect(err(await endpoint.predict([{ x: 1, color: 'red' }]))).toMatchObject({ status: 422, field: 'y', error: 'records[0]: missing feature "y"' });
    expect(err(await endpoint.predict([{ x: '1', y: 0, color: 'red' }]))).toMatchObject({ status: 422, field: 'x', error: 'x (row 0): expected a number, got the text "1"' });
    expect(err(await endpoint.predict([{ x: 1, y: 0, color: 'red', z: 2 }]))).toMatchObject({ status: 422, field: 'z' });
    expect(err(await endpoint.predict([]))).toMatchObject({ status: 400, field: 'records' });
    await endpoint.dispose();
  });

  test('an unknown model or undeployed version is 404; a pinned deployed version is answered', async () => {
    const { endpoint } = await live();
    const request = { inputs: [{ name: 'input-0', shape: [1, 3], datatype: 'FP32', data: [0, 0, 0] }] };
    expect(err(await endpoint.infer(request, { model: 'other' }))).toMatchObject({ status: 404, field: 'model' });
    expect(err(await endpoint.infer(request, { model: 'clf', version: 'v9' }))).toMatchObject({ status: 404, field: 'version' });
    expect(ok(await endpoint.infer(request, { model: 'clf', version: 'v1' })).parameters.route).toBe('pinned');
    await endpoint.dispose();
  });

  test('with nothing deployed: 503 without a fallback; the fallback answers and says so with one', async () => {
    const registry = await registryOf(1);
    const request = { id: 'r', inputs: [{ name: 'input-0', shape: [2, 3], datatype: 'FP32', data: [0, 0, 0, 1, 1, 1] }] };
    const bare = endpointOf(registry, { scheduler: realScheduler }).endpoint;
    expect(err(await bare.infer(request))).toMatchObject({ status: 503, kind: 'unavailable', id: 'r' });
    const { endpoint } = endpointOf(registry, { scheduler: realScheduler, fallback: { kind: 'majority-class', classIndex: 2 } });
    const response = ok(await endpoint.infer(request));
    expect(response.model_version).toBe('fallback');
    expect(response.parameters).toMatchObject({ route: 'fallback', fallback: true, fallback_reason: 'nothing-deployed' });
    expect(response.outputs[1]!.data).toEqual(['c', 'c']);
    expect(response.outputs[0]!.data).toEqual([0, 0, 1, 0, 0, 1]);
    expect(endpoint.stats().totals).toMatchObject({ requests: 1, fallback: 1, ok: 0 });
  });

  test('a model failure is a 500 without a fallback, and a flagged fallback answer with one', async () => {
    let failing = false;
    const faults = {
      predict: () => {
        if (failing) throw new Error('out of memory');
      },
    };
    const { endpoint } = await live({ faults });
    failing = true;
    const request = { id: 'f', inputs: [{ name: 'input-0', shape: [1, 3], datatype: 'FP32', data: [0, 0, 0] }] };
    expect(err(await endpoint.infer(request))).toMatchObject({ status: 500, kind: 'model-failure', model_version: 'v1', error: 'v1 failed: out of memory' });
    endpoint.setFallback({ kind: 'prior', probabilities: [0.5, 0.3, 0.2] });
    const answer = ok(await endpoint.infer(request));
    expect(answer.parameters).toMatchObject({ fallback: true, fallback_reason: 'model-failure' });
    expect(answer.outputs[1]!.data).toEqual(['a']);
    const v1 = endpoint.stats().versions.v1!;
    expect(v1).toMatchObject({ requests: 2, ok: 0, fallback: 1, modelFailures: 2 });
    expect(v1.errors['model-failure']).toBe(1);
    failing = false;
    expect(ok(await endpoint.infer(request)).model_version).toBe('v1');
    await endpoint.dispose();
  });

  test('onServed reports every finished request once: answers with inputs and probabilities, errors with their kind', async () => {
    const { endpoint } = await live();
    const events: ServedEvent[] = [];
    const stop = endpoint.onServed((e) => events.push(e));
    const answer = ok(await endpoint.infer({ id: 'a', inputs: [{ name: 'input-0', shape: [1, 3], datatype: 'FP32', data: [0.5, 1, 2] }] }));
    await endpoint.infer({ id: 'b', inputs: [{ name: 'input-0', shape: [1, 3], datatype: 'FP32', data: [0.5, 1, 7] }] });
    await endpoint.infer(42);
    stop();
    await endpoint.predict([{ x: 0, y: 0, color: 'red' }]);
    expect(events.map((e) => [e.id, e.version, e.status, e.kind ?? null, e.rows])).toEqual([
      ['a', 'v1', 200, null, 1],
      ['b', 'v1', 422, 'schema', 0],
      [null, null, 400, 'malformed', 0],
    ]);
    expect(Array.from(events[0]!.features!)).toEqual([0.5, 1, 2]);
    expect(Array.from(events[0]!.probabilities!)).toEqual(answer.outputs[0]!.data);
    await endpoint.dispose();
  });

  test('bad configuration is thrown at once as a typed error naming the field', async () => {
    const registry = await registryOf(0);
    const make = (o: object) => () => endpointOf(registry, o);
    expect(make({ buckets: [0] })).toThrow(/buckets/);
    expect(make({ routing: { mode: 'canary', percent: 150 } })).toThrow(/routing.percent/);
    expect(make({ fallback: { kind: 'majority-class', classIndex: 3 } })).toThrow(/fallback/);
    expect(make({ name: 'bad name!' })).toThrow(/name/);
  });
});
