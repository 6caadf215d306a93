/**
 * The one table of streaming detectors: for every kind, its name for people, a one-line explanation
 * for learners, River's default parameters, a factory, what it takes as input, whether it warns, and
 * what its score reads — the number a drift view plots over the stream, with its meaning (label,
 * threshold, warning level, unit, and whether a drift is the score rising above or falling below the
 * threshold). `DETECTOR_KINDS`, `createDetector`, the scoring of `src/loop/observers/detector-score.ts` and the
 * policy's list of allowed detectors all read this table, so adding a detector is its class file, its
 * kind in `types.ts` and one row here.
 *
 * Scores (null while a detector has nothing to say yet):
 * - ADWIN: the error rate over the window it still trusts (a share); no fixed threshold (it cuts when
 *   two sub-windows' means differ by more than its bound allows for their sizes).
 * - DDM: (p + s - p_min) / s_min, how many of its best point's standard deviations the error rate has
 *   climbed; warning at 2, drift at 3.
 * - EDDM: (p' + 2s') / (p' + 2s')_max, how close errors come compared with their widest spacing;
 *   warning below α = 0.95, drift below β = 0.9.
 * - Page-Hinkley: the cumulative deviation of the mean from its extreme (the larger side in mode
 *   `both`); drift above λ = 50.
 * - KSWIN: the p-value of its last KS test; drift at or below α = 0.005 (when D > 0.1 too).
 * - HDDM_A: the rise of the mean since its cut point, in units of the Hoeffding bound at the drift
 *   confidence; drift at 1, warning at ε_w / ε_d = √(ln(2/δ_w) / ln(2/δ_d)) ≈ 0.88.
 */
import { Adwin, ADWIN_DEFAULTS, type AdwinOptions, type AdwinState } from './adwin';
import { Ddm, DDM_DEFAULTS, type DdmOptions, type DdmState } from './ddm';
import { Eddm, EDDM_DEFAULTS, type EddmOptions, type EddmState } from './eddm';
import { HddmA, HDDM_A_DEFAULTS, type HddmAOptions, type HddmAState } from './hddm-a';
import { Kswin, KSWIN_DEFAULTS, type KswinOptions, type KswinState } from './kswin';
import { PageHinkley, PAGE_HINKLEY_DEFAULTS, type PageHinkleyOptions, type PageHinkleyState } from './page-hinkley';
import type { DetectorKind, DriftDetector } from './types';

/** The types behind each kind: its options, its JSON state and its class. */
export interface DetectorTypes {
  adwin: { options: AdwinOptions; state: AdwinState; detector: Adwin };
  ddm: { options: DdmOptions; state: DdmState; detector: Ddm };
  eddm: { options: EddmOptions; state: EddmState; detector: Eddm };
  'page-hinkley': { options: PageHinkleyOptions; state: PageHinkleyState; detector: PageHinkley };
  kswin: { options: KswinOptions; state: KswinState; detector: Kswin };
  'hddm-a': { options: HddmAOptions; state: HddmAState; detector: HddmA };
}

/** What a detector's score is, for a chart's axis and a learner's caption. */
export interface ScoreMeaning {
  /** Short axis name, e.g. "error rate in ADWIN's window". */
  label: string;
  /** The score at which the detector flags a drift, when it has a fixed one. */
  threshold: number | null;
  /** The score at which it warns, when it has one. */
  warning: number | null;
  /**
   * Where the score is plotted: `rate`, a share in [0, 1] on the rate axis; `sigma`, a level on the
   * level axis (its own scale, see `scale`); `none`, no score.
   */
  unit: 'rate' | 'sigma' | 'none';
  /** A drift is the score rising above (`above`) or falling below (`below`) the threshold. */
  direction: 'above' | 'below';
  /** The score's unit in words, e.g. "σ of the best error rate". */
  scale: string;
}

/** One row of the table. */
export interface DetectorEntry<K extends DetectorKind> {
  kind: K;
  /** Name for people. */
  label: string;
  /** One line for learners: what it watches and when it fires. */
  explanation: string;
  /** River's default parameters (and this project's defaults for options River does not have). */
  defaults: Readonly<DetectorTypes[K]['options']>;
  /** What `update(x)` accepts. */
  input: 'error bits (0 or 1)' | 'values in [0, 1]' | 'any finite number';
  /** Whether it has a warning zone. */
  warns: boolean;
  /** A new detector (defaults for missing options). */
  create(options?: Partial<DetectorTypes[K]['options']>): DetectorTypes[K]['detector'];
  /** The meaning of its score, with this detector's own thresholds. */
  meaning(detector: DetectorTypes[K]['detector']): ScoreMeaning;
  /** The score now, or null. */
  score(detector: DetectorTypes[K]['detector']): number | null;
}

