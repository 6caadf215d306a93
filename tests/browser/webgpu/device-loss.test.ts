import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { expect, test } from 'vitest';
import { getCompute } from '../../../src/compute/index';
import { runTrainingJob } from '../../../src/model/index';
import { moonsJob } from '../../support/jobs';

test('a WebGPU device lost mid-training stops the run with a typed error, and a new device is made', async () => {
  const compute = getCompute();
  expect((await compute.choose('webgpu')).backend).toBe('webgpu');
  const device = (tf.backend() as WebGPUBackend).device;

  let batches = 0;
  const error = await runTrainingJob(moonsJob({ samples: 400, epochs: 50 }), {
    signal: compute.lostSignal,
    check: () => compute.check(),
    onBatchEnd: () => {
      batches += 1;
      if (batches === 3) device.destroy();
    },
  }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: 'backend-lost', details: { backend: 'webgpu', reason: 'webgpu-device-lost' } });

  const again = await compute.recover();
  expect(again).toMatchObject({ backend: 'webgpu', lost: { backend: 'webgpu', reason: 'webgpu-device-lost' } });
  expect((tf.backend() as WebGPUBackend).device).not.toBe(device);
  const { model, summary } = await runTrainingJob(moonsJob({ samples: 300, epochs: 10 }));
  expect(summary.test.accuracy).toBeGreaterThanOrEqual(0.85);
  model.dispose();
});
