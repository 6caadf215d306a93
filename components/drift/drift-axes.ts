/**
 * The drift timeline's y axes and alarm markers, pure (no Chart.js instance): each detector's score
 * gets an axis of its own titled with what it counts (ADWIN's share of errors, DDM's σ, Page-Hinkley's
 * summed deviation, HDDM_A's share of Hoeffding's bound, ...), the first on the left and the others on
 * the right; drift alarms are filled markers placed on the detector's drift level and warnings hollow
 * markers on its warning level (at the foot of its axis when it has no such level), each detector with
 * its own shape, so a warning and a drift never look alike.
 */
import type { PointStyle } from 'chart.js';
import type { DetectorAlarm } from '../../src/loop/observers/detector-timeline';
import type { DetectorKind } from '../../src/monitoring/detectors/types';
import { alarmScore, DETECTOR_NAMES, type ScoreLine } from './drift-history';

/** Marker shapes per detector, in order: shape tells detectors apart without colour. */
export const DETECTOR_SHAPES: readonly PointStyle[] = ['triangle', 'rectRot', 'rect', 'star', 'crossRot', 'circle'];

/** The y axis id of a detector's score. */
export function axisId(detector: DetectorKind): string {
  return `score-${detector}`;
}

/** One y axis, as the chart needs it. */
export interface ScoreAxis {
  id: string;
  position: 'left' | 'right';
  title: string;
  /** Shares and p-values are shown as per cent; levels as plain numbers. */
  percent: boolean;
  min: number;
  /** A top that keeps the drift level in view (levels only). */
  suggestedMax?: number;
  /** Only the first axis draws grid lines. */
  grid: boolean;
}

/** The axes of `lines`, one per detector, in the lines' order. */
export function scoreAxes(lines: readonly ScoreLine[]): ScoreAxis[] {
  return lines.map((line, i) => {
    const percent = line.scale === 'share of errors';
    const levels = [line.threshold, line.warning].filter((v): v is number => v !== null);
    return {
      id: axisId(line.detector),
      position: i === 0 ? 'left' : 'right',
      title: `${DETECTOR_NAMES[line.detector]}: ${line.scale}`,
      percent,
      min: 0,
      ...(line.axis === 'sigma' && levels.length ? { suggestedMax: Math.max(...levels) * 1.25 } : {}),
      grid: i === 0,
    };
  });
}

/** Where and how one alarm is drawn. */
export interface AlarmMark {
  detector: DetectorKind;
  kind: DetectorAlarm['kind'];
  x: number;
  axis: string;
  /** On the axis: the detector's score at the alarm when recorded, else the level crossed, else 0 (the foot). */
  y: number;
  /** True when y is the foot (no level to place it on). */
  atFoot: boolean;
  shape: PointStyle;
  filled: boolean;
}

/**
 * The marks of drift alarms and warnings of the detectors that have a line (the most recent
 * `limit`, drift alarms and warnings counted together), each at the level it crossed.
 */
export function alarmMarks(lines: readonly ScoreLine[], alarms: readonly DetectorAlarm[], warnings: readonly DetectorAlarm[], limit: number): AlarmMark[] {
  const byDetector = new Map(lines.map((l, i) => [l.detector, { line: l, i }] as const));
  const all = [...alarms, ...warnings].sort((a, b) => a.position - b.position).slice(-limit);
  const out: AlarmMark[] = [];
  for (const a of all) {
    const found = byDetector.get(a.detector);
    if (!found) continue;
    const level = alarmScore(a) ?? (a.kind === 'drift' ? found.line.threshold : found.line.warning);
    out.push({
      detector: a.detector,
      kind: a.kind,
      x: a.position,
      axis: axisId(a.detector),
      y: level ?? 0,
      atFoot: level === null,
      shape: DETECTOR_SHAPES[found.i % DETECTOR_SHAPES.length] ?? 'triangle',
      filled: a.kind === 'drift',
    });
  }
  return out;
}
