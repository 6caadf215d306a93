/**
 * The registry's IndexedDB store in real Chromium: a version is stored whole or not at all, and
 * everything survives a reload (a fresh registry over the same database, and a separate document
 * reading what this one wrote).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { IndexedDbStore, ModelRegistry, StorageError } from '../../../src/registry/index';
import { tinyModel, versionInfo } from '../../unit/registry/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function fresh(name: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

/** Counts the records of an object store with the raw IndexedDB API (no idb, no registry code). */
async function rawCount(name: string, store: string): Promise<number> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    return await new Promise<number>((resolve, reject) => {
      const request = db.transaction(store).objectStore(store).count();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

/** A separate document (same-origin iframe) reads the database and posts what it found. */
function readFromAnotherDocument(name: string): Promise<{ versions: string[]; moves: number; weights: number }> {
  const script = `
    const open = indexedDB.open(${JSON.stringify(name)});
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['versions', 'history', 'weights']);
      const versions = tx.objectStore('versions').getAllKeys();
      const moves = tx.objectStore('history').count();
      const weights = tx.objectStore('weights').count();
      tx.oncomplete = () => parent.postMessage({ registryProbe: { versions: versions.result, moves: moves.result, weights: weights.result } }, '*');
    };
    open.onerror = () => parent.postMessage({ registryProbe: { error: String(open.error) } }, '*');`;
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    const onMessage = (event: MessageEvent) => {
      const probe = (event.data as { registryProbe?: { versions: string[]; moves: number; weights: number } }).registryProbe;
      if (!probe) return;
      window.removeEventListener('message', onMessage);
      frame.remove();
      resolve(probe);
    };
    window.addEventListener('message', onMessage);
    frame.srcdoc = `<!doctype html><script>${script}</script>`;
    document.body.append(frame);
  });
}

async function predictions(model: tf.LayersModel): Promise<number[]> {
  const x = tf.tensor2d([[0, 0, 0], [1, -1, 2], [2.5, 1.9, 1]]);
  const y = model.predict(x) as tf.Tensor;
  const out = Array.from(await y.data());
  tf.dispose([x, y]);
  return out;
}

test('versions, aliases, history and releases survive closing and reopening the database, and another document sees them', async () => {
  const name = 'mlops-registry-test-reload';
  await fresh(name);
  const first = await ModelRegistry.open(await IndexedDbStore.open(name));
  const models = [tinyModel(1), tinyModel(2)];
  for (const [i, model] of models.entries()) await first.register(model, versionInfo(i + 1, { simTime: i * 10 }));
  await first.promote('v1', { reason: 'launch', approver: 'ana', simTime: 1 });
  await first.moveAlias('candidate', 'v2', { reason: 'retrained', simTime: 2 });
  const expected = await predictions(models[1]!);
  first.close();

  const second = await ModelRegistry.open(await IndexedDbStore.open(name));
  expect(second.store.kind).toBe('indexeddb');
  expect(second.list().map((v) => v.id)).toEqual(['v1', 'v2']);
  expect(second.aliases()).toEqual({ production: 'v1', candidate: 'v2', shadow: null });
  expect(second.liveAt(1.5)).toBe('v1');
  expect(second.releases()[0]).toMatchObject({ version: 'v1', approver: 'ana', why: 'launch' });
  const loaded = await second.loadModel('v2');
  expect(await predictions(loaded)).toEqual(expected);
  loaded.dispose();
  models.forEach((m) => m.dispose());
  const model = tinyModel(3);
  expect((await second.register(model, versionInfo(3))).id).toBe('v3');
  model.dispose();
  second.close();

  expect(await readFromAnotherDocument(name)).toEqual({ versions: ['v1', 'v2', 'v3'], moves: 2, weights: 3 });
});

test('a failure injected between the weights and the metadata leaves neither in the database', async () => {
  const name = 'mlops-registry-test-atomic';
  await fresh(name);
  let fail = true;
  const store = await IndexedDbStore.open(name, {
    afterWeights: () => {
      if (fail) throw new Error('tab killed mid-write');
    },
  });
  const registry = await ModelRegistry.open(store);
  const model = tinyModel(1);
  const error = await registry.register(model, versionInfo(1)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StorageError);
  expect((error as StorageError).message).toBe('storing v1 failed; nothing was written');
  expect(registry.list()).toHaveLength(0);
  expect(await rawCount(name, 'weights')).toBe(0);
  expect(await rawCount(name, 'versions')).toBe(0);

  fail = false;
  expect((await registry.register(model, versionInfo(1))).id).toBe('v1');
  const dup = await store.putVersion(registry.get('v1'), await registry.artifacts('v1')).catch((e: unknown) => e);
  expect((dup as { code?: string }).code).toBe('version-exists');
  model.dispose();
  registry.close();
  expect(await rawCount(name, 'weights')).toBe(1);
  expect(await rawCount(name, 'versions')).toBe(1);
});
