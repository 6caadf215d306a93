/**
 * A recurring concept is pointed out: on stagger-recurring (rule A, then rule B for 2000 records
 * every 4000), once a rule comes back, the gate's sentence names an earlier production version that
 * scores about as well as the new candidate on the same paired rows; the named version really did
 * serve production before, and no such sentence appears before any rule came back.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { runSimulation } from '../../../src/loop/commands/simulate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('reuse of an earlier version when a concept recurs', () => {
  test('stagger-recurring seed 1: pointed out after rule A comes back, never before', async () => {
    const r = await runSimulation({ scenario: 'stagger-recurring', seed: 1, policy: 'on-alert' });
    const hints = r.decisions.filter((d) => d.kind === 'gate' && /An earlier version, v\d+, scores/.test(d.reason));
    expect(hints.length).toBeGreaterThan(0);
    // Rule A first comes back at record 4000: no earlier concept to reuse before that.
    expect(Math.min(...hints.map((h) => h.index))).toBeGreaterThanOrEqual(4000);
    for (const h of hints) {
      const named = /An earlier version, (v\d+), scores ([\d.]+)% on the same (\d+) rows \(the candidate ([\d.]+)%/.exec(h.reason);
      expect(named).not.toBeNull();
      const [, version, theirs, , cand] = named as RegExpExecArray;
      const servedBefore = r.promotions.some((p) => p.version === version && p.index < h.index);
      expect(servedBefore, `${version} served production before request ${h.index}`).toBe(true);
      expect(Number(theirs)).toBeGreaterThanOrEqual(Number(cand) - 1);
    }
  });
});
