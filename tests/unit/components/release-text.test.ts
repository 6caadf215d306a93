/**
 * The registry view's release records in words (pure helpers): gate verdicts, data windows, actors,
 * and the rows newest first.
 */
import { describe, expect, test } from 'vitest';
import { actorText, dataText, gateText, metricsText, releaseRows } from '../../../components/registry/release-text';
import { parseWindowPolicy, trainingWindowText } from '../../../components/registry/registry-rows';
import type { ReleaseSummary } from '../../../src/loop/engine/snapshot';

const GATE = { passed: true, rule: 'r', metrics: { rows: 150, candidateAccuracy: 0.9733, productionAccuracy: 0.86, improvement: 0.1133, minImprovement: 0.01, minSamples: 50 } };

const FIRST: ReleaseSummary = {
  seq: 0,
  version: 'v1',
  replaced: null,
  why: 'gate passed: candidate 98.0% vs production 0.0% on 150 held-out rows (needs +1.0%)',
  data: { dataset: 'moons', scenario: 'moons-rotation', seed: 7, window: { from: 0, to: 0, rows: 450, policy: 'recent [-600, -1]' } },
  metrics: { rows: 150, accuracy: 0.98, loss: 0.0612 },
  gate: { ...GATE, metrics: { ...GATE.metrics, productionAccuracy: 0 } },
  approver: 'learner',
  simTime: 0,
};

const SECOND: ReleaseSummary = {
  seq: 1,
  version: 'v3',
  replaced: 'v1',
  why: 'canary passed every step',
  data: { dataset: 'moons', scenario: 'moons-rotation', seed: 7, window: { from: 480, to: 630, rows: 600, policy: 'recent [4800, 6299]' } },
  metrics: { rows: 200, accuracy: 0.965, loss: 0.1 },
  gate: GATE,
  approver: 'policy:on-alert',
  simTime: 700,
};

describe('release records in words', () => {
  test('gate verdicts: passed, refused, too few rows, none', () => {
    expect(gateText(GATE)).toBe('Passed: candidate 97.3% vs production 86.0% on the same 150 held-out rows (needed +1.0 points).');
    expect(gateText({ ...GATE, passed: false })).toMatch(/^Refused \(promoted anyway\): /);
    expect(gateText({ ...GATE, passed: false, metrics: { ...GATE.metrics, rows: 10 } })).toBe('Refused (promoted anyway): only 10 held-out rows, the gate needs 50.');
    expect(gateText(FIRST.gate)).toContain('vs nothing in production to beat');
    expect(gateText(null)).toBe('No gate: promoted without comparing it with production.');
  });

  test('a paired gate result in words: difference, p-value, paired rows, the bar it had to clear', () => {
    const paired = { passed: true, rule: 'r', metrics: { rows: 400, candidateAccuracy: 0.92, productionAccuracy: 0.88, improvement: 0.04, minImprovement: 0.01, minSamples: 100, hasProduction: 1, candidateOnly: 22, productionOnly: 6, pValue: 0.0021, alpha: 0.05 } };
    expect(gateText(paired)).toBe('Passed: better by 4.0 points, p = 0.002 on 400 paired rows (candidate 92.0% vs production 88.0% on the same recent rows neither had trained on; needed +1.0 point and p <= 0.05).');
    expect(gateText({ ...paired, metrics: { ...paired.metrics, hasProduction: 0 } })).toBe('Passed: the first version, 92.0% on 400 held-out rows; nothing in production to compare it with.');
  });

  test('data windows, metrics and actors', () => {
    expect(dataText(FIRST.data)).toBe('450 rows drawn from the base concept before any traffic (moons, scenario moons-rotation, seed 7).');
    expect(dataText(SECOND.data)).toBe('600 labelled rows from the traffic of 8 min to 11 min of simulated time (recent window: requests 4,800 to 6,299); moons, scenario moons-rotation, seed 7.');
    expect(dataText({ dataset: 'loans', seed: 1 })).toBe('loans, seed 1.');
    expect(metricsText(SECOND.metrics)).toBe('Accuracy 96.5% on 200 held-out rows, loss 0.100.');
    expect(metricsText({ rows: 3, accuracy: Number.NaN, loss: Number.POSITIVE_INFINITY })).toBe('Accuracy ? on 3 held-out rows, loss ?.');
    expect(actorText('learner')).toBe('you (the learner)');
    expect(actorText('policy:on-alert')).toBe('the on-alert policy (automatic)');
    expect(actorText('release-bot')).toBe('release-bot');
  });

  test('rows newest first with a one-line headline; none without releases', () => {
    const rows = releaseRows({ releases: [FIRST, SECOND] });
    expect(rows.map((r) => r.record.version)).toEqual(['v3', 'v1']);
    expect(rows[0]?.headline).toBe('v3 went live at 12 min, replacing v1; gate passed; approved by the on-alert policy (automatic).');
    // The engine records the lab's own start as 'learner'; the words say the lab did it.
    expect(rows[1]?.headline).toBe('v1 went live at 0 s, the first in production; gate passed; deployed by the lab when it started.');
    expect(rows[1]?.approver).toMatch(/^the lab itself, when it started/);
    expect(rows[0]?.approver).toBe('the on-alert policy (automatic)');
    expect(rows[0]?.when).toBe('12 min into the run (simulated)');
    expect(releaseRows({})).toEqual([]);
    expect(releaseRows(null)).toEqual([]);
  });
});

describe('training windows in words', () => {
  test('a window of requests, the starting concept, and a name the view does not know', () => {
    expect(trainingWindowText({ rows: 600, policy: 'recent [5274, 6073]' })).toBe('600 labelled requests (recent window, requests 5,274 to 6,073)');
    expect(trainingWindowText({ rows: 1125, policy: 'recent [-1500, -1]' })).toBe('1125 rows of the starting concept, before any traffic');
    expect(trainingWindowText({ rows: 90, policy: 'imported' })).toBe('90 labelled rows (imported)');
    expect(parseWindowPolicy('recent [1, x]')).toBeNull();
  });
});
