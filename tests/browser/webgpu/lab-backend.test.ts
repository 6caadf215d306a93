/**
 * The Lab trains on the backend its policy picks, in its worker: `webgpu` named explicitly trains
 * every version on WebGPU (SwiftShader here); the default gpu-first skips the software GPU and
 * trains on WebAssembly, saying why; each version's lineage records it, and host snapshots carry it
 * for the badge. Kept small: a few hundred rows, a few epochs.
 */
import { afterEach, expect, test } from 'vitest';
import type { SessionFile } from '../../../src/loop/persistence/session';
import type { Version } from '../../../src/registry/index';
import { versionBackends } from '../../../src/worker/lab-protocol';
import { createWorkerLabClient, type LabClient } from '../../../src/worker/index';

const SMALL = { scenario: 'stable', seed: 2, requests: 800, initialRows: 400, policy: 'manual', training: { epochs: 4 } } as const;

let client: LabClient | null = null;
afterEach(async () => {
  await client?.dispose();
  client = null;
});

/** Each version's lineage as the exported session holds it. */
async function lineage(lab: LabClient): Promise<Version[]> {
  const session: SessionFile = await lab.exportSession();
  return session.registry.versions.map((bundle) => bundle.metadata);
}

test('backend "webgpu" named explicitly: every version trains on WebGPU, in the worker, and says so', async () => {
  client = createWorkerLabClient();
  await client.create({ ...SMALL, backend: 'webgpu' });
  await client.run(300);
  await client.retrain('a second version');
  const snapshot = await client.snapshot();
  expect(snapshot.versions.map((v) => v.backend)).toEqual(['webgpu', 'webgpu']);
  const backends = versionBackends(snapshot);
  expect(backends?.map((b) => [b.id, b.backend, b.policy])).toEqual([
    ['v1', 'webgpu', 'webgpu'],
    ['v2', 'webgpu', 'webgpu'],
  ]);
  expect(backends?.[0]?.message).toBe('Training on WebGPU, as you asked');
  const versions = await lineage(client);
  expect(versions.map((v) => v.backend)).toEqual(['webgpu', 'webgpu']);
  expect(versions[0]?.backendChoice).toMatchObject({ policy: 'webgpu', message: 'Training on WebGPU, as you asked' });
  // The session keeps the policy: a restored lab trains as the one it was exported from.
  expect((await client.exportSession()).config.backend).toBe('webgpu');
});

test('no backend named (gpu-first): the software GPU is skipped and the lab trains on WebAssembly, saying why', async () => {
  client = createWorkerLabClient();
  const first = await client.create({ ...SMALL });
  expect(first.versions.map((v) => v.backend)).toEqual(['wasm']);
  const [v1] = versionBackends(first) ?? [];
  expect(v1).toMatchObject({ id: 'v1', backend: 'wasm', policy: 'gpu-first' });
  expect(v1?.fallbackReason).toMatch(/your GPU is emulated in software \(SwiftShader\), so the lab trains on WebAssembly: faster here$/i);
  const [meta] = await lineage(client);
  expect(meta?.backendChoice?.fallbackReason).toBe(v1?.fallbackReason);
  expect((await client.exportSession()).config.backend).toBe('gpu-first');
});

test('a bad backend policy is refused with a clear message, and nothing starts', async () => {
  client = createWorkerLabClient();
  await expect(client.create({ ...SMALL, backend: 'gpu' as never })).rejects.toMatchObject({ message: expect.stringMatching(/backend must be one of gpu-first, fastest, webgpu, webgl, wasm, cpu, got "gpu"/) });
});
