import { expect, test } from 'vitest';
import { getCompute, setWasmAssetPaths } from '../../../src/compute/index';
import { bundledWasmPaths } from '../../../src/compute/wasm-assets';
import { LOOP_MODEL } from '../../../src/loop/engine/config';
import { checkFlatAdam } from '../flat-adam-check';

// The flat Adam's promise (src/model/flat-adam.ts) on the backends a learner trains on: the same
// weights as tf.train.adam, bit for bit, after every step.
test.each(['webgpu', 'wasm'] as const)('flat Adam trains bit for bit as tf.train.adam on %s', async (backend) => {
  setWasmAssetPaths(bundledWasmPaths());
  const choice = await getCompute().choose(backend);
  expect(choice.backend).toBe(backend);
  const r = await checkFlatAdam(LOOP_MODEL, 25);
  expect(r.backend).toBe(backend);
  expect(r.compared).toBeGreaterThan(25 * 300);
  expect(r.different).toBe(0);
  expect(r.leaked).toBe(0);
});
