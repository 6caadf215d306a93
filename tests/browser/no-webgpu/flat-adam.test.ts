import { expect, test } from 'vitest';
import { getCompute } from '../../../src/compute/index';
import { LOOP_MODEL } from '../../../src/loop/engine/config';
import { checkFlatAdam } from '../flat-adam-check';

// No WebGPU adapter here: WebGL (SwiftShader). The flat Adam gives tf.train.adam's weights bit for bit.
test('flat Adam trains bit for bit as tf.train.adam on webgl', async () => {
  const choice = await getCompute().choose('webgl');
  expect(choice.backend).toBe('webgl');
  const r = await checkFlatAdam(LOOP_MODEL, 25);
  expect(r.backend).toBe('webgl');
  expect(r.compared).toBeGreaterThan(25 * 300);
  expect(r.different).toBe(0);
  expect(r.leaked).toBe(0);
});
