/**
 * The registry's words for a version imported from a file: made by the learner from a file (not "the
 * lab, when it started", though it has no parent and a manual trigger), not gated, and known either
 * from the snapshot (when it carries `importedFrom`) or from the import this view made.
 */
import { describe, expect, it } from 'vitest';
import { gateCellText, isStartingVersion, madeByText, RegistryLog, versionRows } from '../../../components/registry/registry-rows';

const snapshot = {
  versions: [
    { id: 'v1', parent: null, trigger: 'manual', accuracy: 0.95 },
    { id: 'v2', parent: null, trigger: 'manual', accuracy: 0.95 },
    { id: 'v3', parent: null, trigger: 'alert', accuracy: 0.9, importedFrom: { id: 'v7' } },
  ],
  deployed: { production: 'v1', candidate: null, shadow: null },
};

describe('imported versions in the registry rows', () => {
  it('names the version each was exported as, from the view’s own import or from the snapshot', () => {
    const log = new RegistryLog();
    log.imported('v2', 'v1');
    const rows = versionRows(snapshot, log);
    expect(rows.map((r) => [r.id, r.importedFrom])).toEqual([
      ['v3', 'v7'],
      ['v2', 'v1'],
      ['v1', null],
    ]);
    log.clear();
    expect(versionRows(snapshot, log).find((r) => r.id === 'v2')?.importedFrom).toBeNull();
  });

  it('says who made it and that no gate judged it; the lab’s own first version keeps its words', () => {
    const imported = { parent: null, trigger: 'manual', details: null, gate: null, importedFrom: 'v1' };
    expect(isStartingVersion(imported)).toBe(false);
    expect(madeByText(imported)).toBe('you, imported from a file (exported as v1)');
    expect(gateCellText(imported)).toEqual({ status: 'none', text: 'not gated: imported, and an import deploys nothing (Promote serves it without a gate)' });
    const first = { ...imported, importedFrom: null };
    expect(madeByText(first)).toBe('the lab, when it started');
    expect(gateCellText(first).text).toBe('first version: nothing to compare with');
  });
});
