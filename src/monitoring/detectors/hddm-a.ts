/**
 * HDDM_A — drift detection with Hoeffding's bounds, the "A-test" on moving averages (Frías-Blanco,
 * del Campo-Ávila, Ramos-Jiménez, Morales-Bueno, Ortiz-Díaz & Caballero-Mota, 2015).
 *
 * Input: values in [0, 1] (typically the error bit). Let X̄_t be the mean of all values so far and, for
 * a prefix of n values, ε(n) = √(ln(1/δ) / (2n)) Hoeffding's deviation at confidence δ. HDDM_A keeps a
 * cut point: the prefix whose upper bound X̄_cut + ε(n_cut) was the smallest seen — the best evidence
 * of how low the mean was. A rise of the mean after the cut shows as a gap between the whole mean and
 * the cut mean. For independent values in [0, 1], Hoeffding's inequality for the difference of the two
 * means gives the bound
 *   ε_diff = √( (m / 2) · ln(2 / δ) ),   m = (n - n_cut) / (n_cut · n),
 * and the A-test reports
 *   X̄_t - X̄_cut >= ε_diff at δ = driftConfidence (0.001)   -> drift, and all statistics restart;
 *   X̄_t - X̄_cut >= ε_diff at δ = warningConfidence (0.005) -> warning.
 * With `twoSided`, a symmetric cut tracks the largest lower bound X̄_cut - ε(n_cut) and a fall of the
 * mean is detected the same way. River's default is one-sided (a rising error rate).
 */
import { MonitoringInputError } from '../errors';
import { checkFinite, checkStateKind, type DetectorStateBase, type DriftDetector } from './types';

/** HDDM_A parameters. */
export interface HddmAOptions {
  driftConfidence: number;
  warningConfidence: number;
  twoSided: boolean;
}

/** Defaults: drift confidence 0.001, warning confidence 0.005, one-sided. */
export const HDDM_A_DEFAULTS: HddmAOptions = { driftConfidence: 0.001, warningConfidence: 0.005, twoSided: false };

/** HDDM_A's serializable state. */
export interface HddmAState extends DetectorStateBase {
  kind: 'hddm-a';
  n: number;
  sum: number;
  nMin: number;
  sumMin: number;
  nMax: number;
  sumMax: number;
}

/** Hoeffding deviation of a mean of n values in [0, 1] at confidence delta. */
function hoeffding(n: number, logInvDelta: number): number {
  return Math.sqrt(logInvDelta / (2 * n));
}

/** HDDM_A on a stream of values in [0, 1]. */
export class HddmA implements DriftDetector<HddmAState> {
  readonly kind = 'hddm-a' as const;
  readonly options: HddmAOptions;
  driftDetected = false;
  warningDetected = false;
  updates = 0;
  private n = 0;
  private sum = 0;
  private nMin = 0;
  private sumMin = 0;
  private nMax = 0;
  private sumMax = 0;
  private readonly logDrift: number;
  private readonly logWarning: number;
  private readonly logInvDrift: number;

  constructor(options: Partial<HddmAOptions> = {}) {
    this.options = { ...HDDM_A_DEFAULTS, ...options };
    const o = this.options;
    if (!(o.driftConfidence > 0 && o.driftConfidence < 1)) throw new MonitoringInputError('hddm-a.driftConfidence', `must be in (0, 1), got ${o.driftConfidence}`);
    if (!(o.warningConfidence > o.driftConfidence && o.warningConfidence < 1)) throw new MonitoringInputError('hddm-a.warningConfidence', `must be in (driftConfidence, 1), got ${o.warningConfidence}`);
    this.logDrift = Math.log(2 / o.driftConfidence);
    this.logWarning = Math.log(2 / o.warningConfidence);
    this.logInvDrift = Math.log(1 / o.driftConfidence);
  }

  /** Is the gap between the whole mean and a cut mean beyond the bound at level log(2/delta)? */
  private exceeds(gap: number, nCut: number, log2OverDelta: number): boolean {
    if (nCut === 0 || nCut === this.n) return false;
    const m = (this.n - nCut) / (nCut * this.n);
    return gap >= Math.sqrt((m / 2) * log2OverDelta);
  }

  update(x: number): void {
    checkFinite('hddm-a', x);
    if (x < 0 || x > 1) throw new MonitoringInputError('hddm-a.update(x)', `x must be in [0, 1], got ${x}`);
    this.updates++;
    if (this.driftDetected) this.restart();
    this.driftDetected = false;
    this.warningDetected = false;
    this.n++;
    this.sum += x;
    const mean = this.sum / this.n;
    const eps = hoeffding(this.n, this.logInvDrift);
    if (this.nMin === 0 || mean + eps <= this.sumMin / this.nMin + hoeffding(this.nMin, this.logInvDrift)) {
      this.nMin = this.n;
      this.sumMin = this.sum;
    }
    if (this.nMax === 0 || mean - eps >= this.sumMax / this.nMax - hoeffding(this.nMax, this.logInvDrift)) {
      this.nMax = this.n;
      this.sumMax = this.sum;
    }
    const rise = mean - this.sumMin / this.nMin;
    const fall = this.options.twoSided ? this.sumMax / this.nMax - mean : -1;
    if (this.exceeds(rise, this.nMin, this.logDrift) || this.exceeds(fall, this.nMax, this.logDrift)) this.driftDetected = true;
    else if (this.exceeds(rise, this.nMin, this.logWarning) || this.exceeds(fall, this.nMax, this.logWarning)) this.warningDetected = true;
  }

  private restart(): void {
    this.n = 0;
    this.sum = 0;
    this.nMin = 0;
    this.sumMin = 0;
    this.nMax = 0;
    this.sumMax = 0;
  }

  reset(): void {
    this.restart();
    this.updates = 0;
    this.driftDetected = false;
    this.warningDetected = false;
  }

  getState(): HddmAState {
    const { n, sum, nMin, sumMin, nMax, sumMax } = this;
    return { kind: 'hddm-a', updates: this.updates, driftDetected: this.driftDetected, warningDetected: this.warningDetected, n, sum, nMin, sumMin, nMax, sumMax };
  }

  setState(state: HddmAState): void {
    checkStateKind('hddm-a', state);
    ({ updates: this.updates, driftDetected: this.driftDetected, warningDetected: this.warningDetected, n: this.n, sum: this.sum, nMin: this.nMin, sumMin: this.sumMin, nMax: this.nMax, sumMax: this.sumMax } = state);
  }
}
