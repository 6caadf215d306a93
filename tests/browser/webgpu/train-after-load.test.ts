import { expect, test } from 'vitest';
import { trainRightAfterLoad } from '../train-after-load';

// Each element starts its own worker, so each click meets a TF.js that is still starting up.
test.each(['cpu', 'wasm', 'webgl', 'webgpu'])('Train pressed right after load trains on %s', async (backend) => {
  const outcome = await trainRightAfterLoad(backend);
  expect(outcome.error).toBeNull();
  expect(outcome.backend).toBe(backend);
  expect(outcome.testAccuracy).toBeGreaterThan(0.5);
});

test('Train pressed right after load with the default policy trains on wasm here (the GPU is software)', async () => {
  const outcome = await trainRightAfterLoad('gpu-first');
  expect(outcome.error).toBeNull();
  expect(outcome.backend).toBe('wasm');
});
