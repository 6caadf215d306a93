/**
 * The drift detectors' timeline: what each detector on production's error stream said, sampled once
 * per report window of the stream, and every alarm with its stream position.
 *
 * It keeps no detector of its own: a sample reads the monitor's detectors of the version in production
 * (the monitor is the single source), and alarms are the monitor's own signals (drifts and new
 * warnings) for that version.
 *
 * Positions are requests sent (the stream index of the last request + 1) when the sample or alarm was
 * taken: the same x as the monitor chart's markers. Bounded: the last `maxPoints` samples and the last
 * `maxAlarms` alarms.
 */
import { createDetector, type DetectorConfig } from '../../monitoring/detectors/index';
import type { DetectorKind, DriftDetector } from '../../monitoring/detectors/types';
import { MonitoringInputError } from '../../monitoring/errors';
import type { DriftSignal, Monitor } from '../../monitoring/monitor';
import type { AnsweredRequest, LoopObserver } from '../engine/observer';
import { meaningOf, readDetector, type DetectorReading, type ScoreMeaning } from './detector-score';

/** Samples kept by default (the last ones). */
export const TIMELINE_POINTS = 400;
/** Alarms kept by default (the last ones). */
export const TIMELINE_ALARMS = 200;

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
  /** The detector's score when it fired (on the drift view, the alarm sits on its line), or null. */
  score?: number | null;
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
export class DetectorTimeline implements LoopObserver {
  /** Production's strongest signal per detector since the last sample. */
  private readonly since = new Map<DetectorKind, 'warning' | 'drift'>();
  private readonly samples: TimelinePoint[] = [];
  private readonly alarmList: DetectorAlarm[] = [];
  private nextSample: number;
  private meanings: ({ kind: DetectorKind } & ScoreMeaning)[] = [];

  /**
   * `monitor` is read at each sample (its detectors, and its detector list for the meanings: a
   * detector added to the monitor later joins the timeline); `production` names the version in
   * production (asked only when a sample is due).
   */
  constructor(
    readonly every: number,
    private readonly monitor: Pick<Monitor, 'errorDetectors' | 'options'>,
    private readonly production: () => string | null,
    readonly maxPoints = TIMELINE_POINTS,
    readonly maxAlarms = TIMELINE_ALARMS,
  ) {
    if (!Number.isInteger(every) || every < 1) throw new MonitoringInputError('timeline.every', `must be a positive integer, got ${String(every)}`);
    if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new MonitoringInputError('timeline.maxPoints', `must be a positive integer, got ${String(maxPoints)}`);
    if (!Number.isInteger(maxAlarms) || maxAlarms < 1) throw new MonitoringInputError('timeline.maxAlarms', `must be a positive integer, got ${String(maxAlarms)}`);
    this.nextSample = every;
  }

  /** Every answered or refused stream request moves the position; a sample is taken at each window's end. */
  onAnswer(a: AnsweredRequest): void {
    this.pass(a.index + 1);
  }

  /** Records the monitor's signals caused at `position`, keeping those on `production`'s error stream. */
  signals(signals: readonly DriftSignal[], position: number, production: string | null): void {
    for (const s of signals) {
      if (s.source !== 'error' || s.version !== production) continue;
      this.alarmList.push({ detector: s.detector, kind: s.kind, position, version: s.version, score: s.score });
      if (s.kind === 'drift' || !this.since.has(s.detector)) this.since.set(s.detector, s.kind);
      if (this.alarmList.length > this.maxAlarms) this.alarmList.shift();
    }
  }

  /**
   * Called as requests are answered: once `position` reaches the next multiple of `every`, samples the
   * monitor's detectors of the production version (`production()` is asked only then).
   */
  pass(position: number): void {
    if (position < this.nextSample) return;
    this.nextSample = (Math.floor(position / this.every) + 1) * this.every;
    const version = this.production();
    const list = version === null ? null : this.monitor.errorDetectors(version);
    this.samples.push({ position, version, readings: list ? list.map((d) => readDetector(d as DriftDetector, this.since.get(d.kind) ?? null)) : [] });
    this.since.clear();
    if (this.samples.length > this.maxPoints) this.samples.shift();
  }

  private meaningsNow(): ({ kind: DetectorKind } & ScoreMeaning)[] {
    const configs: readonly DetectorConfig[] = this.monitor.options.detectors;
    if (this.meanings.length !== configs.length) {
      this.meanings = configs.map((c) => {
        const d = createDetector(c);
        return { kind: d.kind, ...meaningOf(d) };
      });
    }
    return this.meanings;
  }

  /** The timeline (the last `last` samples, every alarm kept), as plain JSON. */
  view(last = this.samples.length): DetectorTimelineView {
    return {
      every: this.every,
      detectors: this.meaningsNow().map((m) => ({ ...m })),
      points: this.samples.slice(Math.max(0, this.samples.length - last)).map((p) => ({ ...p, readings: p.readings.map((r) => ({ ...r })) })),
      alarms: this.alarmList.map((a) => ({ ...a })),
    };
  }
}
