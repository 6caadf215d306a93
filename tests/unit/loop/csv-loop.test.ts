/**
 * The whole loop on a learner's own CSV (scikit-learn's iris.csv, count header and all): a Lab config
 * carries the data (`dataset`), the stream drifts as the learner chose, the accuracy alert fires, the
 * policy retrains and the new version recovers; a session keeps the data and restores without the file;
 * a config without its data, or with data that does not fit its scenario, gets a clear error.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { csvRun, importCsv, suggestDrift, toPortable } from '../../../datasets/index';
import { runSimulation } from '../../../src/loop/commands/simulate';
import { Lab } from '../../../src/loop/engine/lab';
import { exportSession, readSession } from '../../../src/loop/persistence/session';
import { configToState, encodeState, localDataNote } from '../../../src/loop/persistence/share-state';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const IRIS = readFileSync(new URL('../../fixtures/sklearn-iris.csv', import.meta.url), 'utf8');
const data = importCsv(IRIS, { name: 'iris' });
const run = csvRun(data, suggestDrift(data, 'concept'), { at: 3000, length: 6000 });

describe('the loop on an imported CSV', () => {
  test('concept drift on the upper half of feature_3: alert, retrain, recovery (seed 7)', async () => {
    const r = await runSimulation({ ...run, seed: 7, policy: 'on-alert', requests: 6000 });
    expect(r.scenario).toMatchObject({ name: 'iris-concept', dataset: 'iris' });
    expect(r.summary.accuracy_before_drift).toBeGreaterThan(0.95);
    expect(r.summary.min_accuracy_after_drift).toBeLessThan(0.8);
    const raised = r.alerts.filter((a) => a.change === 'raised');
    expect(raised.length).toBeGreaterThan(0);
    expect(raised[0]?.index).toBeGreaterThanOrEqual(3000);
    expect(r.summary.versions).toBeGreaterThan(1);
    expect(r.summary.requests_to_recover).not.toBeNull();
    expect(r.summary.promotions_before_change).toBe(0);
  }, 120_000);

  test('same config, same run', async () => {
    const a = await runSimulation({ ...run, seed: 3, policy: 'on-alert', requests: 1200 });
    const b = await runSimulation({ ...run, seed: 3, policy: 'on-alert', requests: 1200 });
    expect(a.series.length).toBeGreaterThan(3);
    expect(a.series).toEqual(b.series);
    expect(a.versions.map((v) => v.eval_accuracy)).toEqual(b.versions.map((v) => v.eval_accuracy));
  }, 120_000);

  test('a session keeps the data: exported, read back and restored without the file', async () => {
    const config = { ...run, seed: 5, requests: 600 };
    const lab = await Lab.create(config);
    await lab.bootstrap();
    const file = JSON.parse(JSON.stringify(await exportSession({ config: lab.config, registry: lab.registry, calibrators: lab.calibratorStates() }))) as { config: { dataset: unknown } };
    expect(file.config.dataset).toEqual(toPortable(data));
    const restored = await Lab.restore(await readSession(file));
    expect(restored.schema).toEqual(data.schema);
    expect(restored.deployed().production).toBe('v1');
    await restored.runToEnd();
    expect(restored.totals.answered).toBe(600);
  }, 120_000);

  test('a share link cannot carry the file: its state names no dataset', () => {
    expect(encodeState(configToState({ ...run, seed: 5 }))).not.toMatch(/iris|dataset/);
    expect(localDataNote({ dataset: run.dataset })).toBe('This run is on your own data ("iris", 150 rows). A share link cannot carry a local file: the link names only the settings, and opening it runs them on the lab\'s own data. The saved session and “Export session” keep your data.');
    expect(localDataNote({})).toBeNull();
  });

  test('missing or mismatched data: clear errors', async () => {
    await expect(Lab.create({ scenario: run.scenario, seed: 1 })).rejects.toThrow(/configure: the scenario "iris-concept" runs on an imported CSV dataset \("iris"\): give that data as config.dataset/);
    await expect(Lab.create({ scenario: 'moons-rotation', seed: 1, dataset: run.dataset })).rejects.toThrow(/config.dataset is given, but the scenario "moons-rotation" runs on the catalogue's "moons"/);
    const other = toPortable(importCsv('a,b,label\n1,2,x\n3,4,y\n', { name: 'other' }));
    await expect(Lab.create({ ...run, seed: 1, dataset: other })).rejects.toThrow(/^configure: changes\[0\]\.effect\.from: /);
    await expect(Lab.create({ ...run, seed: 1, dataset: { ...run.dataset, labels: [] } })).rejects.toThrow(/configure: dataset.labels: must hold one class index per row \(150\)/);
    await expect(readSession({ format: 'mlops-lab/session', formatVersion: 1, savedAt: '', config: { scenario: run.scenario, seed: 1 }, registry: { versions: [], history: [], releases: [] } })).rejects.toThrow(/config.scenario: must be the name of a scenario/);
  });
});
