/**
 * Imports of mutated model files: every broken file is refused with a clear ImportError naming the
 * failed check, the registry is exactly as it was, and no tensor is left behind. Property-based
 * (fast-check, seeded) over the ways a file can be broken; plus the cases one by one.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import type { LabError } from '../../../src/errors';
import { decodeBase64, encodeBase64, exportBundle, ImportError, importBundle, ModelRegistry, type VersionBundle } from '../../../src/registry/index';
import { tinyModel, versionInfo } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function source(): Promise<{ registry: ModelRegistry; good: VersionBundle }> {
  const registry = await ModelRegistry.open();
  const model = tinyModel(3);
  await registry.register(model, versionInfo(3));
  model.dispose();
  await registry.moveAlias('production', 'v1', { reason: 'launch' });
  return { registry, good: JSON.parse(await exportBundle(registry, 'v1')) as VersionBundle };
}

type Bundle = VersionBundle & { modelJson: { modelTopology: { config: { layers: Array<{ class_name: string; config: Record<string, unknown> }> } }; format?: unknown; weightsManifest: Array<{ weights: Array<{ name: string; shape: number[]; dtype: string }> }> } };

/** Rewrites the weights of a bundle through `f` (float32 view). */
function withWeights(b: Bundle, f: (w: Float32Array) => void): void {
  const bytes = decodeBase64(b.weights.base64)!;
  const w = new Float32Array(bytes.buffer.slice(0));
  f(w);
  b.weights.base64 = encodeBase64(new Uint8Array(w.buffer));
}

/** A mutation, and the reasons an import may give for it. */
interface Mutation {
  name: string;
  reasons: string[];
  apply: (b: Bundle, k: number) => void;
}

const MUTATIONS: Mutation[] = [
  { name: 'a NaN weight', reasons: ['non-finite-weights'], apply: (b, k) => withWeights(b, (w) => void (w[k % w.length] = Number.NaN)) },
  { name: 'an infinite weight', reasons: ['non-finite-weights'], apply: (b, k) => withWeights(b, (w) => void (w[k % w.length] = k % 2 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY)) },
  { name: 'weights.bytes declared wrong', reasons: ['weights-size'], apply: (b, k) => void (b.weights.bytes += (k % 9) - 4 || 1) },
  {
    name: 'weights truncated (bytes declared to match)',
    reasons: ['weights-size'],
    apply: (b, k) => {
      const bytes = decodeBase64(b.weights.base64)!;
      const cut = bytes.subarray(0, bytes.length - 1 - (k % 40));
      b.weights.base64 = encodeBase64(cut);
      b.weights.bytes = cut.length;
    },
  },
  { name: 'a huge layer', reasons: ['bad-topology'], apply: (b, k) => void (b.modelJson.modelTopology.config.layers[k % 2]!.config.units = 41_943_040) },
  { name: 'a layer of another width', reasons: ['bad-topology', 'schema-mismatch'], apply: (b, k) => void (b.modelJson.modelTopology.config.layers[k % 2]!.config.units = [2, 4, 7, 9, 16][k % 5]) },
  { name: 'a linear output', reasons: ['not-probabilities'], apply: (b, k) => void (b.modelJson.modelTopology.config.layers[1]!.config.activation = ['linear', 'relu', 'tanh', 'elu'][k % 4]) },
  { name: 'a graph-model format tag', reasons: ['bad-format'], apply: (b, k) => void (b.modelJson.format = ['graph-model', 'tfjs-graph', 42, null][k % 4]) },
  { name: 'another bundle format', reasons: ['bad-format'], apply: (b) => void ((b as { format: unknown }).format = 'mlops-lab/session') },
  { name: 'a weight renamed', reasons: ['bad-topology'], apply: (b, k) => void (b.modelJson.weightsManifest[0]!.weights[k % 4]!.name = 'other/kernel') },
  { name: 'a weight reshaped', reasons: ['weights-size', 'bad-topology'], apply: (b, k) => void b.modelJson.weightsManifest[0]!.weights[k % 4]!.shape.reverse().push(1 + (k % 2)) },
  { name: 'an unsupported layer', reasons: ['bad-topology'], apply: (b, k) => void (b.modelJson.modelTopology.config.layers[k % 2]!.class_name = ['Conv2D', 'Lambda', 'NoSuchLayer'][k % 3]!) },
  { name: 'another input width', reasons: ['schema-mismatch', 'bad-topology'], apply: (b, k) => void (b.modelJson.modelTopology.config.layers[0]!.config.batch_input_shape = [null, 4 + (k % 3)]) },
  { name: 'an unknown initializer (fails inside TF.js)', reasons: ['not-loadable'], apply: (b) => void (b.modelJson.modelTopology.config.layers[1]!.config.kernel_initializer = { class_name: 'NoSuchInitializer', config: {} }) },
  { name: 'metadata without a schema', reasons: ['bad-shape'], apply: (b) => void delete (b.metadata as unknown as Record<string, unknown>).schema },
];

