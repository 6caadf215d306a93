/**
 * What the monitor's health panels remember of a run, bounded: the endpoint's health windows (a
 * snapshot carries only the last few, so they are merged by window start; a window seen again
 * replaces the older copy, as it filled further). `data()` turns them into the panels' lines —
 * latency p50 / p95 / p99, error rate by kind, requests per simulated second — each min-max decimated,
 * plus the run's totals. Pure: no DOM, no Chart.js.
 */
import { LabError } from '../../src/errors';
import { HEALTH_ERROR_KINDS, type HealthErrorKind, type HealthPoint } from '../../src/loop/observers/health';
import type { LabSnapshot } from '../../src/loop/engine/snapshot';
import { decimateMinMax, type PlotPoint } from './decimate';
import { compact, COMPACT_CAP, COMPACT_KEEP, mergeHealth } from './compact';

/** One line of a health panel. */
export interface HealthLine {
  label: string;
  points: PlotPoint[];
}

/** Everything the health panels plot (read-only for callers). */
export interface HealthData {
  /** Requests sent so far. */
  position: number;
  /** Latency percentiles (ms) of the answers, per window: p50, p95, p99. */
  latency: HealthLine[];
  /** Share of each window's requests that got an error answer, one line per kind (in HEALTH_ERROR_KINDS order). */
  errors: (HealthLine & { kind: HealthErrorKind })[];
  /** Requests per simulated second, per window. */
  volume: HealthLine[];
  /** Over the windows kept: requests, error answers, and error answers by kind. */
  totals: { requests: number; errors: number; byKind: Record<HealthErrorKind, number> };
  /** The latest window with a request, if any. */
  last: HealthPoint | null;
  decimated: boolean;
  /**
   * The endpoint's model calls so far (micro-batches, rows, wall-clock ms inside the model), from the
   * latest snapshot that measured them; null for a Lab on simulated latency (a recording).
   */
  model: { calls: number; rows: number; ms: number } | null;
}

/** The health windows as the monitor saw them. */
export class HealthHistory {
  private readonly windows: HealthPoint[] = [];
  private lastPosition = 0;
  private model: HealthData['model'] = null;
  private plotted: number;

  constructor(
    private readonly maxWindows = COMPACT_CAP,
    plotted = 300,
  ) {
    if (!Number.isInteger(maxWindows) || maxWindows < 3) throw new LabError('invalid-monitoring-input', `health history: maxWindows must be a whole number >= 3, got ${maxWindows}`);
    this.plotted = plotted;
    this.setPlotted(plotted);
  }

  /** Points per line handed to the charts (a whole number >= 3). */
  setPlotted(plotted: number): void {
    if (!Number.isInteger(plotted) || plotted < 3) throw new LabError('invalid-monitoring-input', `health history: plotted must be a whole number >= 3, got ${plotted}`, { field: 'plotted' });
    this.plotted = plotted;
  }

  /** Forgets everything (a new lab). */
  clear(): void {
    this.windows.length = 0;
    this.lastPosition = 0;
    this.model = null;
  }

  /** Takes a snapshot in; one without `health` (older engines, recordings) only moves the position. */
  addSnapshot(snapshot: Pick<LabSnapshot, 'position'> & Partial<Pick<LabSnapshot, 'health' | 'endpoint'>>): void {
    this.lastPosition = Math.max(this.lastPosition, snapshot.position);
    const model = snapshot.endpoint?.model;
    if (model) this.model = { ...model };
    for (const w of snapshot.health ?? []) this.addWindow(w);
  }

  private addWindow(point: HealthPoint): void {
    const w = this.windows;
    const last = w[w.length - 1];
    if (!last || last.start < point.start) {
      w.push(point);
      compact(w, mergeHealth, this.maxWindows, Math.min(COMPACT_KEEP, Math.floor(this.maxWindows / 2)));
      return;
    }
    const i = w.findIndex((x) => x.start >= point.start);
    if (w[i]?.start === point.start) w[i] = point;
    else w.splice(i, 0, point);
  }

  /** The raw windows kept, oldest first. */
  get series(): readonly HealthPoint[] {
    return this.windows;
  }

  /** What to plot; a window's point sits at its middle, (start + end) / 2. */
  data(): HealthData {
    const latency: PlotPoint[][] = [[], [], []];
    const errors = HEALTH_ERROR_KINDS.map(() => [] as PlotPoint[]);
    const volume: PlotPoint[] = [];
    const byKind = Object.fromEntries(HEALTH_ERROR_KINDS.map((k) => [k, 0])) as Record<HealthErrorKind, number>;
    let requests = 0;
    let errorCount = 0;
    let last: HealthPoint | null = null;
    for (const w of this.windows) {
      if (w.requests === 0) continue;
      last = w;
      const x = (w.start + w.end) / 2;
      requests += w.requests;
      errorCount += w.errors;
      if (w.latency) [w.latency.p50, w.latency.p95, w.latency.p99].forEach((y, i) => latency[i]?.push({ x, y }));
      HEALTH_ERROR_KINDS.forEach((k, i) => {
        const n = w.errorsByKind[k] ?? 0;
        byKind[k] += n;
        errors[i]?.push({ x, y: n / w.requests });
      });
      if (w.perSecond !== null) volume.push({ x, y: w.perSecond });
    }
    let decimated = false;
    const thin = (points: PlotPoint[]) => {
      const out = decimateMinMax(points, this.plotted);
      if (out.length < points.length) decimated = true;
      return out;
    };
    return {
      position: this.lastPosition,
      latency: ['p50', 'p95', 'p99'].map((label, i) => ({ label, points: thin(latency[i] ?? []) })),
      errors: HEALTH_ERROR_KINDS.map((kind, i) => ({ kind, label: kind, points: thin(errors[i] ?? []) })),
      volume: [{ label: 'requests per second', points: thin(volume) }],
      totals: { requests, errors: errorCount, byKind },
      last,
      decimated,
      model: this.model ? { ...this.model } : null,
    };
  }
}
