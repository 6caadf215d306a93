import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { Lab, type LabConfig } from '../../../src/loop/index';
import { exportSession, readSession, SESSION_FORMAT, type SessionFile } from '../../../src/loop/persistence/session';
import { SessionError } from '../../../src/loop/persistence/session-error';
import { BUNDLE_FORMAT } from '../../../src/registry/export';
import { decodeBase64, encodeBase64 } from '../../../src/registry/base64';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A small manual-policy lab: v1 trained, v2 retrained and promoted, then rolled back to v1. */
const CONFIG: LabConfig = { scenario: 'moons-rotation', seed: 7, policy: 'manual', requests: 1200, initialRows: 600, window: 100, labelDelay: 2, training: { epochs: 3 } };
const AT = new Date('2026-01-02T03:04:05.000Z');

let file: SessionFile;
let text: string;

async function sessionLab(): Promise<Lab> {
  const lab = await Lab.create(CONFIG);
  await lab.bootstrap();
  await lab.runRequests(300);
  const outcome = await lab.retrain({ trigger: 'manual', reason: 'test retrain' });
  if (outcome.version && !outcome.deployed) await lab.promote(outcome.version);
  await lab.rollback('back to v1');
  return lab;
}

beforeAll(async () => {
  const lab = await sessionLab();
  file = await exportSession({ config: CONFIG, registry: lab.registry, calibrators: lab.calibratorStates() }, AT);
  text = JSON.stringify(file);
  await lab.dispose();
}, 60_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form edits of a parsed file
const mutate = (fn: (f: any) => void): string => {
  const copy = JSON.parse(text);
  fn(copy);
  return JSON.stringify(copy);
};

async function refusal(input: string | object): Promise<SessionError> {
  try {
    await readSession(input);
  } catch (error) {
    expect(error).toBeInstanceOf(SessionError);
    return error as SessionError;
  }
  throw new Error('the session was accepted');
}

describe('session file: export and restore', () => {
  test('holds the config, every version bundle, the history and the releases', () => {
    expect(file.format).toBe(SESSION_FORMAT);
    expect(file.formatVersion).toBe(1);
    expect(file.savedAt).toBe(AT.toISOString());
    expect(file.config).toEqual(CONFIG);
    expect(file.registry.versions.map((b) => [b.format, b.metadata.id])).toEqual([
      [BUNDLE_FORMAT, 'v1'],
      [BUNDLE_FORMAT, 'v2'],
    ]);
    expect(file.registry.history.map((m) => [m.alias, m.version])).toEqual([
      ['production', 'v1'],
      ['production', 'v2'],
      ['production', 'v1'],
    ]);
    expect(file.registry.releases.map((r) => r.version)).toEqual(['v1', 'v2']);
    expect(Object.keys(file.calibrators ?? {})).toEqual(['v1', 'v2']);
  });

  test('a restored lab has the same versions, history and production, serves at once, and exports the same session', async () => {
    const restored = await Lab.restore(await readSession(text));
    try {
      expect(restored.registry.list().map((v) => v.id)).toEqual(['v1', 'v2']);
      expect(restored.registry.list()).toEqual(file.registry.versions.map((b) => b.metadata));
      expect(restored.deployed().production).toBe('v1');
      expect(restored.registry.history()).toEqual(file.registry.history);
      expect(restored.registry.releases()).toEqual(file.registry.releases);
      expect(restored.position).toBe(0);
      expect(restored.calibratorStates()).toEqual(file.calibrators);
      const again = await exportSession({ config: CONFIG, registry: restored.registry }, AT);
      expect(again.registry.versions.map((b) => b.weights.base64)).toEqual(file.registry.versions.map((b) => b.weights.base64));
      await restored.runRequests(150);
      expect(restored.totals.answered).toBeGreaterThan(0);
      // The label-free estimate works for the restored production version (its calibrator came back).
      expect(restored.series.points().some((w) => w.estimated !== null)).toBe(true);
      expect(restored.trafficLog.entries().every((e) => e.version === 'v1')).toBe(true);
      // A retrain after a restore makes v3, never reusing an id.
      const next = await restored.retrain({ trigger: 'manual', reason: 'after restore' });
      expect(next.version === null || next.version === 'v3').toBe(true);
    } finally {
      await restored.dispose();
    }
  }, 60_000);

  test('parsed objects and bytes read like text', async () => {
    expect((await readSession(file)).versions).toHaveLength(2);
    expect((await readSession(new TextEncoder().encode(text))).versions).toHaveLength(2);
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form edits of a parsed file
type Edit = (f: any) => void;

/** The rewrites of history: each is refused by the replay (registry/history-check.ts). */
const HISTORY_REWRITES: [string, Edit, string, RegExp][] = [
  ['simTime running backwards', (f) => (f.registry.history[2].simTime = f.registry.history[1].simTime - 1), 'bad-history', /runs forward in time/],
  [
    'a rollback that undoes a move of another alias',
    (f) => {
      const h = f.registry.history;
      h.splice(1, 0, { ...h[0], alias: 'candidate', previous: null, reason: 'trial' });
      h.forEach((m: { seq: number }, i: number) => (m.seq = i));
      h[3].undoes = 1;
    },
    'bad-history',
    /undoes move 1, a move of candidate, not of production/,
  ],
  ['a rollback to a version the undone move did not come from', (f) => Object.assign(f.registry.history[2], { version: 'v2' }), 'bad-history', /returns to v1, the version that move came from/],
  ['a version deployed before it was created', (f) => (f.registry.versions[1].metadata.created.simTime = f.registry.history[1].simTime + 100), 'bad-history', /exists before it is deployed/],
  ['a release record replacing another version than the move did', (f) => (f.registry.releases[1].replaced = 'v2'), 'bad-release', /agrees with the history/],
  ['a release record at a time no move happened', (f) => (f.registry.releases[1].simTime += 1), 'bad-release', /agrees with the history/],
  ['a release record with other metrics than its version', (f) => (f.registry.releases[1].metrics.accuracy = 0.999), 'bad-release', /evaluation metrics/],
  ['a version sequence of 2^53', (f) => Object.assign(f.registry.versions[1].metadata, { seq: 2 ** 53, id: `v${2 ** 53}` }), 'bad-model', /at most 2147483647/],
];

/** Broken models inside a session: refused by the model import's checks before anything is built. */
const MODEL_BREAKS: [string, Edit, RegExp][] = [
  [
    'a NaN weight',
    (f) => {
      const w = new Float32Array(decodeBase64(f.registry.versions[1].weights.base64)!.buffer);
      w[3] = Number.NaN;
      f.registry.versions[1].weights.base64 = encodeBase64(new Uint8Array(w.buffer));
    },
    /holds NaN at index/,
  ],
  ['a linear output', (f) => (f.registry.versions[0].modelJson.modelTopology.config.layers.at(-1).config.activation = 'linear'), /output activation is "linear"/],
  ['declared weight bytes that are not the real ones', (f) => (f.registry.versions[0].weights.bytes += 4), /weights.bytes declares/],
  ['a graph-model', (f) => (f.registry.versions[0].modelJson.format = 'graph-model'), /layers-model/],
  ['a 41,943,040-unit layer', (f) => (f.registry.versions[0].modelJson.modelTopology.config.layers[1].config.units = 41_943_040), /units/],
];

describe('session file: every rewrite of history and every broken model is refused, and leaves no tensor behind', () => {
  test('mutated session files (fast-check): refused with their reason; tf.memory().numTensors unchanged', async () => {
    await readSession(text);
    const tensors = tf.memory().numTensors;
    const all = [...HISTORY_REWRITES.map(([n, e, r]) => [n, e, r] as const), ...MODEL_BREAKS.map(([n, e]) => [n, e, 'bad-model'] as const)];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...all), async ([name, edit, reason]) => {
        const error = await refusal(mutate(edit));
        expect(error.reason, name).toBe(reason);
        expect(tf.memory().numTensors, name).toBe(tensors);
      }),
      { seed: 77, numRuns: 30 },
    );
  }, 60_000);
});

describe('session file: every bad file is refused with its reason', () => {
  const cases: [string, () => string | object, string, RegExp?][] = [
    ['too large', () => 'x'.repeat(20), 'too-large'],
    ['not JSON', () => '{"format":', 'not-json'],
    ['a JSON array', () => '[]', 'bad-format'],
    ['another format', () => mutate((f) => (f.format = 'zip')), 'bad-format'],
    ['one version export', () => JSON.stringify(file.registry.versions[0]), 'bad-format', /import it in the registry view/],
    ['a newer layout', () => mutate((f) => (f.formatVersion = 2)), 'bad-version'],
    ['an unknown scenario', () => mutate((f) => (f.config.scenario = 'nowhere')), 'bad-config', /unknown scenario/],
    ['a bad seed', () => mutate((f) => (f.config.seed = 'seven')), 'bad-config', /seed/],
    ['an unknown policy', () => mutate((f) => (f.config.policy = 'whenever')), 'bad-config'],
    ['no versions', () => mutate((f) => (f.registry.versions = [])), 'bad-model'],
    ['truncated weights', () => mutate((f) => (f.registry.versions[1].weights.base64 = f.registry.versions[1].weights.base64.slice(0, 40))), 'bad-model', /v2.*weights/],
    ['weights not base64', () => mutate((f) => (f.registry.versions[0].weights.base64 = '***')), 'bad-model', /base64/],
    ['a broken topology', () => mutate((f) => (f.registry.versions[0].modelJson.modelTopology = { nonsense: true })), 'bad-model'],
    ['a repeated sequence number', () => mutate((f) => Object.assign(f.registry.versions[1].metadata, { seq: 1, id: 'v1' })), 'bad-model', /seq: must be a whole number above 1/],
    ['a wrong id', () => mutate((f) => (f.registry.versions[1].metadata.id = 'v7')), 'bad-model', /id/],
    ['an unknown parent', () => mutate((f) => (f.registry.versions[1].metadata.parent = 'v9')), 'bad-model', /parent/],
    ['another dataset', () => mutate((f) => (f.config.scenario = 'sea-sudden')), 'mismatch'],
    ['a move to an unknown version', () => mutate((f) => (f.registry.history[1].version = 'v5')), 'bad-history'],
    ['a history out of order', () => mutate((f) => (f.registry.history[0].seq = 4)), 'bad-history'],
    ['an inconsistent previous', () => mutate((f) => (f.registry.history[2].previous = 'v1')), 'bad-history', /previous/],
    ['a move without reason', () => mutate((f) => (f.registry.history[0].reason = '')), 'bad-history'],
    ['a release of an unknown version', () => mutate((f) => (f.registry.releases[0].version = 'v8')), 'bad-release'],
    ['a release with NaN accuracy', () => mutate((f) => (f.registry.releases[0].metrics.accuracy = 'NaN')), 'bad-release'],
    ['a calibrator of an unknown version', () => mutate((f) => (f.calibrators.v9 = f.calibrators.v1)), 'bad-model', /calibrators\.v9/],
    ['a calibrator block out of [0, 1]', () => mutate((f) => (f.calibrators.v1.blocks[0].value = 3)), 'bad-model', /calibrators\.v1\.blocks\[0\]/],
    ['no production', () => mutate((f) => Object.assign(f.registry, { history: [], releases: [] })), 'mismatch', /no production/],
    ...HISTORY_REWRITES.map(([name, fn, reason, pattern]) => [name, () => mutate(fn), reason, pattern] as [string, () => string, string, RegExp]),
    ...MODEL_BREAKS.map(([name, fn, pattern]) => [name, () => mutate(fn), 'bad-model', pattern] as [string, () => string, string, RegExp]),
  ];
  for (const [name, input, reason, pattern] of cases) {
    test(name, async () => {
      const value = input();
      const error = name === 'too large' ? await readSession(value as string, { maxBytes: 10 }).then(() => null, (e: unknown) => e as SessionError) : await refusal(value);
      expect(error).toBeInstanceOf(SessionError);
      expect(error?.code).toBe('invalid-session');
      expect(error?.reason).toBe(reason);
      if (pattern) expect(error?.message).toMatch(pattern);
    });
  }
});
