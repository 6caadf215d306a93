import { describe, expect, test } from 'vitest';
import { createDataset, createRng, DATASET_IDS, SCENARIOS, ScenarioSource } from '../../../datasets/index';
import { hashBatch, hashRecords } from './hash';

/**
 * Golden hashes: SHA-256 of the exact bytes of the first 1000 records, seed 42. A change here means
 * the data changed for every learner's saved seed: only update on purpose, and say so in the commit.
 */
const DATASET_GOLDEN: Record<string, string> = {
  'moons': '39b4c6f9751940befa3d3845a5abc7a5249367cd83577d1f3e8a87762fe34614',
  'circles': 'ab776b548f86234441606a0fb402dc6c76a634ed5779d47982b1a19fc32dfd3c',
  'xor': '85ede9a60334a891b0a1665e0690c5637e7137d2ce8e50a104244b83d071d725',
  'spiral': '6363a881ee26b4ce1af7222a622d229164aacbf7299ab47e4e35deae1b9036f8',
  'blobs': '2d4bcd0f89c6cc1c9f436c0fbfece25cd5b2d70873db1542f2032ad87af634ca',
  'sea': 'f2e43a56ae34de106f41182173c036a2132afe8104470d728a8ce90b2ec7e0f2',
  'stagger': '7c8a9fb374a1bdc2703d74e33a3db12bc379ff6d46ff7ec65223b6cd07282a02',
  'hyperplane': 'f1112838e8e27f74705b4c2037fcb5891ee3198a9c1dd76e5490e02b8699cfef',
  'loans': 'eab81d34ff225cf4fba822d4e92a32be1dc3b49be422405210b2ecfdced8a61b',
  'shapes': '0842c8f223ff22b2fbc57aa51ddcccd0d9d0999971bb9414f0a3a1915b5d7195',
};
const SCENARIO_GOLDEN: Record<string, string> = {
  'stable': '0a5005372bbc34baf58c0adbff42ff38900f22b38dd4470782cbba0d77adec47',
  'sea-sudden': '5b7d7a80e9cb81a5d787a77cff1f75c2897bea93d97dfde64dd6b27bdf61d85c',
  'sea-gradual': '5b7d7a80e9cb81a5d787a77cff1f75c2897bea93d97dfde64dd6b27bdf61d85c',
  'hyperplane-incremental': '45285ecc73a4cbc555de5ed14137c186ad6dce84f943bee6453c24432d79542f',
  'stagger-recurring': '16116841bb3d64c0a69c4a82f82b73f02bc4ba60a4fac1a979ec18ee98c2c9fe',
  'moons-rotation': '0a5005372bbc34baf58c0adbff42ff38900f22b38dd4470782cbba0d77adec47',
  'blobs-covariate-shift': '3a1da82257922861a1ff54b503cf0df0510246ee85c7bbb42f3097aa19c695f3',
  'loans-prior-shift': '6794bc84944f0be5fb81366310e8321acefefdb505a1cf636b3c694774635abc',
  'loans-policy-change': 'e67895398d94e0cb5667f81ae6a43745d8d4689962c3e204e867199f2a57e132',
  'shapes-sensor-degradation': '8764b66d112fb1ded0af6bf08c2630ebca3d99e1ca0094e82eccc649b42f8f8b',
  'loans-unit-change': 'e67895398d94e0cb5667f81ae6a43745d8d4689962c3e204e867199f2a57e132',
  'loans-missing-field': 'e67895398d94e0cb5667f81ae6a43745d8d4689962c3e204e867199f2a57e132',
  'sea-out-of-range': 'bb682f0781c3edb9d5004d025c27cb276a36c80f7fed8756ea78c9d2386a980e',
  'label-stall': 'f51b6ff3897ef68489bc9463e3d7390ad974882fcb6369b0df5f3da52e7fdaa3',
};

describe('golden hashes of the first 1000 records', () => {
  test.each(DATASET_IDS.map((id) => [id]))('dataset %s', (id) => {
    const hash = hashBatch(createDataset({ id }).sample(1000, createRng(42)));
    expect(hash).toBe(DATASET_GOLDEN[id]);
    expect(hashBatch(createDataset({ id }).sample(1000, createRng(43)))).not.toBe(hash);
  });

  test.each(SCENARIOS.map((s) => [s.name, s] as const))('scenario %s', (_name, scenario) => {
    const a = new ScenarioSource(scenario, 42);
    const hash = hashRecords(() => a.next(), 1000);
    expect(hash).toBe(SCENARIO_GOLDEN[scenario.name]);
    const b = new ScenarioSource(scenario, 43);
    expect(hashRecords(() => b.next(), 1000)).not.toBe(hash);
  });
});
