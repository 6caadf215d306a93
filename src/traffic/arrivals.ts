/**
 * When requests arrive, in simulated seconds. The rate is λ(t) requests per simulated second:
 *   λ(t) = rate * (1 + amplitude * cos(2π (t - peak) / period))
 * (daily seasonality: highest at `peak` seconds into each period, lowest half a period later).
 *
 * `poisson`: a non-homogeneous Poisson process by thinning (Lewis and Shedler): candidates come at
 * the top rate λmax = rate (1 + amplitude), exponential gaps of mean 1/λmax, and each is kept with
 * probability λ(t)/λmax. `regular`: one request every 1/λ(t) seconds (no randomness).
 */
import type { Rng } from '../../datasets/random';

/** Daily (or any period) seasonality of the request rate. */
export interface Seasonality {
  /** Relative swing of the rate, in [0, 1). */
  amplitude: number;
  /** Length of one cycle in simulated seconds (default 86 400: a day). */
  period?: number;
  /** Time in the cycle when the rate is highest (default 14:00, 50 400 s). */
  peak?: number;
}

/** How arrivals are spaced. */
export type ArrivalProcess = 'poisson' | 'regular';

/** A seeded source of arrival times. */
export class Arrivals {
  private t: number;
  private readonly top: number;
  private readonly period: number;
  private readonly peak: number;
  private readonly amplitude: number;

  constructor(
    private readonly rate: number,
    private readonly process: ArrivalProcess,
    private readonly rng: Rng,
    seasonality?: Seasonality,
    start = 0,
  ) {
    this.t = start;
    this.amplitude = seasonality?.amplitude ?? 0;
    this.period = seasonality?.period ?? 86_400;
    this.peak = seasonality?.peak ?? 50_400;
    this.top = rate * (1 + this.amplitude);
  }

  /** The rate at time t (requests per simulated second). */
  rateAt(t: number): number {
    return this.amplitude === 0 ? this.rate : this.rate * (1 + this.amplitude * Math.cos((2 * Math.PI * (t - this.peak)) / this.period));
  }

  /** The next arrival time. */
  next(): number {
    if (this.process === 'regular') {
      this.t += 1 / this.rateAt(this.t);
      return this.t;
    }
    for (;;) {
      // Exponential gap: -ln(U) / λmax, with U in (0, 1].
      this.t += -Math.log(1 - this.rng.next()) / this.top;
      if (this.amplitude === 0 || this.rng.next() * this.top < this.rateAt(this.t)) return this.t;
    }
  }
}
