/** The compare view's words and numbers (components/compare/compare-text.ts, tradeoff-svg.ts): pure, from a result's runs. */
import { describe, expect, test } from 'vitest';
import type { CompareResult, CompareRun } from '../../../src/loop/compare/runner';
import { compareRows, labelDelayWords, verdict } from '../../../components/compare/compare-text';
import { place } from '../../../components/compare/tradeoff-svg';
import { REJECT_REASONS } from '../../../src/loop/compare/questions';

const w = (start: number, realized: number, estimated: number) => ({ start, end: start + 100, requests: 100, realized, estimated, error_rate: 0 });

function run(policy: string, after: number, estimated: number, kind = 'concept', labels = 0): CompareRun {
  return {
    policy,
    policyDetail: {} as never,
    forkedAt: null,
    summary: { accuracy_before_drift: 0.95, min_accuracy_after_drift: after, requests_to_detect: 40, requests_to_recover: null, versions: 1, rollbacks: 0, promotions_before_change: 0, mean_accuracy_after_drift: after, retrains: labels ? 1 : 0, alerts: 1, labels_used: labels },
    report: {
      series: [w(0, 0.95, 0.95), w(100, 0.95, 0.95), w(200, after, estimated), w(300, after, estimated)],
      ground_truth: [{ kind, shape: 'sudden', onset: 200, end: 200, description: 'x' }],
      totals: { requests: 400, answered: 400, errors: 0, labels: 400 },
      summary: { accuracy_before_drift: 0.95 },
      versions: [],
    } as never,
    recorded: { index: [], t: [], labelT: [], correct: [], version: [] },
  };
}

describe('compare words', () => {
  const result: CompareResult = { scenario: 's', seed: 1, requests: 400, base: null, forkAt: null, labelDelay: 10, labelLoss: 0, tickSeconds: 2, runs: [run('off', 0.6, 0.94), run('on-alert', 0.85, 0.94, 'concept', 800)] };

  test('rows and the verdict: who lost least, and the labels it read', () => {
    const rows = compareRows(result, 0.9);
    expect(rows.map((r) => [r.policy, r.below, r.lost, r.meanAfter, r.recover])).toEqual([
      ['off', 200, 70, '60.0%', 'not recovered'],
      ['on-alert', 200, 20, '85.0%', 'not recovered'],
    ]);
    expect(verdict(result)).toBe('From request 200 on, on-alert lost the fewest correct answers (20, against 70 for off), reading 800 labelled rows for its retrains.');
    expect(verdict({ ...result, runs: [result.runs[0] as CompareRun] })).toBe('From request 200 on, off lost 70 correct answers against its accuracy before the drift, reading 0 labelled rows for its retrains.');
  });

  test('label delay: the lag in requests, and the estimate blind to a concept drift but not to a covariate one', () => {
    const concept = labelDelayWords(result.runs[0] as CompareRun, 10, 10);
    expect(concept[0]).toContain('about 100 requests');
    expect(concept[1]).toMatch(/concept drift.*realized accuracy was 60\.0% while the estimate said 94\.0%/);
    const covariate = labelDelayWords(run('off', 0.6, 0.63, 'covariate'), 10, 10, 0.25);
    expect(covariate.join(' ')).toMatch(/25% of the labels never arrive/);
    expect(covariate.join(' ')).toMatch(/covariate drift.*moves with realized accuracy without waiting for labels/);
    const outside = labelDelayWords(run('off', 0.4, 0.88, 'covariate'), 10, 10);
    expect(outside.join(' ')).toMatch(/did not follow it \(mean gap 48\.0 points.*inside that range only/);
  });

  test('the trade-off point: more delay is further right, more false alerts higher, a miss in its own column', () => {
    const a = place({ delay: 100, falseAlerts: 0 }, 1000, 4);
    const b = place({ delay: 500, falseAlerts: 2 }, 1000, 4);
    const miss = place({ delay: null, falseAlerts: 0 }, 1000, 4);
    expect(b.x).toBeGreaterThan(a.x);
    expect(b.y).toBeLessThan(a.y);
    expect(miss.x).toBeGreaterThan(place({ delay: 1000, falseAlerts: 0 }, 1000, 4).x);
  });
});

describe('why a candidate was rejected: the gate’s and the trial’s own sentences map to one choice each', () => {
  test.each([
    ['v2 not deployed: gate refused: candidate better by 0.5 points, p = 0.50 on 200 paired rows (93.0% vs production 92.5% on the same recent rows neither trained on; needs +1.0 point and p <= 0.05)', 0],
    ['v2 not deployed: gate refused: candidate 91.0% vs production 92.0% on 300 held-out rows (needs +0.5%)', 0],
    ['v3 not deployed: gate refused: only 80 recent labelled rows neither model trained on, needs 100', 1],
    ['v2 not promoted: canary rolled back: accuracy 80.0% vs production 90.0%', 2],
  ])('%s', (reason, index) => {
    expect(REJECT_REASONS.findIndex((r) => r.test.test(reason))).toBe(index);
  });
});
