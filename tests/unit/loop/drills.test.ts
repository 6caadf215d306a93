/**
 * Incident drills: each injects a real fault into a running lab; the measured evidence points to the
 * failed station, the right answer is graded correct and a wrong one incorrect, with the evidence.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { DRILLS, gradeDrill, runDrill } from '../../../src/loop/drills/index';
import { INCIDENT_STATION } from '../../../src/loop/drills/incidents';
import { STATIONS } from '../../../src/loop/engine/stations';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('incident drills', () => {
  test('there are at least six, one per station', () => {
    expect(DRILLS.length).toBeGreaterThanOrEqual(6);
    expect(new Set(DRILLS.map((d) => INCIDENT_STATION[d]))).toEqual(new Set(STATIONS));
  });

  test('silent accuracy drop -> observe: accuracy falls, the detectors flag, no alert fires, no retrain runs', async () => {
    const run = await runDrill('silent-accuracy-drop', 1);
    const e = run.evidence;
    expect((e.accuracyBefore as number) - (e.accuracyAfter as number)).toBeGreaterThan(0.1);
    expect(e.alertsAfter).toBe(0);
    expect(e.driftSignalsAfter).toBeGreaterThan(0);
    expect(e.labelsJoinedAfter).toBeGreaterThan(1000);
    const grade = gradeDrill(run, 'observe');
    expect(grade.correct).toBe(true);
    expect(grade.explanation).toMatch(/Yet 0 alerts were raised and 0 retrains ran/);
    expect(gradeDrill(run, 'data').correct).toBe(false);
  });

  test('regression after deploy -> evaluate: an ungated version goes live and accuracy falls', async () => {
    const run = await runDrill('regression-after-deploy', 1);
    const e = run.evidence;
    expect(e.movesAfter).toHaveLength(1);
    expect(e.movesAfter[0]).toMatchObject({ version: 'v2', gated: false, actor: 'drill' });
    expect((e.accuracyBefore as number) - (e.accuracyAfter as number)).toBeGreaterThan(0.2);
    expect(gradeDrill(run, 'evaluate').correct).toBe(true);
    expect(gradeDrill(run, 'deploy')).toMatchObject({ correct: false, expected: 'evaluate' });
  });

  test('stale training data -> data: the retrain used rows older than the change', async () => {
    const run = await runDrill('stale-training-data', 1);
    const e = run.evidence;
    expect(e.versionsAfter.length).toBe(1);
    expect((e.versionsAfter[0] as { newestRowT: number }).newestRowT).toBeLessThanOrEqual(e.injectedT);
    expect(e.labelsJoinedAfter).toBeGreaterThan(1000);
    expect(gradeDrill(run, 'data').correct).toBe(true);
    expect(gradeDrill(run, 'feedback').correct).toBe(false);
  });

  test('label noise -> feedback: fresh labels reach the store, the retrain is no better', async () => {
    const run = await runDrill('label-noise', 1);
    const e = run.evidence;
    expect(e.versionsAfter.length).toBe(1);
    expect(e.gatesAfter[0]?.passed).toBe(false);
    expect(e.production).toBe('v1');
    expect(gradeDrill(run, 'feedback').correct).toBe(true);
    expect(gradeDrill(run, 'data')).toMatchObject({ correct: false, expected: 'feedback' });
  });

  test('schema break -> deploy: every request after the deploy fails schema validation', async () => {
    const run = await runDrill('schema-break', 1);
    const e = run.evidence;
    expect(e.errorRateBefore).toBe(0);
    expect(e.errorRateAfter).toBe(1);
    expect(e.topErrorKind).toBe('schema');
    expect(e.movesAfter.at(-1)).toMatchObject({ version: 'v2', actor: 'release-bot' });
    expect(gradeDrill(run, 'deploy').correct).toBe(true);
  });

  test('label stall -> feedback: requests flow, labels stop', async () => {
    const run = await runDrill('label-stall', 1);
    const e = run.evidence;
    expect(e.requestsAfter).toBeGreaterThanOrEqual(1200);
    expect(e.labelsJoinedAfter).toBe(0);
    expect(e.errorRateAfter).toBe(0);
    expect(gradeDrill(run, 'feedback').correct).toBe(true);
  });

  test('training diverges -> train: the retrain fails, no version, production unchanged', async () => {
    const run = await runDrill('training-diverges', 1);
    const e = run.evidence;
    expect(e.trainingFailures.length).toBe(1);
    expect(e.trainingFailures[0]).toMatch(/diverged/);
    expect(e.versionsAfter).toEqual([]);
    expect(e.production).toBe('v1');
    expect(gradeDrill(run, 'train')).toMatchObject({ correct: true, expected: 'train' });
  });

  test('a malformed answer gets a typed error', async () => {
    const run = await runDrill('label-stall', 2);
    expect(() => gradeDrill(run, 'the model')).toThrow(/must be one of/);
  });
});
