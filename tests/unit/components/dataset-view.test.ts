import { describe, expect, it } from 'vitest';
import { kindText, scenarioInfo, truthRows, truthSummary } from '../../../components/dataset/dataset-view';
import { LabError } from '../../../src/errors';

describe('scenarioInfo', () => {
  it('describes a library scenario with its dataset schema from the catalogue', () => {
    const info = scenarioInfo('moons-rotation');
    expect(info.name).toBe('moons-rotation');
    expect(info.length).toBe(10_000);
    expect(info.imported).toBeNull();
    expect(info.dataset?.id).toBe('moons');
    expect(info.dataset?.classes).toEqual(['upper moon', 'lower moon']);
    expect(info.dataset?.features).toEqual([
      { name: 'x1', type: 'numeric', values: '-1.5 to 2.5', description: 'Horizontal position.' },
      { name: 'x2', type: 'numeric', values: '-1 to 1.5', description: 'Vertical position.' },
    ]);
  });

  it('shows units and categories', () => {
    const features = scenarioInfo('loans-policy-change').dataset?.features ?? [];
    expect(features.find((f) => f.name === 'salary')?.values).toBe('20000 to 150000 EUR/year');
    expect(features.find((f) => f.name === 'region')?.type).toBe('categorical');
    expect(features.find((f) => f.name === 'region')?.values).toMatch(/^one of region 1, region 2, /);
  });

  it('takes a scenario object, and an imported dataset has no catalogue schema', () => {
    const info = scenarioInfo({ name: 'mine', description: 'My data.', dataset: { id: 'imported', name: 'iris.csv' }, length: 500, changes: [] });
    expect(info.dataset).toBeNull();
    expect(info.imported).toBe('iris.csv');
  });

  it('refuses an unknown scenario name with the Lab typed error', () => {
    expect(() => scenarioInfo('nope')).toThrow(LabError);
    expect(() => scenarioInfo('nope')).toThrow(/unknown scenario "nope"/);
  });
});

describe('truthRows', () => {
  const truth = [
    { kind: 'concept', onset: 4500, end: 5500, description: 'Labels follow a boundary turned by 90 degrees.' },
    { kind: 'label-stall', onset: 7000, end: null, description: 'Labels stop.' },
  ];

  it('places each change against the stream position', () => {
    const before = truthRows(truth, 4000);
    expect(before.map((r) => r.phase)).toEqual(['ahead', 'ahead']);
    expect(before[0]?.when).toBe('from request 4,500 to 5,500 (in 500 requests)');
    const during = truthRows(truth, 5000);
    expect(during[0]?.phase).toBe('under way');
    expect(during[0]?.when).toBe('from request 4,500 to 5,500 (under way now)');
    const after = truthRows(truth, 8000);
    expect(after.map((r) => r.phase)).toEqual(['over', 'under way']);
    expect(after[1]?.when).toBe('from request 7,000 on (under way now)');
    expect(truthRows(truth, 5500)[0]?.phase).toBe('over');
  });

  it('explains the kind in words, and sums the truth up', () => {
    expect(kindText('concept')).toBe('Concept drift: the same inputs now get other labels.');
    expect(kindText('brand-new')).toBe('brand-new');
    expect(truthSummary(truthRows(truth, 5000))).toMatch(/^2 changes in this scenario: 0 complete, 1 under way, 1 still ahead\./);
    expect(truthSummary([])).toContain('any alarm here is a false alarm');
  });
});
