/**
 * One number per streaming detector that a chart can plot over the stream, and what it means. The
 * numbers and their meanings live in the detector table (`src/monitoring/detectors/table.ts`); this
 * file reads them for the loop's detector timeline and keeps the names the loop and the views import.
 * Pure: reads a detector's public state, changes nothing.
 */
import { DETECTOR_KINDS, DETECTOR_TABLE, scoreMeaning, scoreOf, type ScoreMeaning } from '../../monitoring/detectors/table';
import type { Adwin } from '../../monitoring/detectors/adwin';
import type { DetectorKind, DriftDetector } from '../../monitoring/detectors/types';

export type { ScoreMeaning } from '../../monitoring/detectors/table';

/** A detector's reading at one moment. */
export interface DetectorReading {
  detector: DetectorKind;
  /** The plotted number (see the detector table); null when the detector has none yet. */
  score: number | null;
  /** ADWIN's window width (values it holds); null for the others. */
  width: number | null;
  /**
   * What the detector said since the previous sample: `drift` if it alarmed, else `warning` if it
   * warned or is in its warning zone now, else `stable`.
   */
  state: 'stable' | 'warning' | 'drift';
}

/** The meaning of each detector's score with its default parameters (`meaningOf` reads the live ones). */
export const DETECTOR_SCORES: Record<DetectorKind, ScoreMeaning> = Object.fromEntries(
  DETECTOR_KINDS.map((kind) => [kind, scoreMeaning(DETECTOR_TABLE[kind].create())]),
) as Record<DetectorKind, ScoreMeaning>;

/** The score meaning of `detector`, with its own thresholds (its options may differ from the defaults). */
export function meaningOf(detector: DriftDetector): ScoreMeaning {
  return scoreMeaning(detector);
}

/**
 * DDM's level (p + s - p_min) / s_min from a state, or null before its first test (n <= warmStart) or
 * while s_min is 0. `p` is the error rate; a state with an error count instead (`errors`) is read too.
 */
export function ddmLevel(state: { n: number; pMin: number | null; sMin: number | null } & ({ p: number } | { errors: number }), warmStart: number): number | null {
  if (state.n <= warmStart || state.n === 0 || state.pMin === null || state.sMin === null || !(state.sMin > 0)) return null;
  const p = 'p' in state ? state.p : state.errors / state.n;
  const s = Math.sqrt((p * (1 - p)) / state.n);
  return (p + s - state.pMin) / state.sMin;
}

/** Reads `detector` now; `since` is the strongest signal it gave since the previous reading, if any. */
export function readDetector(detector: DriftDetector, since: 'warning' | 'drift' | null = null): DetectorReading {
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  const state = since ?? (detector.driftDetected ? 'drift' : detector.warningDetected ? 'warning' : 'stable');
  const score = scoreOf(detector);
  const width = detector.kind === 'adwin' ? (detector as Adwin).windowSize : null;
  return { detector: detector.kind, score: score === null ? null : r4(score), width, state };
}
