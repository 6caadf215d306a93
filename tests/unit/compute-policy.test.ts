import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { describe, expect, test } from 'vitest';
import {
  BACKEND_POLICIES,
  BACKEND_POLICY_TABLE,
  Compute,
  DEFAULT_BACKEND_POLICY,
  describeChoice,
  parseBackendPolicy,
  settleBackendInit,
  softwareAdapter,
  softwareWebGLRenderer,
} from '../../src/compute/index';

describe('the backend policy table', () => {
  test('lists the six policies, default first, each with a label and an explanation', () => {
    expect(BACKEND_POLICY_TABLE.map((row) => row.value)).toEqual(['gpu-first', 'fastest', 'webgpu', 'webgl', 'wasm', 'cpu']);
    expect(BACKEND_POLICIES).toEqual(BACKEND_POLICY_TABLE.map((row) => row.value));
    expect(DEFAULT_BACKEND_POLICY).toBe('gpu-first');
    for (const row of BACKEND_POLICY_TABLE) {
      expect(row.label.length).toBeGreaterThan(2);
      expect(row.explanation).toMatch(/\.$/);
    }
    expect(BACKEND_POLICY_TABLE[0]?.explanation).toMatch(/emulated in software is skipped/);
  });

  test('parses untrusted text: blank is the default, case and spaces are forgiven, garbage gets a typed error', () => {
    expect(parseBackendPolicy(undefined)).toBe('gpu-first');
    expect(parseBackendPolicy('  ')).toBe('gpu-first');
    expect(parseBackendPolicy(' WASM ')).toBe('wasm');
    expect(parseBackendPolicy('webgl')).toBe('webgl');
    expect(() => parseBackendPolicy('quantum', 'url.backend')).toThrow(expect.objectContaining({ code: 'invalid-policy', details: expect.objectContaining({ field: 'url.backend' }) }));
    expect(() => parseBackendPolicy(3)).toThrow(/must be one of gpu-first, fastest, webgpu, webgl, wasm, cpu, got 3/);
  });
});

describe('software-emulated GPUs are recognised', () => {
  test.each([
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', 'SwiftShader'],
    ['Google SwiftShader', 'SwiftShader'],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', 'llvmpipe'],
    ['Mesa/X.org, softpipe', 'softpipe'],
    ['ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)', 'Microsoft Basic Render Driver'],
    ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', null],
    ['ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)', null],
    ['Apple M1', null],
  ])('WebGL renderer %j -> %j', (renderer, expected) => {
    expect(softwareWebGLRenderer(renderer)).toBe(expected);
  });

  test('WebGPU adapter info: SwiftShader, a fallback adapter, a real GPU', () => {
    expect(softwareAdapter({ vendor: 'google', architecture: 'swiftshader', device: '', description: '' })).toBe('SwiftShader');
    expect(softwareAdapter({ vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 17)' })).toBe('llvmpipe');
    expect(softwareAdapter({ vendor: 'microsoft', architecture: '', isFallbackAdapter: true })).toBe('a fallback (software) adapter');
    expect(softwareAdapter({ vendor: 'nvidia', architecture: 'ampere', device: '', description: '' })).toBeNull();
    expect(softwareAdapter({ vendor: 'apple', architecture: 'metal-3' })).toBeNull();
  });

  test('the sentence for a skipped software GPU says it in plain words', () => {
    const message = describeChoice({
      policy: 'gpu-first',
      backend: 'wasm',
      attempts: [
        { backend: 'webgpu', ok: false, reason: 'software-gpu', detail: 'SwiftShader' },
        { backend: 'webgl', ok: false, reason: 'software-gpu', detail: 'SwiftShader' },
        { backend: 'wasm', ok: true },
      ],
    });
    expect(message).toBe('Your GPU is emulated in software (SwiftShader), so the lab trains on WebAssembly: faster here');
    const mixed = describeChoice({
      policy: 'gpu-first',
      backend: 'cpu',
      attempts: [
        { backend: 'webgpu', ok: false, reason: 'adapter-null' },
        { backend: 'webgl', ok: false, reason: 'software-gpu', detail: 'llvmpipe' },
        { backend: 'wasm', ok: false, reason: 'missing-kernels', detail: 'no Conv2DBackpropFilter kernel' },
        { backend: 'cpu', ok: true },
      ],
    });
    expect(mixed).toBe('WebGPU unavailable (no adapter); WASM unavailable (it cannot train this model); your GPU is emulated in software (llvmpipe), so the lab trains on the CPU (plain JavaScript)');
  });

  test('a choice that fell back records why; one that did not has no fallback reason', async () => {
    const fell = await new Compute().choose('webgl', { candidates: ['cpu'] });
    expect(fell.fallbackReason).toBe('WebGL unavailable (no WebGL context); training on CPU (plain JavaScript)');
    const asked = await new Compute().choose('cpu');
    expect(asked.fallbackReason).toBeUndefined();
  });
});

describe('choosing a backend waits for whatever TF.js is still starting', () => {
  /** Registers a backend whose start takes `ms` and begins starting it, as `findBackend` does for wasm. */
  function startSlowBackend(name: string, ms: number): void {
    tf.registerBackend(name, () => new Promise<MathBackendCPU>((resolve) => setTimeout(() => resolve(new MathBackendCPU()), ms)));
    expect(tf.findBackend(name)).toBeNull();
  }

  test('TF.js alone refuses every operation while another backend starts', async () => {
    startSlowBackend('slow-a', 200);
    await tf.setBackend('cpu');
    expect(() => tf.add(1, 1)).toThrow("Backend 'cpu' has not yet been initialized");
    await settleBackendInit();
    expect(tf.add(1, 1).arraySync()).toBe(2);
  });

  test('a choice through Compute waits for it, so the first operation runs', async () => {
    startSlowBackend('slow-b', 200);
    const choice = await new Compute().choose('cpu');
    expect(choice.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.add(2, 3).arraySync()).toBe(5);
  });
});
