/**
 * The guided first run's narrator: it turns the Lab's real events and snapshots into short captions
 * and a list of reached steps (train, deploy, stream, drift, detect, alert, retrain, promote,
 * recover, end), and keeps the whole accuracy series of the run (snapshots carry only their last
 * windows). It follows one run: a snapshot of another run (`run.id`) starts it over, and the drift it
 * narrates is the run's own ground truth (`run.groundTruth`). Nothing here is timed or scripted: a caption appears when the Lab reports the thing it
 * describes. Pure: no DOM, no Lab calls.
 */
import type { LabEvent, LabSnapshot } from '../../src/loop/index';
import type { SeriesPoint } from '../../src/loop/observers/series';
import { RECOVERY_TOLERANCE, runOutcome } from '../../src/loop/decisions/outcome';
import { actorWords, alertWords, changeWords, detectorName, triggerWords } from './guide-words';

/**
 * The steps of the guided run. `drift` is the scenario's change beginning, whatever its kind (drift,
 * a sensor, an incident); `warning` a detector's first warning; `false-alarm` a drift alarm before
 * anything changed; `detect` the first drift alarm after the change began; `incident` one injected.
 */
export type GuideStepId = 'train' | 'deploy' | 'stream' | 'drift' | 'warning' | 'false-alarm' | 'detect' | 'alert' | 'retrain' | 'promote' | 'rollback' | 'incident' | 'recover' | 'end';

/** Options of the narrator. */
export interface GuideOptions {
  /**
   * Who started the run, in words: the first version and its deploy are credited to it (the engine
   * records them as the learner's). Default "the guided run".
   */
  starter?: string;
}

/** A step the run reached: when (stream position and simulated seconds) and its caption. */
export interface GuideStep {
  id: GuideStepId;
  index: number;
  t: number;
  caption: string;
}

/** A marker on the run's timeline (stream position), as a chart would draw it. */
export interface GuideMarker {
  kind: 'drift' | 'alert' | 'retrain' | 'deploy' | 'rollback';
  index: number;
  t: number;
  version?: string;
  label: string;
}

/** The run's quality story in numbers, from the realized accuracy series. */
export interface GuideOutcome {
  /** First record of the first drift of the scenario (null: none). */
  driftOnset: number | null;
  /** Mean realized accuracy of the windows that end before the drift. */
  before: number | null;
  /** Lowest realized accuracy of a window starting at or after the drift. */
  lowestAfter: number | null;
  /** End of the first window of the second pair of windows back within `tolerance` of `before`, after a fall below it. */
  recoveredAt: number | null;
  /** The production version when it recovered. */
  recoveredWith: string | null;
  /** How close to `before` counts as recovered. */
  tolerance: number;
}

/** Steps and markers kept (the most recent). */
const STEPS_KEPT = 200;
const MARKERS_KEPT = 500;
/** Accuracy windows kept (the most recent). */
const WINDOWS_KEPT = 4000;
/** Recovered = two windows in a row within 2 accuracy points of the accuracy before the drift (one definition: outcome.ts). */
export { RECOVERY_TOLERANCE } from '../../src/loop/decisions/outcome';

