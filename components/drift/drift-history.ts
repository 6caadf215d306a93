/**
 * What the drift view remembers of a run, bounded: the detectors' timeline samples (a snapshot carries
 * only the last few, so they are merged by stream position), the alarms (the snapshot carries them
 * all, up to the engine's bound), and the latest per-feature drift table. `timeline()` turns that into
 * the plotted lines (one per detector with a score, min-max decimated), the alarm markers and the
 * ground-truth bands. Pure: no DOM, no Chart.js.
 */
import { LabError } from '../../src/errors';
import type { DetectorAlarm, DetectorTimelineView, TimelinePoint } from '../../src/loop/observers/detector-timeline';
import type { DriftView } from '../../src/loop/observers/drift-view';
import type { DataChecksView } from '../../src/loop/observers/range-flags';
import type { LabSnapshot } from '../../src/loop/engine/snapshot';
import type { DetectorKind } from '../../src/monitoring/detectors/types';
import { decimateMinMax, type PlotPoint } from '../monitor/decimate';
import { compact, COMPACT_CAP, COMPACT_KEEP, mergeTimeline } from '../monitor/compact';
import { truthBands, type TruthBand, type TruthInput } from '../monitor/truth-bands';

/**
 * The detector's score at the moment of an alarm, when the engine recorded it (an optional field of
 * newer engines' alarms; the detector starts afresh right after a drift, so a sample taken once per
 * window misses the crossing). Null when absent.
 */
export function alarmScore(alarm: DetectorAlarm): number | null {
  const score = (alarm as DetectorAlarm & { score?: unknown }).score;
  return typeof score === 'number' && Number.isFinite(score) ? score : null;
}

/** A detector's name as a learner reads it. */
export const DETECTOR_NAMES: Record<DetectorKind, string> = { adwin: 'ADWIN', ddm: 'DDM', eddm: 'EDDM', 'page-hinkley': 'Page-Hinkley', kswin: 'KSWIN', 'hddm-a': 'HDDM_A' };

/** One plotted line: a detector's score over the stream. */
export interface ScoreLine {
  detector: DetectorKind;
  label: string;
  /** The kind of score: a share or ratio in 0..1 (`rate`) or a level with no fixed top (`sigma`). */
  axis: 'rate' | 'sigma';
  /** What the score counts, for its own axis title (e.g. "σ of the best error rate", "p-value"). */
  scale: string;
  /** The score at which the detector flags a drift (a dotted line on its axis), when fixed. */
  threshold: number | null;
  /** The score at which it warns, when it has a warning zone. */
  warning: number | null;
  points: PlotPoint[];
}

/** Everything the timeline chart plots (read-only for callers). */
export interface DriftTimeline {
  /** Requests sent so far. */
  position: number;
  lines: ScoreLine[];
  /** Drift alarms (warnings are kept apart: DDM warns often on a stable stream). */
  alarms: DetectorAlarm[];
  warnings: DetectorAlarm[];
  truth: TruthBand[];
  decimated: boolean;
}

/** The drift table with the snapshot's data check beside it (values the endpoint flagged out of range), when the snapshot carried one. */
export type DriftTable = DriftView & { dataChecks?: DataChecksView };

/** The run as the drift view saw it. */
export class DriftHistory {
  private readonly samples: TimelinePoint[] = [];
  private alarmList: DetectorAlarm[] = [];
  private meanings: DetectorTimelineView['detectors'] = [];
  private latest: DriftTable | null = null;
  private lastPosition = 0;
  private plotted: number;

  constructor(
    private readonly maxSamples = COMPACT_CAP,
    plotted = 400,
  ) {
    if (!Number.isInteger(maxSamples) || maxSamples < 3) throw new LabError('invalid-monitoring-input', `drift history: maxSamples must be a whole number >= 3, got ${maxSamples}`);
    this.plotted = plotted;
    this.setPlotted(plotted);
  }

  /** Points per line handed to the chart (a whole number >= 3). */
  setPlotted(plotted: number): void {
    if (!Number.isInteger(plotted) || plotted < 3) throw new LabError('invalid-monitoring-input', `drift history: plotted must be a whole number >= 3, got ${plotted}`, { field: 'plotted' });
    this.plotted = plotted;
  }

  /** Forgets everything (a new lab). */
  clear(): void {
    this.samples.length = 0;
    this.alarmList = [];
    this.meanings = [];
    this.latest = null;
    this.lastPosition = 0;
  }

  /** Takes a snapshot in. Snapshots without the drift fields (older engines, recordings) only move the position. */
  addSnapshot(snapshot: Pick<LabSnapshot, 'position'> & Partial<Pick<LabSnapshot, 'drift' | 'detectors' | 'dataChecks'>>): void {
    this.lastPosition = Math.max(this.lastPosition, snapshot.position);
    if (snapshot.drift) this.latest = snapshot.dataChecks ? { ...snapshot.drift, dataChecks: snapshot.dataChecks } : snapshot.drift;
    const t = snapshot.detectors;
    if (!t) return;
    this.meanings = t.detectors;
    for (const p of t.points) this.addSample(p);
    this.alarmList = t.alarms.slice();
  }

  private addSample(p: TimelinePoint): void {
    const s = this.samples;
    const last = s[s.length - 1];
    if (!last || last.position < p.position) {
      s.push(p);
      compact(s, mergeTimeline, this.maxSamples, Math.min(COMPACT_KEEP, Math.floor(this.maxSamples / 2)));
      return;
    }
    const i = s.findIndex((x) => x.position >= p.position);
    if (s[i]?.position === p.position) s[i] = p;
    else s.splice(i, 0, p);
  }

  /** The latest per-feature drift table, null until a snapshot carried one. */
  get drift(): DriftTable | null {
    return this.latest;
  }

  /** The raw timeline samples kept, oldest first. */
  get timelineSamples(): readonly TimelinePoint[] {
    return this.samples;
  }

  /** Requests sent, as far as the view knows. */
  get position(): number {
    return this.lastPosition;
  }

  /** What to plot (see the file comment). */
  timeline(truth: readonly TruthInput[] = []): DriftTimeline {
    let decimated = false;
    const lines: ScoreLine[] = [];
    this.meanings.forEach((m, i) => {
      if (m.unit === 'none') return;
      const points: PlotPoint[] = [];
      for (const s of this.samples) {
        const score = s.readings[i]?.score;
        if (typeof score === 'number' && Number.isFinite(score)) points.push({ x: s.position, y: score });
      }
      // The score at each alarm (when the engine recorded it) joins the line where it happened, so
      // the line reaches the level it crossed; samples keep their place (stream order).
      const atAlarms = this.alarmList.filter((a) => a.detector === m.kind && alarmScore(a) !== null && a.position >= (this.samples[0]?.position ?? Infinity));
      if (atAlarms.length) {
        for (const a of atAlarms) points.push({ x: a.position, y: alarmScore(a) as number });
        points.sort((p, q) => p.x - q.x);
      }
      const plotted = decimateMinMax(points, this.plotted);
      if (plotted.length < points.length) decimated = true;
      lines.push({ detector: m.kind, label: `${DETECTOR_NAMES[m.kind]}: ${m.label}`, axis: m.unit, scale: m.scale ?? m.label, threshold: m.threshold, warning: m.warning ?? null, points: plotted });
    });
    return {
      position: this.lastPosition,
      lines,
      alarms: this.alarmList.filter((a) => a.kind === 'drift'),
      warnings: this.alarmList.filter((a) => a.kind === 'warning'),
      truth: truthBands(truth, this.lastPosition),
      decimated,
    };
  }
}
