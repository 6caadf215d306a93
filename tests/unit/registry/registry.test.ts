import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { MemoryStore, ModelRegistry, RegistryError, StorageError } from '../../../src/registry/index';
import { steppingClock, tinyModel, versionInfo } from './fixtures';
import { rejection } from '../../support/errors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function registryWith(n: number, store = new MemoryStore()): Promise<ModelRegistry> {
  const registry = await ModelRegistry.open(store, { now: steppingClock() });
  for (let i = 1; i <= n; i++) {
    const model = tinyModel(i);
    await registry.register(model, versionInfo(i, { simTime: i * 10 }));
    model.dispose();
  }
  return registry;
}


describe('registry versions', () => {
  test('ids are monotonic and readable, with lineage, times and metadata', async () => {
    const registry = await registryWith(2);
    await registry.moveAlias('production', 'v2', { reason: 'first deploy' });
    const model = tinyModel(3);
    const v3 = await registry.register(model, versionInfo(3, { trigger: 'alert', simTime: 42 }));
    model.dispose();
    expect(registry.list().map((v) => v.id)).toEqual(['v1', 'v2', 'v3']);
    expect(registry.get('v1').parent).toBeNull();
    expect(v3.parent).toBe('v2');
    expect(v3.trigger).toBe('alert');
    expect(v3.created).toEqual({ simTime: 42, wallTime: '2026-01-01T00:00:04.000Z' });
    expect(v3.data.window).toEqual({ from: 0, to: 100, rows: 100, policy: 'all' });
    expect(v3.evaluation.accuracy).toBeCloseTo(0.43, 10);
    expect(v3.schema.features.map((f) => f.name)).toEqual(['x', 'y', 'color']);
  });

  test('concurrent registrations get distinct ids in call order', async () => {
    const registry = await ModelRegistry.open();
    const models = [1, 2, 3, 4].map((s) => tinyModel(s));
    const versions = await Promise.all(models.map((m, i) => registry.register(m, versionInfo(i + 1))));
    models.forEach((m) => m.dispose());
    expect(versions.map((v) => v.id)).toEqual(['v1', 'v2', 'v3', 'v4']);
    expect(versions.map((v) => v.data.seed)).toEqual([1, 2, 3, 4]);
  });

  test('a loaded version predicts exactly like the model that was registered', async () => {
    const registry = await ModelRegistry.open();
    const model = tinyModel(7);
    await registry.register(model, versionInfo(7));
    const loaded = await registry.loadModel('v1');
    const viaHandler = await tf.loadLayersModel(registry.ioHandler('v1'));
    const x = tf.tensor2d([[0.1, -1, 2], [1.5, 0.3, 0]]);
    const expected = await (model.predict(x) as tf.Tensor).array();
    expect(await (loaded.predict(x) as tf.Tensor).array()).toEqual(expected);
    expect(await (viaHandler.predict(x) as tf.Tensor).array()).toEqual(expected);
    viaHandler.dispose();
    x.dispose();
    model.dispose();
    loaded.dispose();
  });

  test('bad metadata is refused with the field named and nothing registered', async () => {
    const registry = await ModelRegistry.open();
    const model = tinyModel(1);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ trigger: 'whim' }, 'trigger'],
      [{ evaluation: { rows: 10, accuracy: Number.NaN, loss: 1 } }, 'evaluation'],
      [{ schema: { features: [], classes: ['a', 'b'] } }, 'schema.features'],
      [{ backend: '' }, 'backend'],
      [{ parent: 'v9' }, 'parent'],
    ];
    for (const [override, field] of cases) {
      const error = await rejection(registry.register(model, versionInfo(1, override as never)));
      expect(error).toBeInstanceOf(RegistryError);
      expect(error.details?.field).toBe(field);
    }
    model.dispose();
    expect(registry.list()).toHaveLength(0);
    expect(() => registry.get('v1')).toThrow(/no version "v1"/);
  });

  test('a failure injected between weights and metadata stores nothing, and the id is not burned', async () => {
    let fail = true;
    const store = new MemoryStore({
      afterWeights: () => {
        if (fail) throw new Error('disk unplugged');
      },
    });
    const registry = await ModelRegistry.open(store);
    const model = tinyModel(1);
    const error = await rejection(registry.register(model, versionInfo(1)));
    expect(error).toBeInstanceOf(StorageError);
    expect(await store.listVersions()).toEqual([]);
    expect(await store.getArtifacts('v1')).toBeUndefined();
    expect(registry.list()).toHaveLength(0);
    fail = false;
    expect((await registry.register(model, versionInfo(1))).id).toBe('v1');
    model.dispose();
  });

  test('a store never overwrites a version', async () => {
    const registry = await registryWith(1);
    const error = await rejection(registry.store.putVersion({ ...registry.get('v1') }, await registry.artifacts('v1')));
    expect(error.code).toBe('version-exists');
  });

  test('a registry reopened over the same store sees everything and continues the numbering', async () => {
    const store = new MemoryStore();
    const first = await registryWith(2, store);
    await first.promote('v1', { reason: 'first release', approver: 'ana', simTime: 5 });
    const second = await ModelRegistry.open(store);
    expect(second.list().map((v) => v.id)).toEqual(['v1', 'v2']);
    expect(second.current('production')).toBe('v1');
    expect(second.releases()).toHaveLength(1);
    const model = tinyModel(3);
    expect((await second.register(model, versionInfo(3))).id).toBe('v3');
    model.dispose();
  });
});

