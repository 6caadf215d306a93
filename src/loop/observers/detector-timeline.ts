/**
 * The drift detectors' timeline: what each detector on production's error stream said, sampled once
 * per report window of the stream, and every alarm with its stream position.
 *
 * Scores: the Monitor keeps its detectors private, so the timeline runs its own copies, built from the
 * monitor's detector configs and fed the very same values (each labelled answer's error bit, 1 wrong /
 * 0 right, per version that answered, in label order). Detectors are deterministic, so the copies hold
 * exactly the monitor's state (a unit test checks that their drifts fall where the monitor's do).
 * Alarms are the monitor's own signals (drifts and new warnings) for the version in production.
 *
 * Positions are requests sent (the stream index of the last request + 1) when the sample or alarm was
 * taken: the same x as the monitor chart's markers. Bounded: the last `maxPoints` samples, the last
 * `maxAlarms` alarms, the copies of the 8 most recently labelled versions (the monitor keeps its 8 most
 * recently seen, so the two agree unless a run juggles more than 8 versions at once).
 */
import { createDetector, type DetectorConfig } from '../../monitoring/detectors/index';
import type { DetectorKind, DriftDetector } from '../../monitoring/detectors/types';
import { MonitoringInputError } from '../../monitoring/errors';
import type { DriftSignal } from '../../monitoring/monitor';
import { meaningOf, readDetector, type DetectorReading, type ScoreMeaning } from './detector-score';

/** Samples kept by default (the last ones). */
export const TIMELINE_POINTS = 400;
/** Alarms kept by default (the last ones). */
export const TIMELINE_ALARMS = 200;
const MAX_VERSIONS = 8;

/** One sample of the timeline. */
export interface TimelinePoint {
  /** Requests sent when sampled. */
  position: number;
  /** The production version whose detectors were read (null: nothing deployed). */
  version: string | null;
  /** One reading per detector, in config order (empty when the version has no labelled answer yet). */
  readings: DetectorReading[];
}

/** A detector's alarm on production's error stream. */
export interface DetectorAlarm {
  detector: DetectorKind;
  /** `drift` (the detector flagged a change) or `warning` (DDM-style warning zone entered). */
  kind: 'drift' | 'warning';
  /** Requests sent when it fired. */
  position: number;
  version: string;
}

/** The timeline as a snapshot carries it. */
export interface DetectorTimelineView {
  /** Requests per sample (the report window). */
  every: number;
  /** Each detector's score meaning, in config order. */
  detectors: ({ kind: DetectorKind } & ScoreMeaning)[];
  points: TimelinePoint[];
  alarms: DetectorAlarm[];
}

/** Samples the detectors of the version in production; see the file comment. */
export class DetectorTimeline {
  private readonly copies = new Map<string, DriftDetector[]>();
  private readonly driftCounts = new WeakMap<DriftDetector[], number[]>();
  /** The version fed last (its copies are the most recently used). */
  private lastVersion: string | null = null;
  /** Production's strongest signal per detector since the last sample. */
  private readonly since = new Map<DetectorKind, 'warning' | 'drift'>();
  private readonly samples: TimelinePoint[] = [];
  private readonly alarmList: DetectorAlarm[] = [];
  private nextSample: number;
  private readonly meanings: ({ kind: DetectorKind } & ScoreMeaning)[];

  constructor(
    private readonly configs: readonly DetectorConfig[],
    readonly every: number,
    readonly maxPoints = TIMELINE_POINTS,
    readonly maxAlarms = TIMELINE_ALARMS,
  ) {
    if (!Number.isInteger(every) || every < 1) throw new MonitoringInputError('timeline.every', `must be a positive integer, got ${String(every)}`);
    if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new MonitoringInputError('timeline.maxPoints', `must be a positive integer, got ${String(maxPoints)}`);
    if (!Number.isInteger(maxAlarms) || maxAlarms < 1) throw new MonitoringInputError('timeline.maxAlarms', `must be a positive integer, got ${String(maxAlarms)}`);
    this.meanings = configs.map((c) => {
      const d = createDetector(c);
      return { kind: d.kind, ...meaningOf(d) };
    });
    this.nextSample = every;
  }

  private detectorsOf(version: string): DriftDetector[] {
    let list = this.copies.get(version);
    if (list && version !== this.lastVersion) {
      // Least recently used goes first: move this version to the end.
      this.copies.delete(version);
      this.copies.set(version, list);
    }
    this.lastVersion = version;
    if (!list) {
      list = this.configs.map((c) => createDetector(c));
      this.copies.set(version, list);
      this.driftCounts.set(list, list.map(() => 0));
      if (this.copies.size > MAX_VERSIONS) this.copies.delete(this.copies.keys().next().value as string);
    }
    return list;
  }

  /** Feeds the error bit (1 wrong, 0 right) of a labelled answer of `version`. */
  observe(version: string, errorBit: 0 | 1): void {
    const list = this.detectorsOf(version);
    const drifts = this.driftCounts.get(list) as number[];
    list.forEach((d, i) => {
      d.update(errorBit);
      if (d.driftDetected) drifts[i] = (drifts[i] ?? 0) + 1;
    });
  }

  /** Updates and drifts of each copy for `version` (null if not tracked): checks the copies against the monitor. */
  counts(version: string): { kind: DetectorKind; updates: number; drifts: number }[] | null {
    const list = this.copies.get(version);
    if (!list) return null;
    const drifts = this.driftCounts.get(list) as number[];
    return list.map((d, i) => ({ kind: d.kind, updates: d.updates, drifts: drifts[i] ?? 0 }));
  }

  /** Records the monitor's signals caused at `position`, keeping those on `production`'s error stream. */
  signals(signals: readonly DriftSignal[], position: number, production: string | null): void {
    for (const s of signals) {
      if (s.source !== 'error' || s.version !== production) continue;
      this.alarmList.push({ detector: s.detector, kind: s.kind, position, version: s.version });
      if (s.kind === 'drift' || !this.since.has(s.detector)) this.since.set(s.detector, s.kind);
      if (this.alarmList.length > this.maxAlarms) this.alarmList.shift();
    }
  }

  /**
   * Called as requests are sent: once `position` reaches the next multiple of `every`, samples the
   * detectors of the production version (`production()` is asked only then).
   */
  pass(position: number, production: () => string | null): void {
    if (position < this.nextSample) return;
    this.nextSample = (Math.floor(position / this.every) + 1) * this.every;
    const version = production();
    const list = version === null ? undefined : this.copies.get(version);
    this.samples.push({ position, version, readings: list ? list.map((d) => readDetector(d, this.since.get(d.kind) ?? null)) : [] });
    this.since.clear();
    if (this.samples.length > this.maxPoints) this.samples.shift();
  }

  /** The timeline (the last `last` samples, every alarm kept), as plain JSON. */
  view(last = this.samples.length): DetectorTimelineView {
    return {
      every: this.every,
      detectors: this.meanings.map((m) => ({ ...m })),
      points: this.samples.slice(Math.max(0, this.samples.length - last)).map((p) => ({ ...p, readings: p.readings.map((r) => ({ ...r })) })),
      alarms: this.alarmList.map((a) => ({ ...a })),
    };
  }
}
