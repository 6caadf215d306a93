import * as tf from '@tensorflow/tfjs';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { expect, test } from 'vitest';
import { BackendLostError } from '../../../src/errors';
import { getCompute } from '../../../src/compute/index';
import { runTrainingJob } from '../../../src/model/index';
import { moonsJob } from '../../support/jobs';

test('a WebGL context lost mid-training stops the run with a typed error, and the backend is chosen again', async () => {
  const compute = getCompute();
  const choice = await compute.choose('webgl');
  expect(choice.backend).toBe('webgl');
  const gl = (tf.backend() as MathBackendWebGL).gpgpu.gl;
  const before = tf.memory().numTensors;

  let batches = 0;
  const run = runTrainingJob(moonsJob({ samples: 400, epochs: 50 }), {
    signal: compute.lostSignal,
    check: () => compute.check(),
    onBatchEnd: () => {
      batches += 1;
      if (batches === 5) gl.getExtension('WEBGL_lose_context')?.loseContext();
    },
  });
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackendLostError);
  expect(error).toMatchObject({ code: 'backend-lost', details: { backend: 'webgl', reason: 'webgl-context-lost' } });
  expect(batches).toBe(5);
  expect(gl.isContextLost()).toBe(true);
  // The half-trained model was disposed by the job; nothing from the garbage weights is kept.
  expect(tf.memory().numTensors).toBe(before);

  const again = await compute.recover();
  expect(again.lost).toEqual({ backend: 'webgl', reason: 'webgl-context-lost' });
  expect(again.backend).toBe('webgl');
  expect(again.message).toMatch(/^WebGL was lost \(WebGL context lost\) and the run was stopped; backend chosen again; training on WebGL/);
  const newGl = (tf.backend() as MathBackendWebGL).gpgpu.gl;
  expect(newGl).not.toBe(gl);
  expect(newGl.isContextLost()).toBe(false);

  // The new context really computes (no stale shaders from the lost one): training works again.
  const { model, summary } = await runTrainingJob(moonsJob({ samples: 300, epochs: 10 }), { check: () => compute.check() });
  expect(summary.test.accuracy).toBeGreaterThanOrEqual(0.85);
  model.dispose();
});
