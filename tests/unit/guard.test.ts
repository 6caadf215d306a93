import { describe, expect, test } from 'vitest';
import { DivergenceGuard, EXPLOSION_WINDOW } from '../../src/model/guard';

/** Feeds losses in order as batches of epochs of `perEpoch` batches; returns the error thrown, if any. */
function feed(guard: DivergenceGuard, losses: number[], perEpoch: number): unknown {
  try {
    losses.forEach((loss, i) => guard.observe(loss, Math.floor(i / perEpoch), i % perEpoch));
    return null;
  } catch (error) {
    return error;
  }
}

describe('the divergence guard (losses as read back, in batch order)', () => {
  test('ten batches in a row averaging above 3x the start loss are a divergence, named at the batch that crossed the line', () => {
    const losses = [...new Array<number>(100).fill(0.3), ...new Array<number>(EXPLOSION_WINDOW).fill(2.5)];
    expect(feed(new DivergenceGuard(2), losses, 25)).toMatchObject({ code: 'training-diverged', details: { reason: 'loss-exploded', epoch: 4, batch: 8 } });
  });

  test('a shorter or lower rise is not', () => {
    const losses = [...new Array<number>(100).fill(0.3), ...new Array<number>(5).fill(3), ...new Array<number>(100).fill(0.3), ...new Array<number>(50).fill(1.9)];
    expect(feed(new DivergenceGuard(2), losses, 25)).toBeNull();
  });

  test('a NaN loss stops at once', () => {
    expect(feed(new DivergenceGuard(2), [0.7, 0.6, Number.NaN], 25)).toMatchObject({ details: { reason: 'non-finite-loss', epoch: 0, batch: 2 } });
  });
});
