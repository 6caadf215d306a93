/**
 * KSWIN — Kolmogorov–Smirnov WINdowing (Raab, Heusinger & Schleif, 2020).
 *
 * KSWIN keeps the last `windowSize` (100) values. Once the window is full, every update compares its
 * newest `statSize` (30) values R with `statSize` values drawn uniformly without replacement from the
 * older part of the window (the first windowSize - statSize), using the two-sample KS test
 * (`stats/ks.ts`, exact p-value for these sizes). A drift is reported when the p-value is at most
 * α (0.005) and the KS statistic D exceeds 0.1; the window then keeps only R, so the next comparison
 * waits until it has refilled. Otherwise the oldest value leaves the window.
 *
 * The draw is seeded: the k-th test of a detector with seed s draws with `createRng(deriveSeed(s, k))`,
 * so the state (seed, number of tests, the window) fully determines what comes next and serializes as
 * plain JSON. Cost: a sort of 2 x 30 values and an O(30 x 30) exact p-value per update, so KSWIN runs
 * at about a tenth of the other detectors' speed. KSWIN has no warning zone.
 */
import { createRng, deriveSeed } from '../../../datasets/random';
import { MonitoringInputError } from '../errors';
import { ksExactPValue, ksStatisticSorted } from '../stats/ks';
import { checkFinite, checkStateKind, type DetectorStateBase, type DriftDetector } from './types';

/** KSWIN parameters. */
export interface KswinOptions {
  alpha: number;
  windowSize: number;
  statSize: number;
  /** Seed of the sampling of the older part. */
  seed: number;
  /** Minimum KS statistic for a drift (besides p <= alpha). */
  minStatistic: number;
}

/** Defaults: alpha 0.005, window 100, statistic window 30, seed 0, D > 0.1. */
export const KSWIN_DEFAULTS: KswinOptions = { alpha: 0.005, windowSize: 100, statSize: 30, seed: 0, minStatistic: 0.1 };

/** KSWIN's serializable state. */
export interface KswinState extends DetectorStateBase {
  kind: 'kswin';
  window: number[];
  tests: number;
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
  /** KS statistic of the last test, null before the first. */
  lastStatistic: number | null = null;
  /** p-value of the last test, null before the first. */
  lastPValue: number | null = null;
  /** Ring buffer of the window. */
  private ring: Float64Array;
  private start = 0;
  private size = 0;
  private tests = 0;
  private readonly recent: Float64Array;
  private readonly older: Float64Array;
  private readonly pool: Int32Array;

  constructor(options: Partial<KswinOptions> = {}) {
    this.options = { ...KSWIN_DEFAULTS, ...options };
    const o = this.options;
    if (!(o.alpha > 0 && o.alpha < 1)) throw new MonitoringInputError('kswin.alpha', `must be in (0, 1), got ${o.alpha}`);
    if (!Number.isInteger(o.statSize) || o.statSize < 2) throw new MonitoringInputError('kswin.statSize', `must be an integer >= 2, got ${o.statSize}`);
    if (!Number.isInteger(o.windowSize) || o.windowSize < 2 * o.statSize) throw new MonitoringInputError('kswin.windowSize', `must be an integer >= 2 x statSize (${2 * o.statSize}), got ${o.windowSize}`);
    if (!Number.isFinite(o.seed)) throw new MonitoringInputError('kswin.seed', `must be finite, got ${o.seed}`);
    this.ring = new Float64Array(o.windowSize);
    this.recent = new Float64Array(o.statSize);
    this.older = new Float64Array(o.statSize);
    this.pool = new Int32Array(o.windowSize - o.statSize);
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
    this.driftDetected = false;
    const { windowSize, statSize } = this.options;
    this.ring[(this.start + this.size) % windowSize] = x;
    this.size++;
    if (this.size < windowSize) return;
    // Newest statSize values against statSize values drawn from the older part.
    for (let i = 0; i < statSize; i++) this.recent[i] = this.at(windowSize - statSize + i);
    const olderCount = windowSize - statSize;
    const rng = createRng(deriveSeed(this.options.seed, this.tests));
    this.tests++;
    for (let i = 0; i < olderCount; i++) this.pool[i] = i;
    for (let i = 0; i < statSize; i++) {
      const j = i + rng.int(olderCount - i);
      const pick = this.pool[j] as number;
      this.pool[j] = this.pool[i] as number;
      this.pool[i] = pick;
      this.older[i] = this.at(pick);
    }
    this.recent.sort();
    this.older.sort();
    const d = ksStatisticSorted(this.older, this.recent);
    const p = ksExactPValue(d, statSize, statSize);
    this.lastStatistic = d;
    this.lastPValue = p;
    if (p <= this.options.alpha && d > this.options.minStatistic) {
      this.driftDetected = true;
      // Keep only the newest statSize values.
      this.start = (this.start + windowSize - statSize) % windowSize;
      this.size = statSize;
    } else {
      this.start = (this.start + 1) % windowSize;
      this.size--;
    }
  }

  reset(): void {
    this.start = 0;
    this.size = 0;
    this.tests = 0;
    this.updates = 0;
    this.driftDetected = false;
    this.lastStatistic = null;
    this.lastPValue = null;
  }

  getState(): KswinState {
    return {
      kind: 'kswin',
      updates: this.updates,
      driftDetected: this.driftDetected,
      warningDetected: false,
      window: Array.from({ length: this.size }, (_, i) => this.at(i)),
      tests: this.tests,
      lastStatistic: this.lastStatistic,
      lastPValue: this.lastPValue,
    };
  }

  setState(state: KswinState): void {
    checkStateKind('kswin', state);
    if (state.window.length > this.options.windowSize) throw new MonitoringInputError('state.window', `holds ${state.window.length} values, more than ${this.options.windowSize}`);
    this.reset();
    state.window.forEach((v, i) => (this.ring[i] = v));
    this.size = state.window.length;
    this.tests = state.tests;
    this.updates = state.updates;
    this.driftDetected = state.driftDetected;
    this.lastStatistic = state.lastStatistic;
    this.lastPValue = state.lastPValue;
  }
}
