/**
 * DDM — Drift Detection Method (Gama, Medas, Castillo & Rodrigues, 2004), as River 0.2x implements it
 * (`river.drift.binary.DDM`).
 *
 * Input: the error bit of each prediction (1 wrong, 0 right). After i predictions the error rate is
 * p_i and, treating the errors as Bernoulli draws, its standard deviation is s_i = √(p_i (1 - p_i) / i).
 * While the concept is stable p_i falls or stays flat; DDM remembers the point where p_i + s_i was
 * lowest (p_min, s_min). Only once more than `warmStart` (30) values are in (i > 30) does it test:
 *   p_i + s_i <= p_min + s_min       -> (p_min, s_min) = (p_i, s_i);
 *   p_i + s_i > p_min + 2 s_min      -> warning (the error rate may be rising);
 *   p_i + s_i > p_min + 3 s_min      -> drift (the warning flag is then off); everything restarts
 *                                       at the next value.
 * Before the warm start is over nothing is flagged. The 2σ and 3σ levels correspond to about 95% and
 * 99.7% one-sided confidence under a normal approximation of the binomial. p_i is River's running
 * mean, p += (1/i)(x - p), so the floating-point path is River's too.
 *
 * A known edge of River's DDM: if no error at all is seen by the end of the warm start, the best point
 * is p = 0, s = 0, and the very first error then puts p + s above p_min + 3 · 0: a drift on one error
 * (this is what raised alarms on the lab's stable scenarios). Named option `requireVariance: true`
 * (not River's default) lets only a point with s > 0 become the best point, so DDM waits until it has a
 * scale before it judges a rise.
 */
import { MonitoringInputError } from '../errors';
import { checkBit, checkStateKind, type DetectorStateBase, type DriftDetector } from './types';

/** DDM parameters. */
export interface DdmOptions {
  /** Values needed before any test (tests run once more than this many are in). */
  warmStart: number;
  warningThreshold: number;
  driftThreshold: number;
  /** Only a point with s > 0 may become the best point (not River's behaviour; see the file comment). */
  requireVariance: boolean;
}

/** River's defaults: warm start 30, warning at 2 sigma, drift at 3 sigma (and River's best-point rule). */
export const DDM_DEFAULTS: DdmOptions = { warmStart: 30, warningThreshold: 2, driftThreshold: 3, requireVariance: false };

/** DDM's serializable state (`pMin`/`sMin` null until the first test). */
export interface DdmState extends DetectorStateBase {
  kind: 'ddm';
  n: number;
  /** The error rate p_i (River's running mean). */
  p: number;
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
  private p = 0;
  private pMin = Infinity;
  private sMin = Infinity;
  private psMin = Infinity;

  constructor(options: Partial<DdmOptions> = {}) {
    this.options = { ...DDM_DEFAULTS, ...options };
    const o = this.options;
    if (!Number.isInteger(o.warmStart) || o.warmStart < 0) throw new MonitoringInputError('ddm.warmStart', `must be an integer >= 0, got ${o.warmStart}`);
    if (typeof o.requireVariance !== 'boolean') throw new MonitoringInputError('ddm.requireVariance', `must be true or false, got ${String(o.requireVariance)}`);
    if (!(o.warningThreshold > 0 && o.driftThreshold > o.warningThreshold && Number.isFinite(o.driftThreshold))) throw new MonitoringInputError('ddm.thresholds', `need 0 < warning < drift, got ${o.warningThreshold} and ${o.driftThreshold}`);
  }

  /** The current error-rate estimate p_i. */
  get errorRate(): number {
    return this.p;
  }

  /** How far p_i + s_i is above p_min, in units of s_min (null before the first test or while s_min is 0). */
  get level(): number | null {
    if (this.n <= this.options.warmStart || !(this.sMin > 0) || !Number.isFinite(this.sMin)) return null;
    const s = Math.sqrt((this.p * (1 - this.p)) / this.n);
    return (this.p + s - this.pMin) / this.sMin;
  }

  update(x: number): void {
    checkBit('ddm', x);
    this.updates++;
    if (this.driftDetected) this.restart();
    this.n++;
    this.p += (1 / this.n) * (x - this.p);
    const p = this.p;
    const s = Math.sqrt((p * (1 - p)) / this.n);
    if (this.n <= this.options.warmStart) return;
    if (p + s <= this.psMin && (s > 0 || !this.options.requireVariance)) {
      this.pMin = p;
      this.sMin = s;
      this.psMin = p + s;
    }
    if (!Number.isFinite(this.psMin)) return;
    this.warningDetected = p + s > this.pMin + this.options.warningThreshold * this.sMin;
    if (p + s > this.pMin + this.options.driftThreshold * this.sMin) {
      this.driftDetected = true;
      this.warningDetected = false;
    }
  }

  private restart(): void {
    this.n = 0;
    this.p = 0;
    this.pMin = Infinity;
    this.sMin = Infinity;
    this.psMin = Infinity;
    this.driftDetected = false;
    this.warningDetected = false;
  }

  reset(): void {
    this.restart();
    this.updates = 0;
  }

  getState(): DdmState {
    const tested = Number.isFinite(this.psMin);
    return { kind: 'ddm', updates: this.updates, driftDetected: this.driftDetected, warningDetected: this.warningDetected, n: this.n, p: this.p, pMin: tested ? this.pMin : null, sMin: tested ? this.sMin : null };
  }

  setState(state: DdmState): void {
    checkStateKind('ddm', state);
    this.updates = state.updates;
    this.driftDetected = state.driftDetected;
    this.warningDetected = state.warningDetected;
    this.n = state.n;
    this.p = state.p;
    this.pMin = state.pMin ?? Infinity;
    this.sMin = state.sMin ?? Infinity;
    this.psMin = state.pMin === null || state.sMin === null ? Infinity : state.pMin + state.sMin;
  }
}
