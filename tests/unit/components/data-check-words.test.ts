/**
 * The endpoint view's data-check sentence, read from a real run: on loans-unit-change (salary sent in
 * cents from request 4,000) the sentence quotes the run's own flagged and held-back counts; on stable
 * seed 2 (nothing out of range) there is no sentence.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { Lab } from '../../../src/loop/engine/lab';
import { takeSnapshot } from '../../../src/loop/engine/snapshot';
import { dataCheckWords } from '../../../components/endpoint/health-text';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

async function snapshotAfter(scenario: string, seed: number, requests: number) {
  const lab = await Lab.create({ scenario, seed, policy: 'off', requests });
  try {
    await lab.bootstrap();
    await lab.runToEnd();
    return takeSnapshot(lab);
  } finally {
    await lab.dispose();
  }
}

describe('endpoint view: requests flagged out of range, in words', () => {
  test('loans-unit-change: the sentence quotes the run\'s flagged and held-back counts', async () => {
    const s = await snapshotAfter('loans-unit-change', 1, 4500);
    const checks = s.dataChecks;
    expect(checks?.flagged).toBeGreaterThan(0);
    expect(checks?.firstFlagged).toBeGreaterThanOrEqual(4000);
    const words = dataCheckWords(checks) ?? '';
    expect(words).toContain(`${(checks?.flagged ?? 0).toLocaleString('en-US')} stream requests had a value outside the range seen in normal operation (first at request ${(checks?.firstFlagged ?? 0).toLocaleString('en-US')})`);
    expect(words).toContain(`salary ${(checks?.byFeature.salary ?? 0).toLocaleString('en-US')}`);
    expect(words).toContain(`held ${(checks?.heldBack.rows ?? 0).toLocaleString('en-US')} of their labelled rows back from training`);
  }, 300_000);

  test('nothing flagged: no sentence', async () => {
    expect(dataCheckWords(undefined)).toBeNull();
    expect(dataCheckWords({ flagged: 0, firstFlagged: null, byFeature: {}, heldBack: { rows: 0 } })).toBeNull();
    const s = await snapshotAfter('stable', 2, 1500);
    expect(dataCheckWords(s.dataChecks)).toBeNull();
  }, 300_000);
});
