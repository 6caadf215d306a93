/**
 * `<mlops-csv>`'s pure part (components/csv/csv-state.ts): a file name as a dataset name, a file read
 * once and imported with the learner's choices, the schema as table rows, the drift form's defaults
 * and checks, and the run's config.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { classRows, datasetName, driftDefaults, formDrift, importWith, readFile, runConfig, schemaRows, type CsvChoices } from '../../../components/csv/csv-state';

const GREENHOUSE = readFileSync(new URL('../../fixtures/greenhouse.csv', import.meta.url));
const IRIS = readFileSync(new URL('../../fixtures/sklearn-iris.csv', import.meta.url));
const CHOICES: CsvChoices = { ignore: [], countHeader: 'classes', skipBadRows: false };

describe('the CSV panel, without the DOM', () => {
  test('file names become dataset names', () => {
    expect(datasetName('Green House (2024).CSV')).toBe('green-house-2024');
    expect(datasetName('__.csv')).toBe('data');
    expect(datasetName('-x.csv')).toBe('x');
    expect(datasetName(`${'a'.repeat(80)}.csv`)).toHaveLength(60);
  });

  test('refused with every problem, then imported with the rows left out; a new label without reading again', () => {
    const { table, failure } = readFile(GREENHOUSE);
    expect(failure).toBeNull();
    const refused = importWith(table!, 'greenhouse', CHOICES);
    expect(refused).toMatchObject({ data: null, refused: true, total: 2, message: 'line 97: this row has 4 values, the header has 5 (and 1 more problem)' });
    const kept = importWith(table!, 'greenhouse', { ...CHOICES, skipBadRows: true });
    expect(kept).toMatchObject({ refused: false, total: 2, notes: ['2 rows were left out for 2 problems (listed below); 598 rows were imported.'] });
    expect(schemaRows(kept.data!)).toEqual([
      { column: 'temperature_c', role: 'feature', type: 'numeric', values: '12 to 38' },
      { column: 'humidity_pct', role: 'feature', type: 'numeric', values: '20.3 to 95' },
      { column: 'soil', role: 'feature', type: 'categorical (3)', values: 'clay, loam, sand' },
      { column: 'light_klux', role: 'feature', type: 'numeric', values: '2 to 49.9' },
      { column: 'state', role: 'label', type: '3 classes', values: 'healthy, mould, wilting' },
    ]);
    expect(classRows(kept.data!).map((c) => c.rows).reduce((a, b) => a + b)).toBe(598);
    const bySoil = importWith(table!, 'greenhouse', { ...CHOICES, skipBadRows: true, label: 'soil', ignore: ['state'] });
    expect(schemaRows(bySoil.data!).map((r) => r.role)).toEqual(['feature', 'feature', 'label', 'feature', 'ignored']);
  });

  test('a file that cannot be read at all', () => {
    expect(readFile(new Uint8Array([0, 1, 2])).failure).toMatchObject({ refused: true, table: null, message: 'this looks like a binary file (it contains NUL bytes), not CSV text' });
  });

  test('the drift form: defaults of each kind, its checks, the run config', () => {
    const data = importWith(readFile(IRIS).table!, 'iris', CHOICES).data!;
    const concept = driftDefaults(data, 'concept');
    expect(concept).toMatchObject({ kind: 'concept', feature: 'feature_3', from: 2, to: 0, min: '3.95', max: '6.9', at: '3000', width: '0', requests: '6000' });
    expect(driftDefaults(data, 'prior', { at: '100', width: '50', requests: '900' })).toMatchObject({ mix: '0.7, 0.15, 0.15', at: '100', width: '50', requests: '900' });
    expect(formDrift({ ...concept, kind: 'prior', mix: '1, 1, 2' })).toEqual({ kind: 'prior', mix: [0.25, 0.25, 0.5] });
    expect(() => formDrift({ ...concept, kind: 'covariate', shift: 'a lot' })).toThrow('the shift must be a number, got "a lot"');
    expect(() => formDrift({ ...concept, kind: 'prior', mix: '0, 0, 0' })).toThrow('the class shares must add up to more than 0');
    expect(() => runConfig(data, { ...concept, at: '7000' })).toThrow('the drift must happen at a request from 1 to 5999, got 7000');
    expect(() => runConfig(data, { ...concept, requests: '100' })).toThrow('the run must have 500 to 100,000 requests, got 100');
    const config = runConfig(data, { ...concept, width: '400' });
    expect(config.requests).toBe(6000);
    expect(config.dataset?.rows).toBe(150);
    expect(config.scenario).toMatchObject({ name: 'iris-concept', changes: [{ shape: 'gradual', at: 3000, width: 400 }] });
  });
});

describe("a run in the element's own Lab: its progress lines", () => {
  test('versions, production moves, alerts, drifts and the end in plain words; other events none', async () => {
    const { progressLine } = await import('../../../components/csv/own-run');
    expect(progressLine({ type: 'version', t: 0, index: -1, version: { id: 'v1', parent: null, trigger: 'manual', evaluation: { rows: 300, accuracy: 0.9467, loss: 0.2 }, data: {} as never } })).toBe('request 0: v1 trained (manual), 94.7% on its held-out rows');
    expect(progressLine({ type: 'alias', t: 1, index: 3294, alias: 'production', version: 'v2', previous: 'v1', reason: 'gate passed', actor: 'policy' })).toBe('request 3,294: v2 serves production (gate passed)');
    expect(progressLine({ type: 'alias', t: 1, index: 10, alias: 'candidate', version: 'v2', previous: null, reason: '', actor: '' })).toBeNull();
    expect(progressLine({ type: 'drift', t: 1, index: 3100, version: 'v1', detector: 'adwin', source: 'error' })).toBe("request 3,100: ADWIN flagged a drift in v1's errors");
    expect(progressLine({ type: 'stream-end', t: 1, index: 5999 })).toBe('request 5,999: the stream ended');
    expect(progressLine({ type: 'station', t: 1, index: 5, station: 'train', why: '' })).toBeNull();
  });
});
