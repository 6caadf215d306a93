/**
 * EDDM — Early Drift Detection Method (Baena-García, del Campo-Ávila, Fidalgo, Bifet, Gavaldà &
 * Morales-Bueno, 2006).
 *
 * Input: the error bit of each prediction. EDDM watches the distance (in predictions) between two
 * consecutive errors instead of the error rate: while a model improves or holds, errors are far apart;
 * a gradual drift first shows as errors coming closer together. With p' the mean and s' the standard
 * deviation of those distances (updated at each error, Welford's recurrence), EDDM remembers the
 * largest p' + 2s' seen, (p' + 2s')_max. Both are trusted only from the `warmStart`-th (30th) error on:
 * before that the mean and deviation of a handful of distances are noise, and a maximum taken from
 * them would make every later ratio look like a drift. From then on it compares
 *   ratio = (p' + 2s') / (p' + 2s')_max:
 *   ratio < α = 0.95 -> warning;   ratio < β = 0.9 -> drift, and the statistics restart.
 * Correct predictions only advance the position; the statistics move at errors.
 */
import { MonitoringInputError } from '../errors';
import { checkBit, checkStateKind, type DetectorStateBase, type DriftDetector } from './types';

/** EDDM parameters. */
export interface EddmOptions {
  warmStart: number;
  alpha: number;
  beta: number;
}

/** Defaults: warm start 30 errors, warning ratio 0.95, drift ratio 0.9. */
export const EDDM_DEFAULTS: EddmOptions = { warmStart: 30, alpha: 0.95, beta: 0.9 };

/** EDDM's serializable state. */
export interface EddmState extends DetectorStateBase {
  kind: 'eddm';
  position: number;
  lastError: number;
  errors: number;
  mean: number;
  m2: number;
  maxLevel: number;
}

/** EDDM on the 0/1 error stream. */
export class Eddm implements DriftDetector<EddmState> {
  readonly kind = 'eddm' as const;
  readonly options: EddmOptions;
  driftDetected = false;
  warningDetected = false;
  updates = 0;
  private position = 0;
  private lastError = 0;
  private errors = 0;
  private mean = 0;
  private m2 = 0;
  private maxLevel = 0;

  constructor(options: Partial<EddmOptions> = {}) {
    this.options = { ...EDDM_DEFAULTS, ...options };
    const o = this.options;
    if (!Number.isInteger(o.warmStart) || o.warmStart < 2) throw new MonitoringInputError('eddm.warmStart', `must be an integer >= 2, got ${o.warmStart}`);
    if (!(o.beta > 0 && o.beta < o.alpha && o.alpha < 1)) throw new MonitoringInputError('eddm.alpha/beta', `need 0 < beta < alpha < 1, got ${o.beta} and ${o.alpha}`);
  }

  update(x: number): void {
    checkBit('eddm', x);
    this.updates++;
    if (this.driftDetected) this.restart();
    this.driftDetected = false;
    this.position++;
    if (x === 0) return;
    this.warningDetected = false;
    const distance = this.position - this.lastError;
    this.lastError = this.position;
    this.errors++;
    const d = distance - this.mean;
    this.mean += d / this.errors;
    this.m2 += d * (distance - this.mean);
    if (this.errors < this.options.warmStart) return;
    const level = this.mean + 2 * Math.sqrt(this.m2 / this.errors);
    if (level >= this.maxLevel) {
      this.maxLevel = level;
      return;
    }
    const ratio = level / this.maxLevel;
    if (ratio < this.options.beta) this.driftDetected = true;
    else if (ratio < this.options.alpha) this.warningDetected = true;
  }

  private restart(): void {
    this.position = 0;
    this.lastError = 0;
    this.errors = 0;
    this.mean = 0;
    this.m2 = 0;
    this.maxLevel = 0;
    this.warningDetected = false;
  }

  reset(): void {
    this.restart();
    this.updates = 0;
    this.driftDetected = false;
  }

  getState(): EddmState {
    const { position, lastError, errors, mean, m2, maxLevel } = this;
    return { kind: 'eddm', updates: this.updates, driftDetected: this.driftDetected, warningDetected: this.warningDetected, position, lastError, errors, mean, m2, maxLevel };
  }

  setState(state: EddmState): void {
    checkStateKind('eddm', state);
    ({ updates: this.updates, driftDetected: this.driftDetected, warningDetected: this.warningDetected, position: this.position, lastError: this.lastError, errors: this.errors, mean: this.mean, m2: this.m2, maxLevel: this.maxLevel } = state);
  }
}