describe('aliases, deployment history, releases and rollback', () => {
  test('the history is append-only and answers which version was live at time t', async () => {
    const registry = await registryWith(3);
    await registry.moveAlias('production', 'v1', { reason: 'launch', actor: 'ana', simTime: 100 });
    await registry.moveAlias('candidate', 'v2', { reason: 'retrained', actor: 'policy', simTime: 150 });
    await registry.moveAlias('production', 'v2', { reason: 'gate passed', simTime: 200 });
    await registry.moveAlias('production', 'v3', { reason: 'hotfix', simTime: 300 });
    expect(registry.liveAt(99)).toBeNull();
    expect(registry.liveAt(100)).toBe('v1');
    expect(registry.liveAt(199.9)).toBe('v1');
    expect(registry.liveAt(250)).toBe('v2');
    expect(registry.liveAt(1e9)).toBe('v3');
    expect(registry.liveAt(160, 'candidate')).toBe('v2');
    expect(registry.aliases()).toEqual({ production: 'v3', candidate: 'v2', shadow: null });
    const moves = registry.history('production');
    expect(moves.map((m) => [m.version, m.previous, m.reason])).toEqual([
      ['v1', null, 'launch'],
      ['v2', 'v1', 'gate passed'],
      ['v3', 'v2', 'hotfix'],
    ]);
    expect(registry.history().map((m) => m.seq)).toEqual([0, 1, 2, 3]);
    expect(moves[0]!.actor).toBe('ana');
  });

  test('rollback moves back one entry per call and never forward again', async () => {
    const registry = await registryWith(3);
    for (const v of ['v1', 'v2', 'v3']) await registry.moveAlias('production', v, { reason: `deploy ${v}` });
    const first = await registry.rollback('production', { reason: 'accuracy dropped', simTime: 7 });
    expect([first.version, first.previous, first.undoes, first.reason]).toEqual(['v2', 'v3', 2, 'accuracy dropped']);
    expect((await registry.rollback()).version).toBe('v1');
    const error = await rejection(registry.rollback());
    expect(error.message).toMatch(/no earlier version/);
    expect(registry.current('production')).toBe('v1');
    await registry.moveAlias('production', 'v3', { reason: 'retry' });
    expect((await registry.rollback()).version).toBe('v1');
    expect(registry.history('production')).toHaveLength(7);
  });

  test('a promotion writes a release record with why, data, metrics, gate and approver', async () => {
    const registry = await registryWith(2);
    await registry.promote('v1', { reason: 'first', simTime: 1 });
    const gate = { passed: true, metrics: { candidateAccuracy: 0.91, productionAccuracy: 0.84, rows: 500 }, rule: 'candidate >= production + 0.01' };
    const record = await registry.promote('v2', { reason: 'drift recovered', gate, approver: 'ana', simTime: 9 });
    expect(record).toMatchObject({ seq: 1, version: 'v2', replaced: 'v1', why: 'drift recovered', gate, approver: 'ana', simTime: 9 });
    expect(record.metrics).toEqual(registry.get('v2').evaluation);
    expect(record.data.seed).toBe(2);
    expect(registry.current('production')).toBe('v2');
  });

  test('bad moves are refused: unknown version, no reason, unknown alias', async () => {
    const registry = await registryWith(1);
    expect((await rejection(registry.moveAlias('production', 'v5', { reason: 'x' }))).code).toBe('version-not-found');
    expect((await rejection(registry.moveAlias('production', 'v1', { reason: '' }))).details?.field).toBe('reason');
    expect((await rejection(registry.moveAlias('staging' as never, 'v1', { reason: 'x' }))).details?.field).toBe('alias');
    expect(registry.history()).toHaveLength(0);
  });
});