/** A share as a percentage with one decimal. */
export function percent(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)}%`;
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Follows one run; `reset()` before another. */
export class GuideTracker {
  /** Steps reached, oldest first. */
  readonly steps: GuideStep[] = [];
  /** Timeline markers, oldest first. */
  readonly markers: GuideMarker[] = [];
  /** The latest caption. */
  caption = '';
  /** Versions registered in this run, in order. */
  readonly versions: string[] = [];
  /** The version production points at. */
  production: string | null = null;
  /** The latest snapshot. */
  snapshot: LabSnapshot | null = null;

  private readonly windows = new Map<number, SeriesPoint>();
  /** `series` as last sorted (null: windows changed since). */
  private sorted: SeriesPoint[] | null = null;
  /** The run followed (from the snapshots' `run.id`; null until the first snapshot). */
  private runId: string | null = null;
  private readonly reached = new Set<GuideStepId>();
  private drift: { onset: number; description: string; kind: string } | null = null;
  private recovery: { at: number; version: string | null } | null = null;
  /** Detector warnings already narrated (stream position of the newest). */
  private warnedUpTo = -1;
  private readonly starter: string;

  constructor(options: GuideOptions = {}) {
    this.starter = options.starter ?? 'the guided run';
  }

  /** Forgets the run. */
  reset(): void {
    this.steps.length = 0;
    this.markers.length = 0;
    this.versions.length = 0;
    this.caption = '';
    this.production = null;
    this.snapshot = null;
    this.windows.clear();
    this.sorted = null;
    this.runId = null;
    this.reached.clear();
    this.drift = null;
    this.recovery = null;
    this.warnedUpTo = -1;
  }

  /** The run's policy name, when a snapshot said it. */
  private get policyName(): string | null {
    return this.snapshot?.run.policy ?? this.snapshot?.policy ?? null;
  }

  /** Where the run's first change begins (any kind), from its ground truth; null when it has none. */
  private changeOnset(): number | null {
    const first = (this.snapshot?.run.groundTruth ?? []).filter((g) => !g.description.startsWith('Back to before')).sort((a, b) => a.onset - b.onset)[0];
    return first ? first.onset : null;
  }

  /** True once step `id` was reached. */
  has(id: GuideStepId): boolean {
    return this.reached.has(id);
  }

  /** The whole realized-accuracy series of the run so far, by stream position (read-only; sorted once per change). */
  get series(): readonly SeriesPoint[] {
    this.sorted ??= [...this.windows.values()].sort((a, b) => a.start - b.start);
    return this.sorted;
  }

  /** Takes one lab event; returns the step it completes, if any. */
  onEvent(e: LabEvent): GuideStep | null {
    switch (e.type) {
      case 'station':
        this.caption = `${e.station[0]?.toUpperCase()}${e.station.slice(1)}: ${e.why}.`;
        if (e.station === 'observe' && this.production && !this.reached.has('stream')) return this.step('stream', e, `Streaming: requests reach ${this.production} behind the endpoint, and their true labels follow a little later.`);
        return null;
      case 'epoch':
        this.caption = `Training: epoch ${e.log.epoch + 1} of ${e.log.epochs}, loss ${e.log.loss.toFixed(3)}, training accuracy ${percent(e.log.accuracy)}.`;
        return null;
      case 'version': {
        this.versions.push(e.version.id);
        const first = this.versions.length === 1;
        const rows = e.version.data.window?.rows;
        const who = triggerWords(e.version.trigger, this.policyName, first ? this.starter : null);
        const what = `${e.version.id} trained by ${who}${rows ? ` on ${count(rows)} rows` : ''}: ${percent(e.version.evaluation.accuracy)} on its evaluation set.`;
        if (first) return this.step('train', e, what);
        this.marker({ kind: 'retrain', index: e.index, t: e.t, version: e.version.id, label: `${e.version.id} trained` });
        return this.step('retrain', e, `Retrained: ${what}`);
      }
      case 'alias': {
        if (e.alias !== 'production') {
          const by = actorWords(e.actor);
          this.caption = e.version ? `${e.version} is now the ${e.alias}, set by ${by} (${e.reason}).` : `No ${e.alias} any more, cleared by ${by} (${e.reason}).`;
          return null;
        }
        const previous = this.production;
        this.production = e.version;
        if (!e.version) return null;
        if (!previous) {
          this.marker({ kind: 'deploy', index: e.index, t: e.t, version: e.version, label: `${e.version} deployed` });
          return this.step('deploy', e, `Deployed by ${actorWords(e.actor, this.starter)}: production now answers with ${e.version}.`);
        }
        const rolledBack = /roll/i.test(e.reason);
        this.marker({ kind: rolledBack ? 'rollback' : 'deploy', index: e.index, t: e.t, version: e.version, label: `${e.version} ${rolledBack ? 'rolled back to' : 'promoted'}` });
        return this.step(rolledBack ? 'rollback' : 'promote', e, `${rolledBack ? 'Rolled back' : 'Promoted'} by ${actorWords(e.actor)}: production moves from ${previous} to ${e.version} (${e.reason}).`);
      }
      case 'drift': {
        const at = e.index + 1;
        if (!this.snapshot) {
          this.caption = `Drift alarm: detector ${detectorName(e.detector)} on ${e.version}'s ${e.source === 'error' ? 'error rate' : 'confidence'} at request ${count(at)}.`;
          return null;
        }
        const onset = this.changeOnset();
        const what = `detector ${detectorName(e.detector)} raised a drift alarm on ${e.version}'s ${e.source === 'error' ? 'error rate' : 'confidence'} at request ${count(at)}`;
        if (onset === null || at < onset) {
          this.caption = `False alarm: ${what}, ${onset === null ? 'and nothing changes in this scenario' : `before anything changed (the change begins at request ${count(onset)})`}.`;
          return this.reached.has('false-alarm') ? null : this.step('false-alarm', e, this.caption);
        }
        this.caption = `Drift alarm: ${what}, ${count(at - onset)} requests after the change began.`;
        return this.reached.has('detect') ? null : this.step('detect', e, this.caption);
      }
      case 'alert':
        if (e.change === 'resolved') {
          this.caption = `Alert over: ${alertWords(e.alert).replace(/ \(the alert fires.*\)$/, '')} no longer holds.`;
          return null;
        }
        this.marker({ kind: 'alert', index: e.index, t: e.t, label: e.alert.ruleId });
        return this.step('alert', e, `Alert (${e.alert.severity}): ${alertWords(e.alert)}.`);
      case 'decision':
        this.caption = `Decision by ${actorWords(e.actor)}: ${e.kind.replace('-', ' ')}, ${e.reason}.`;
        return null;
      case 'training-failed':
        this.caption = `Training failed: ${e.message}`;
        return null;
      case 'incident':
        return this.step('incident', e, `Incident injected: ${e.description}`);
      case 'stream-end':
        return this.step('end', e, `The stream ended after ${count(e.index + 1)} requests; ${this.versions.length} version${this.versions.length === 1 ? '' : 's'} trained, ${this.production ?? 'none'} in production.`);
    }
  }

  /** Takes one snapshot; returns the steps it completes (the drift reaching the stream, the recovery). */
  onSnapshot(s: LabSnapshot): GuideStep[] {
    // Another run on the same Lab (started elsewhere, restored, imported): this one starts over.
    if (this.runId !== null && s.run.id !== this.runId) this.reset();
    this.runId = s.run.id;
    this.snapshot = s;
    for (const w of s.series) this.addWindow(w);
    while (this.windows.size > WINDOWS_KEPT) {
      this.windows.delete(this.windows.keys().next().value as number);
      this.sorted = null;
    }
    // The run's first change, of any kind (drift, a sensor, or an incident that is not drift).
    const change = [...s.run.groundTruth].filter((g) => !g.description.startsWith('Back to before')).sort((a, b) => a.onset - b.onset)[0];
    if (change && !this.drift) this.drift = { onset: change.onset, description: change.description, kind: change.kind };
    const out: GuideStep[] = [];
    if (this.drift && s.position >= this.drift.onset && !this.reached.has('drift')) {
      const incident = this.drift.kind !== 'concept' && this.drift.kind !== 'covariate' && this.drift.kind !== 'prior' && this.drift.kind !== 'sensor';
      this.marker({ kind: 'drift', index: this.drift.onset, t: s.t, label: incident ? 'incident begins' : 'drift begins' });
      out.push(this.step('drift', { index: this.drift.onset, t: s.t }, `${changeWords(this.drift.kind)}: ${this.drift.description}`));
    }
    const warning = this.newWarning(s);
    if (warning) out.push(warning);
    if (!this.recovery && this.reached.has('drift')) {
      const outcome = this.outcome();
      if (outcome.recoveredAt !== null) {
        this.recovery = { at: outcome.recoveredAt, version: this.production };
        out.push(this.step('recover', { index: outcome.recoveredAt, t: s.t }, `Recovered: accuracy is back to ${percent(this.lastRealized())}, within ${RECOVERY_TOLERANCE * 100} points of ${percent(outcome.before)} before the drift (lowest: ${percent(outcome.lowestAfter)}), with ${this.production ?? 'no version'} in production.`));
      }
    }
    return out;
  }

  /**
   * The run's accuracy story so far: before the drift, the lowest after it, and when it recovered —
   * the one definition the report uses too (src/loop/decisions/outcome.ts `runOutcome`).
   */
  outcome(): GuideOutcome {
    const series = this.series.filter((w) => w.realized !== null && (this.snapshot === null || w.end <= this.snapshot.position));
    const o = runOutcome(series, this.snapshot?.run.groundTruth ?? [], []);
    const result: GuideOutcome = { driftOnset: o.onset, before: o.onset === null ? null : o.accuracyBefore, lowestAfter: o.minAfter, recoveredAt: this.recovery?.at ?? null, recoveredWith: this.recovery?.version ?? null, tolerance: RECOVERY_TOLERANCE };
    if (result.recoveredAt === null && o.onset !== null && o.requestsToRecover !== null && o.requestsToRecover > 0) result.recoveredAt = o.onset + o.requestsToRecover;
    return result;
  }

  /** Keeps window `w` (a window seen again replaces its older copy); `series` stays sorted without a full sort in the usual case (new windows at the end). */
  private addWindow(w: SeriesPoint): void {
    const known = this.windows.has(w.start);
    this.windows.set(w.start, w);
    const sorted = this.sorted;
    if (!sorted) return;
    const last = sorted.at(-1);
    if (!known && (!last || last.start < w.start)) sorted.push(w);
    else if (known) {
      let i = sorted.length - 1;
      while (i >= 0 && (sorted[i] as SeriesPoint).start !== w.start) i--;
      if (i >= 0) sorted[i] = w;
      else this.sorted = null;
    } else this.sorted = null;
  }

  /**
   * The first detector warning on production (from the snapshot's detector timeline) becomes the
   * `warning` step; later ones only move the caption. A warning is not a drift alarm: the detector
   * says the error rate is rising and may yet settle.
   */
  private newWarning(s: LabSnapshot): GuideStep | null {
    const warnings = (s.detectors?.alarms ?? []).filter((a) => a.kind === 'warning' && a.position > this.warnedUpTo);
    const w = warnings.at(-1);
    // A warning read from the snapshot that follows the stream's end is not a step after the end.
    if (!w || this.reached.has('end')) return null;
    this.warnedUpTo = w.position;
    const onset = this.changeOnset();
    const when = onset === null || w.position < onset ? 'before anything changed, so most likely noise' : `${count(w.position - onset)} requests after the change began`;
    const caption = `Warning (not a drift alarm): ${detectorName(w.detector)} sees ${w.version}'s error rate rising at request ${count(w.position)}, ${when}.`;
    if (this.reached.has('warning')) {
      this.caption = caption;
      return null;
    }
    return this.step('warning', { index: w.position, t: s.t }, caption);
  }

  private lastRealized(): number | null {
    const done = this.series.filter((w) => w.realized !== null && (this.snapshot === null || w.end <= this.snapshot.position));
    return done.at(-1)?.realized ?? null;
  }

  private step(id: GuideStepId, at: { index: number; t: number }, caption: string): GuideStep {
    const step: GuideStep = { id, index: at.index, t: at.t, caption };
    this.reached.add(id);
    this.caption = caption;
    this.steps.push(step);
    if (this.steps.length > STEPS_KEPT) this.steps.shift();
    return step;
  }

  private marker(m: GuideMarker): void {
    this.markers.push(m);
    if (this.markers.length > MARKERS_KEPT) this.markers.shift();
  }
}
