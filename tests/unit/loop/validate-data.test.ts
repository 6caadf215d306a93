/**
 * "Validate data before drift analysis and before training", read from the lab's own runs: on
 * loans-unit-change (salary sent in cents from request 4,000 to 6,000) the endpoint flags the
 * requests with an out-of-range salary, the training store holds their rows back (so no retrain
 * learns the unit bug), and the drift view's sentence says to check the data first with the counts
 * the run produced; on stable nothing is flagged, nothing held back and the sentence is absent. The
 * expected counts come from the endpoint's own responses (the Lab's tap), not from the counters
 * under test.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { Lab } from '../../../src/loop/engine/lab';
import { takeSnapshot, type LabSnapshot } from '../../../src/loop/engine/snapshot';
import { buildReport, type SimulationReport } from '../../../src/loop/commands/simulate';
import type { EndpointResponse } from '../../../src/serving/index';
import { DriftHistory } from '../../../components/drift/drift-history';
import { DATA_CHECK_WORDS, driftSentence, verdict } from '../../../components/drift/drift-summary';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** The drift view's per-feature sentence for a snapshot, as the element writes it. */
function sentenceOf(snapshot: LabSnapshot): string {
  const history = new DriftHistory();
  history.addSnapshot(snapshot);
  return driftSentence(history.drift);
}

/** A number as the views write it ("1,234"). */
const num = (s: string | undefined) => Number((s ?? '').replace(/,/g, ''));

const SENTENCE = /salary: values outside the training range: check the data first — a unit change or a broken sensor looks like a major shift\. The endpoint flagged ([\d,]+) of the last ([\d,]+) requests for salary \(([\d,]+) since the run began\), and ([\d,]+) labelled rows? with such values (?:was|were) held back from training so far\./;

/** What one phase of the run looked like from the outside. */
interface Phase {
  snapshot: LabSnapshot;
  sentence: string;
  /** Labels joined and rows that reached the store, at that moment. */
  labels: number;
  stored: number;
}

describe('loans-unit-change (seed 1): a data bug is flagged, kept out of training, and named', () => {
  let onset = 0;
  let end = 0;
  let salaryIndex = -1;
  let salaryRange: readonly [number, number] = [0, 0];
  /** Stream positions of the requests whose response carried out_of_range, from the endpoint's own answers. */
  const flaggedAt: number[] = [];
  let before: Phase;
  let during: Phase;
  let after: Phase;
  let report: SimulationReport;
  let storedSalaries: number[] = [];

  beforeAll(async () => {
    const lab = await Lab.create({ scenario: 'loans-unit-change', seed: 1 });
    lab.tap((id: string, response: EndpointResponse) => {
      if ('parameters' in response && response.parameters.out_of_range.length > 0) flaggedAt.push(Number(/(\d+)$/.exec(id)?.[1]));
    });
    try {
      const change = lab.groundTruth()[0];
      if (!change || change.end === null) throw new Error('loans-unit-change lost its change');
      onset = change.onset;
      end = change.end;
      salaryIndex = lab.schema.features.findIndex((f) => f.name === 'salary');
      salaryRange = lab.schema.features[salaryIndex]?.range as [number, number];
      const phase = (): Phase => {
        const snapshot = takeSnapshot(lab);
        return { snapshot, sentence: sentenceOf(snapshot), labels: lab.totals.labels, stored: lab.buffer.total };
      };
      await lab.bootstrap();
      await lab.runRequests(onset - 100);
      before = phase();
      await lab.runRequests(1600);
      during = phase();
      await lab.runToEnd();
      after = phase();
      report = buildReport(lab, lab.stream.scenario.length, lab.policy);
      const held = lab.buffer.recent(lab.buffer.size).examples;
      const cols = lab.schema.features.length;
      storedSalaries = Array.from({ length: held.rows }, (_, r) => held.features[r * cols + salaryIndex] as number);
    } finally {
      await lab.dispose();
    }
  }, 180_000);

  test('the endpoint flags no request before the change and every request during it', () => {
    expect(onset).toBe(4000);
    expect(flaggedAt.filter((i) => i < onset)).toEqual([]);
    expect(flaggedAt.length).toBe(end - onset);
    expect(Math.min(...flaggedAt)).toBe(onset);
    expect(Math.max(...flaggedAt)).toBe(end - 1);
    expect(before.snapshot.position).toBeLessThan(onset);
    expect(before.snapshot.dataChecks).toMatchObject({ flagged: 0, firstFlagged: null, heldBack: { rows: 0 } });
    expect(during.snapshot.dataChecks?.flagged).toBe(flaggedAt.filter((i) => i < during.snapshot.position).length);
    expect(during.snapshot.dataChecks?.flagged).toBeGreaterThan(0);
    expect(during.snapshot.dataChecks?.firstFlagged).toBe(onset);
    expect(after.snapshot.dataChecks).toMatchObject({ flagged: end - onset, firstFlagged: onset, lastFlagged: end - 1, byFeature: { salary: end - onset } });
  });

  test('the training store holds the flagged rows back: every labelled row is stored or held back, and no stored salary is out of range', () => {
    for (const p of [before, during, after]) expect(p.stored + (p.snapshot.dataChecks?.heldBack.rows ?? -1)).toBe(p.labels);
    const held = after.snapshot.dataChecks?.heldBack;
    expect(held?.rows).toBeGreaterThan(0.9 * (end - onset));
    expect(held?.rows).toBeLessThanOrEqual(end - onset);
    expect(held?.byFeature).toEqual({ salary: held?.rows });
    expect(storedSalaries.length).toBeGreaterThan(1000);
    expect(storedSalaries.filter((v) => v < salaryRange[0] || v > salaryRange[1])).toEqual([]);
  });

  test('the report carries the check under its own key, agreeing with the run', () => {
    expect(report.data_checks).toEqual({
      flagged_requests: end - onset,
      first_flagged_index: onset,
      last_flagged_index: end - 1,
      flagged_by_feature: { salary: end - onset },
      held_back_rows: after.snapshot.dataChecks?.heldBack.rows,
      held_back_by_feature: { salary: after.snapshot.dataChecks?.heldBack.rows },
    });
    expect(Object.keys(report).slice(0, -1)).toEqual(['scenario', 'seed', 'policy', 'requests', 'window', 'series', 'ground_truth', 'alarms', 'alerts', 'versions', 'promotions', 'rollbacks', 'decisions', 'training_failures', 'totals', 'summary']);
  });

  test('during the change the drift table calls salary a major shift, and the sentence says to check the data first, with the run\'s counts', () => {
    const salary = during.snapshot.drift?.features?.find((f) => f.feature === 'salary');
    expect(salary && verdict(salary)).toBe('Yes (major shift)');
    const m = SENTENCE.exec(during.sentence);
    expect(m, during.sentence).not.toBeNull();
    const position = during.snapshot.position;
    const window = num(m?.[2]);
    expect(window).toBe(1000);
    expect(num(m?.[1])).toBe(flaggedAt.filter((i) => i < position && i >= position - window).length);
    expect(num(m?.[3])).toBe(flaggedAt.filter((i) => i < position).length);
    expect(num(m?.[4])).toBe(during.labels - during.stored);
    expect(num(m?.[4])).toBeGreaterThan(0);
  });

  test('before the change, and once the fix left the window, the sentence is absent', () => {
    expect(before.sentence).not.toContain(DATA_CHECK_WORDS);
    expect(before.sentence).toMatch(/features? (?:is )?drifting/);
    expect(after.snapshot.position - (end - 1)).toBeGreaterThan(1000);
    expect(after.snapshot.dataChecks?.recent.flagged).toBe(0);
    expect(after.sentence).not.toContain(DATA_CHECK_WORDS);
  });
});

