/**
 * What the drills teach is what their simulation shows: each drill's fault, and not something else,
 * causes what the grading says (checked against the same drill run without its fault), and each
 * explanation quotes only numbers its evidence table shows.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { DRILLS, explainDrill, runDrill } from '../../../src/loop/drills/index';
import { evidenceRows } from '../../../components/drill/drill-text';
import { DRILL_WORLD_AT } from '../../../src/loop/drills/world';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** The numbers of a sentence (percentages, decimals, whole numbers; version ids count too). */
function numbersOf(text: string): string[] {
  return [...text.matchAll(/v\d+|\d+(?:\.\d+)?%?/g)].map((m) => m[0]);
}

describe('the explanation quotes the evidence table', () => {
  test.each(DRILLS.map((d) => [d]))('%s: every number of the explanation is in the evidence table', async (drill) => {
    const run = await runDrill(drill, 1);
    const table = evidenceRows(run.evidence)
      .map((r) => `${r.value} ${r.meaning}`)
      .join(' | ');
    const text = explainDrill(run);
    const tableNumbers = new Set(numbersOf(table));
    const missing = numbersOf(text).filter((n) => !tableNumbers.has(n));
    expect(missing, `explanation: ${text}\ntable: ${table}`).toEqual([]);
  });
});

describe('stale training data: a learnable change, and only the fault keeps the loop from learning it', () => {
  test.each([1, 2, 3])('seed %i: with the store fed, a retrain on fresh rows beats production at the gate; with it frozen, it does not', async (seed) => {
    const control = await runDrill('stale-training-data', seed, { withoutFault: true });
    const fault = await runDrill('stale-training-data', seed);
    expect(control.evidence.gatesAfter[0]?.passed, control.evidence.gatesAfter[0]?.sentence).toBe(true);
    expect(fault.evidence.gatesAfter[0]?.passed, fault.evidence.gatesAfter[0]?.sentence).toBe(false);
    expect(fault.evidence.versionsAfter[0]?.newestRowT).toBeLessThanOrEqual(fault.evidence.injectedT);
    expect(control.evidence.versionsAfter[0]?.newestRowT).toBeGreaterThan(control.evidence.injectedT);
    // The world turns after the fault: the frozen store's rows are all from before the change.
    expect(fault.evidence.injectedAt).toBeLessThan(DRILL_WORLD_AT);
    expect(explainDrill(fault)).toContain(`at request ${DRILL_WORLD_AT} the boundary between the moons turned`);
  });
});

describe('label noise: retraining cannot fix noisy labels', () => {
  test.each([1, 2, 3])('seed %i: the retrain on fresh noisy rows does not pass the gate, the inputs did not move, and the text says so', async (seed) => {
    const run = await runDrill('label-noise', seed);
    const e = run.evidence;
    const gate = e.gatesAfter[0];
    expect(gate?.passed, gate?.sentence).toBe(false);
    expect(e.versionsAfter[0]?.newestRowT).toBeGreaterThan(e.injectedT);
    expect(e.inputDrift?.psi).toBeLessThan(0.1);
    expect((e.accuracyBefore as number) - (e.accuracyAfter as number)).toBeGreaterThan(0.15);
    // The two versions agree far more often than either is scored right: the errors are not learnable.
    expect((gate?.disagree ?? 0) / (gate?.rows ?? 1)).toBeLessThan(1 - (gate?.productionAccuracy ?? 1));
    expect(explainDrill(run)).toMatch(/retraining cannot fix noisy labels/);
  });
});

describe('silent accuracy drop: what is muted is the alert and the retrain trigger, not the detectors', () => {
  test('seed 1: detectors flag, nothing acts; without the fault the same policy alerts or retrains', async () => {
    const fault = await runDrill('silent-accuracy-drop', 1);
    const control = await runDrill('silent-accuracy-drop', 1, { withoutFault: true });
    expect(fault.evidence.driftSignalsAfter).toBeGreaterThan(0);
    expect(fault.evidence.alertsAfter).toBe(0);
    expect(fault.evidence.versionsAfter).toEqual([]);
    expect(control.evidence.alertsAfter + control.evidence.versionsAfter.length).toBeGreaterThan(0);
    const text = explainDrill(fault);
    expect(text).toContain(`The detectors did see it: ${fault.evidence.driftSignalsAfter} drift signals on production's error stream after the fault`);
    expect(text).toMatch(/muted the accuracy alert and made the retrain trigger ignore the signals/);
    expect(text).toContain('Yet 0 alerts were raised and 0 retrains ran');
    // Detection delay includes label delay: the first signal comes after the change by more than the labels' delay in requests.
    const first = fault.evidence.firstSignalAt as number;
    expect(first).toBeGreaterThan(DRILL_WORLD_AT);
    expect(text).toContain(`The first after the change came at request ${first}, ${first - DRILL_WORLD_AT} requests after the change`);
    expect(text).toContain(`(${fault.evidence.labelDelaySeconds} s after each answer here)`);
    expect(text).not.toMatch(/monitoring was muted/);
  });
});
