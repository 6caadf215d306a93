import { describe, expect, it } from 'vitest';
import { DRILL_CHOICES, drillChoice, drillHint, evidenceRows, share, STATION_CHOICES, verdictLine } from '../../../components/drill/drill-text';
import type { DrillEvidence } from '../../../src/loop/drills/run';
import { INCIDENT_DESCRIPTIONS, INCIDENT_KINDS, INCIDENT_STATION } from '../../../src/loop/drills/incidents';
import { LabError } from '../../../src/errors';
import { STATIONS } from '../../../src/loop/engine/stations';

const evidence: DrillEvidence = {
  injectedAt: 1500,
  injectedT: 150,
  accuracyBefore: 0.9712,
  accuracyAfter: 0.8,
  errorRateBefore: 0,
  errorRateAfter: 0.25,
  topErrorKind: 'schema',
  alertsAfter: 2,
  driftSignalsAfter: 0,
  labelsJoinedBefore: 1400,
  labelsJoinedAfter: 1100,
  requestsAfter: 1200,
  movesAfter: [{ version: 'v2', actor: 'deployer', gated: false }],
  versionsAfter: [{ id: 'v2', newestRowT: 149.6, heldOutAccuracy: 0.5 }],
  trainingFailures: [],
  production: 'v2',
  worldChange: null,
  policy: 'manual',
  gatesAfter: [],
  inputDrift: { feature: 'x1', psi: 0.0123, drifting: 0 },
  worldChangeAt: null,
  firstSignalAt: null,
  labelDelaySeconds: 10,
};

describe('drill choices', () => {
  it('offers the drills in the engine order, each with a name and one line', () => {
    expect(DRILL_CHOICES.map((c) => c.drill)).toEqual([...INCIDENT_KINDS]);
    for (const c of DRILL_CHOICES) {
      expect(c.name.length).toBeGreaterThan(3);
      expect(c.line).toMatch(/\.$/);
    }
    expect(new Set(DRILL_CHOICES.map((c) => c.name)).size).toBe(INCIDENT_KINDS.length);
  });

  it('offers the six stations in loop order, labelled, with their role', () => {
    expect(STATION_CHOICES.map((c) => c.station)).toEqual([...STATIONS]);
    expect(STATION_CHOICES.map((c) => c.label)).toEqual(['Data', 'Train', 'Evaluate', 'Deploy', 'Observe', 'Feedback']);
    expect(STATION_CHOICES[4]?.hint).toContain('detectors and alerts');
  });

  it('looks a drill up, and refuses an unknown one with a typed error naming the known ones', () => {
    expect(drillChoice('label-stall').name).toBe('Quality chart frozen');
    expect(() => drillChoice('fire')).toThrow(LabError);
    expect(() => drillChoice('fire')).toThrow(/unknown incident "fire"; known: silent-accuracy-drop/);
  });
});

describe('evidenceRows', () => {
  it('reads the measured numbers as they are, before and after the fault', () => {
    const rows = evidenceRows(evidence);
    const by = Object.fromEntries(rows.map((r) => [r.key, r.value]));
    expect(rows.map((r) => r.key)).toEqual(['fault', 'world', 'accuracy', 'errors', 'labels', 'requests', 'alerts', 'inputs', 'deploys', 'versions', 'production']);
    expect(by.fault).toBe('at request 1500 (t = 150 s)');
    expect(by.world).toMatch(/^unchanged/);
    expect(by.inputs).toBe('largest PSI 0.012 (x1); 0 features drifting');
    expect(by.accuracy).toBe('97.1% before, 80.0% after');
    expect(by.errors).toBe('0.0% before, 25.0% after (mostly "schema")');
    expect(by.labels).toBe('1400 before, 1100 after (each 10 s after its answer)');
    expect(by.alerts).toBe('2 alerts, 0 drift signals');
    expect(by.deploys).toBe('v2 by deployer (no gate result)');
    expect(by.versions).toBe('v2: newest training row from t = 150 s, held-out accuracy 50.0%');
    expect(rows.find((r) => r.key === 'versions')?.meaning).toContain('t = 150 s');
    expect(by.production).toBe('v2');
  });

  it('adds training failures when there are some, and says none / n/a for empty evidence', () => {
    const rows = evidenceRows({ ...evidence, accuracyAfter: null, topErrorKind: null, movesAfter: [], versionsAfter: [], trainingFailures: ['loss became NaN at epoch 1.'], production: null });
    const by = Object.fromEntries(rows.map((r) => [r.key, r.value]));
    expect(by.accuracy).toBe('97.1% before, n/a after');
    expect(by.errors).toBe('0.0% before, 25.0% after');
    expect(by.deploys).toBe('none');
    expect(by.versions).toBe('none');
    expect(by.training).toBe('loss became NaN at epoch 1.');
    expect(by.production).toBe('nothing');
  });

  it('never prints NaN', () => {
    expect(share(Number.NaN)).toBe('n/a');
    expect(share(null)).toBe('n/a');
    expect(share(0.125)).toBe('12.5%');
  });
});

describe('a wrong answer: only "Not <station>." and a hint', () => {
  it('names only the station answered until the answer is shown; a right answer names the station', () => {
    expect(verdictLine({ correct: false, answer: 'observe', expected: 'feedback' }, false)).toBe('Not observe.');
    expect(verdictLine({ correct: false, answer: 'observe', expected: 'feedback' }, true)).toBe('Not observe: the feedback station failed.');
    expect(verdictLine({ correct: true, answer: 'feedback', expected: 'feedback' }, false)).toBe('Right: the feedback station failed.');
  });

  it('gives every drill a hint that points at evidence rows and never names the station that failed or the fault', () => {
    const keys = new Set([...evidenceRows(evidence).map((r) => r.key), 'gate', 'training']);
    for (const drill of INCIDENT_KINDS) {
      const hint = drillHint(drill);
      expect(hint.text, drill).toMatch(/\?$|\.$/);
      expect(hint.rows.length, drill).toBeGreaterThan(0);
      for (const row of hint.rows) expect(keys.has(row), `${drill}: ${row}`).toBe(true);
      const station = INCIDENT_STATION[drill];
      expect(hint.text, drill).not.toMatch(new RegExp(`\\b${station}\\b`, 'i'));
      expect(hint.text, drill).not.toContain(INCIDENT_DESCRIPTIONS[drill].slice(0, 30));
    }
    expect(new Set(INCIDENT_KINDS.map((d) => drillHint(d).text)).size).toBe(INCIDENT_KINDS.length);
    expect(drillHint('label-stall').rows).toEqual(['labels', 'requests']);
  });

  it('refuses a hint for an unknown drill with a typed error', () => {
    expect(() => drillHint('fire')).toThrow(LabError);
  });
});
