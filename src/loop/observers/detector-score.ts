/**
 * One number per streaming detector that a chart can plot over the stream, and what it means:
 *
 * - ADWIN: the mean of its adaptive window, i.e. the error rate over the window it still trusts, and
 *   the window's width. A drift shows as the width collapsing (the old part is dropped) while the
 *   rate steps up. ADWIN has no fixed threshold: it cuts when two sub-windows' means differ by more
 *   than the Hoeffding/Bernstein bound allows for their sizes.
 * - DDM: how far the error rate has climbed above its best point, in units of that point's standard
 *   deviation: level = (p + s - p_min) / s_min, with p the error rate since the last restart,
 *   s = √(p (1 - p) / n). It warns at 2 and flags a drift at 3 (its `warningThreshold` and
 *   `driftThreshold`). Null until DDM's warm start is over, or while s_min is 0 (no error seen yet:
 *   the level has no scale).
 * - Other detectors: no score (their flags and alarms are still shown).
 * Pure: reads a detector's public state, changes nothing.
 */
import type { Adwin } from '../../monitoring/detectors/adwin';
import type { Ddm, DdmState } from '../../monitoring/detectors/ddm';
import type { DetectorKind, DriftDetector } from '../../monitoring/detectors/types';

/** A detector's reading at one moment. */
export interface DetectorReading {
  detector: DetectorKind;
  /** The plotted number (see `DETECTOR_SCORES`); null when the detector has none yet. */
  score: number | null;
  /** ADWIN's window width (values it holds); null for the others. */
  width: number | null;
  /**
   * What the detector said since the previous sample: `drift` if it alarmed, else `warning` if it
   * warned or is in its warning zone now, else `stable`.
   */
  state: 'stable' | 'warning' | 'drift';
}

/** What a detector's score is, for a chart's axis and a learner's caption. */
export interface ScoreMeaning {
  /** Short axis name, e.g. "error rate in ADWIN's window". */
  label: string;
  /** The score at which the detector flags a drift, when it has a fixed one. */
  threshold: number | null;
  /** The score at which it warns, when it has one. */
  warning: number | null;
  /** Whether the score is a share in [0, 1] (plotted on the rate axis) or a level (σ). */
  unit: 'rate' | 'sigma' | 'none';
}

/** The meaning of each detector's score (thresholds are the detectors' defaults; `meaningOf` reads the live ones). */
export const DETECTOR_SCORES: Record<DetectorKind, ScoreMeaning> = {
  adwin: { label: "error rate in ADWIN's window", threshold: null, warning: null, unit: 'rate' },
  ddm: { label: "DDM level (σ above its best error rate)", threshold: 3, warning: 2, unit: 'sigma' },
  eddm: { label: 'no score', threshold: null, warning: null, unit: 'none' },
  'page-hinkley': { label: 'no score', threshold: null, warning: null, unit: 'none' },
  kswin: { label: 'no score', threshold: null, warning: null, unit: 'none' },
  'hddm-a': { label: 'no score', threshold: null, warning: null, unit: 'none' },
};

/** The score meaning of `detector`, with its own thresholds (DDM's options may differ from the defaults). */
export function meaningOf(detector: DriftDetector): ScoreMeaning {
  const base = DETECTOR_SCORES[detector.kind];
  if (detector.kind === 'ddm') {
    const o = (detector as Ddm).options;
    return { ...base, threshold: o.driftThreshold, warning: o.warningThreshold };
  }
  return base;
}

/** DDM's level from its state (see the file comment), or null. */
export function ddmLevel(state: Pick<DdmState, 'n' | 'errors' | 'pMin' | 'sMin'>, warmStart: number): number | null {
  if (state.n < warmStart || state.n === 0 || state.pMin === null || state.sMin === null || !(state.sMin > 0)) return null;
  const p = state.errors / state.n;
  const s = Math.sqrt((p * (1 - p)) / state.n);
  return (p + s - state.pMin) / state.sMin;
}

/** Reads `detector` now; `since` is the strongest signal it gave since the previous reading, if any. */
export function readDetector(detector: DriftDetector, since: 'warning' | 'drift' | null = null): DetectorReading {
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  const state = since ?? (detector.driftDetected ? 'drift' : detector.warningDetected ? 'warning' : 'stable');
  if (detector.kind === 'adwin') {
    const a = detector as Adwin;
    return { detector: 'adwin', score: a.windowSize > 0 ? r4(a.estimate) : null, width: a.windowSize, state };
  }
  if (detector.kind === 'ddm') {
    const d = detector as Ddm;
    const level = ddmLevel(d.getState(), d.options.warmStart);
    return { detector: 'ddm', score: level === null ? null : r4(level), width: null, state };
  }
  return { detector: detector.kind, score: null, width: null, state };
}
