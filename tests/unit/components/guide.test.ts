import { describe, expect, it } from 'vitest';
import { GuideTracker } from '../../../components/lab/guide';
import type { LabSnapshot, RunInfo } from '../../../src/loop/engine/snapshot';
import type { SeriesPoint } from '../../../src/loop/observers/series';

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
