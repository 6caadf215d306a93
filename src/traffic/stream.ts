/**
 * The seeded request stream: a scenario's records turned into requests that arrive over simulated
 * time, with their true labels released later, and a share of bad requests. Same config -> the same
 * events, byte for byte, on every machine.
 *
 * Randomness comes from independent seeded streams (derived from the seed by name), so changing one
 * knob does not reshuffle the others: the scenario's rows, the arrival times, the label delays and
 * the bad-request draws. Each request consumes a fixed number of draws from the label and
 * bad-request streams, so a share change moves only the requests it must.
 *
 * Label timing for request i sent at t (labels.ts has the config):
 *   arrives at t + delay + growth * t + jitter * U + the scenario's extra delay;
 *   a scenario label stall holds it until the stall's end record is sent (or loses it);
 *   a configured stall [from, to) moves a label due inside it to `to` (or loses it);
 *   with probability 1 - share it never arrives.
 */
import type { DatasetRef } from '../../datasets/catalog';
import { createRng, deriveSeed, type Rng } from '../../datasets/random';
import { ScenarioSource } from '../../datasets/scenarios/source';
import type { Scenario } from '../../datasets/scenarios/types';
import type { Generator } from '../../datasets/types';
import { Arrivals } from './arrivals';
import { resolveScenario, validateStreamConfig, type LabelConfig, type StreamConfig } from './config';
import { applicableKinds, DEFECT_KINDS, injectDefect, type DefectKind } from './defects';
import { toFeatures, type Request } from './encode';
import { asLabError } from './errors';
import { LabelQueue, type LabelEvent } from './label-queue';

/** One request and its ground truth (the endpoint sees only `request`). */
export interface StreamRecord {
  request: Request;
  /** Position in the stream (what detectors count in). */
  index: number;
  /** The true class. */
  label: number;
  /** The scenario changes active on this record ("base" when none). */
  concept: string;
  /** Ground-truth segment: boundaries (onsets and ends) at or before this record. */
  segment: number;
  /** Set when the request is bad on purpose, with the field it breaks. */
  defect?: DefectKind;
  defectFeature?: string;
  /** When its label arrives (simulated seconds); null when it never does. */
  labelAt: number | null;
}

/** What the stream emits, in time order. */
export type StreamEvent = { type: 'request'; record: StreamRecord } | { type: 'label'; label: LabelEvent };

/** Counts of what the stream did so far. */
export interface StreamStats {
  requests: number;
  defects: Partial<Record<DefectKind, number>>;
  labelsQueued: number;
  labelsDelivered: number;
  /** Labels that will never arrive (lost in a stall, or outside the labelled share). */
  labelsNever: number;
  /** Labels refused because too many were waiting (labels.capacity). */
  labelsDropped: number;
}

const DEFAULT_RATE = 10;
const DEFAULT_DELAY = 60;
const DEFAULT_CAPACITY = 1_000_000;

/** A seeded, time-ordered stream of requests and delayed labels. */
export class RequestStream {
  readonly config: StreamConfig;
  readonly scenario: Scenario;
  readonly dataset: Generator;
  readonly stats: StreamStats = { requests: 0, defects: {}, labelsQueued: 0, labelsDelivered: 0, labelsNever: 0, labelsDropped: 0 };
  private readonly source: ScenarioSource;
  private readonly arrivals: Arrivals;
  private readonly labelRng: Rng;
  private readonly defectRng: Rng;
  private readonly labels: LabelConfig;
  private readonly queue: LabelQueue;
  private readonly rate: number;
  private readonly defectOptions: ReturnType<typeof applicableKinds>;
  private readonly badShare: number;
  private lookahead: { arrivals: Arrivals; count: number; t: number } | null = null;
  private pending: StreamRecord | null = null;
  private produced = 0;

  /** Builds the stream; a bad config gets a LabError naming the field (invalid-stream, -scenario or -dataset). */
  constructor(config: StreamConfig, generator?: Generator) {
    try {
      this.config = validateStreamConfig(config);
      const scenario = resolveScenario(config.scenario);
      this.source = new ScenarioSource(scenario, deriveSeed(config.seed, 'scenario'), { ...(config.dataset ? { dataset: config.dataset as DatasetRef } : {}), ...(generator ? { generator } : {}) });
    } catch (error) {
      throw asLabError(error);
    }
    this.scenario = this.source.scenario;
    this.dataset = this.source.dataset;
    this.rate = config.rate ?? this.scenario.traffic?.rate ?? DEFAULT_RATE;
    this.arrivals = this.newArrivals();
    this.labelRng = createRng(deriveSeed(config.seed, 'labels'));
    this.defectRng = createRng(deriveSeed(config.seed, 'defects'));
    this.labels = { delay: this.scenario.traffic?.labelDelay ?? DEFAULT_DELAY, ...config.labels };
    this.queue = new LabelQueue(this.labels.capacity ?? DEFAULT_CAPACITY);
    this.defectOptions = applicableKinds(this.dataset.schema, config.badRequests?.kinds ?? DEFECT_KINDS);
    this.badShare = this.defectOptions.length > 0 ? (config.badRequests?.share ?? 0) : 0;
  }

