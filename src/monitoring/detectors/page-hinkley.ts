/**
 * Page-Hinkley test (Page, 1954; the streaming form of Mouss et al., 2004), as River 0.2x implements
 * it (`river.drift.PageHinkley`).
 *
 * A cumulative-sum test for a change in the mean. With x̄_t the running mean of the values so far
 * (x_t included), δ the magnitude of change to ignore (0.005) and α a fading factor (0.9999, so very
 * old deviations slowly lose weight), two sums track upward and downward deviations:
 *   U_t = α U_{t-1} + (x_t - x̄_t) - δ,   PH_up   = U_t - min_{s≤t} U_s,
 *   L_t = α L_{t-1} + (x_t - x̄_t) + δ,   PH_down = max(-1, max_{s≤t} L_s) - L_t.
 * (River starts the minimum of U at +∞ and the maximum of L at -1.) While the mean holds, the sums
 * drift away from their extremes only by chance. After a rise of the mean by Δ > δ, U grows by about
 * Δ - δ per value, so PH_up crosses the threshold λ (50) after about λ / (Δ - δ) values. Once at least
 * `minInstances` (30) values are in, a drift is reported when PH_up > λ (mode `up`), PH_down > λ
 * (`down`) or either (`both`, the default); then everything restarts at the next value.
 * Page-Hinkley has no warning zone.
 */
import { MonitoringInputError } from '../errors';
import { checkFinite, checkStateKind, type DetectorStateBase, type DriftDetector } from './types';

/** Page-Hinkley parameters. */
export interface PageHinkleyOptions {
  minInstances: number;
  delta: number;
  threshold: number;
  alpha: number;
  mode: 'both' | 'up' | 'down';
}

/** River's defaults: min 30 values, delta 0.005, threshold 50, alpha 0.9999, both directions. */
export const PAGE_HINKLEY_DEFAULTS: PageHinkleyOptions = { minInstances: 30, delta: 0.005, threshold: 50, alpha: 1 - 0.0001, mode: 'both' };

/** Page-Hinkley's serializable state (`upMin` null while it is +∞). */
export interface PageHinkleyState extends DetectorStateBase {
  kind: 'page-hinkley';
  n: number;
  mean: number;
  up: number;
  upMin: number | null;
  down: number;
  downMax: number;
}

/** Page-Hinkley on any finite stream. */
export class PageHinkley implements DriftDetector<PageHinkleyState> {
  readonly kind = 'page-hinkley' as const;
  readonly options: PageHinkleyOptions;
  driftDetected = false;
  readonly warningDetected = false;
  updates = 0;
  private n = 0;
  private mean = 0;
  private up = 0;
  private upMin = Infinity;
  private down = 0;
  private downMax = -1;

  constructor(options: Partial<PageHinkleyOptions> = {}) {
    this.options = { ...PAGE_HINKLEY_DEFAULTS, ...options };
    const o = this.options;
    if (!Number.isInteger(o.minInstances) || o.minInstances < 1) throw new MonitoringInputError('page-hinkley.minInstances', `must be a positive integer, got ${o.minInstances}`);
    if (!(o.delta >= 0) || !Number.isFinite(o.delta)) throw new MonitoringInputError('page-hinkley.delta', `must be >= 0, got ${o.delta}`);
    if (!(o.threshold > 0) || !Number.isFinite(o.threshold)) throw new MonitoringInputError('page-hinkley.threshold', `must be > 0, got ${o.threshold}`);
    if (!(o.alpha > 0 && o.alpha <= 1)) throw new MonitoringInputError('page-hinkley.alpha', `must be in (0, 1], got ${o.alpha}`);
    if (!['both', 'up', 'down'].includes(o.mode)) throw new MonitoringInputError('page-hinkley.mode', `must be both, up or down, got ${String(o.mode)}`);
  }

  /** The statistic the mode watches (the larger of both for `both`); null before the first value. */
  get statistic(): number | null {
    if (this.n === 0) return null;
    const rise = this.up - this.upMin;
    const fall = this.downMax - this.down;
    return this.options.mode === 'up' ? rise : this.options.mode === 'down' ? fall : Math.max(rise, fall);
  }

  update(x: number): void {
    checkFinite('page-hinkley', x);
    this.updates++;
    if (this.driftDetected) this.restart();
    this.n++;
    this.mean += (1 / this.n) * (x - this.mean);
    const dev = x - this.mean;
    const { alpha, delta, threshold, mode } = this.options;
    this.up = alpha * this.up + dev - delta;
    this.down = alpha * this.down + dev + delta;
    if (this.up < this.upMin) this.upMin = this.up;
    if (this.down > this.downMax) this.downMax = this.down;
    if (this.n < this.options.minInstances) return;
    const rise = this.up - this.upMin > threshold;
    const fall = this.downMax - this.down > threshold;
    this.driftDetected = mode === 'up' ? rise : mode === 'down' ? fall : rise || fall;
  }

  private restart(): void {
    this.n = 0;
    this.mean = 0;
    this.up = 0;
    this.upMin = Infinity;
    this.down = 0;
    this.downMax = -1;
    this.driftDetected = false;
  }

  reset(): void {
    this.restart();
    this.updates = 0;
  }

  getState(): PageHinkleyState {
    const { n, mean, up, down, downMax } = this;
    return { kind: 'page-hinkley', updates: this.updates, driftDetected: this.driftDetected, warningDetected: false, n, mean, up, upMin: Number.isFinite(this.upMin) ? this.upMin : null, down, downMax };
  }

  setState(state: PageHinkleyState): void {
    checkStateKind('page-hinkley', state);
    ({ updates: this.updates, driftDetected: this.driftDetected, n: this.n, mean: this.mean, up: this.up, down: this.down, downMax: this.downMax } = state);
    this.upMin = state.upMin ?? Infinity;
  }
}
