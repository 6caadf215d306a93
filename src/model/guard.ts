/**
 * The divergence guard of the trainer. It stops a run when (1) a batch loss is NaN or infinite, (2) a
 * weight is NaN or infinite, or (3) the loss explodes: the mean loss over the last window of batches
 * exceeds EXPLOSION_FACTOR x max(first batch loss, ln K), the window being EXPLOSION_WINDOW batches
 * or one epoch's batches, whichever is more. The third rule exists because
 * cross-entropy is clipped (probabilities >= 1e-7, so loss <= 16.1): with Adam at a learning rate of
 * 1e6 the ReLUs die and the loss jumps from 0.7 to 4-10 but stays finite, so a NaN-only guard would
 * let a broken run finish. ln K is the loss of guessing uniformly among K classes; a model
 * persistently at three times that is confidently wrong, not learning. The window spans at least an
 * epoch because a long healthy run (TF Playground's settings on the spiral: SGD, batch 10, 10,000
 * epochs) has short spikes where ten small batches in a row average above that line and the next
 * ones recover.
 *
 * Losses reach the guard when the trainer reads them back (once per epoch, or per UI frame in a long
 * epoch); it sees every batch's loss in order, so the batch it names is the batch that went wrong.
 */
import { TrainingDivergedError } from '../errors';

/** Fewest batches averaged by the loss-explosion rule (more when an epoch has more). */
export const EXPLOSION_WINDOW = 10;
/** How many times the starting loss the windowed loss may reach before the run is called diverged. */
export const EXPLOSION_FACTOR = 3;

/** Watches batch losses for divergence. */
export class DivergenceGuard {
  private readonly window: number;
  /** The last `window` batch losses, as a ring. */
  private readonly recent: Float64Array;
  private seen = 0;
  private baseline = NaN;

  /** `batchesPerEpoch` widens the explosion window to a whole epoch when an epoch has more than EXPLOSION_WINDOW batches. */
  constructor(
    private readonly classes: number,
    batchesPerEpoch = 0,
  ) {
    this.window = Math.max(EXPLOSION_WINDOW, batchesPerEpoch);
    this.recent = new Float64Array(this.window);
  }

  /** Returns the (finite) loss, or throws TrainingDivergedError. */
  observe(loss: number | undefined, epoch: number, batch: number): number {
    if (loss === undefined || !Number.isFinite(loss)) throw new TrainingDivergedError({ epoch, batch, loss: loss ?? NaN, reason: 'non-finite-loss' });
    if (Number.isNaN(this.baseline)) this.baseline = Math.max(loss, Math.log(this.classes));
    this.recent[this.seen % this.window] = loss;
    this.seen += 1;
    if (this.seen < this.window) return loss;
    let sum = 0;
    for (let i = 0; i < this.window; i++) sum += this.recent[i] as number;
    const mean = sum / this.window;
    if (mean > EXPLOSION_FACTOR * this.baseline) throw new TrainingDivergedError({ epoch, batch, loss: mean, reason: 'loss-exploded', startLoss: this.baseline });
    return loss;
  }

  /** Throws if the sum of |weights| (read back with the epoch's losses) is NaN or infinite. */
  checkWeights(absSum: number, epoch: number, batch: number): void {
    if (!Number.isFinite(absSum)) throw new TrainingDivergedError({ epoch, batch, loss: NaN, reason: 'non-finite-weights' });
  }
}
