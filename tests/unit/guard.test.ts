import { describe, expect, test } from 'vitest';
import { DivergenceGuard, EXPLOSION_WINDOW } from '../../src/model/guard';

/** Feeds losses in order as batches of one epoch of `perEpoch` batches; returns the error thrown, if any. */
function feed(guard: DivergenceGuard, losses: number[], perEpoch: number): unknown {
  try {
    losses.forEach((loss, i) => guard.observe(loss, Math.floor(i / perEpoch), i % perEpoch));
    return null;
  } catch (error) {
    return error;
  }
}

describe('the divergence guard', () => {
  test('a short spike (ten small batches above 3x the start) in a 25-batch epoch is not a divergence', () => {
    const losses = [...new Array<number>(100).fill(0.3), ...new Array<number>(EXPLOSION_WINDOW).fill(2.5), ...new Array<number>(100).fill(0.3)];
    expect(feed(new DivergenceGuard(2, 25), losses, 25)).toBeNull();
    // With ten-batch epochs the window is ten batches: the same spike is a divergence, as before.
    expect(feed(new DivergenceGuard(2, 10), losses, 10)).toMatchObject({ code: 'training-diverged', details: { reason: 'loss-exploded', epoch: 10, batch: 8 } });
  });

  test('a loss that stays above 3x the start for a whole epoch is a divergence, named at the batch that completed the window', () => {
    const losses = [0.69, ...new Array<number>(60).fill(4)];
    expect(feed(new DivergenceGuard(2, 25), losses, 25)).toMatchObject({ details: { reason: 'loss-exploded', epoch: 0, batch: 24 } });
  });

  test('a NaN loss stops at once', () => {
    expect(feed(new DivergenceGuard(2, 25), [0.7, 0.6, Number.NaN], 25)).toMatchObject({ details: { reason: 'non-finite-loss', epoch: 0, batch: 2 } });
  });
});