describe('stable: no data problem, so no data-check sentence', () => {
  // Moons' x1 passes its normal range [-1.5, 2.5] through the Gaussian noise's tail about once in
  // 10,000 requests (seed 1: request 2,457): the endpoint flags it and the store holds that one row
  // back, but a lone outlier is not called a data problem. Seed 2 has none.
  test.each([
    [1, 1],
    [2, 0],
  ])('seed %i: %i flagged request(s); every snapshot\'s sentence is free of the data check', async (seed, expected) => {
    const lab = await Lab.create({ scenario: 'stable', seed });
    const flagged: number[] = [];
    lab.tap((id: string, response: EndpointResponse) => {
      if ('parameters' in response && response.parameters.out_of_range.length > 0) flagged.push(Number(/(\d+)$/.exec(id)?.[1]));
    });
    try {
      await lab.bootstrap();
      const sentences: string[] = [];
      while (!lab.done) {
        await lab.runRequests(250);
        sentences.push(sentenceOf(takeSnapshot(lab)));
        expect(lab.buffer.total + lab.trainingStore.heldBack().rows).toBe(lab.totals.labels);
      }
      const report = buildReport(lab, lab.stream.scenario.length, lab.policy);
      expect(flagged.length).toBe(expected);
      expect(sentences.length).toBeGreaterThan(30);
      expect(sentences.filter((x) => x.includes(DATA_CHECK_WORDS))).toEqual([]);
      const checks = takeSnapshot(lab).dataChecks;
      expect(checks?.flagged).toBe(expected);
      expect(checks?.heldBack.rows).toBeLessThanOrEqual(expected);
      if (expected === 0) {
        expect(checks).toMatchObject({ firstFlagged: null, byFeature: {}, heldBack: { rows: 0, byFeature: {} } });
        expect('data_checks' in report).toBe(false);
      } else {
        expect(report.data_checks).toMatchObject({ flagged_requests: expected, first_flagged_index: flagged[0], flagged_by_feature: { x1: expected } });
      }
    } finally {
      await lab.dispose();
    }
  }, 180_000);
});
