/**
 * The counterfactual compare (src/loop/compare): every run of a compare is the single run with that
 * policy, a fork replays what really happened up to its request, and `simulate --compare` prints the
 * same bytes for the same inputs.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../../src/loop/commands/cli';
import { runSimulation } from '../../../src/loop/commands/simulate';
import { runCompare, compareJson } from '../../../src/loop/compare/runner';
import { createInPageLabClient } from '../../../src/worker/lab-client';
import { compareSummary, lostCorrect, meanAccuracyAfter, requestsBelow } from '../../../src/loop/compare/summary';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const BASE = { scenario: 'moons-rotation', seed: 3, requests: 5200 } as const;

async function call(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

describe('compare', () => {
  test('simulate --compare: same inputs, same bytes; each run equals the single run of its policy', async () => {
    const argv = ['--compare', 'off,on-alert', '--scenario', BASE.scenario, '--seed', String(BASE.seed), '--requests', String(BASE.requests), '--json'];
    const first = await call(argv);
    expect(first.code).toBe(0);
    const second = await call(argv);
    expect(second.out).toBe(first.out);
    const parsed = JSON.parse(first.out) as { scenario: string; seed: number; runs: { policy: string; summary: Record<string, unknown> }[] };
    expect(Object.keys(parsed)).toEqual(['scenario', 'seed', 'runs']);
    expect(parsed.scenario).toBe('moons-rotation');
    expect(parsed.seed).toBe(3);
    expect(parsed.runs.map((r) => r.policy)).toEqual(['off', 'on-alert']);
    for (const run of parsed.runs) {
      const single = await runSimulation({ ...BASE, policy: run.policy });
      expect(run.summary).toEqual(compareSummary(single));
      expect(Object.keys(run.summary)).toEqual([...Object.keys(single.summary), 'mean_accuracy_after_drift', 'retrains', 'alerts', 'labels_used']);
    }
    const off = parsed.runs[0]?.summary as Record<string, number>;
    expect(off.retrains).toBe(0);
    expect(off.labels_used).toBe(0);
  }, 240_000);

  test('a fork replays the base run up to its request, then the other policy takes over', async () => {
    const at = 4800;
    const result = await runCompare({ config: { ...BASE, policy: 'off' }, policies: ['on-alert'], forkAt: at });
    expect(result.runs.map((r) => [r.policy, r.forkedAt])).toEqual([
      ['off', null],
      ['on-alert', at],
    ]);
    const [base, fork] = result.runs as [NonNullable<(typeof result.runs)[0]>, NonNullable<(typeof result.runs)[0]>];
    const single = await runSimulation({ ...BASE, policy: 'off' });
    expect(base.report).toEqual(single);
    // Up to the fork the two are one run: the same windows, the same answers.
    const before = (r: typeof base) => r.report.series.filter((w) => w.end <= at);
    expect(before(fork)).toEqual(before(base));
    expect(fork.recorded.correct.slice(0, 4000)).toEqual(base.recorded.correct.slice(0, 4000));
    // After it, the forked policy decides (the base never retrains).
    expect(fork.report.decisions.some((d) => d.kind === 'retrain' && d.reason.includes('policy set to on-alert'))).toBe(true);
    expect(base.summary.retrains).toBe(0);
    expect(compareJson(result).runs).toHaveLength(2);
  }, 240_000);

  test('bad input: too few, too many, twice the same policy, a bad fork position, a bad policy', async () => {
    await expect(runCompare({ config: BASE, policies: ['off'] })).rejects.toThrow(/compare needs 2 to 4 policies, got 1/);
    await expect(runCompare({ config: BASE, policies: ['off', 'on-alert', 'schedule', 'manual', 'on-alert-canary'] })).rejects.toThrow(/got 5/);
    await expect(runCompare({ config: BASE, policies: ['off', 'off'] })).rejects.toThrow(/"off" is named twice/);
    await expect(runCompare({ config: BASE, policies: ['off'], forkAt: -1 })).rejects.toThrow(/forkAt must be a whole number/);
    await expect(runCompare({ config: BASE, policies: ['off', 'nope'] })).rejects.toThrow(/unknown policy "nope"/);
    for (const argv of [
      ['--compare', 'off', '--scenario', 'stable', '--seed', '1'],
      ['--compare', 'off,,on-alert', '--scenario', 'stable', '--seed', '1'],
      ['--fork-at', '10', '--scenario', 'stable', '--seed', '1'],
      ['--compare', 'off,nope', '--scenario', 'stable', '--seed', '1'],
    ]) {
      const r = await call(argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
    }
  });

  test('the summary arithmetic: pooled accuracy after the onset, requests below a threshold, correct answers lost', () => {
    const w = (start: number, realized: number) => ({ start, end: start + 100, requests: 100, realized, estimated: null, error_rate: 0 });
    const series = [w(0, 0.9), w(100, 0.9), w(200, 0.5), w(300, 0.7)];
    expect(meanAccuracyAfter(series, 200)).toBeCloseTo(0.6, 10);
    expect(meanAccuracyAfter(series, 400)).toBeNull();
    expect(requestsBelow(series, 0.8)).toBe(200);
    expect(lostCorrect({ series, ground_truth: [{ kind: 'concept', onset: 200 } as never], summary: { accuracy_before_drift: 0.9 } as never })).toBe(60);
  });

  test('through the Lab host: a compare without a lab needs a config; a fork takes the lab’s own config and policy', async () => {
    const client = createInPageLabClient();
    try {
      await expect(client.compare(['off', 'on-alert'])).rejects.toMatchObject({ code: 'invalid-lab-command' });
      const config = { scenario: 'stable', seed: 2, requests: 400, policy: 'off', training: { epochs: 2 } } as const;
      const tensors = tf.memory().numTensors;
      const alone = await client.compare(['off', 'schedule'], { config });
      // Every lab of the compare was disposed with its models.
      expect(tf.memory().numTensors).toBe(tensors);
      expect(alone.runs.map((r) => r.policy)).toEqual(['off', 'schedule']);
      expect(alone.runs[0]?.report).toEqual(await runSimulation(config));
      await client.create(config);
      const snapshot = await client.run(200);
      const fork = await client.compare(['schedule'], { forkAt: snapshot.position });
      expect(fork).toMatchObject({ base: 'off', forkAt: snapshot.position, runs: [{ policy: 'off', forkedAt: null }, { policy: 'schedule', forkedAt: snapshot.position }] });
      expect(fork.runs[0]?.report).toEqual(alone.runs[0]?.report);
    } finally {
      await client.dispose();
    }
  }, 120_000);

  test('the label dial: a longer label delay makes every label-driven signal later; lost labels are applied or refused, never ignored', async () => {
    const config = { scenario: 'moons-rotation', seed: 3, requests: 5200, policy: 'off' } as const;
    const soon = await runCompare({ config, policies: ['off', 'manual'] });
    const late = await runCompare({ config, policies: ['off', 'manual'], settings: { labelDelay: 60 } });
    expect([soon.labelDelay, late.labelDelay]).toEqual([10, 60]);
    const [a, b] = [soon.runs[0]?.summary.requests_to_detect, late.runs[0]?.summary.requests_to_detect];
    expect(a).not.toBeNull();
    expect(b as number).toBeGreaterThan(a as number);
    // Realized accuracy is scored at once: the windows are the same.
    expect(late.runs[0]?.report.series.map((w) => w.realized)).toEqual(soon.runs[0]?.report.series.map((w) => w.realized));
    const lossy = runCompare({ config: { ...config, requests: 600 }, policies: ['off', 'manual'], settings: { labelLoss: 0.5 } });
    await lossy.then(
      (r) => expect(r.runs[0]?.report.totals.labels).toBeLessThan(400),
      (error: unknown) => expect(String(error)).toMatch(/labelLoss 0.5 is not applied by this engine's stream/),
    );
    await expect(runCompare({ config, policies: ['manual'], forkAt: 100, settings: { labelDelay: 5 } })).rejects.toThrow(/a fork replays the run it forks/);
    await expect(runCompare({ config, policies: ['off', 'manual'], settings: { rate: 3 } as never })).rejects.toThrow(/settings.rate is not a compare setting/);
    for (const argv of [
      ['--scenario', 'stable', '--seed', '1', '--label-loss', '2'],
      ['--scenario', 'stable', '--seed', '1', '--label-delay', '-1'],
      ['--scenario', 'stable', '--seed', '1', '--label-delay', 'soon'],
    ]) {
      const r = await call(argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--label-(loss|delay) must be a number from/);
    }
  }, 240_000);
});