  /** Requests sent so far. */
  get requests(): number {
    return this.produced;
  }

  /** Labels waiting to arrive. */
  get waitingLabels(): number {
    return this.queue.size;
  }

  /**
   * The next event in time order (a request, or a label that has arrived), or null when the stream
   * is over (after `limit` requests and their labels). At equal times a request comes first.
   */
  next(): StreamEvent | null {
    if (!this.pending && !this.over()) this.pending = this.queueLabel(this.generate());
    const labelT = this.queue.peekTime();
    if (this.pending && this.pending.request.t <= labelT) {
      const record = this.pending;
      this.pending = null;
      return { type: 'request', record };
    }
    const label = this.queue.pop();
    if (!label) return null;
    this.stats.labelsDelivered++;
    return { type: 'label', label };
  }

  /** Every event up to simulated time `t` (at most `max` of them: a bounded batch for one tick). */
  until(t: number, max = 100_000): StreamEvent[] {
    const out: StreamEvent[] = [];
    // `next()` unrolled: the earlier of the waiting request and the first label (a request first at
    // equal times), while it is due.
    while (out.length < max) {
      if (!this.pending && !this.over()) this.pending = this.queueLabel(this.generate());
      const pending = this.pending;
      const labelT = this.queue.peekTime();
      if (pending && pending.request.t <= labelT) {
        if (pending.request.t > t) break;
        this.pending = null;
        out.push({ type: 'request', record: pending });
        continue;
      }
      if (labelT > t) break;
      const label = this.queue.pop();
      if (!label) break;
      this.stats.labelsDelivered++;
      out.push({ type: 'label', label });
    }
    return out;
  }

  /**
   * The next request and its ground truth, without label events (for exporting a stream to a file:
   * `labelAt` says when its label would arrive). Do not mix with `next()` on one stream.
   */
  nextRecord(): StreamRecord | null {
    return this.over() ? null : this.generate();
  }

  private over(): boolean {
    return this.config.limit !== undefined && this.produced >= this.config.limit;
  }

  private newArrivals(): Arrivals {
    return new Arrivals(this.rate, this.config.arrivals ?? 'poisson', createRng(deriveSeed(this.config.seed, 'arrivals')), this.config.seasonality);
  }

  private queueLabel(record: StreamRecord): StreamRecord {
    if (record.labelAt !== null) {
      if (this.queue.push({ id: record.request.id, index: record.index, t: record.labelAt, label: record.label })) this.stats.labelsQueued++;
      else this.stats.labelsDropped++;
    }
    return record;
  }

  /** Draws the next request with its ground truth. */
  private generate(): StreamRecord {
    const r = this.source.next();
    const t = this.arrivals.next();
    const index = r.index;
    this.produced++;
    this.stats.requests++;
    const features = toFeatures(this.dataset.schema, r.row);
    const record: StreamRecord = { request: { id: `${this.config.idPrefix ?? 'r'}${index}`, t, features }, index, label: r.label, concept: r.concept, segment: r.segment, labelAt: null };
    // Bad requests: the scenario's incidents first, else the configured share.
    const u = this.defectRng.next();
    for (const incident of r.incidents) {
      if (incident.kind === 'missing-field') {
        if (incident.as === 'null') features[incident.feature] = null;
        else delete features[incident.feature];
      }
      record.defect ??= incident.kind;
      record.defectFeature ??= incident.feature;
    }
    if (!record.defect && u < this.badShare) {
      const d = injectDefect(features, this.defectOptions, this.defectRng);
      record.defect = d.kind;
      record.defectFeature = d.feature;
    }
    if (record.defect) this.stats.defects[record.defect] = (this.stats.defects[record.defect] ?? 0) + 1;
    record.labelAt = this.labelTime(t, r.labelDelay, r.labelStall);
    if (record.labelAt === null) this.stats.labelsNever++;
    return record;
  }

  private labelTime(t: number, extra: number, stall: { lost: boolean; releaseAt: number | null } | null): number | null {
    const l = this.labels;
    const keep = this.labelRng.next();
    const jitter = this.labelRng.next();
    if (keep >= (l.share ?? 1)) return null;
    let at = t + (l.delay ?? DEFAULT_DELAY) + (l.growth ?? 0) * t + (l.jitter ?? 0) * jitter + extra;
    if (stall) {
      if (stall.lost || stall.releaseAt === null) return null;
      at = Math.max(at, this.timeOfRecord(stall.releaseAt));
    }
    const s = l.stall;
    if (s && at >= s.from && (s.to === undefined || at < s.to)) {
      if (s.lost || s.to === undefined) return null;
      at = s.to;
    }
    return at;
  }

  /** When record `index` is (or will be) sent: a second arrival process with the same seed runs ahead. */
  private timeOfRecord(index: number): number {
    if (!this.lookahead || this.lookahead.count > index + 1) this.lookahead = { arrivals: this.newArrivals(), count: 0, t: 0 };
    const ahead = this.lookahead;
    while (ahead.count <= index) {
      ahead.t = ahead.arrivals.next();
      ahead.count++;
    }
    return ahead.t;
  }
}
