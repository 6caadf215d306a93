/**
 * A compare's runs share their first version's fit (decisions/training.ts FitMemo): the second run
 * takes v1's weights instead of training them, and its report is the report of the run trained alone.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { runLabToEnd } from '../../../src/loop/commands/simulate';
import { FitMemo } from '../../../src/loop/decisions/training';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('the second run takes the first version from the memo and reports exactly as if it trained it', async () => {
  const config = { scenario: 'moons-rotation', seed: 5, requests: 1500 } as const;
  const memo = new FitMemo();
  await runLabToEnd({ ...config, policy: 'off' }, { fitMemo: memo });
  expect(memo.hits).toBe(0);
  const shared = await runLabToEnd({ ...config, policy: 'schedule' }, { fitMemo: memo });
  expect(memo.hits).toBe(1);
  const alone = await runLabToEnd({ ...config, policy: 'schedule' }, {});
  expect(JSON.stringify(shared.report)).toBe(JSON.stringify(alone.report));
  // Another seed trains other rows: nothing to take.
  await runLabToEnd({ ...config, seed: 6, policy: 'off' }, { fitMemo: memo });
  expect(memo.hits).toBe(1);
});
