/**
 * Inference throughput: `predictOnBatch` on a fixed number of rows, each call reading its output
 * back with `await data()` so the backend's work (GPU included) has really finished.
 *
 * A page that is not cross-origin isolated sees `performance.now()` in 0.1 ms steps, and a 1-row
 * predict on cpu takes about that long. So a timed step repeats the call enough times to last at
 * least `STEP_TARGET_MS` (chosen from one pilot call), and the rate counts every call.
 */
import * as tf from '@tensorflow/tfjs';
import { timeSteps, type TimingOptions } from '../../src/compute/measure';
import { randomBatch } from '../../src/model/probe';
import type { ModelShape } from '../../src/model/spec';

/** A timed step lasts at least this long (well above the 0.1 ms timer step). */
export const STEP_TARGET_MS = 20;
const MAX_CALLS_PER_STEP = 1000;

/** What one predict measurement gives. */
export interface PredictTiming {
  rowsPerSec: number;
  /** The very first call at this row count: shader compilation for this input shape included. */
  warmupMs: number;
  /** predictOnBatch calls per timed step. */
  callsPerStep: number;
}

/** Times `model.predictOnBatch` on `rows` seeded random rows of `shape`. Leaves no tensors behind. */
export async function measurePredict(model: tf.LayersModel, shape: ModelShape, rows: number, timing: TimingOptions): Promise<PredictTiming> {
  const { x, y } = randomBatch(shape, rows, 13);
  y.dispose();
  const call = async () => {
    const out = model.predictOnBatch(x);
    const outputs = Array.isArray(out) ? out : [out];
    try {
      await Promise.all(outputs.map((o) => o.data()));
    } finally {
      tf.dispose(outputs);
    }
  };
  // timeSteps calls `step` for its timed warm-up (one call), then for its one untimed step (one
  // pilot call, whose time sets how many calls make up a timed step), then for the timed steps.
  let stepsRun = 0;
  let calls = 1;
  const step = async () => {
    stepsRun += 1;
    if (stepsRun === 2) {
      const t0 = performance.now();
      await call();
      const pilotMs = performance.now() - t0;
      calls = pilotMs >= STEP_TARGET_MS ? 1 : Math.min(MAX_CALLS_PER_STEP, Math.ceil(STEP_TARGET_MS / Math.max(pilotMs, 0.05)));
      return;
    }
    const n = stepsRun === 1 ? 1 : calls;
    for (let i = 0; i < n; i++) await call();
  };
  try {
    const t = await timeSteps(step, { ...timing, extraWarmup: 1 });
    return { rowsPerSec: (rows * calls) / (t.medianMs / 1000), warmupMs: t.warmupMs, callsPerStep: calls };
  } finally {
    x.dispose();
  }
}
