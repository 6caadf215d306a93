import { afterEach, expect, test } from 'vitest';
import { createWorkerTrainingClient, type TrainerEvent, type TrainingClient } from '../../../src/worker/index';
import { moonsJob } from '../../support/jobs';

let client: TrainingClient | null = null;
afterEach(() => client?.dispose());

test('a dedicated module Worker trains on WebGPU (named explicitly) and streams progress to the page', async () => {
  client = createWorkerTrainingClient();
  const events: TrainerEvent[] = [];
  client.subscribe((e) => events.push(e));
  const choice = await client.chooseBackend('webgpu');
  expect(choice.backend).toBe('webgpu');
  expect(choice.info.adapter?.architecture).toBe('swiftshader');

  const outcome = await client.train(moonsJob({ samples: 300, epochs: 12 })).done;
  expect(outcome.backend).toBe('webgpu');
  expect(outcome.summary.test.accuracy).toBeGreaterThanOrEqual(0.85);
  expect(events.filter((e) => e.type === 'epoch')).toHaveLength(12);

  // The worker's TF.js memory: a second run replaces the first model and leaks nothing.
  const first = await client.status();
  await client.train(moonsJob({ samples: 300, epochs: 2, seed: 5 })).done;
  const second = await client.status();
  expect(second.memory.numTensors).toBe(first.memory.numTensors);
});

test('the worker refuses garbage with a typed error and keeps serving', async () => {
  client = createWorkerTrainingClient();
  await expect(client.train({ dataset: { id: 'moons' } } as never).done).rejects.toMatchObject({ code: 'invalid-job', name: 'InvalidInputError' });
  await expect(client.chooseBackend('nope' as never)).rejects.toMatchObject({ code: 'invalid-policy' });
  const status = await client.status();
  expect(status.running).toBeNull();
});

test('in the worker, gpu-first skips the software GPU and trains on wasm, with the reason', async () => {
  client = createWorkerTrainingClient();
  const outcome = await client.train(moonsJob({ epochs: 5 })).done;
  expect(outcome.backend).toBe('wasm');
  expect(client.backend?.attempts.map((a) => a.reason ?? 'ok')).toEqual(['software-gpu', 'software-gpu', 'ok']);
  expect(client.backend?.fallbackReason).toMatch(/^Your GPU is emulated in software \(SwiftShader\), so the lab trains on WebAssembly: faster here$/);
});
