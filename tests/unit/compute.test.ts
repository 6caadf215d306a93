import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { Compute, describeChoice, median, timeSteps } from '../../src/compute/index';
import { DEFAULT_MLP, trainingProbe } from '../../src/model/index';

describe('backend choice in Node (no GPU here)', () => {
  test('gpu-first falls back past webgpu and webgl, recording why', async () => {
    const compute = new Compute();
    const choice = await compute.choose('gpu-first');
    expect(choice.attempts[0]).toEqual({ backend: 'webgpu', ok: false, reason: 'no-navigator-gpu' });
    expect(choice.attempts[1]).toEqual({ backend: 'webgl', ok: false, reason: 'no-webgl' });
    expect(['wasm', 'cpu']).toContain(choice.backend);
    expect(tf.getBackend()).toBe(choice.backend);
    expect(choice.message).toMatch(/^WebGPU unavailable \(this browser has no navigator\.gpu\); WebGL unavailable \(no WebGL context\); .*training on (WASM|CPU)/);
    expect(compute.lost).toBeNull();
    expect(() => compute.check()).not.toThrow();
  });

  test('an explicit backend is used as asked', async () => {
    const compute = new Compute();
    const seen: string[] = [];
    compute.subscribe((c) => seen.push(c.backend));
    const choice = await compute.choose('cpu');
    expect(choice).toMatchObject({ policy: 'cpu', backend: 'cpu', attempts: [{ backend: 'cpu', ok: true }] });
    expect(choice.message).toBe('Training on CPU (plain JavaScript), as you asked');
    expect(seen).toEqual(['cpu']);
  });

  test('an explicit backend that cannot start falls back in gpu-first order, saying so', async () => {
    const choice = await new Compute().choose('webgl', { candidates: ['cpu'] });
    expect(choice.backend).toBe('cpu');
    expect(choice.message).toBe('WebGL unavailable (no WebGL context); training on CPU (plain JavaScript)');
  });

  test('fastest measures every candidate and picks the highest throughput', async () => {
    const probe = trainingProbe(DEFAULT_MLP, { inputShape: [2], classes: 2 }, 32);
    const before = tf.memory().numTensors;
    const choice = await new Compute().choose('fastest', { probe, candidates: ['webgl', 'cpu'] });
    expect(choice.probe).toHaveLength(2);
    expect(choice.probe?.[0]).toMatchObject({ backend: 'webgl', available: false, reason: 'no-webgl' });
    expect(choice.probe?.[1]).toMatchObject({ backend: 'cpu', available: true });
    expect(choice.probe?.[1]?.samplesPerSec).toBeGreaterThan(0);
    expect(choice.probe?.[1]?.warmupMs).toBeGreaterThan(0);
    expect(choice.backend).toBe('cpu');
    expect(choice.message).toMatch(/^WebGL unavailable \(no WebGL context\); training on CPU \(plain JavaScript\), the fastest measured here at [\d,]+ samples\/s$/);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('fastest without a probe is a programming error', async () => {
    await expect(new Compute().choose('fastest')).rejects.toThrow(/probe workload/);
  });
});

describe('describeChoice', () => {
  test('names a loss and the choice made again', () => {
    const text = describeChoice({
      policy: 'gpu-first',
      backend: 'webgl',
      attempts: [{ backend: 'webgpu', ok: false, reason: 'adapter-null' }, { backend: 'webgl', ok: true }],
      lost: { backend: 'webgl', reason: 'webgl-context-lost' },
    });
    expect(text).toBe('WebGL was lost (WebGL context lost) and the run was stopped; backend chosen again; WebGPU unavailable (no adapter); training on WebGL');
  });
});

describe('timing helpers', () => {
  test('median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  test('timeSteps times the warm-up alone and respects its step bounds', async () => {
    let calls = 0;
    const t = await timeSteps(async () => {
      calls++;
    }, { extraWarmup: 2, minSteps: 3, maxSteps: 5, budgetMs: 0 });
    expect(t.stepMs).toHaveLength(3);
    expect(calls).toBe(1 + 2 + 3);
    expect(t.warmupMs).toBeGreaterThanOrEqual(0);
  });
});
