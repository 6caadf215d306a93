/**
 * Page-Hinkley test (Page, 1954; the streaming form of Mouss et al., 2004).
 *
 * A cumulative-sum test for a change in the mean. With x̄_t the running mean of the values so far,
 * δ the magnitude of change to ignore and α a fading factor (0.9999, so very old deviations slowly
 * lose weight), two sums track upward and downward deviations:
 *   U_t = α U_{t-1} + (x_t - x̄_t - δ),   PH_up   = U_t - min_{s≤t} U_s,
 *   L_t = α L_{t-1} + (x_t - x̄_t + δ),   PH_down = max_{s≤t} L_s - L_t.
 * While the mean holds, the deviations average about -δ (up) or +δ (down) and the sums drift away from
 * their extremes only by chance. After a rise of the mean by Δ > δ, U grows by about Δ - δ per value,
 * so PH_up crosses the threshold λ (50) after about λ / (Δ - δ) values. A drift is reported when either
 * statistic exceeds λ (mode `both`; `up` or `down` watch one side) once `minInstances` (30) values are
 * in; then everything restarts. Page-Hinkley has no warning zone.
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

/** Defaults: min 30 values, delta 0.005, threshold 50, alpha 0.9999, both directions. */
export const PAGE_HINKLEY_DEFAULTS: PageHinkleyOptions = { minInstances: 30, delta: 0.005, threshold: 50, alpha: 0.9999, mode: 'both' };

/** Page-Hinkley's serializable state. */
export interface PageHinkleyState extends DetectorStateBase {
  kind: 'page-hinkley';
  n: number;
  mean: number;
  up: number;
  upMin: number;
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
  private upMin = 0;
  private down = 0;
  private downMax = 0;

  constructor(options: Partial<PageHinkleyOptions> = {}) {
    this.options = { ...PAGE_HINKLEY_DEFAULTS, ...options };
    const o = this.options;
    if (!Number.isInteger(o.minInstances) || o.minInstances < 1) throw new MonitoringInputError('page-hinkley.minInstances', `must be a positive integer, got ${o.minInstances}`);
    if (!(o.delta >= 0) || !Number.isFinite(o.delta)) throw new MonitoringInputError('page-hinkley.delta', `must be >= 0, got ${o.delta}`);
    if (!(o.threshold > 0) || !Number.isFinite(o.threshold)) throw new MonitoringInputError('page-hinkley.threshold', `must be > 0, got ${o.threshold}`);
    if (!(o.alpha > 0 && o.alpha <= 1)) throw new MonitoringInputError('page-hinkley.alpha', `must be in (0, 1], got ${o.alpha}`);
    if (!['both', 'up', 'down'].includes(o.mode)) throw new MonitoringInputError('page-hinkley.mode', `must be both, up or down, got ${String(o.mode)}`);
  }

  update(x: number): void {
    checkFinite('page-hinkley', x);
    this.updates++;
    if (this.driftDetected) this.restart();
    this.driftDetected = false;
    this.n++;
    this.mean += (x - this.mean) / this.n;
    const { alpha, delta, threshold, mode } = this.options;
    this.up = alpha * this.up + (x - this.mean - delta);
    this.down = alpha * this.down + (x - this.mean + delta);
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
    this.upMin = 0;
    this.down = 0;
    this.downMax = 0;
  }

  reset(): void {
    this.restart();
    this.updates = 0;
    this.driftDetected = false;
  }

  getState(): PageHinkleyState {
    const { n, mean, up, upMin, down, downMax } = this;
    return { kind: 'page-hinkley', updates: this.updates, driftDetected: this.driftDetected, warningDetected: false, n, mean, up, upMin, down, downMax };
  }

  setState(state: PageHinkleyState): void {
    checkStateKind('page-hinkley', state);
    ({ updates: this.updates, driftDetected: this.driftDetected, n: this.n, mean: this.mean, up: this.up, upMin: this.upMin, down: this.down, downMax: this.downMax } = state);
  }
}
