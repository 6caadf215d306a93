/**
 * Atomic moves: the endpoint switches in the same turn as the registry's history names the new
 * version; a promotion writes the move and its release record together; a version that fails to
 * warm up moves nothing and records nothing; a rollback's target is read inside the operation queue,
 * so it loads exactly the version the registry moves to.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { RegistryError, type ModelRegistry } from '../../../src/registry/index';
import { DeployError, isErrorResponse, type InferResponse } from '../../../src/serving/index';
import { tinyModel, versionInfo } from '../registry/fixtures';
import { endpointOf, oneRow, registryOf } from './setup';
import { rejection } from '../../support/errors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function nanVersion(registry: ModelRegistry): Promise<string> {
  const model = tinyModel(9);
  model.setWeights(model.getWeights().map((w) => tf.fill(w.shape, Number.NaN)));
  const v = await registry.register(model, versionInfo(9));
  model.dispose();
  return v.id;
}

describe('atomic deploys', () => {
  test('promote: the endpoint serves the version from the very turn the history names it, with its release record', async () => {
    const registry = await registryOf(2);
    const { endpoint, clock } = endpointOf(registry, { windowMs: 0 });
    await endpoint.deploy('v1', { reason: 'launch' });
    const seen: Array<[string | null, string | null]> = [];
    registry.onMove((m) => seen.push([m.version, endpoint.deployed()[m.alias]]));
    const { move, release } = await endpoint.promote('v2', { reason: 'better on recent data', actor: 'bot', approver: 'ana', gate: { passed: true, rule: 'acc >= prod', metrics: { candidateAccuracy: 0.9 } }, simTime: 12 });
    expect(seen).toEqual([['v2', 'v2']]);
    expect(move).toMatchObject({ alias: 'production', version: 'v2', previous: 'v1', simTime: 12, actor: 'bot' });
    expect(release).toMatchObject({ version: 'v2', replaced: 'v1', why: 'better on recent data', approver: 'ana', simTime: 12, wallTime: move.wallTime });
    expect(registry.releases()).toEqual([release]);
    expect(endpoint.deployed().production).toBe('v2');
    const answer = endpoint.infer(oneRow('after'));
    clock.advance(1);
    expect(((await answer) as InferResponse).model_version).toBe('v2');
    await endpoint.dispose();
  });

  test('a version that fails its warm-up: promote rejects with a DeployError saying why; no move, no release record, the old version still serves', async () => {
    const registry = await registryOf(1);
    const bad = await nanVersion(registry);
    const { endpoint, clock } = endpointOf(registry, { windowMs: 0 });
    await endpoint.deploy('v1', { reason: 'launch' });
    const history = structuredClone([...registry.history()]);
    const tensors = tf.memory().numTensors;
    const error = await rejection(endpoint.promote(bad, { reason: 'retrained' }));
    expect(error).toBeInstanceOf(DeployError);
    expect((error as DeployError).stage).toBe('warm-up');
    expect(error.message).toBe(`could not deploy ${bad}: warm-up at 1 rows gave non-finite probabilities`);
    expect(error.details).toMatchObject({ version: bad, stage: 'warm-up' });
    expect(registry.history()).toEqual(history);
    expect(registry.releases()).toEqual([]);
    expect(registry.aliases().production).toBe('v1');
    expect(endpoint.deployed().production).toBe('v1');
    expect(tf.memory().numTensors).toBe(tensors);
    const answer = endpoint.infer(oneRow('still'));
    clock.advance(1);
    expect(((await answer) as InferResponse).model_version).toBe('v1');
    await endpoint.dispose();
  });

  test('a deploy queued behind another: rollback reads its target inside the queue, after the deploy before it, and loads exactly what the registry moves to', async () => {
    const registry = await registryOf(3);
    const { endpoint } = endpointOf(registry, { windowMs: 0 });
    await endpoint.deploy('v1', { reason: 'launch' });
    await endpoint.deploy('v2', { reason: 'next' });
    // Called together: the rollback must undo v3 (-> v2), not v2 (-> v1) as the history said when it was called.
    const deploying = endpoint.deploy('v3', { reason: 'third' });
    const rolling = endpoint.rollback('production', { reason: 'regression' });
    await deploying;
    const move = await rolling;
    expect(move).toMatchObject({ version: 'v2', previous: 'v3', undoes: 2 });
    expect(endpoint.deployed().production).toBe('v2');
    expect(registry.aliases().production).toBe('v2');
    await endpoint.dispose();
  });

  test('the registry moves a rollback only to the target the caller loaded (history-changed otherwise); nothing is written', async () => {
    const registry = await registryOf(3);
    await registry.moveAlias('production', 'v1', { reason: 'a' });
    await registry.moveAlias('production', 'v2', { reason: 'b' });
    const before = registry.history().length;
    const error = await rejection(registry.rollback('production', { reason: 'r' }, { expect: { version: 'v3', undoes: 1 } }));
    expect(error).toBeInstanceOf(RegistryError);
    expect(error.details).toMatchObject({ reason: 'history-changed', target: { version: 'v1', undoes: 1 } });
    expect(registry.history()).toHaveLength(before);
  });

  test('undeploy: the alias and its model go in the same turn; with a fallback, production requests are then answered by it', async () => {
    const registry = await registryOf(1);
    const { endpoint } = endpointOf(registry, { windowMs: 0, fallback: { kind: 'majority-class', classIndex: 1 } });
    await endpoint.deploy('v1', { reason: 'launch' });
    const seen: Array<string | null> = [];
    registry.onMove(() => seen.push(endpoint.deployed().production));
    await endpoint.undeploy('production', { reason: 'maintenance' });
    expect(seen).toEqual([null]);
    const answer = await endpoint.infer(oneRow('x'));
    expect(!isErrorResponse(answer) && answer.parameters.route).toBe('fallback');
    await endpoint.dispose();
  });

  test('restore serves what the registry names, and stops serving an alias the registry cleared', async () => {
    const registry = await registryOf(2);
    const { endpoint } = endpointOf(registry, { windowMs: 0 });
    await endpoint.deploy('v1', { reason: 'launch' });
    await endpoint.deploy('v2', { reason: 'trial', alias: 'candidate' });
    await registry.moveAlias('candidate', null, { reason: 'cleared elsewhere' });
    await registry.moveAlias('production', 'v2', { reason: 'moved elsewhere' });
    expect(await endpoint.restore()).toEqual({ production: 'v2', candidate: null, shadow: null });
    await endpoint.dispose();
  });

  test('the history clock never runs backwards: a move asked for before the last one is recorded at the last time', async () => {
    const registry = await registryOf(2);
    await registry.moveAlias('production', 'v1', { reason: 'a', simTime: 50 });
    const move = await registry.moveAlias('production', 'v2', { reason: 'b', simTime: 10 });
    expect(move.simTime).toBe(50);
  });
});
