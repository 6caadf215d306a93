import { afterEach, describe, expect, test } from 'vitest';
import { createInPageTrainingClient, type TrainerEvent, type TrainingClient } from '../../src/worker/index';
import { moonsJob } from '../support/jobs';

let client: TrainingClient | null = null;
afterEach(() => client?.dispose());

function start(): { client: TrainingClient; events: TrainerEvent[] } {
  client = createInPageTrainingClient();
  const events: TrainerEvent[] = [];
  client.subscribe((e) => events.push(e));
  return { client, events };
}

describe('trainer host behind the message protocol (in-page transport, Node)', () => {
  test('a run streams its events in order and reports the backend it ran on', async () => {
    const { client, events } = start();
    await client.chooseBackend('cpu');
    expect(client.backend?.backend).toBe('cpu');
    const run = client.train(moonsJob({ epochs: 5 }));
    const outcome = await run.done;
    expect(outcome.backend).toBe('cpu');
    expect(outcome.summary.test.accuracy).toBeGreaterThan(0.8);
    const kinds = events.map((e) => e.type).filter((t) => t !== 'batch' && t !== 'surface');
    expect(kinds).toEqual(['backend', 'run-started', 'epoch', 'epoch', 'epoch', 'epoch', 'epoch', 'run-finished']);
    // The live decision surface of 2-D data: after the first epoch, at most every 300 ms, and once more at the end, before run-finished.
    const surfaces = events.flatMap((e) => (e.type === 'surface' ? [e.surface] : []));
    expect(surfaces[0]?.epoch).toBe(0);
    expect(surfaces.at(-1)?.epoch).toBe(4);
    expect(events.findIndex((e) => e.type === 'surface' && e.surface.epoch === 4)).toBeLessThan(events.findIndex((e) => e.type === 'run-finished'));
    const last = surfaces.at(-1)!;
    expect(last.predicted).toHaveLength(32 * 32);
    expect(new Set(last.predicted)).toEqual(new Set([0, 1]));
    expect(last.points.length).toBeGreaterThan(100);
    expect(events.find((e) => e.type === 'run-started')).toMatchObject({ runId: run.runId, backend: 'cpu' });
  });

  test('memory stays flat over many runs: the host keeps only the last model', async () => {
    const { client } = start();
    await client.chooseBackend('cpu');
    await client.train(moonsJob({ epochs: 1 })).done;
    const first = await client.status();
    for (let i = 0; i < 5; i++) await client.train(moonsJob({ epochs: 1, seed: i + 2 })).done;
    const last = await client.status();
    expect(last.memory.numTensors).toBe(first.memory.numTensors);
    expect(last.modelTensors).toBe(first.modelTensors);
    expect(last.running).toBeNull();
  });

  test('abort stops the run with a typed error; a second run while one is going is refused', async () => {
    const { client, events } = start();
    await client.chooseBackend('cpu');
    const run = client.train(moonsJob({ epochs: 500 }));
    await expect(client.train(moonsJob()).done).rejects.toMatchObject({ code: 'busy' });
    await new Promise((r) => setTimeout(r, 50));
    run.abort();
    await expect(run.done).rejects.toMatchObject({ code: 'training-aborted', name: 'TrainingAbortedError' });
    expect(events.some((e) => e.type === 'run-failed' && e.error.code === 'training-aborted')).toBe(true);
    expect((await client.status()).running).toBeNull();
  });

  test('garbage jobs get a typed error and the host keeps working', async () => {
    const { client } = start();
    await expect(client.train({ nonsense: true } as never).done).rejects.toMatchObject({ code: 'invalid-job' });
    await expect(client.train({ ...moonsJob(), model: { kind: 'mlp', hidden: [-3] } } as never).done).rejects.toMatchObject({ code: 'invalid-model-spec' });
    await expect(client.chooseBackend('quantum' as never)).rejects.toMatchObject({ code: 'invalid-policy', details: { field: 'policy' } });
    const outcome = await client.train(moonsJob({ epochs: 2 })).done;
    expect(outcome.summary.epochsRun).toBe(2);
  });

  test('a diverging run is reported as such, and nothing of it is kept', async () => {
    const { client } = start();
    await client.chooseBackend('cpu');
    await client.train(moonsJob({ epochs: 1 })).done;
    const before = await client.status();
    await expect(client.train(moonsJob({ learningRate: 1e6 })).done).rejects.toMatchObject({ code: 'training-diverged' });
    const after = await client.status();
    expect(after.memory.numTensors).toBe(before.memory.numTensors);
  });

  test('a closed client rejects new commands clearly', async () => {
    const { client } = start();
    client.dispose();
    await expect(client.status()).rejects.toMatchObject({ code: 'worker-failed' });
  });
});
