import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { LabError } from '../../../src/errors';
import { decodeBase64, encodeBase64, exportBundle, exportFiles, ImportError, importBundle, importFiles, ModelRegistry, type VersionBundle } from '../../../src/registry/index';
import { tinyModel, versionInfo } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function source(): Promise<ModelRegistry> {
  const registry = await ModelRegistry.open();
  for (const seed of [11, 12]) {
    const model = tinyModel(seed);
    await registry.register(model, versionInfo(seed));
    model.dispose();
  }
  return registry;
}

async function predictions(model: tf.LayersModel): Promise<number[][]> {
  const x = tf.tensor2d([[0, 0, 0], [1, -1, 2], [2.5, 1.9, 1], [-2, 2, 0]]);
  const y = model.predict(x) as tf.Tensor;
  const out = (await y.array()) as number[][];
  tf.dispose([x, y]);
  return out;
}

async function importFailure(registry: ModelRegistry, file: string | Uint8Array, maxBytes?: number): Promise<ImportError> {
  const before = registry.list().length;
  try {
    await importBundle(registry, file, maxBytes ? { maxBytes } : {});
  } catch (error) {
    expect(registry.list()).toHaveLength(before);
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('expected the import to fail');
}

describe('base64', () => {
  test('round-trips every length and byte value, and rejects bad text', () => {
    for (let n = 0; n < 10; n++) {
      const bytes = Uint8Array.from({ length: n * 31 }, (_, i) => (i * 97 + n) & 255);
      expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    }
    expect(encodeBase64(new TextEncoder().encode('Man'))).toBe('TWFu');
    expect(encodeBase64(new TextEncoder().encode('Ma'))).toBe('TWE=');
    expect(decodeBase64('TWE')).toBeNull();
    expect(decodeBase64('TW!=')).toBeNull();
    expect(decodeBase64('T=Wu')).toBeNull();
  });
});

describe('export and import', () => {
  test('the exported model.json + weights load with tf.loadLayersModel and predict identically', async () => {
    const registry = await source();
    const files = await exportFiles(registry, 'v2');
    const manifest = files.modelJson.weightsManifest as Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
    expect(manifest[0]!.paths).toEqual(['weights.bin']);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(files.modelJson.modelTopology as object, manifest[0]!.weights, files.weights));
    const original = await registry.loadModel('v2');
    expect(await predictions(loaded)).toEqual(await predictions(original));
    expect(files.metadata.id).toBe('v2');
    loaded.dispose();
    original.dispose();
  });

  test('one-file export -> import into another registry: a new version, identical predictions, origin kept', async () => {
    const from = await source();
    const text = await exportBundle(from, 'v1', new Date(Date.UTC(2026, 1, 2)));
    const bundle = JSON.parse(text) as VersionBundle;
    expect(bundle.format).toBe('mlops-lab/version');
    expect(bundle.exportedAt).toBe('2026-02-02T00:00:00.000Z');
    const to = await source();
    const imported = await importBundle(to, text);
    expect(imported.id).toBe('v3');
    expect(imported.parent).toBeNull();
    expect(imported.importedFrom?.id).toBe('v1');
    expect(imported.evaluation).toEqual(from.get('v1').evaluation);
    const [a, b] = [await from.loadModel('v1'), await to.loadModel('v3')];
    expect(await predictions(b)).toEqual(await predictions(a));
    a.dispose();
    b.dispose();
    // importing the same file again never overwrites: it is one more version
    expect((await importBundle(to, new TextEncoder().encode(text))).id).toBe('v4');
  });

  test('corrupted files get the matching clear error and leave the registry unchanged', async () => {
    const registry = await source();
    const text = await exportBundle(registry, 'v1');
    const good = JSON.parse(text) as VersionBundle;
    const edit = (f: (b: VersionBundle) => void) => {
      const b = structuredClone(good);
      f(b);
      return JSON.stringify(b);
    };
    const weights = decodeBase64(good.weights.base64)!;

    expect((await importFailure(registry, text, 1000)).reason).toBe('too-large');
    expect((await importFailure(registry, 'this is not json {')).reason).toBe('not-json');
    expect((await importFailure(registry, text.slice(0, text.length / 2))).reason).toBe('not-json');
    expect((await importFailure(registry, '[1, 2]')).reason).toBe('bad-shape');
    expect((await importFailure(registry, edit((b) => void (b.format = 'other' as never)))).details?.field).toBe('format');
    expect((await importFailure(registry, edit((b) => void (b.weights.base64 = '%%%%')))).details?.field).toBe('weights.base64');
    expect((await importFailure(registry, edit((b) => void delete (b.modelJson as Record<string, unknown>).modelTopology))).details?.field).toBe('modelJson.modelTopology');
    expect((await importFailure(registry, edit((b) => void ((b.metadata as unknown as Record<string, unknown>).schema = 'none')))).details?.field).toBe('metadata');

    const truncated = await importFailure(registry, edit((b) => void (b.weights.base64 = encodeBase64(weights.subarray(0, weights.length - 12)))));
    expect(truncated.reason).toBe('weights-size');
    expect(truncated.message).toBe(`weights.bytes declares ${weights.length} bytes but the base64 holds ${weights.length - 12}`);
    const cut = await importFailure(
      registry,
      edit((b) => {
        b.weights.base64 = encodeBase64(weights.subarray(0, weights.length - 12));
        b.weights.bytes = weights.length - 12;
      }),
    );
    expect(cut.reason).toBe('weights-size');
    expect(cut.message).toBe(`the weights hold ${weights.length - 12} bytes but the manifest needs ${weights.length}`);

    const wrongInput = await importFailure(registry, edit((b) => void b.metadata.schema.features.pop()));
    expect(wrongInput.reason).toBe('schema-mismatch');
    expect(wrongInput.message).toBe('the model takes input shape [n, 3] but the schema has 2 features');
    const wrongOutput = await importFailure(registry, edit((b) => void b.metadata.schema.classes.push('d')));
    expect(wrongOutput.details).toMatchObject({ reason: 'schema-mismatch', field: 'output', expected: 4, got: 3 });

    const badTopology = await importFailure(registry, edit((b) => void ((b.modelJson.modelTopology as Record<string, unknown>).class_name = 'NoSuchModel')));
    expect(badTopology.reason).toBe('bad-topology');
    expect(registry.list().map((v) => v.id)).toEqual(['v1', 'v2']);
  });

  test('importFiles checks the weight byte count against the manifest', async () => {
    const registry = await source();
    const files = await exportFiles(registry, 'v1');
    const error = await importFiles(registry, { ...files, weights: files.weights.slice(4) }).catch((e: LabError) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).reason).toBe('weights-size');
    expect((await importFiles(registry, files)).id).toBe('v3');
  });
});
