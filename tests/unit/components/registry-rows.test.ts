import { describe, expect, it } from 'vitest';
import { gateCellText, madeByText, RegistryLog, triggerText, versionRows } from '../../../components/registry/registry-rows';
import type { LabEvent } from '../../../src/loop/engine/events';

const versionEvent = (id: string, parent: string | null, t: number): LabEvent => ({
  type: 'version',
  t,
  index: t * 10,
  version: { id, parent, trigger: parent ? 'alert' : 'manual', evaluation: { rows: 300, accuracy: 0.9, loss: 0.25 }, data: { dataset: 'moons', seed: 7, window: { from: 10, to: t, rows: 800, policy: 'recent-2000' } } },
});
const move = (t: number, alias: 'production' | 'candidate', version: string | null, previous: string | null): LabEvent => ({ type: 'alias', t, index: t * 10, alias, version, previous, reason: 'why', actor: 'learner' });

const snapshot = {
  versions: [
    { id: 'v1', parent: null, trigger: 'manual', accuracy: 0.95 },
    { id: 'v2', parent: 'v1', trigger: 'alert', accuracy: 0.91, backend: 'cpu' },
    { id: 'v3', parent: 'v2', trigger: 'schedule', accuracy: 0.93 },
    { id: 'v4', parent: 'v9', trigger: 'drill', accuracy: 0.5 },
  ],
  deployed: { production: 'v2', candidate: 'v3', shadow: null },
};

describe('versionRows', () => {
  it('lists versions newest first with aliases, lineage, backend and the details the events gave', () => {
    const log = new RegistryLog();
    log.add(versionEvent('v2', 'v1', 120));
    log.add(move(121, 'production', 'v2', 'v1'));
    log.add({ type: 'station', t: 0, index: 0, station: 'data', why: '' });
    const rows = versionRows(snapshot, log);
    expect(rows.map((r) => [r.id, r.aliases, r.lineage, r.backend])).toEqual([
      ['v4', [], [], null],
      ['v3', ['candidate'], ['v2', 'v1'], null],
      ['v2', ['production'], ['v1'], 'cpu'],
      ['v1', [], [], null],
    ]);
    expect(rows[2]?.details).toEqual({ t: 120, evaluationRows: 300, loss: 0.25, dataset: 'moons', window: { from: 10, to: 120, rows: 800, policy: 'recent-2000' } });
    expect(rows[0]?.details).toBeNull();
    expect(log.moves).toEqual([{ t: 121, alias: 'production', version: 'v2', previous: 'v1', reason: 'why', actor: 'learner' }]);
    expect(versionRows(null, log)).toEqual([]);
  });

  it('stops a lineage at a cycle', () => {
    const rows = versionRows(
      {
        versions: [
          { id: 'a', parent: 'b', trigger: 'manual', accuracy: 1 },
          { id: 'b', parent: 'a', trigger: 'manual', accuracy: 1 },
        ],
        deployed: { production: null, candidate: null, shadow: null },
      },
      new RegistryLog(),
    );
    expect(rows.map((r) => r.lineage)).toEqual([['a'], ['b']]);
  });

  it('keeps its log bounded and can forget it', () => {
    const log = new RegistryLog(3);
    for (let i = 1; i <= 5; i++) {
      log.add(versionEvent(`v${i}`, null, i));
      log.add(move(i, 'candidate', `v${i}`, null));
    }
    expect(log.detailsOf('v1')).toBeNull();
    expect(log.detailsOf('v2')).toBeNull();
    expect(log.detailsOf('v3')?.t).toBe(3);
    expect(log.moves.map((m) => m.version)).toEqual(['v3', 'v4', 'v5']);
    log.clear();
    expect(log.moves).toEqual([]);
    expect(log.detailsOf('v5')).toBeNull();
  });

  it('says who made each version: the lab at start, you, the policy', () => {
    const first = { parent: null, trigger: 'manual', details: { t: 0, evaluationRows: 150, loss: 0.1, dataset: 'moons', window: { from: 0, to: 0, rows: 450, policy: 'recent [-600, -1]' } } };
    expect(madeByText(first)).toBe('the lab, when it started');
    expect(madeByText({ ...first, parent: 'v1', details: { ...first.details, window: { from: 10, to: 90, rows: 600, policy: 'recent [100, 899]' } } })).toBe('you (Retrain now)');
    expect(madeByText({ parent: 'v1', trigger: 'alert', details: null })).toBe('the policy, on an alert or a detector signal');
  });

  it('shows the gate verdict of each version, rejected ones as rejected with the numbers', () => {
    const log = new RegistryLog();
    const gate = { passed: false, rule: 'r', metrics: { rows: 200, candidateAccuracy: 0.93, productionAccuracy: 0.925, improvement: 0.005, minImprovement: 0.01, minSamples: 100, hasProduction: 1, candidateOnly: 6, productionOnly: 5, pValue: 0.5, alpha: 0.05 } };
    log.add({ type: 'decision', t: 5, index: 50, kind: 'gate', reason: 'r', version: 'v3', gate, actor: 'policy:on-alert' });
    const rows = versionRows(snapshot, log);
    const v3 = rows.find((r) => r.id === 'v3');
    expect(v3?.gate).toEqual(gate);
    expect(gateCellText(v3 as NonNullable<typeof v3>)).toEqual({ status: 'rejected', text: 'rejected: better by 0.5 points, p = 0.50 on 200 paired rows' });
    const v4 = rows.find((r) => r.id === 'v4');
    expect(gateCellText(v4 as NonNullable<typeof v4>)).toEqual({ status: 'none', text: 'no gate (the drill skipped it)' });
  });

  it('words triggers', () => {
    expect(['manual', 'alert', 'schedule', 'drill', 'other'].map(triggerText)).toEqual(['by hand', 'an alert', 'the schedule', 'a drill', 'other']);
  });
});
