/**
 * One version out and back in, at the Lab level (Lab.exportVersion / Lab.importVersion, and the same
 * through the command table's client): v1 exported as a one-file TF.js layers-model JSON comes back as
 * a NEW version with the same weights and metadata, registered but not deployed; a corrupted file, or
 * one from a lab with other features, is refused with its typed ImportError and registers nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Lab } from '../../../src/loop/index';
import { BUNDLE_FORMAT, ImportError } from '../../../src/registry/index';
import { createInPageLabClient } from '../../../src/worker/lab-client';

let lab: Lab;

beforeAll(async () => {
  await tf.setBackend('cpu');
  lab = await Lab.create({ scenario: 'moons-rotation', seed: 5, requests: 600, policy: 'manual', training: { epochs: 2 } });
  await lab.bootstrap();
  await lab.runRequests(200);
});

afterAll(async () => {
  await lab.dispose();
});

/** The state an import must not touch when it fails. */
function registryState(l: Lab): unknown {
  return { versions: l.registry.list().map((v) => v.id), history: l.registry.history().length, deployed: l.deployed(), numTensors: tf.memory().numTensors };
}

describe('Lab.exportVersion / importVersion', () => {
  test('round trip: v1 exported and imported comes back as a new version with the same weights and metadata, not deployed', async () => {
    const text = await lab.exportVersion('v1');
    const bundle = JSON.parse(text) as { format: string; metadata: { id: string }; modelJson: { format: string; weightsManifest: unknown[] }; weights: { bytes: number }; exportedAt: string };
    expect(bundle.format).toBe(BUNDLE_FORMAT);
    expect(bundle.metadata.id).toBe('v1');
    expect(bundle.modelJson.format).toBe('layers-model');
    expect(bundle.exportedAt).toBe(new Date(Math.round(lab.time * 1000)).toISOString());

    const history = lab.registry.history().length;
    const before = lab.deployed();
    const imported = await lab.importVersion(text);
    const ids = lab.registry.list().map((v) => v.id);
    expect(imported.id).toBe(`v${ids.length}`);
    expect(imported.id).not.toBe('v1');
    expect(imported.parent).toBeNull();
    expect(imported.importedFrom).toMatchObject({ id: 'v1' });
    expect(imported.created.simTime).toBe(lab.time);
    const source = lab.registry.get('v1');
    expect(imported.evaluation).toEqual(source.evaluation);
    expect(imported.schema).toEqual(source.schema);
    expect(imported.hyperParameters).toEqual(source.hyperParameters);
    const [a, b] = await Promise.all([lab.registry.artifacts('v1'), lab.registry.artifacts(imported.id)]);
    expect(b.weightSpecs).toEqual(a.weightSpecs);
    expect(new Uint8Array(b.weightData)).toEqual(new Uint8Array(a.weightData));
    // Registered, never deployed by the import.
    expect(lab.deployed()).toEqual(before);
    expect(lab.registry.history()).toHaveLength(history);
    // The imported copy answers as v1 does once promoted.
    await lab.promote(imported.id, 'test: serve the imported copy');
    expect(lab.deployed().production).toBe(imported.id);
  });

  test('a corrupted file is refused with its typed error; nothing is registered, deployed or leaked', async () => {
    const text = await lab.exportVersion('v1');
    const bundle = JSON.parse(text) as { weights: { base64: string; bytes: number }; modelJson: { modelTopology: unknown }; metadata: { schema: { classes: string[] } } };
    const cases: [string, string, RegExp][] = [
      ['truncated', text.slice(0, text.length - 40), /not JSON/],
      ['weights cut short', JSON.stringify({ ...bundle, weights: { ...bundle.weights, base64: bundle.weights.base64.slice(0, 64) } }), /weights\.bytes declares/],
      ['other format', JSON.stringify({ ...bundle, format: 'something-else' }), /format: must be "mlops-lab\/version"/],
      ['no topology', JSON.stringify({ ...bundle, modelJson: { ...bundle.modelJson, modelTopology: null } }), /modelJson\.modelTopology: must be an object/],
      ['other classes', JSON.stringify({ ...bundle, metadata: { ...bundle.metadata, schema: { ...bundle.metadata.schema, classes: ['x', 'y'] } } }), /does not match this lab's/],
    ];
    for (const [name, file, message] of cases) {
      const state = registryState(lab);
      const refused = await lab.importVersion(file).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused, name).toBeInstanceOf(ImportError);
      expect((refused as ImportError).message, name).toMatch(message);
      expect(registryState(lab), name).toEqual(state);
    }
  });

  test('through the command table: exportVersion and importVersion on the client; a bad file rejects with invalid-import', async () => {
    const client = createInPageLabClient();
    try {
      await client.create({ scenario: 'stable', seed: 2, requests: 50, policy: 'off', training: { epochs: 1 } });
      const text = await client.exportVersion('v1');
      const version = await client.importVersion(text);
      expect(version).toMatchObject({ id: 'v2', parent: null, importedFrom: { id: 'v1' } });
      const snapshot = await client.snapshot();
      expect(snapshot.versions.map((v) => v.id)).toEqual(['v1', 'v2']);
      expect(snapshot.deployed.production).toBe('v1');
      await expect(client.importVersion('{"format":"mlops-lab/version"}')).rejects.toMatchObject({ code: 'invalid-import' });
      await expect(client.exportVersion('v9')).rejects.toMatchObject({ message: expect.stringMatching(/v9/) });
      expect((await client.snapshot()).versions).toHaveLength(2);
    } finally {
      await client.dispose();
    }
  });
});
