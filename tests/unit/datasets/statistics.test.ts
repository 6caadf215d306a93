import { describe, expect, test } from 'vitest';
import { createRng, findScenario, sea, SEA_THRESHOLDS, ScenarioSource, sigmoid, type Scenario } from '../../../datasets/index';

const N = 100_000;

describe('statistical properties on 100k samples', () => {
  test('SEA: the positive rate of each concept is θ²/200', () => {
    SEA_THRESHOLDS.forEach((theta, variant) => {
      const b = sea({ variant }).sample(N, createRng(100 + variant));
      let positives = 0;
      for (const y of b.labels) positives += y;
      // Binomial standard deviation at p ~ 0.4 and n = 100k is 0.0016: 0.006 is almost 4 of them.
      expect(Math.abs(positives / N - (theta * theta) / 200)).toBeLessThan(0.006);
    });
  });

  test('sigmoid transition: the share of new-concept records at p - w, p and p + w', () => {
    // A very wide transition, so that 100k records around each point share (almost) one probability.
    const p = 30_000_000;
    const w = 10_000_000;
    const scenario: Scenario = {
      name: 'wide-sigmoid',
      description: 'A very slow switch from SEA concept 0 to concept 2.',
      dataset: { id: 'sea' },
      length: 2 * p,
      changes: [{ id: 'new', shape: 'gradual', at: p, width: w, effect: { type: 'concept', params: { variant: 2 } }, description: 'Threshold 8 to 7.' }],
    };
    for (const [at, expected] of [[p - w, sigmoid(-4)], [p, 0.5], [p + w, sigmoid(4)]] as const) {
      const source = new ScenarioSource(scenario, 7, { start: at - N / 2 });
      let fresh = 0;
      for (let i = 0; i < N; i++) if (source.next().concept === 'new') fresh++;
      expect(Math.abs(fresh / N - expected)).toBeLessThan(0.006);
    }
    expect(sigmoid(-4)).toBeCloseTo(0.018, 3);
  });

  test('prior shift reaches the stated class mix', () => {
    const scenario = findScenario('loans-prior-shift') as Scenario;
    const mix = (scenario.changes[0]?.effect as { mix: number[] }).mix;
    const after = new ScenarioSource(scenario, 3, { start: 20_000 });
    const before = new ScenarioSource(scenario, 3);
    let approvedAfter = 0;
    let approvedBefore = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) approvedAfter += after.next().label;
    for (let i = 0; i < 2000; i++) approvedBefore += before.next().label;
    expect(Math.abs(approvedAfter / n - (mix[1] as number))).toBeLessThan(0.012);
    // Before the campaign the bank's own rule decides, far from 80%.
    expect(approvedBefore / 2000).toBeLessThan(0.6);
  });
});
