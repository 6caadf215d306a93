import { describe, expect, it } from 'vitest';
import { GuideTracker } from '../../../components/lab/guide';
import type { LabSnapshot, RunInfo } from '../../../src/loop/engine/snapshot';
import type { SeriesPoint } from '../../../src/loop/observers/series';
import type { LabEvent } from '../../../src/loop/engine/events';
import { SCENARIOS } from '../../../datasets/scenarios/library';
import { groundTruth } from '../../../datasets/scenarios/truth';
import { judgeCanary } from '../../../src/loop/decisions/rollout';

const run = (id: string, onset: number | null): RunInfo => ({
  id,
  scenario: { name: 'x', description: 'x' },
  schema: { features: [], classes: ['a', 'b'] },
  seed: 1,
  policy: 'manual',
  groundTruth: onset === null ? [] : [{ kind: 'concept', onset, end: onset + 100, description: 'The boundary turns.' }],
});
const win = (start: number, realized: number): SeriesPoint => ({ start, end: start + 100, requests: 100, realized, estimated: null, error_rate: 0 });
const snap = (r: RunInfo, position: number, series: SeriesPoint[]): LabSnapshot => ({ run: r, position, t: position / 10, series, groundTruth: [] }) as unknown as LabSnapshot;

describe('the guide follows one run', () => {
  it('narrates the drift of the run the snapshots name (not the snapshot-level copy), and keeps the series sorted as windows come', () => {
    const g = new GuideTracker();
    const r = run('run-1', 300);
    g.onSnapshot(snap(r, 200, [win(0, 0.9), win(100, 0.9)]));
    expect(g.has('drift')).toBe(false);
    const steps = g.onSnapshot(snap(r, 400, [win(100, 0.91), win(200, 0.9), win(300, 0.6)]));
    expect(steps.map((s) => s.id)).toEqual(['drift']);
    expect(g.series.map((w) => [w.start, w.realized])).toEqual([[0, 0.9], [100, 0.91], [200, 0.9], [300, 0.6]]);
    expect(g.outcome()).toMatchObject({ driftOnset: 300, lowestAfter: 0.6 });
  });

  it('starts over when a snapshot of another run arrives', () => {
    const g = new GuideTracker();
    g.onSnapshot(snap(run('run-1', 300), 400, [win(0, 0.9), win(300, 0.6)]));
    expect(g.has('drift')).toBe(true);
    g.onSnapshot(snap(run('run-2', null), 100, [win(0, 0.8)]));
    expect(g.has('drift')).toBe(false);
    expect(g.steps).toEqual([]);
    expect(g.series.map((w) => w.start)).toEqual([0]);
    expect(g.outcome().driftOnset).toBeNull();
  });
});

