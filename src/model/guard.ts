/**
 * The divergence guard of the trainer. It stops a run when (1) a batch loss is NaN or infinite, (2) a
 * weight is NaN or infinite, or (3) the loss explodes: the mean of the last EXPLOSION_WINDOW batch
 * losses exceeds EXPLOSION_FACTOR x max(first batch loss, ln K). The third rule exists because
 * cross-entropy is clipped (probabilities >= 1e-7, so loss <= 16.1): with Adam at a learning rate of
 * 1e6 the ReLUs die and the loss jumps from 0.7 to 4-10 but stays finite, so a NaN-only guard would
 * let a broken run finish. ln K is the loss of guessing uniformly among K classes; a model
 * persistently at three times that is confidently wrong, not learning.
 *
 * Losses reach the guard when the trainer reads them back (once per epoch, or per UI frame in a long
 * epoch); it sees every batch's loss in order, so the batch it names is the batch that went wrong.
 */
import { TrainingDivergedError } from '../errors';

/** Batches averaged by the loss-explosion rule. */
export const EXPLOSION_WINDOW = 10;
/** How many times the starting loss the windowed loss may reach before the run is called diverged. */
export const EXPLOSION_FACTOR = 3;

/** Watches batch losses for divergence. */
export class DivergenceGuard {
  private readonly recent: number[] = [];
  private baseline = NaN;

  constructor(private readonly classes: number) {}

  /** Returns the (finite) loss, or throws TrainingDivergedError. */
  observe(loss: number | undefined, epoch: number, batch: number): number {
    if (loss === undefined || !Number.isFinite(loss)) throw new TrainingDivergedError({ epoch, batch, loss: loss ?? NaN, reason: 'non-finite-loss' });
    if (Number.isNaN(this.baseline)) this.baseline = Math.max(loss, Math.log(this.classes));
    this.recent.push(loss);
    if (this.recent.length > EXPLOSION_WINDOW) this.recent.shift();
    if (this.recent.length < EXPLOSION_WINDOW) return loss;
    const mean = this.recent.reduce((a, b) => a + b, 0) / this.recent.length;
    if (mean > EXPLOSION_FACTOR * this.baseline) throw new TrainingDivergedError({ epoch, batch, loss: mean, reason: 'loss-exploded', startLoss: this.baseline });
    return loss;
  }

  /** Throws if the sum of |weights| (read back with the epoch's losses) is NaN or infinite. */
  checkWeights(absSum: number, epoch: number, batch: number): void {
    if (!Number.isFinite(absSum)) throw new TrainingDivergedError({ epoch, batch, loss: NaN, reason: 'non-finite-weights' });
  }
}
