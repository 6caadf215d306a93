/**
 * The loop's per-request path, in one place:
 *
 *     request -> endpoint -> answer -> label join -> observers
 *
 * `admit` takes a stream request (its ground truth, after any drill's label flip, is kept for
 * scoring), `answer` sends a run of admitted requests to the endpoint as one micro-batch and hands
 * each answer to the observers, `joinLabel` joins a late label to its answer and hands it to the
 * observers. The pipeline keeps the answers that wait for their label (bounded) and the counters;
 * everything else (metrics, series, logs, detectors, the training store, a trial's arms) is an
 * observer (observer.ts), registered by the Lab in one list.
 *
 * Cost per request: one pending entry, one input row and one endpoint call; the records handed to
 * observers are two objects reused for every request.
 */
import type { DatasetSchema } from '../../../datasets/types';
import type { Rng } from '../../../datasets/random';
import { assignmentOf, isErrorResponse, type Endpoint, type EndpointResponse } from '../../serving/index';
import { toInputVector, type StreamEvent, type StreamRecord } from '../../traffic/index';
import type { IncidentState } from '../drills/incidents';
import type { AnsweredRequest, JoinedLabel, LoopObserver } from './observer';

/** A request waiting for its label. */
interface Pending {
  index: number;
  row: Float32Array | null;
  truth: number;
  version: string | null;
  predicted: number;
  shadow: number | null;
}

/** Answers kept waiting for their label at most (the oldest go first). */
export const MAX_PENDING = 50_000;

/** The pipeline's counters. */
export interface PipelineTotals {
  requests: number;
  answered: number;
  errors: number;
  labels: number;
  labelsDropped: number;
}

/** What the pipeline needs from the Lab. */
export interface PipelineHost {
  readonly schema: DatasetSchema;
  /** The endpoint in force (a schema-break drill swaps it). */
  endpoint(): Endpoint;
  /** The active drills' faults. */
  readonly incidents: IncidentState;
  /** A version's simulated base latency (ms), see `simulatedLatency`. */
  latencyBase(version: string): number;
  /** The seeded source of the simulated latency's jitter. */
  readonly latencyRng: Rng;
  /** Whether a shadow trial runs (its answers are collected per batch). */
  shadowRunning(): boolean;
  /** Whether a canary trial runs, and its candidate (its answers are served but are not production's). */
  canaryCandidate(): string | null;
}

/** The per-request path; see the file comment. */
export class RequestPipeline {
  readonly totals: PipelineTotals = { requests: 0, answered: 0, errors: 0, labels: 0, labelsDropped: 0 };
  private readonly pending = new Map<string, Pending>();
  private readonly observers: LoopObserver[] = [];
  private readonly answered: AnsweredRequest = { index: 0, id: '', t: 0, row: null, features: {}, truth: 0, version: null, route: 'none', errorKind: null, fallback: false, probabilities: null, predicted: -1, probability: 0, measuredLatencyMs: 0, simulatedLatencyMs: 0, byProduction: false };
  private readonly joined: JoinedLabel = { index: 0, id: '', t: 0, truth: 0, version: null, predicted: -1, shadowPredicted: null, row: null };
  /** Stream index of the last request admitted. */
  lastIndex = -1;
  /** Sees every answer (tests and benches: checks that each request is answered exactly once). */
  tap: ((id: string, response: EndpointResponse) => void) | null = null;

  constructor(private readonly host: PipelineHost) {}

  /** Registers observers, called in this order for every hook. */
  observe(...observers: LoopObserver[]): void {
    this.observers.push(...observers);
  }

  /** A request enters: its ground truth (after any drill's label flip) is kept for scoring. */
  admit(e: Extract<StreamEvent, { type: 'request' }>): StreamRecord {
    const r = e.record;
    let truth = r.label;
    const flip = this.host.incidents.labelFlip;
    if (flip && r.index >= flip.from && assignmentOf(r.request.id, 'drill-flip') < flip.share) truth = (truth + 1) % this.host.schema.classes.length;
    let row: Float32Array | null = null;
    try {
      row = toInputVector(this.host.schema, r.request.features);
    } catch {
      row = null;
    }
    this.pending.set(r.request.id, { index: r.index, row, truth, version: null, predicted: -1, shadow: null });
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
    const a = this.answered;
    a.index = r.index;
    a.id = r.request.id;
    a.t = r.request.t;
    a.row = row;
    for (const o of this.observers) o.onRequest?.(a);
    if (r.index > this.lastIndex) this.lastIndex = r.index;
    return r;
  }

