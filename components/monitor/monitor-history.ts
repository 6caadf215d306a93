/**
 * What the monitor chart remembers of a run, bounded: the accuracy windows it has seen (a snapshot
 * carries only the last few, so they are merged by window start), which version was in production
 * from which stream position (from `alias` events), and the markers. `data()` turns that into the
 * plotted lines, markers and ground-truth bands. Pure: no DOM, no Chart.js.
 */
import { LabError } from '../../src/errors';
import type { LabEvent } from '../../src/loop/engine/events';
import type { SeriesPoint } from '../../src/loop/observers/series';
import type { LabSnapshot } from '../../src/loop/engine/snapshot';
import { compact, COMPACT_CAP, COMPACT_KEEP, mergeSeries } from './compact';
import { decimateMinMax, type PlotPoint } from './decimate';
import { addMarker, positionOf, type MonitorMarker } from './monitor-markers';
import { truthBands, type TruthBand, type TruthInput } from './truth-bands';

/** One plotted line: realized or estimated accuracy of one production version. */
export interface MonitorLine {
  kind: 'realized' | 'estimated';
  version: string;
  label: string;
  points: PlotPoint[];
  /** For the "earlier versions" line: the versions folded into it, oldest first. */
  folded?: string[];
}

/** Everything the chart plots (read-only for callers). */
export interface MonitorData {
  /** Requests sent so far. */
  position: number;
  /** Requests per accuracy window, once a window was seen. */
  windowSize: number | null;
  lines: MonitorLine[];
  markers: MonitorMarker[];
  truth: TruthBand[];
  /** True when the lines hold fewer points than the windows seen (min-max decimation). */
  decimated: boolean;
}

/** Limits of the history. */
export interface HistoryLimits {
  /** Accuracy windows kept at most: past it, the older ones are merged pairwise (see compact.ts). Default 400. */
  windows?: number;
  /** Markers kept. Default 300. */
  markers?: number;
  /** Points per kind (realized, estimated) handed to the chart. Default 600. */
  plotted?: number;
  /** Versions drawn with lines of their own (the most recent); earlier ones share one "earlier versions" line per kind. Default 4. */
  versions?: number;
}

/** The version name of the line that folds the earlier versions together. */
export const EARLIER_VERSIONS = 'earlier versions';

/** A production move: from stream position `x` on, `version` answers. */
interface ProductionMove {
  x: number;
  version: string;
  previous: string | null;
}

/** The run as the monitor saw it. */
export class MonitorHistory {
  private readonly windows: SeriesPoint[] = [];
  private readonly moves: ProductionMove[] = [];
  private readonly markerList: MonitorMarker[] = [];
  private production: string | null = null;
  private lastPosition = 0;
  private readonly limits: Required<HistoryLimits>;

  constructor(limits: HistoryLimits = {}) {
    this.limits = { windows: limits.windows ?? COMPACT_CAP, markers: limits.markers ?? 300, plotted: limits.plotted ?? 600, versions: limits.versions ?? 4 };
    for (const [k, v] of Object.entries(this.limits)) {
      if (!Number.isInteger(v) || v < (k === 'versions' ? 1 : 3)) throw new LabError('invalid-monitoring-input', `monitor history: ${k} must be a whole number >= 3, got ${v}`, { field: k });
    }
  }

  /** Changes how many points per kind are handed to the chart (a whole number >= 3). */
  setPlotted(plotted: number): void {
    if (!Number.isInteger(plotted) || plotted < 3) throw new LabError('invalid-monitoring-input', `monitor history: plotted must be a whole number >= 3, got ${plotted}`, { field: 'plotted' });
    this.limits.plotted = plotted;
  }

  /** Forgets everything (a new lab). */
  clear(): void {
    this.windows.length = 0;
    this.moves.length = 0;
    this.markerList.length = 0;
    this.production = null;
    this.lastPosition = 0;
  }

  /** Takes a snapshot in: its series windows (a window seen again replaces the older copy), position and production. */
  addSnapshot(snapshot: Pick<LabSnapshot, 'series' | 'position' | 'deployed'>): void {
    for (const point of snapshot.series) this.addWindow(point);
    this.lastPosition = Math.max(this.lastPosition, snapshot.position);
    this.production = snapshot.deployed.production;
  }

