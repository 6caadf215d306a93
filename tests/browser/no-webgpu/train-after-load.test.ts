import { expect, test } from 'vitest';
import { trainRightAfterLoad } from '../train-after-load';

// No WebGPU adapter here; WebGL is SwiftShader.
test.each([
  ['webgl', 'webgl'],
  ['gpu-first', 'wasm'],
  ['cpu', 'cpu'],
])('Train pressed right after load with backend=%s trains on %s', async (policy, backend) => {
  const outcome = await trainRightAfterLoad(policy);
  expect(outcome.error).toBeNull();
  expect(outcome.backend).toBe(backend);
});
