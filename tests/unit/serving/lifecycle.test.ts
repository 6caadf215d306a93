import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { DeployError, Endpoint, isErrorResponse, type EndpointResponse, type InferResponse } from '../../../src/serving/index';
import { SCHEMA, tinyModel, versionInfo } from '../registry/fixtures';
import { endpointOf, oneRow, registryOf, settle } from './setup';
import { rejection } from '../../support/errors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function ok(r: EndpointResponse): InferResponse {
  if (isErrorResponse(r)) throw new Error(`expected an answer, got ${JSON.stringify(r)}`);
  return r;
}


describe('deploy, rollback and undeploy', () => {
  test('deploy and rollback in the middle of a stream: every request id gets exactly one answer, from a whole model', async () => {
    const registry = await registryOf(2);
    const { endpoint, clock } = endpointOf(registry);
    await endpoint.deploy('v1', { reason: 'launch', simTime: 0 });
    const answers = new Map<string, EndpointResponse[]>();
    // `live` is the version that must answer a request sent now; it changes when a switch resolves.
    let live = 'v1';
    const expected: string[] = [];
    const events: Array<Promise<unknown>> = [];
    const pending: Array<Promise<void>> = [];
    for (let i = 0; i < 600; i++) {
      const id = `req-${i}`;
      expected.push(live);
      pending.push(endpoint.infer(oneRow(id, i)).then((r) => void answers.set(id, [...(answers.get(id) ?? []), r])));
      if (i === 150) events.push(endpoint.deploy('v2', { reason: 'retrained', simTime: 150 }).then(() => void (live = 'v2')));
      if (i === 400) {
        expect(live).toBe('v2');
        events.push(endpoint.rollback('production', { reason: 'regression', simTime: 400 }).then(() => void (live = 'v1')));
      }
      if (i % 5 === 4) {
        clock.advance(2);
        await settle();
      }
    }
    await Promise.all(events);
    clock.advance(2);
    await endpoint.drain();
    await Promise.all(pending);
    expect(answers.size).toBe(600);
    for (const [, list] of answers) expect(list).toHaveLength(1);
    const versions = Array.from({ length: 600 }, (_, i) => ok(answers.get(`req-${i}`)![0]!).model_version);
    expect(versions).toEqual(expected);
    const switches = expected.filter((v, i) => i > 0 && v !== expected[i - 1]).length;
    expect(switches).toBe(2);
    expect(expected.at(-1)).toBe('v1');
    expect(registry.history('production').map((m) => [m.version, m.reason])).toEqual([
      ['v1', 'launch'],
      ['v2', 'retrained'],
      ['v1', 'regression'],
    ]);
    expect(endpoint.deployed().production).toBe('v1');
    const totals = endpoint.stats().totals;
    expect(totals).toMatchObject({ requests: 600, ok: 600, fallback: 0 });
    await endpoint.dispose();
  });

  test('no tensor leaks across deploy / undeploy / rollback cycles', async () => {
    const registry = await registryOf(3);
    const before = tf.memory().numTensors;
    const { endpoint, clock } = endpointOf(registry);
    await endpoint.deploy('v1', { reason: 'launch' });
    await endpoint.drain();
    const withOne = tf.memory().numTensors;
    for (let cycle = 0; cycle < 5; cycle++) {
      const stream = Array.from({ length: 30 }, (_, i) => endpoint.infer(oneRow(`c${cycle}-${i}`, i)));
      await endpoint.deploy('v2', { reason: 'next' });
      await endpoint.deploy('v3', { alias: 'candidate', reason: 'canary' });
      endpoint.setRouting({ mode: 'canary', percent: 50 });
      stream.push(...Array.from({ length: 30 }, (_, i) => endpoint.infer(oneRow(`d${cycle}-${i}`, i))));
      clock.advance(2);
      await endpoint.undeploy('candidate');
      await endpoint.rollback();
      await endpoint.drain();
      expect((await Promise.all(stream)).every((r) => !isErrorResponse(r))).toBe(true);
      expect(tf.memory().numTensors).toBe(withOne);
    }
    await endpoint.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a version whose schema differs, or whose model gives NaN, is refused; what was live stays live', async () => {
    const registry = await registryOf(1);
    const other = tinyModel(2, { ...SCHEMA, classes: ['a', 'b', 'z'] });
    await registry.register(other, versionInfo(2, { schema: { ...SCHEMA, classes: ['a', 'b', 'z'] } }));
    other.dispose();
    const broken = tinyModel(3);
    broken.setWeights(broken.getWeights().map((w) => tf.fill(w.shape, Number.NaN)));
    await registry.register(broken, versionInfo(3));
    broken.dispose();
    const before = tf.memory().numTensors;
    const { endpoint } = endpointOf(registry);
    await endpoint.deploy('v1', { reason: 'launch' });
    const schemaError = await rejection(endpoint.deploy('v2', { reason: 'x' }));
    expect(schemaError).toBeInstanceOf(DeployError);
    expect(schemaError.message).toMatch(/could not deploy v2: its schema .* differs/);
    const nanError = await rejection(endpoint.deploy('v3', { reason: 'x' }));
    expect(nanError.message).toBe('could not deploy v3: warm-up at 1 rows gave non-finite probabilities');
    expect((await rejection(endpoint.deploy('v9', { reason: 'x' }))).code).toBe('version-not-found');
    expect(endpoint.deployed().production).toBe('v1');
    expect(registry.history('production')).toHaveLength(1);
    await endpoint.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('rollback with no earlier version is refused; restore() reloads what the registry says is live', async () => {
    const registry = await registryOf(2);
    const { endpoint } = endpointOf(registry);
    expect((await rejection(endpoint.rollback())).code).toBe('deploy-failed');
    await endpoint.deploy('v1', { reason: 'a' });
    await endpoint.deploy('v2', { alias: 'candidate', reason: 'b' });
    await endpoint.dispose();
    const fresh = new Endpoint({ registry, name: 'clf', schema: SCHEMA });
    expect(await fresh.restore()).toEqual({ production: 'v1', candidate: 'v2', shadow: null });
    expect(ok(await fresh.predict([{ x: 0, y: 0, color: 'red' }])).model_version).toBe('v1');
    await fresh.dispose();
  });
});
