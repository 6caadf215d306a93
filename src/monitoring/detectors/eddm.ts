/**
 * EDDM — Early Drift Detection Method (Baena-García, del Campo-Ávila, Fidalgo, Bifet, Gavaldà &
 * Morales-Bueno, 2006), as River 0.2x implements it (`river.drift.binary.EDDM`).
 *
 * Input: the error bit of each prediction. EDDM watches the distance (in predictions) between two
 * consecutive errors instead of the error rate: while a model improves or holds, errors are far apart;
 * a gradual drift first shows as errors coming closer together. At each error it updates the running
 * mean p' and the standard deviation s' of those distances (Welford; by default the *sample*
 * variance, divided by k - 1 for k distances, as River's `stats.Var()`), and, once more than
 * `warmStart` (30) predictions have been seen, the level p' + 2s':
 *   level > max                       -> the new maximum (p' + 2s')_max;
 *   otherwise, after more than 30 errors, ratio = level / max:
 *     ratio < β (0.9) -> drift, everything restarts at the next value;
 *     ratio < α (0.95) -> warning;  otherwise the warning is cleared.
 * Correct predictions only advance the position: the flags keep the value of the last error (River
 * does not clear a warning on a drift either; a drift is what a consumer should read first).
 *
 * Named option: `variance: 'population'` divides by k instead (MOA's EDDM); not the default.
 */
import { MonitoringInputError } from '../errors';
import { checkBit, checkStateKind, type DetectorStateBase, type DriftDetector } from './types';

/** EDDM parameters. */
export interface EddmOptions {
  /** Predictions before the maximum is tracked, and errors before the ratio is tested. */
  warmStart: number;
  /** Warning when the ratio falls below alpha. */
  alpha: number;
  /** Drift when the ratio falls below beta. */
  beta: number;
  /** Variance of the distances: `sample` (River, divide by k - 1) or `population` (MOA, divide by k). */
  variance: 'sample' | 'population';
}

/** River's defaults: warm start 30, warning ratio 0.95, drift ratio 0.9, sample variance. */
export const EDDM_DEFAULTS: EddmOptions = { warmStart: 30, alpha: 0.95, beta: 0.9, variance: 'sample' };

/** EDDM's serializable state. */
export interface EddmState extends DetectorStateBase {
  kind: 'eddm';
  position: number;
  lastError: number;
  errors: number;
  mean: number;
  m2: number;
  /** (p' + 2s')_max; -1 before the first level. */
  maxLevel: number;
  /** The last tested ratio (null before the first test). */
  ratio: number | null;
}

/** EDDM on the 0/1 error stream. */
export class Eddm implements DriftDetector<EddmState> {
  readonly kind = 'eddm' as const;
  readonly options: EddmOptions;
  driftDetected = false;
  warningDetected = false;
  updates = 0;
  /** The last ratio (p' + 2s') / (p' + 2s')_max that was tested, null before the first test. */
  ratio: number | null = null;
  private position = 0;
  private lastError = 0;
  private errors = 0;
  private mean = 0;
  private m2 = 0;
  private maxLevel = -1;

  constructor(options: Partial<EddmOptions> = {}) {
    this.options = { ...EDDM_DEFAULTS, ...options };
    const o = this.options;
    if (!Number.isInteger(o.warmStart) || o.warmStart < 0) throw new MonitoringInputError('eddm.warmStart', `must be an integer >= 0, got ${o.warmStart}`);
    if (!(o.beta > 0 && o.beta <= o.alpha && o.alpha <= 1)) throw new MonitoringInputError('eddm.alpha/beta', `need 0 < beta <= alpha <= 1, got beta ${o.beta} and alpha ${o.alpha}`);
    if (o.variance !== 'sample' && o.variance !== 'population') throw new MonitoringInputError('eddm.variance', `must be sample or population, got ${String(o.variance)}`);
  }

  update(x: number): void {
    checkBit('eddm', x);
    this.updates++;
    if (this.driftDetected) this.restart();
    this.position++;
    if (x === 0) return;
    this.errors++;
    const distance = this.position - this.lastError;
    // River's stats.Var: mean += (1/k)(d - mean); S += (d - old mean)(d - new mean).
    const old = this.mean;
    this.mean += (1 / this.errors) * (distance - old);
    this.m2 += (distance - old) * (distance - this.mean);
    if (this.position > this.options.warmStart) {
      const dof = this.options.variance === 'sample' ? this.errors - 1 : this.errors;
      const variance = dof > 0 ? this.m2 / dof : 0;
      const level = this.mean + 2 * variance ** 0.5;
      if (level > this.maxLevel) this.maxLevel = level;
      else if (this.errors > this.options.warmStart) {
        const ratio = level / this.maxLevel;
        this.ratio = ratio;
        if (ratio < this.options.beta) this.driftDetected = true;
        else if (ratio < this.options.alpha) this.warningDetected = true;
        else this.warningDetected = false;
      }
    }
    this.lastError = this.position;
  }

  private restart(): void {
    this.position = 0;
    this.lastError = 0;
    this.errors = 0;
    this.mean = 0;
    this.m2 = 0;
    this.maxLevel = -1;
    this.ratio = null;
    this.driftDetected = false;
    this.warningDetected = false;
  }

  reset(): void {
    this.restart();
    this.updates = 0;
  }

  getState(): EddmState {
    const { position, lastError, errors, mean, m2, maxLevel, ratio } = this;
    return { kind: 'eddm', updates: this.updates, driftDetected: this.driftDetected, warningDetected: this.warningDetected, position, lastError, errors, mean, m2, maxLevel, ratio };
  }

  setState(state: EddmState): void {
    checkStateKind('eddm', state);
    ({ updates: this.updates, driftDetected: this.driftDetected, warningDetected: this.warningDetected, position: this.position, lastError: this.lastError, errors: this.errors, mean: this.mean, m2: this.m2, maxLevel: this.maxLevel } = state);
    this.ratio = state.ratio ?? null;
  }
}