describe('the guide names things as they are', () => {
  const r = run('run-1', 4500);
  const ddm = (index: number, source: 'error' | 'confidence' = 'error'): LabEvent => ({ type: 'drift', t: index / 10, index, version: 'v1', detector: 'ddm', source });

  it('a drift alarm before the change is a false alarm (not a detection); after it, a drift alarm with its delay', () => {
    const g = new GuideTracker();
    g.onSnapshot(snap(r, 100, []));
    const early = g.onEvent(ddm(176));
    expect(early).toMatchObject({ id: 'false-alarm', caption: "False alarm: detector DDM raised a drift alarm on v1's error rate at request 177, before anything changed (the change begins at request 4,500)." });
    expect(g.has('detect')).toBe(false);
    expect(g.onEvent(ddm(4811))).toMatchObject({ id: 'detect', caption: "Drift alarm: detector DDM raised a drift alarm on v1's error rate at request 4,812, 312 requests after the change began." });
    // On a scenario with no change at all, every drift alarm is a false alarm.
    const stable = new GuideTracker();
    stable.onSnapshot(snap(run('run-2', null), 100, []));
    expect(stable.onEvent(ddm(176))?.caption).toBe("False alarm: detector DDM raised a drift alarm on v1's error rate at request 177, and nothing changes in this scenario.");
    expect(stable.has('detect')).toBe(false);
  });

  it('a detector warning is named a warning, not an alarm', () => {
    const g = new GuideTracker();
    const s = { ...snap(r, 300, []), detectors: { every: 100, detectors: [], points: [], alarms: [{ detector: 'ddm', kind: 'warning', position: 250, version: 'v1' }] } } as unknown as LabSnapshot;
    expect(g.onSnapshot(s)).toEqual([{ id: 'warning', index: 250, t: 30, caption: "Warning (not a drift alarm): DDM sees v1's error rate rising at request 250, before anything changed, so most likely noise." }]);
    expect(g.onSnapshot(s)).toEqual([]); // the same warning is told once
  });

  it('each step names who really did it: the guided run, a policy, the learner', () => {
    const g = new GuideTracker();
    g.onSnapshot({ ...snap(r, 0, []), policy: 'on-alert', run: { ...r, policy: 'on-alert' } } as unknown as LabSnapshot);
    const version = (id: string, trigger: string): LabEvent => ({ type: 'version', t: 0, index: 0, version: { id, trigger, data: { window: { rows: 1500 } }, evaluation: { accuracy: 0.981 } } }) as unknown as LabEvent;
    const alias = (v: string, previous: string | null, actor: string, reason: string): LabEvent => ({ type: 'alias', t: 0, index: 10, alias: 'production', version: v, previous, reason, actor });
    expect(g.onEvent(version('v1', 'manual'))?.caption).toBe('v1 trained by the guided run on 1,500 rows: 98.1% on its evaluation set.');
    expect(g.onEvent(alias('v1', null, 'learner', 'initial version'))?.caption).toBe('Deployed by the guided run: production now answers with v1.');
    expect(g.onEvent(version('v2', 'alert'))?.caption).toBe('Retrained: v2 trained by the on-alert policy on 1,500 rows: 98.1% on its evaluation set.');
    expect(g.onEvent(alias('v2', 'v1', 'policy:on-alert', 'gate passed'))?.caption).toBe('Promoted by the on-alert policy: production moves from v1 to v2 (gate passed).');
    expect(g.onEvent(version('v3', 'manual'))?.caption).toBe('Retrained: v3 trained by you on 1,500 rows: 98.1% on its evaluation set.');
    expect(g.onEvent(alias('v3', 'v2', 'learner', 'learner promoted'))?.caption).toBe('Promoted by you: production moves from v2 to v3 (learner promoted).');
    expect(g.caption).not.toMatch(/by hand|approved by you/);
  });

  it('alerts in plain words: no rule id, no metric name', () => {
    const g = new GuideTracker();
    const alert = (metric: string, valueAtRaise: number, threshold: number): LabEvent =>
      ({ type: 'alert', t: 1, index: 5000, change: 'raised', alert: { seq: 1, ruleId: metric.replace('_', '-'), scope: 'production', metric, severity: 'critical', threshold, raisedAt: 1, resolvedAt: null, valueAtRaise, peak: valueAtRaise, evaluations: 1 } }) as LabEvent;
    const caption = g.onEvent(alert('accuracy_drop', 0.052, 0.05))?.caption ?? '';
    expect(caption).toBe("Alert (critical): production's accuracy on its latest labelled answers fell 5.2 points below its own baseline (the alert fires past 5.0 points).");
    expect(caption).not.toMatch(/accuracy[_-]drop|threshold of/);
    expect(g.onEvent(alert('error_rate', 0.061, 0.05))?.caption).toBe('Alert (critical): 6.1% of requests got an error answer (the alert fires above 5.0%).');
    expect(g.onEvent(alert('label_backlog', 2153, 2000))?.caption).toBe('Alert (critical): 2,153 answers are waiting for their true label (the alert fires above 2,000).');
  });

  it('every scenario with a change has its "drift" step, named for its kind (drift, sensor, or incident that is not drift)', () => {
    const seen = new Map<string, string>();
    for (const scenario of SCENARIOS) {
      const truth = groundTruth(scenario);
      if (!truth.length) continue;
      const g = new GuideTracker();
      const r2: RunInfo = { ...run(scenario.name, null), groundTruth: truth };
      const steps = g.onSnapshot(snap(r2, (truth[0] as { onset: number }).onset + 1, []));
      expect(steps.map((s) => s.id), scenario.name).toEqual(['drift']);
      seen.set((truth[0] as { kind: string }).kind, steps[0]?.caption ?? '');
    }
    expect([...seen.keys()].sort()).toEqual(['concept', 'covariate', 'label-stall', 'missing-field', 'out-of-range', 'prior', 'sensor', 'unit-change']);
    expect(seen.get('sensor')).toMatch(/^A sensor degrades/);
    expect(seen.get('unit-change')).toMatch(/^Incident, not drift: a feature changes its unit: /);
    expect(seen.get('missing-field')).toMatch(/^Incident, not drift: a field goes missing: /);
    expect(seen.get('out-of-range')).toMatch(/^Incident, not drift: impossible values arrive: /);
    expect(seen.get('label-stall')).toMatch(/^Incident, not drift: the true labels stop arriving/);
    expect(seen.get('covariate')).toMatch(/^The world changes \(covariate drift/);
    // An injected incident is a step of its own.
    expect(new GuideTracker().onEvent({ type: 'incident', t: 1, index: 10, incident: 'schema-break', description: 'The endpoint expects a renamed field.' })).toMatchObject({ id: 'incident', caption: 'Incident injected: The endpoint expects a renamed field.' });
  });
});

describe('the canary promotion in the guide', () => {
  it('quotes the non-inferiority margin and both sample sizes the canary was judged on', () => {
    const canary = { kind: 'canary' as const, steps: [10, 50], stepLabels: 60, maxErrorRate: 0.05, maxAccuracyDrop: 0.05, maxLatencyRatio: 3 };
    const arm = (labelled: number, correct: number) => ({ answered: labelled, errors: 0, labelled, correct, latencyP95: 2 });
    const verdict = judgeCanary(canary, { phase: 'canary', candidate: 'v3', step: 1, percent: 50, startedAt: 0 }, arm(63, 60), arm(540, 518));
    expect(verdict.action).toBe('promote');
    const g = new GuideTracker();
    g.onEvent({ type: 'alias', t: 0, index: 0, alias: 'production', version: 'v1', previous: null, reason: 'initial version', actor: 'learner' });
    const step = g.onEvent({ type: 'alias', t: 9, index: 900, alias: 'production', version: 'v3', previous: 'v1', reason: (verdict as { reason: string }).reason, actor: 'policy:on-alert-canary' });
    expect(step?.caption).toBe(
      "Promoted by the on-alert-canary policy: production moves from v1 to v3 (canary step 50% passed: accuracy 95.2% vs production's 95.9% (0.7 points below, within the 5.0-point non-inferiority margin) on 63 and 540 labelled answers (at least 60 each); error rate 0.0%).",
    );
  });
});

describe('guide words: who did it', () => {
  it('names the lab\'s own first version after the guided run that started it, and a drill as a drill', async () => {
    const { actorWords } = await import('../../../components/lab/guide-words');
    expect(actorWords('lab', 'the guided run')).toBe('the guided run');
    expect(actorWords('lab')).toBe('the lab');
    expect(actorWords('drill')).toBe('the drill');
    expect(actorWords('learner')).toBe('you');
  });
});
