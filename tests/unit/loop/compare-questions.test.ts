/** Questions drawn from the learner's own run (src/loop/compare/questions.ts): answers and evidence come from the run's events. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { runCompare, type CompareResult } from '../../../src/loop/compare/runner';
import { gradeQuestion, runQuestions } from '../../../src/loop/compare/questions';
import { lostCorrect } from '../../../src/loop/compare/summary';

let result: CompareResult;

beforeAll(async () => {
  await tf.setBackend('cpu');
  result = await runCompare({ config: { scenario: 'moons-rotation', seed: 7, requests: 7000 }, policies: ['off', 'on-alert', 'schedule'] });
}, 300_000);

describe('questions from the run', () => {
  test('three to five questions, each on a station, answered by the run’s events', () => {
    const main = result.runs[1]?.report;
    if (!main) throw new Error('no run');
    const qs = runQuestions(main, result.runs);
    expect(qs.length).toBeGreaterThanOrEqual(3);
    expect(qs.length).toBeLessThanOrEqual(5);
    expect(new Set(qs.map((q) => q.station)).size).toBe(qs.length);
    const onset = qs.find((q) => q.id === 'drift-onset');
    expect(onset?.accepted).toEqual([4500]);
    expect(gradeQuestion(onset as never, 4600).correct).toBe(true);
    expect(gradeQuestion(onset as never, '5000').correct).toBe(false);
    expect(gradeQuestion(onset as never, 'soon').correct).toBe(false);
    const first = qs.find((q) => q.id === 'first-signal');
    expect(first?.choices).toContain(first?.accepted[0]);
    expect(first?.evidence).toMatch(/requests after the drift began/);
    const lost = qs.find((q) => q.id === 'fewest-lost');
    const byPolicy = result.runs.map((r) => [r.policy, lostCorrect(r.report)] as const);
    const fewest = Math.min(...byPolicy.map(([, n]) => n));
    expect(lost?.accepted).toEqual(byPolicy.filter(([, n]) => n === fewest).map(([p]) => p));
    expect(lost?.accepted).not.toContain('off');
    const wrong = byPolicy.find(([, n]) => n !== fewest)?.[0] as string;
    expect(gradeQuestion(lost as never, wrong)).toMatchObject({ correct: false, evidence: expect.stringMatching(/off \d+/) });
  });

  test('a rejected candidate is asked about with the gate’s own reason as evidence, else the promotions are', () => {
    for (const run of result.runs) {
      const qs = runQuestions(run.report);
      const reject = run.report.decisions.find((d) => d.kind === 'reject');
      const q = qs.find((x) => x.id === (reject ? 'rejected' : 'promotions'));
      expect(q).toBeDefined();
      if (reject) expect(q?.evidence).toContain(reject.reason);
      else expect(q?.accepted).toEqual([run.report.promotions.filter((p) => p.index >= 0).length]);
      expect(qs.some((x) => x.id === 'fewest-lost')).toBe(false);
    }
  });
});