  /** Takes one lab event in; returns the marker it added or changed, if any. */
  addEvent(event: LabEvent): MonitorMarker | null {
    this.lastPosition = Math.max(this.lastPosition, positionOf(event));
    if (event.type === 'alias' && event.alias === 'production' && event.version !== null) {
      this.moves.push({ x: positionOf(event), version: event.version, previous: event.previous });
      if (this.moves.length > this.limits.markers) this.moves.shift();
    }
    return addMarker(this.markerList, event, this.limits.markers);
  }

  private addWindow(point: SeriesPoint): void {
    const w = this.windows;
    const last = w[w.length - 1];
    if (!last || last.start < point.start) {
      w.push(point);
      compact(w, mergeSeries, this.limits.windows, Math.min(COMPACT_KEEP, Math.floor(this.limits.windows / 2)));
      return;
    }
    // Rare: an older window came again (it filled further). Binary search for its place.
    let lo = 0;
    let hi = w.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((w[mid] as SeriesPoint).start < point.start) lo = mid + 1;
      else hi = mid;
    }
    if (w[lo]?.start === point.start) w[lo] = point;
    else w.splice(lo, 0, point);
  }

  /**
   * The production version that served most of a window: the last production move at or before
   * the window's middle. Before the first move seen, the version that move replaced (or, with no
   * move seen at all, the production of the latest snapshot).
   */
  versionAt(x: number): string {
    let version: string | null = null;
    for (const move of this.moves) {
      if (move.x <= x) version = move.version;
      else break;
    }
    return version ?? this.moves[0]?.previous ?? this.moves[0]?.version ?? this.production ?? 'none';
  }

  /** The raw windows kept, oldest first. */
  get series(): readonly SeriesPoint[] {
    return this.windows;
  }

  /** The markers kept, in arrival order. */
  get markers(): readonly MonitorMarker[] {
    return this.markerList;
  }

  /** Requests sent, as far as the monitor knows. */
  get position(): number {
    return this.lastPosition;
  }

  /**
   * What to plot. A window's point sits at its middle (x = (start + end) / 2) and holds the share of
   * right answers in it (realized) or the mean calibrated confidence (estimated). Each kind is
   * decimated to `plotted` points over the whole run, then split into one line per production version
   * (the last `versions` of them; the earlier ones share one "earlier versions" line per kind), so the
   * chart holds a bounded number of points and lines however long the run.
   */
  data(truth: readonly TruthInput[] = []): MonitorData {
    const realized: PlotPoint[] = [];
    const estimated: PlotPoint[] = [];
    for (const w of this.windows) {
      const x = (w.start + w.end) / 2;
      if (w.realized !== null) realized.push({ x, y: w.realized });
      if (w.estimated !== null) estimated.push({ x, y: w.estimated });
    }
    const plottedRealized = decimateMinMax(realized, this.limits.plotted);
    const plottedEstimated = decimateMinMax(estimated, this.limits.plotted);
    const last = this.windows.at(-1);
    return {
      position: this.lastPosition,
      windowSize: last ? last.end - last.start : null,
      lines: [...this.split('realized', plottedRealized), ...this.split('estimated', plottedEstimated)],
      markers: this.markerList.slice(),
      truth: truthBands(truth, this.lastPosition),
      decimated: plottedRealized.length < realized.length || plottedEstimated.length < estimated.length,
    };
  }

  private split(kind: MonitorLine['kind'], points: readonly PlotPoint[]): MonitorLine[] {
    const lines: MonitorLine[] = [];
    const byVersion = new Map<string, MonitorLine>();
    // Points and moves are both in stream order: one walk (versionAt for each point would be quadratic).
    const before = this.versionAt(-Infinity);
    let m = 0;
    let current = before;
    const tagged = points.map((p) => {
      while (m < this.moves.length && (this.moves[m] as ProductionMove).x <= p.x) current = (this.moves[m++] as ProductionMove).version;
      return { p, version: current };
    });
    const order = [...new Set(tagged.map((t) => t.version))];
    const own = new Set(order.slice(-this.limits.versions));
    const name = kind === 'realized' ? 'Realized' : 'Estimated';
    for (const { p, version: v } of tagged) {
      const version = own.has(v) ? v : EARLIER_VERSIONS;
      let line = byVersion.get(version);
      if (!line) {
        const folded = version === EARLIER_VERSIONS ? order.filter((o) => !own.has(o)) : null;
        line = { kind, version, label: `${name} accuracy, ${version}${folded ? ` (${folded.join(', ')})` : ''}`, points: [], ...(folded ? { folded } : {}) };
        byVersion.set(version, line);
        lines.push(line);
      }
      line.points.push(p);
    }
    return lines;
  }
}
