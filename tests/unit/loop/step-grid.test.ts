import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { Lab } from '../../../src/loop/index';
import { buildReport } from '../../../src/loop/commands/simulate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Runs the same lab to the end with steps of `seconds` (the last call carries any remainder). */
async function runInSteps(seconds: number) {
  const lab = await Lab.create({ scenario: 'moons-rotation', seed: 7, policy: 'on-alert', requests: 6500 });
  await lab.bootstrap();
  try {
    while (!lab.done) await lab.step(seconds);
    return JSON.stringify(buildReport(lab, 6500, lab.policy));
  } finally {
    await lab.dispose();
  }
}

describe('simulated time is cut into the same ticks however it is asked for', () => {
  test('steps of 0.05 s (playing at speed 1), 1 s, 7.3 s and 25 s give one identical run', async () => {
    const reference = await runInSteps(25);
    // The run crosses the drift (onset 4500) and retrains, so the comparison covers every kind of decision.
    expect(JSON.parse(reference).summary.versions).toBeGreaterThan(1);
    expect(await runInSteps(1)).toBe(reference);
    expect(await runInSteps(7.3)).toBe(reference);
    expect(await runInSteps(0.05 * 20)).toBe(reference);
  });
});
