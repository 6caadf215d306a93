/**
 * DDM — Drift Detection Method (Gama, Medas, Castillo & Rodrigues, 2004).
 *
 * Input: the error bit of each prediction (1 wrong, 0 right). After i predictions the error rate is
 * p_i and, treating the errors as Bernoulli draws, its standard deviation is s_i = √(p_i (1 - p_i) / i).
 * While the concept is stable p_i falls or stays flat; DDM remembers the point where p_i + s_i was
 * lowest (p_min, s_min). Once `warmStart` (30) values are in:
 *   p_i + s_i > p_min + 2 s_min  -> warning (the error rate may be rising);
 *   p_i + s_i > p_min + 3 s_min  -> drift; all statistics restart from the next value.
 * The 2σ and 3σ levels correspond to about 95% and 99.7% one-sided confidence under a normal
 * approximation of the binomial.
 */
import { MonitoringInputError } from '../errors';
import { checkBit, checkStateKind, type DetectorStateBase, type DriftDetector } from './types';

/** DDM parameters. */
export interface DdmOptions {
  warmStart: number;
  warningThreshold: number;
  driftThreshold: number;
}

/** Defaults: warm start 30, warning at 2 sigma, drift at 3 sigma. */
export const DDM_DEFAULTS: DdmOptions = { warmStart: 30, warningThreshold: 2, driftThreshold: 3 };

/** DDM's serializable state. */
export interface DdmState extends DetectorStateBase {
  kind: 'ddm';
  n: number;
  errors: number;
  pMin: number | null;
  sMin: number | null;
}

/** DDM on the 0/1 error stream. */
export class Ddm implements DriftDetector<DdmState> {
  readonly kind = 'ddm' as const;
  readonly options: DdmOptions;
  driftDetected = false;
  warningDetected = false;
  updates = 0;
  private n = 0;
  private errors = 0;
  private pMin = Infinity;
  private sMin = Infinity;

  constructor(options: Partial<DdmOptions> = {}) {
    this.options = { ...DDM_DEFAULTS, ...options };
    const o = this.options;
    if (!Number.isInteger(o.warmStart) || o.warmStart < 1) throw new MonitoringInputError('ddm.warmStart', `must be a positive integer, got ${o.warmStart}`);
    if (!(o.warningThreshold > 0 && o.driftThreshold > o.warningThreshold)) throw new MonitoringInputError('ddm.thresholds', `need 0 < warning < drift, got ${o.warningThreshold} and ${o.driftThreshold}`);
  }

  /** The current error-rate estimate p_i. */
  get errorRate(): number {
    return this.n > 0 ? this.errors / this.n : 0;
  }

  update(x: number): void {
    checkBit('ddm', x);
    this.updates++;
    if (this.driftDetected) this.restart();
    this.driftDetected = false;
    this.warningDetected = false;
    this.n++;
    this.errors += x;
    if (this.n < this.options.warmStart) return;
    const p = this.errors / this.n;
    const s = Math.sqrt((p * (1 - p)) / this.n);
    if (p + s < this.pMin + this.sMin) {
      this.pMin = p;
      this.sMin = s;
    }
    if (p + s > this.pMin + this.options.driftThreshold * this.sMin) this.driftDetected = true;
    else if (p + s > this.pMin + this.options.warningThreshold * this.sMin) this.warningDetected = true;
  }

  private restart(): void {
    this.n = 0;
    this.errors = 0;
    this.pMin = Infinity;
    this.sMin = Infinity;
  }

  reset(): void {
    this.restart();
    this.updates = 0;
    this.driftDetected = false;
    this.warningDetected = false;
  }

  getState(): DdmState {
    const finite = Number.isFinite(this.pMin);
    return {
      kind: 'ddm',
      updates: this.updates,
      driftDetected: this.driftDetected,
      warningDetected: this.warningDetected,
      n: this.n,
      errors: this.errors,
      pMin: finite ? this.pMin : null,
      sMin: finite ? this.sMin : null,
    };
  }

  setState(state: DdmState): void {
    checkStateKind('ddm', state);
    this.updates = state.updates;
    this.driftDetected = state.driftDetected;
    this.warningDetected = state.warningDetected;
    this.n = state.n;
    this.errors = state.errors;
    this.pMin = state.pMin ?? Infinity;
    this.sMin = state.sMin ?? Infinity;
  }
}
