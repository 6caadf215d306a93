import { expect, test } from 'vitest';
import { trainRightAfterLoad } from '../train-after-load';

// Neither WebGPU nor WebGL here.
test.each([
  ['cpu', 'cpu'],
  ['wasm', 'wasm'],
  ['gpu-first', 'wasm'],
])('Train pressed right after load with backend=%s trains on %s', async (policy, backend) => {
  const outcome = await trainRightAfterLoad(policy);
  expect(outcome.error).toBeNull();
  expect(outcome.backend).toBe(backend);
});
