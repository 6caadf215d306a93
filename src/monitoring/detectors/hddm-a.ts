/**
 * HDDM_A — drift detection with Hoeffding's bounds, the "A-test" on moving averages (Frías-Blanco,
 * del Campo-Ávila, Ramos-Jiménez, Morales-Bueno, Ortiz-Díaz & Caballero-Mota, 2015), as River 0.2x
 * implements it (`river.drift.binary.HDDM_A`, itself a port of MOA's).
 *
 * Input: values in [0, 1] (typically the error bit). Let Z̄ be the mean of all n values so far and,
 * for a prefix of k values, ε(k) = √(ln(1/δ_d) / (2k)) Hoeffding's deviation at the drift
 * confidence δ_d. HDDM_A keeps a cut point: the prefix X_min whose upper bound X̄_min + ε(k) was the
 * smallest seen (it moves to the whole stream whenever X̄_min + ε(k_min) >= Z̄ + ε(n)) — the best
 * evidence of how low the mean was. For independent values in [0, 1], Hoeffding's inequality for the
 * difference of the two means gives
 *   ε_diff(δ) = √( (m / 2) · ln(2 / δ) ),   m = (n - k_min) / k_min · (1 / n),
 * and the A-test reports
 *   Z̄ - X̄_min >= ε_diff(δ_d = 0.001)   -> drift (warning off), and all statistics restart;
 *   Z̄ - X̄_min >= ε_diff(δ_w = 0.005)   -> warning.
 * With `twoSided`, a symmetric cut X_max tracks the largest lower bound and a fall of the mean sets the
 * drift (or warning) flag too, on top of the rise test (as River: a fall's warning can stand beside a
 * rise's drift). River's default is one-sided (a rising error rate). The means are River's running
 * means, x̄ += (1/n)(x - x̄), so the floating-point path is River's.
 */
import { MonitoringInputError } from '../errors';
import { checkFinite, checkStateKind, type DetectorStateBase, type DriftDetector } from './types';

/** HDDM_A parameters. */
export interface HddmAOptions {
  driftConfidence: number;
  warningConfidence: number;
  twoSided: boolean;
}

/** River's defaults: drift confidence 0.001, warning confidence 0.005, one-sided. */
export const HDDM_A_DEFAULTS: HddmAOptions = { driftConfidence: 0.001, warningConfidence: 0.005, twoSided: false };

/** HDDM_A's serializable state: count and running mean of the stream and of both cut points. */
export interface HddmAState extends DetectorStateBase {
  kind: 'hddm-a';
  n: number;
  mean: number;
  nMin: number;
  meanMin: number;
  nMax: number;
  meanMax: number;
}

/** HDDM_A on a stream of values in [0, 1]. */
export class HddmA implements DriftDetector<HddmAState> {
  readonly kind = 'hddm-a' as const;
  readonly options: HddmAOptions;
  driftDetected = false;
  warningDetected = false;
  updates = 0;
  private n = 0;
  private mean = 0;
  private nMin = 0;
  private meanMin = 0;
  private nMax = 0;
  private meanMax = 0;

  constructor(options: Partial<HddmAOptions> = {}) {
    this.options = { ...HDDM_A_DEFAULTS, ...options };
    const o = this.options;
    if (!(o.driftConfidence > 0 && o.driftConfidence < 1)) throw new MonitoringInputError('hddm-a.driftConfidence', `must be in (0, 1), got ${o.driftConfidence}`);
    if (!(o.warningConfidence > 0 && o.warningConfidence < 1)) throw new MonitoringInputError('hddm-a.warningConfidence', `must be in (0, 1), got ${o.warningConfidence}`);
    if (typeof o.twoSided !== 'boolean') throw new MonitoringInputError('hddm-a.twoSided', `must be true or false, got ${String(o.twoSided)}`);
  }

  private hoeffding(n: number): number {
    return Math.sqrt((1.0 / (2 * n)) * Math.log(1.0 / this.options.driftConfidence));
  }

  /** ε_diff for a cut of `k` values at confidence `delta` (Infinity when the cut is the whole stream). */
  private bound(k: number, delta: number): number {
    if (k === this.n) return Infinity;
    const m = ((this.n - k) / k) * (1.0 / this.n);
    return Math.sqrt((m / 2) * Math.log(2.0 / delta));
  }

  /**
   * How far the rise of the mean since the cut is from the drift bound: (Z̄ - X̄_min) / ε_diff(δ_d).
   * At least 1 means a drift; null before two values.
   */
  get riseRatio(): number | null {
    if (this.n === 0 || this.nMin === this.n) return null;
    return (this.mean - this.meanMin) / this.bound(this.nMin, this.options.driftConfidence);
  }

  /** The warning level on the same scale as {@link riseRatio}: ε_diff(δ_w) / ε_diff(δ_d). */
  get warningRatio(): number {
    return Math.sqrt(Math.log(2 / this.options.warningConfidence) / Math.log(2 / this.options.driftConfidence));
  }

  update(x: number): void {
    checkFinite('hddm-a', x);
    if (x < 0 || x > 1) throw new MonitoringInputError('hddm-a.update(x)', `x must be in [0, 1], got ${x}`);
    this.updates++;
    if (this.driftDetected) this.restart();
    this.n++;
    this.mean += (1 / this.n) * (x - this.mean);
    if (this.nMin === 0) [this.nMin, this.meanMin] = [this.n, this.mean];
    if (this.nMax === 0) [this.nMax, this.meanMax] = [this.n, this.mean];
    const epsZ = this.hoeffding(this.n);
    if (this.meanMin + this.hoeffding(this.nMin) >= this.mean + epsZ) [this.nMin, this.meanMin] = [this.n, this.mean];
    if (this.meanMax - this.hoeffding(this.nMax) <= this.mean - epsZ) [this.nMax, this.meanMax] = [this.n, this.mean];
    const { driftConfidence, warningConfidence } = this.options;
    const rise = this.mean - this.meanMin;
    if (rise >= this.bound(this.nMin, driftConfidence)) {
      this.warningDetected = false;
      this.driftDetected = true;
    } else {
      this.warningDetected = rise >= this.bound(this.nMin, warningConfidence);
      this.driftDetected = false;
    }
    if (this.options.twoSided) {
      const fall = this.meanMax - this.mean;
      if (fall >= this.bound(this.nMax, driftConfidence)) this.driftDetected = true;
      else if (fall >= this.bound(this.nMax, warningConfidence)) this.warningDetected = true;
    }
  }

  private restart(): void {
    this.n = 0;
    this.mean = 0;
    this.nMin = 0;
    this.meanMin = 0;
    this.nMax = 0;
    this.meanMax = 0;
    this.driftDetected = false;
    this.warningDetected = false;
  }

  reset(): void {
    this.restart();
    this.updates = 0;
  }

  getState(): HddmAState {
    const { n, mean, nMin, meanMin, nMax, meanMax } = this;
    return { kind: 'hddm-a', updates: this.updates, driftDetected: this.driftDetected, warningDetected: this.warningDetected, n, mean, nMin, meanMin, nMax, meanMax };
  }

  setState(state: HddmAState): void {
    checkStateKind('hddm-a', state);
    ({ updates: this.updates, driftDetected: this.driftDetected, warningDetected: this.warningDetected, n: this.n, mean: this.mean, nMin: this.nMin, meanMin: this.meanMin, nMax: this.nMax, meanMax: this.meanMax } = state);
  }
}
