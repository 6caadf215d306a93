/**
 * The station and policy texts say what the lab's runs show:
 *  - observe: the accuracy alert and the error-stream detectors fire while the inputs look unchanged
 *    (moons-rotation, concept drift: input PSI stays under 0.1 when the first alarm comes);
 *  - on-alert: every policy retrain is started by ADWIN on production's error stream or by the accuracy
 *    alert, never by another alert;
 *  - deploy: a direct rollout rolls nothing back by itself (only a canary or shadow trial stops a worse
 *    candidate);
 *  - evaluate: every gated promotion compared on paired rows with the margin and the paired test.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { Lab } from '../../../src/loop/engine/lab';
import { runSimulation } from '../../../src/loop/commands/simulate';
import { findPolicy } from '../../../src/loop/decisions/policy';
import { STATION_EXPLANATIONS } from '../../../components/loop/station-text';
import { STATION_ROLES } from '../../../src/loop/engine/stations';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('station and policy texts against the runs', () => {
  test('observe: detectors and the accuracy alert fire with the inputs unchanged (moons-rotation seed 1)', async () => {
    expect(STATION_EXPLANATIONS.observe).toMatch(/fire when answers turn wrong, even when the inputs look unchanged/);
    expect(STATION_EXPLANATIONS.observe).not.toMatch(/when the world moves away from the training data/);
    const lab = await Lab.create({ scenario: 'moons-rotation', seed: 1, policy: 'off', requests: 8000 });
    try {
      await lab.bootstrap();
      const onset = lab.groundTruth()[0]?.onset as number;
      let alarmAt: number | null = null;
      let psiAtAlarm = Infinity;
      while (lab.position < 8000 && alarmAt === null) {
        await lab.runRequests(50);
        const fired = lab.log().find((e) => (e.type === 'drift' || (e.type === 'alert' && e.change === 'raised')) && e.index >= onset);
        if (fired) {
          alarmAt = fired.index;
          const view = lab.featureDrift.view(lab.deployed().production, lab.position);
          psiAtAlarm = Math.max(...(view.features ?? []).map((f) => f.value));
        }
      }
      expect(alarmAt).not.toBeNull();
      expect(psiAtAlarm).toBeLessThan(0.1);
    } finally {
      await lab.dispose();
    }
  });

  test('on-alert: retrains come from ADWIN or the accuracy alert only; a direct rollout rolls nothing back by itself', async () => {
    const policy = findPolicy('on-alert');
    expect(policy?.description).toMatch(/ADWIN flags production's error stream or the accuracy alert is raised \(other alerts do not retrain\)/);
    expect(STATION_EXPLANATIONS.deploy).toMatch(/a direct deploy goes live at once, and only a rollback undoes it/);
    const r = await runSimulation({ scenario: 'sea-sudden', seed: 1, policy: 'on-alert', requests: 12_000 });
    const policyRetrains = r.versions.filter((v) => v.trigger === 'alert');
    expect(policyRetrains.length).toBeGreaterThan(0);
    const reasons = r.decisions.filter((d) => d.kind === 'retrain' && d.actor === 'policy:on-alert').map((d) => d.reason);
    for (const reason of reasons) expect(reason).toMatch(/adwin flagged drift|accuracy-drop/);
    expect(r.rollbacks).toEqual([]);
  });

  test('evaluate: each gated promotion after the first passed the margin and the paired test on enough rows neither trained on', async () => {
    expect(STATION_ROLES.evaluate).toMatch(/neither trained on/);
    expect(STATION_EXPLANATIONS.evaluate).toMatch(/with a paired test/);
    const r = await runSimulation({ scenario: 'loans-policy-change', seed: 1, policy: 'on-alert' });
    const gated = r.promotions.filter((p) => p.gate && p.gate.hasProduction === 1);
    expect(gated.length).toBeGreaterThan(0);
    for (const p of gated) {
      expect(p.gate?.rows).toBeGreaterThanOrEqual(100);
      expect(p.gate?.improvement).toBeGreaterThanOrEqual(0.01);
      expect(p.gate?.pValue).toBeLessThanOrEqual(0.05);
    }
    expect(r.summary.promotions_before_change).toBe(0);
  });
});