  /** Sends a run of admitted requests to the endpoint as one micro-batch and records every answer. */
  async answer(batch: readonly StreamRecord[]): Promise<void> {
    const endpoint = this.host.endpoint();
    const shadowBefore = this.host.shadowRunning() ? endpoint.stats().shadow.compared : 0;
    const sent = performance.now();
    const answers = batch.map((r) => endpoint.predict([r.request.features], { id: r.request.id }));
    await endpoint.drain();
    const responses = await Promise.all(answers);
    const measured = performance.now() - sent;
    for (let i = 0; i < batch.length; i++) this.record(batch[i] as StreamRecord, responses[i] as EndpointResponse, measured);
    if (this.host.shadowRunning()) this.collectShadow(endpoint, shadowBefore);
  }

  private record(r: StreamRecord, response: EndpointResponse, measuredMs: number): void {
    const id = r.request.id;
    const p = this.pending.get(id);
    this.totals.requests++;
    this.tap?.(id, response);
    const a = this.answered;
    a.index = r.index;
    a.id = id;
    a.t = r.request.t;
    a.row = p?.row ?? null;
    a.features = r.request.features;
    a.truth = p?.truth ?? r.label;
    a.measuredLatencyMs = measuredMs;
    if (isErrorResponse(response)) {
      this.totals.errors++;
      a.version = response.model_version ?? null;
      a.route = 'none';
      a.errorKind = response.kind;
      a.fallback = false;
      a.probabilities = null;
      a.predicted = -1;
      a.probability = 0;
      a.simulatedLatencyMs = 0;
      a.byProduction = true;
      for (const o of this.observers) o.onAnswer?.(a);
      this.pending.delete(id);
      return;
    }
    this.totals.answered++;
    const probs = response.outputs[0]?.data as number[];
    let predicted = 0;
    for (let c = 1; c < probs.length; c++) if ((probs[c] as number) > (probs[predicted] as number)) predicted = c;
    const version = response.model_version;
    a.version = version;
    a.route = response.parameters.route;
    a.errorKind = null;
    a.fallback = response.parameters.fallback;
    a.probabilities = probs;
    a.predicted = predicted;
    a.probability = probs[predicted] as number;
    a.simulatedLatencyMs = this.host.latencyBase(version) * (1 + 0.5 * this.host.latencyRng.next());
    a.byProduction = a.route !== 'candidate' || this.host.canaryCandidate() === null;
    for (const o of this.observers) o.onAnswer?.(a);
    if (p) {
      p.version = version;
      p.predicted = predicted;
    }
  }

  /** Reads the shadow comparisons made by the last batch and keeps the shadow's predicted class per request. */
  private collectShadow(endpoint: Endpoint, before: number): void {
    const shadow = endpoint.stats().shadow;
    const fresh = shadow.recent.slice(Math.max(0, shadow.recent.length - (shadow.compared - before)));
    for (const rec of fresh) {
      const p = this.pending.get(rec.id);
      const name = rec.labels[0];
      if (p && name !== undefined) p.shadow = this.host.schema.classes.indexOf(name);
    }
  }

  /** A label arrives (feedback): join it to its answer and hand it to the observers. */
  joinLabel(e: Extract<StreamEvent, { type: 'label' }>): void {
    if (this.host.incidents.labelStall) {
      this.totals.labelsDropped++;
      return;
    }
    const p = this.pending.get(e.label.id);
    if (!p) return;
    this.pending.delete(e.label.id);
    this.totals.labels++;
    const j = this.joined;
    j.index = p.index;
    j.id = e.label.id;
    j.t = e.label.t;
    j.truth = p.truth;
    j.version = p.version;
    j.predicted = p.predicted;
    j.shadowPredicted = p.shadow;
    j.row = p.row;
    for (const o of this.observers) o.onLabel?.(j);
  }
}
