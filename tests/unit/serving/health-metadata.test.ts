/**
 * The Open Inference Protocol's health and metadata calls: server live / ready, model ready, model
 * metadata (name, versions, platform, inputs and outputs with name, datatype and shape) and server
 * metadata, following what the endpoint really serves; unknown models and versions are 404.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { isErrorResponse, modelMetadata, type InferResponse } from '../../../src/serving/index';
import { SCHEMA } from '../registry/fixtures';
import { healthCalls } from '../../../components/endpoint/health-text';
import { endpointOf, registryOf } from './setup';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('health and metadata', () => {
  test('live, then ready once production serves; model and version readiness follow what serves', async () => {
    const registry = await registryOf(2);
    const { endpoint } = endpointOf(registry);
    expect(endpoint.live()).toEqual({ live: true });
    expect(endpoint.ready()).toEqual({ ready: false });
    expect(endpoint.ready('clf')).toEqual({ name: 'clf', ready: false });
    await endpoint.deploy('v1', { reason: 'launch' });
    await endpoint.deploy('v2', { reason: 'trial', alias: 'candidate' });
    expect(endpoint.ready()).toEqual({ ready: true });
    expect(endpoint.ready('clf')).toEqual({ name: 'clf', ready: true });
    expect(endpoint.ready('clf', 'v2')).toEqual({ name: 'clf', ready: true });
    expect(endpoint.ready('clf', 'v7')).toEqual({ name: 'clf', ready: false });
    expect(endpoint.ready('other')).toMatchObject({ status: 404, kind: 'unknown-model', field: 'model' });
    await endpoint.undeploy('production', { reason: 'down' });
    expect(endpoint.ready()).toEqual({ ready: false });
    await endpoint.dispose();
    expect(endpoint.live()).toEqual({ live: false });
    expect(endpoint.ready('clf', 'v2')).toEqual({ name: 'clf', ready: false });
  });

  test('model metadata names every serving version and describes the inputs the endpoint takes and the outputs it returns', async () => {
    const registry = await registryOf(2);
    const { endpoint } = endpointOf(registry);
    await endpoint.deploy('v1', { reason: 'launch' });
    await endpoint.deploy('v2', { reason: 'trial', alias: 'candidate' });
    const meta = endpoint.metadata();
    expect(meta).toEqual({
      name: 'clf',
      versions: ['v1', 'v2'],
      platform: 'tensorflowjs_layers',
      inputs: [
        { name: 'x', datatype: 'FP32', shape: [-1] },
        { name: 'y', datatype: 'FP32', shape: [-1] },
        { name: 'color', datatype: 'BYTES', shape: [-1] },
      ],
      outputs: [
        { name: 'probabilities', datatype: 'FP32', shape: [-1, 3] },
        { name: 'label', datatype: 'BYTES', shape: [-1] },
        { name: 'class_index', datatype: 'INT32', shape: [-1] },
      ],
      parameters: { tensor_input: { name: 'input-0', datatype: 'FP32', shape: [-1, 3], columns: ['x', 'y', 'color'] } },
    });
    expect(endpoint.metadata('clf', 'v2')).toEqual(meta);
    expect(endpoint.metadata('clf', 'v9')).toMatchObject({ status: 404, field: 'version' });
    expect(endpoint.metadata('nope')).toMatchObject({ status: 404, field: 'model' });
    expect(endpoint.serverMetadata()).toEqual({ name: 'mlops-lab', version: '2', extensions: [] });
    expect(modelMetadata('clf', SCHEMA, endpoint.deployed())).toEqual(meta);
    await endpoint.dispose();
  });

  test('a request built from the metadata alone (its inputs, their datatypes) is answered with the outputs it lists', async () => {
    const registry = await registryOf(1);
    const { endpoint, clock } = endpointOf(registry);
    await endpoint.deploy('v1', { reason: 'launch' });
    const meta = endpoint.metadata();
    if (isErrorResponse(meta)) throw new Error('no metadata');
    const request = { inputs: meta.inputs.map((t) => ({ name: t.name, shape: [2], datatype: t.datatype, data: t.datatype === 'BYTES' ? ['red', 'blue'] : [0.5, -1] })) };
    const answer = endpoint.infer(request);
    clock.advance(2);
    const r = (await answer) as InferResponse;
    expect(r.outputs.map((o) => [o.name, o.datatype, o.shape])).toEqual(meta.outputs.map((o) => [o.name, o.datatype, o.shape.map((d) => (d === -1 ? 2 : d))]));
    await endpoint.dispose();
  });

  test('the endpoint view shows the same answers the endpoint gives (healthCalls from a snapshot\'s schema and deployed versions)', async () => {
    const registry = await registryOf(1);
    const { endpoint } = endpointOf(registry, { name: 'lab' });
    await endpoint.deploy('v1', { reason: 'launch' });
    const calls = healthCalls(SCHEMA, endpoint.deployed(), true);
    expect(calls.map((c) => c.call)).toEqual(['GET v2/health/live', 'GET v2/health/ready', 'GET v2/models/lab/ready', 'GET v2/models/lab']);
    expect(calls.map((c) => c.answer)).toEqual([endpoint.live(), endpoint.ready(), endpoint.ready('lab'), endpoint.metadata('lab')]);
    expect(calls[1]!.words).toMatch(/^Ready for inference/);
    await endpoint.undeploy('production', { reason: 'down' });
    expect(healthCalls(SCHEMA, endpoint.deployed(), true)[1]!.answer).toEqual({ ready: false });
    await endpoint.dispose();
  });
});