/** The detector table, in the order the UI lists detectors. */
export const DETECTOR_TABLE: { readonly [K in DetectorKind]: DetectorEntry<K> } = {
  adwin: {
    kind: 'adwin',
    label: 'ADWIN',
    explanation: 'Keeps a window of recent values and drops its older part when the two parts’ means differ by more than chance allows.',
    defaults: ADWIN_DEFAULTS,
    input: 'any finite number',
    warns: false,
    create: (options) => new Adwin(options),
    meaning: () => ({ label: "error rate in ADWIN's window", threshold: null, warning: null, unit: 'rate', direction: 'above', scale: 'share of errors' }),
    score: (d) => (d.windowSize > 0 ? d.estimate : null),
  },
  ddm: {
    kind: 'ddm',
    label: 'DDM',
    explanation: 'Tracks the error rate since its last reset and fires when it climbs 3 standard deviations above its best point (warns at 2).',
    defaults: DDM_DEFAULTS,
    input: 'error bits (0 or 1)',
    warns: true,
    create: (options) => new Ddm(options),
    meaning: (d) => ({ label: 'DDM level (σ above its best error rate)', threshold: d.options.driftThreshold, warning: d.options.warningThreshold, unit: 'sigma', direction: 'above', scale: 'σ of the best error rate' }),
    score: (d) => d.level,
  },
  eddm: {
    kind: 'eddm',
    label: 'EDDM',
    explanation: 'Watches the spacing between errors and fires when errors come much closer together than at their widest (ratio below 0.9; warns below 0.95).',
    defaults: EDDM_DEFAULTS,
    input: 'error bits (0 or 1)',
    warns: true,
    create: (options) => new Eddm(options),
    meaning: (d) => ({ label: 'EDDM ratio (error spacing vs its widest)', threshold: d.options.beta, warning: d.options.alpha, unit: 'rate', direction: 'below', scale: 'ratio of spacings' }),
    score: (d) => d.ratio,
  },
  'page-hinkley': {
    kind: 'page-hinkley',
    label: 'Page-Hinkley',
    explanation: 'Adds up how far each value lies from the running mean and fires when that cumulative sum moves more than a threshold from its extreme.',
    defaults: PAGE_HINKLEY_DEFAULTS,
    input: 'any finite number',
    warns: false,
    create: (options) => new PageHinkley(options),
    meaning: (d) => ({ label: 'Page-Hinkley statistic (cumulative deviation)', threshold: d.options.threshold, warning: null, unit: 'sigma', direction: 'above', scale: "the input's unit, summed" }),
    score: (d) => d.statistic,
  },
  kswin: {
    kind: 'kswin',
    label: 'KSWIN',
    explanation: 'Compares its newest values with a random draw of older ones by a Kolmogorov–Smirnov test and fires when the p-value is tiny.',
    defaults: KSWIN_DEFAULTS,
    input: 'any finite number',
    warns: false,
    create: (options) => new Kswin(options),
    meaning: (d) => ({ label: 'KSWIN p-value (newest vs older values)', threshold: d.options.alpha, warning: null, unit: 'rate', direction: 'below', scale: 'p-value' }),
    score: (d) => d.lastPValue,
  },
  'hddm-a': {
    kind: 'hddm-a',
    label: 'HDDM_A',
    explanation: "Compares the mean since the start with the mean at its best point, using Hoeffding's bound, and fires when the rise is beyond it.",
    defaults: HDDM_A_DEFAULTS,
    input: 'values in [0, 1]',
    warns: true,
    create: (options) => new HddmA(options),
    meaning: (d) => ({ label: "HDDM_A rise (share of Hoeffding's bound)", threshold: 1, warning: d.warningRatio, unit: 'sigma', direction: 'above', scale: "share of Hoeffding's bound" }),
    score: (d) => d.riseRatio,
  },
};

/** Every detector's name, in the order the UI lists them (the table's order). */
export const DETECTOR_KINDS: readonly DetectorKind[] = Object.keys(DETECTOR_TABLE) as DetectorKind[];

/** The table row of `kind` (undefined for an unknown name). */
export function detectorEntry(kind: string): DetectorEntry<DetectorKind> | undefined {
  return Object.prototype.hasOwnProperty.call(DETECTOR_TABLE, kind) ? (DETECTOR_TABLE[kind as DetectorKind] as unknown as DetectorEntry<DetectorKind>) : undefined;
}

/** The score meaning of a live detector, with its own thresholds. */
export function scoreMeaning(detector: DriftDetector): ScoreMeaning {
  const entry = DETECTOR_TABLE[detector.kind] as unknown as DetectorEntry<DetectorKind>;
  return entry.meaning(detector as never);
}

/** The score of a live detector now (see the file comment), or null. */
export function scoreOf(detector: DriftDetector): number | null {
  const entry = DETECTOR_TABLE[detector.kind] as unknown as DetectorEntry<DetectorKind>;
  const s = entry.score(detector as never);
  return s === null || !Number.isFinite(s) ? null : s;
}
