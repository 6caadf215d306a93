/**
 * KSWIN — Kolmogorov–Smirnov WINdowing (Raab, Heusinger & Schleif, 2020), as River 0.2x implements it
 * (`river.drift.KSWIN`).
 *
 * KSWIN keeps the last `windowSize` (100) values. Once the window is full, every update compares its
 * newest `statSize` (30) values R with `statSize` values W drawn uniformly without replacement from the
 * older part of the window (positions 0 .. windowSize - statSize - 1), using the two-sample KS test
 * exactly as `scipy.stats.ks_2samp(W, R, method="auto")` (`stats/ks.ts`: exact p-value at these
 * sizes). A drift is reported when the p-value is at most α (0.005) and the KS statistic D exceeds
 * 0.1 (`minStatistic`). At the next update KSWIN starts afresh, as River does: the window is emptied
 * and the draw generator re-seeded, so the next test waits until the window has refilled.
 *
 * The draw is River's: `random.Random(seed).sample(range(windowSize - statSize), statSize)` with
 * CPython's Mersenne Twister (`python-random.ts`), so with River's parameters and seed the indexes
 * are River's. River's seed defaults to None (unseeded); here it defaults to 42 (the seed of River's
 * KSWIN doctest), because every random thing in the lab is seeded. The generator's state is part of
 * the detector's JSON state. Cost: a draw, two sorts of 30 values and an O(30) exact p-value per
 * update. KSWIN has no warning zone.
 */
import { MonitoringInputError } from '../errors';
import { ksExactPValue, ksLatticeStatistic, ksStatisticSorted } from '../stats/ks';
import { PythonRandom, type PythonRandomState } from './python-random';
import { checkFinite, checkStateKind, type DetectorStateBase, type DriftDetector } from './types';

/** KSWIN parameters. */
export interface KswinOptions {
  alpha: number;
  windowSize: number;
  statSize: number;
  /** Seed of the draws from the older part (Python's `random.Random(seed)`). */
  seed: number;
  /** Minimum KS statistic for a drift (besides p <= alpha); River's fixed 0.1. */
  minStatistic: number;
}

/** River's defaults (alpha 0.005, window 100, statistic window 30, D > 0.1) and seed 42. */
export const KSWIN_DEFAULTS: KswinOptions = { alpha: 0.005, windowSize: 100, statSize: 30, seed: 42, minStatistic: 0.1 };

/** KSWIN's serializable state. */
export interface KswinState extends DetectorStateBase {
  kind: 'kswin';
  window: number[];
  /** The draw generator's state. */
  rng: PythonRandomState;
  /** Statistic and p-value of the last test (null before the first). */
  lastStatistic: number | null;
  lastPValue: number | null;
}

/** KSWIN on any finite stream. */
export class Kswin implements DriftDetector<KswinState> {
  readonly kind = 'kswin' as const;
  readonly options: KswinOptions;
  driftDetected = false;
  readonly warningDetected = false;
  updates = 0;
  /** KS statistic of the last test, null before the first (and after a restart). */
  lastStatistic: number | null = null;
  /** p-value of the last test, null before the first (and after a restart). */
  lastPValue: number | null = null;
  /** Ring buffer of the window. */
  private ring: Float64Array;
  private start = 0;
  private size = 0;
  private rng: PythonRandom;
  private readonly recent: Float64Array;
  private readonly older: Float64Array;

  constructor(options: Partial<KswinOptions> = {}) {
    this.options = { ...KSWIN_DEFAULTS, ...options };
    const o = this.options;
    if (!(o.alpha >= 0 && o.alpha <= 1)) throw new MonitoringInputError('kswin.alpha', `must be in [0, 1], got ${o.alpha}`);
    if (!Number.isInteger(o.statSize) || o.statSize < 1) throw new MonitoringInputError('kswin.statSize', `must be a positive integer, got ${o.statSize}`);
    if (!Number.isInteger(o.windowSize) || o.windowSize < 2 * o.statSize) throw new MonitoringInputError('kswin.windowSize', `must be an integer >= 2 x statSize (${2 * o.statSize}), got ${o.windowSize}`);
    if (!Number.isSafeInteger(o.seed)) throw new MonitoringInputError('kswin.seed', `must be a safe integer, got ${o.seed}`);
    if (!(o.minStatistic >= 0 && o.minStatistic < 1)) throw new MonitoringInputError('kswin.minStatistic', `must be in [0, 1), got ${o.minStatistic}`);
    this.ring = new Float64Array(o.windowSize);
    this.recent = new Float64Array(o.statSize);
    this.older = new Float64Array(o.statSize);
    this.rng = new PythonRandom(o.seed);
  }

  /** Values currently in the window (at most windowSize). */
  get windowLength(): number {
    return this.size;
  }

  private at(i: number): number {
    return this.ring[(this.start + i) % this.options.windowSize] as number;
  }

  update(x: number): void {
    checkFinite('kswin', x);
    this.updates++;
    if (this.driftDetected) this.restart();
    const { windowSize, statSize } = this.options;
    if (this.size === windowSize) {
      this.start = (this.start + 1) % windowSize;
      this.size--;
    }
    this.ring[(this.start + this.size) % windowSize] = x;
    this.size++;
    if (this.size < windowSize) return;
    const picks = this.rng.sample(windowSize - statSize, statSize);
    for (let i = 0; i < statSize; i++) {
      this.older[i] = this.at(picks[i] as number);
      this.recent[i] = this.at(windowSize - statSize + i);
    }
    this.older.sort();
    this.recent.sort();
    const d = ksLatticeStatistic(ksStatisticSorted(this.older, this.recent), statSize, statSize);
    const p = ksExactPValue(d, statSize, statSize);
    this.lastStatistic = d;
    this.lastPValue = p;
    this.driftDetected = p <= this.options.alpha && d > this.options.minStatistic;
  }

  private restart(): void {
    this.start = 0;
    this.size = 0;
    this.rng = new PythonRandom(this.options.seed);
    this.driftDetected = false;
    this.lastStatistic = null;
    this.lastPValue = null;
  }

  reset(): void {
    this.restart();
    this.updates = 0;
  }

  getState(): KswinState {
    return {
      kind: 'kswin',
      updates: this.updates,
      driftDetected: this.driftDetected,
      warningDetected: false,
      window: Array.from({ length: this.size }, (_, i) => this.at(i)),
      rng: this.rng.getState(),
      lastStatistic: this.lastStatistic,
      lastPValue: this.lastPValue,
    };
  }

  setState(state: KswinState): void {
    checkStateKind('kswin', state);
    if (!Array.isArray(state.window) || state.window.length > this.options.windowSize) throw new MonitoringInputError('state.window', `must hold at most ${this.options.windowSize} values`);
    this.reset();
    try {
      this.rng.setState(state.rng);
    } catch (e) {
      throw new MonitoringInputError('state.rng', (e as Error).message);
    }
    state.window.forEach((v, i) => (this.ring[i] = v));
    this.size = state.window.length;
    this.updates = state.updates;
    this.driftDetected = state.driftDetected;
    this.lastStatistic = state.lastStatistic;
    this.lastPValue = state.lastPValue;
  }
}