describe('imports of mutated model files', () => {
  test('every mutation is refused with its reason and a clear message; the registry and tf.memory().numTensors are unchanged', async () => {
    const { registry, good } = await source();
    const list = structuredClone([...registry.list()]);
    const history = structuredClone([...registry.history()]);
    // One good import first, so TF.js's lazily made kernels and caches exist before counting.
    const ok = await importBundle(await ModelRegistry.open(), JSON.stringify(good));
    expect(ok.id).toBe('v1');
    const tensors = tf.memory().numTensors;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MUTATIONS), fc.nat(1000), async (mutation, k) => {
        const bad = structuredClone(good) as Bundle;
        mutation.apply(bad, k);
        let error: unknown = null;
        try {
          await importBundle(registry, JSON.stringify(bad));
        } catch (e) {
          error = e;
        }
        expect(error, `${mutation.name} was accepted`).toBeInstanceOf(ImportError);
        expect(mutation.reasons, `${mutation.name}: ${(error as LabError).message}`).toContain((error as ImportError).reason);
        expect((error as LabError).message.length).toBeGreaterThan(15);
        expect(registry.list()).toEqual(list);
        expect(registry.history()).toEqual(history);
        expect(tf.memory().numTensors).toBe(tensors);
      }),
      { seed: 5, numRuns: 150 },
    );
  });

  test('random damage to the file text: refused with a typed error or, if still a valid file, imported whole; never a crash or a leak', async () => {
    const { registry, good } = await source();
    const text = JSON.stringify(good);
    const tensors = tf.memory().numTensors;
    await fc.assert(
      fc.asyncProperty(fc.nat(text.length - 1), fc.constantFrom('delete', 'x', '9', '"', '}'), async (at, edit) => {
        const damaged = text.slice(0, at) + (edit === 'delete' ? '' : edit) + text.slice(at + 1);
        const before = registry.list().length;
        try {
          await importBundle(registry, damaged);
          expect(registry.list().length).toBe(before + 1);
        } catch (e) {
          expect(e).toBeInstanceOf(ImportError);
          expect(registry.list().length).toBe(before);
        }
      }),
      { seed: 6, numRuns: 120 },
    );
    for (const v of registry.list()) expect(v.id).toMatch(/^v\d+$/);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  test('the issue\'s 41,943,040-unit layer is refused by arithmetic in milliseconds, before TF.js allocates anything', async () => {
    const { registry, good } = await source();
    const bad = structuredClone(good) as Bundle;
    bad.modelJson.modelTopology.config.layers[0]!.config.units = 41_943_040;
    const tensors = tf.memory().numTensors;
    const t0 = performance.now();
    const error = await importBundle(registry, JSON.stringify(bad)).catch((e: ImportError) => e);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(error).toMatchObject({ reason: 'bad-topology', message: 'modelTopology.config.layers[0].config.units: must be a whole number from 1 to 1048576, got 41943040' });
    expect(tf.memory().numTensors).toBe(tensors);
  });

  test('size budgets: the file and the weights', async () => {
    const { registry, good } = await source();
    const text = JSON.stringify(good);
    await expect(importBundle(registry, text, { maxBytes: 100 })).rejects.toMatchObject({ reason: 'too-large' });
    await expect(importBundle(registry, text, { maxWeightBytes: 64 })).rejects.toMatchObject({ reason: 'too-large' });
    expect(registry.list()).toHaveLength(1);
  });
});
