/**
 * The `backend` attribute of an element alone on a page (and of `<mlops-lab>`): a backend policy of
 * the table configures the element's own Lab; anything else is named in the plain message and the
 * default (the config's, else gpu-first) is kept. The URL state carries the same key.
 */
import { describe, expect, test } from 'vitest';
import { configFromAttributes, LAB_ATTRIBUTES } from '../../../components/shared/lab-attributes';
import { DEFAULT_LAB_CONFIG } from '../../../components/shared/lab-controller';
import { configToState, decodeState, DEFAULT_SHARE_STATE, encodeState, stateToConfig } from '../../../src/loop/persistence/share-state';
import { resolveLabConfig } from '../../../src/loop/engine/config';

const attrs = (values: Record<string, string>) => ({ getAttribute: (name: string) => values[name] ?? null });

describe('the backend attribute', () => {
  test('is one of the attributes that configure (and restart) an own Lab', () => {
    expect(LAB_ATTRIBUTES).toContain('backend');
  });

  test('each policy of the table configures the Lab (any case, spaces trimmed)', () => {
    for (const value of ['gpu-first', 'fastest', 'webgpu', 'webgl', 'wasm', 'cpu']) {
      expect(configFromAttributes(attrs({ backend: value }), DEFAULT_LAB_CONFIG)).toEqual({ config: { ...DEFAULT_LAB_CONFIG, backend: value }, problem: null });
    }
    expect(configFromAttributes(attrs({ backend: ' WebGPU ' }), DEFAULT_LAB_CONFIG).config.backend).toBe('webgpu');
  });

  test('a bad value is named, the other attributes still apply, the default stays', () => {
    const { config, problem } = configFromAttributes(attrs({ backend: 'gpu', seed: '3' }), DEFAULT_LAB_CONFIG);
    expect(config).toEqual({ ...DEFAULT_LAB_CONFIG, seed: 3 });
    expect(config.backend).toBeUndefined();
    expect(problem?.message).toMatch(/backend "gpu" is not one of gpu-first, fastest, webgpu, webgl, wasm, cpu/);
  });
});

describe('the backend in a link and in the lab config', () => {
  test('a link names it only when it is not gpu-first, so older links stay the same run', () => {
    expect(encodeState(DEFAULT_SHARE_STATE)).not.toContain('backend');
    expect(encodeState({ ...DEFAULT_SHARE_STATE, backend: 'webgpu' })).toMatch(/&backend=webgpu$/);
    expect(decodeState('#v=1&seed=7').state.backend).toBe('gpu-first');
    expect(decodeState('#v=1&backend=webgl').state.backend).toBe('webgl');
    expect(stateToConfig({ ...DEFAULT_SHARE_STATE, backend: 'wasm' }).backend).toBe('wasm');
    expect(configToState({ scenario: 'stable', seed: 1, backend: 'cpu' }).backend).toBe('cpu');
  });

  test('a bad value in a link gives gpu-first and a plain problem', () => {
    const { state, problems } = decodeState('#v=1&backend=tpu');
    expect(state.backend).toBe('gpu-first');
    expect(problems).toEqual([{ key: 'backend', message: "The link's backend policy 'tpu' is not a known backend policy (known: gpu-first, fastest, webgpu, webgl, wasm, cpu); using gpu-first" }]);
  });

  test('the lab config refuses an unknown policy with the list', () => {
    expect(() => resolveLabConfig({ scenario: 'stable', seed: 1, backend: 'tpu' as never })).toThrow(/backend must be one of gpu-first, fastest, webgpu, webgl, wasm, cpu, got "tpu"/);
    expect(resolveLabConfig({ scenario: 'stable', seed: 1, backend: 'wasm' }).backend).toBe('wasm');
  });
});
