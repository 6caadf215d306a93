/**
 * What the monitor says about the label-free estimate is what the lab's runs show (policy off, seed 1):
 * it follows covariate shift inside the training range (blobs-covariate-shift), it stays high on
 * inputs outside that range (shapes-sensor-degradation) and under concept drift (moons-rotation), and
 * the gap the summary names as a signal appears exactly where the estimate fails.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { runSimulation } from '../../../src/loop/commands/simulate';
import type { SeriesPoint } from '../../../src/loop/observers/series';
import { ESTIMATE_GAP, estimateGap } from '../../../components/monitor/monitor-summary';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const after = (series: readonly SeriesPoint[], from: number) => series.filter((w) => w.start >= from && w.realized !== null && w.estimated !== null);
const meanGap = (ws: readonly SeriesPoint[]) => ws.reduce((s, w) => s + ((w.estimated as number) - (w.realized as number)), 0) / ws.length;

describe('the label-free estimate, as the monitor describes it', () => {
  test('covariate shift inside the training range: the estimate follows realized accuracy, no gap named', async () => {
    const r = await runSimulation({ scenario: 'blobs-covariate-shift', seed: 1, policy: 'off', requests: 6000 });
    const ws = after(r.series, 4000);
    expect(Math.abs(meanGap(ws))).toBeLessThan(0.02);
    expect(ws.filter((w) => estimateGap(w.estimated as number, w.realized as number) !== '').length / ws.length).toBeLessThan(0.25);
  });

  test('concept drift: realized accuracy falls, the estimate stays high, and the summary names the gap', async () => {
    const r = await runSimulation({ scenario: 'moons-rotation', seed: 1, policy: 'off', requests: 8000 });
    const end = r.ground_truth[0]?.end as number;
    const ws = after(r.series, end);
    expect(meanGap(ws)).toBeGreaterThan(0.1);
    for (const w of ws) expect(estimateGap(w.estimated as number, w.realized as number)).toMatch(/above: the model is confidently wrong/);
  });

  test('inputs outside the training range (a darker, noisier camera): the estimate stays high', async () => {
    // Slow (a picture model on 16 x 16 inputs): the stream stops once the camera is well degraded.
    const r = await runSimulation({ scenario: 'shapes-sensor-degradation', seed: 1, policy: 'off', requests: 3250 });
    const ws = after(r.series, 2500);
    expect(ws.length).toBeGreaterThanOrEqual(3);
    expect(meanGap(ws)).toBeGreaterThan(0.25);
    expect(ws.every((w) => (w.estimated as number) - (w.realized as number) >= ESTIMATE_GAP)).toBe(true);
  }, 900_000);
});
