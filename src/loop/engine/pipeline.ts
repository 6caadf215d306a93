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
 * Cost per request: no object of its own on the hot path. A micro-batch goes to the endpoint's block
 * path (one promise, one encoded buffer, one probability buffer per batch) when it applies; the
 * waiting answers (input rows included) live in a ring of typed, parallel arrays addressed by stream
 * index; the records, rows and probabilities handed to observers are reused for every request.
 */
import type { DatasetSchema } from '../../../datasets/types';
import type { Rng } from '../../../datasets/random';
import { assignmentOf, isErrorResponse, type BlockAnswers, type Endpoint, type EndpointResponse, type OutOfRange } from '../../serving/index';
import { toInputVector, type StreamEvent, type StreamRecord } from '../../traffic/index';
import type { IncidentState } from '../drills/incidents';
import type { AdmittedRequest, AnsweredRequest, JoinedLabel, LoopObserver } from './observer';

/** Answers kept waiting for their label at most (the oldest go first). */
export const MAX_PENDING = 50_000;

const NONE = -1;

/**
 * The answers waiting for their label: a ring of MAX_PENDING slots addressed by stream index (slot =
 * index mod MAX_PENDING), in parallel arrays, so keeping and finding one allocates nothing. A slot
 * holds one request at a time; a request more than MAX_PENDING positions older than the newest is
 * forgotten (its label, if it ever comes, is not joined), as a bounded map would drop it.
 */
class PendingRing {
  private readonly index = new Float64Array(MAX_PENDING).fill(NONE);
  readonly truth = new Int32Array(MAX_PENDING);
  readonly predicted = new Int32Array(MAX_PENDING);
  readonly shadow = new Int32Array(MAX_PENDING);
  /** Whether the endpoint flagged a value of the request out of range (1) or not (0). */
  readonly outOfRange = new Uint8Array(MAX_PENDING);
  /** Which features it flagged (bit j = feature j < 32). */
  readonly outOfRangeMask = new Uint32Array(MAX_PENDING);
  /** The input rows, `cols` values per slot (no object per request: nothing for the young GC to copy while a label is late). */
  private readonly rowData: Float32Array;
  /** Whether the slot's request had an input row (1) or could not be encoded (0). */
  private readonly hasRow = new Uint8Array(MAX_PENDING);
  readonly versions: (string | null)[] = new Array<string | null>(MAX_PENDING).fill(null);
  readonly ids: string[] = new Array<string>(MAX_PENDING).fill('');

  constructor(private readonly cols: number) {
    this.rowData = new Float32Array(MAX_PENDING * cols);
  }

  /** Keeps a request (its row is copied; its answer is filled in later). */
  add(index: number, id: string, row: Float32Array | null, truth: number): void {
    const s = index % MAX_PENDING;
    this.index[s] = index;
    this.ids[s] = id;
    if (row) this.rowData.set(row, s * this.cols);
    this.hasRow[s] = row ? 1 : 0;
    this.truth[s] = truth;
    this.versions[s] = null;
    this.predicted[s] = NONE;
    this.shadow[s] = NONE;
    this.outOfRange[s] = 0;
    this.outOfRangeMask[s] = 0;
  }

  /** The slot of a waiting request, or -1. */
  slot(index: number, id: string): number {
    const s = index % MAX_PENDING;
    return this.index[s] === index && this.ids[s] === id ? s : NONE;
  }

  /** Copies a slot's input row into `out` and returns it, or null when the request had none. */
  row(slot: number, out: Float32Array): Float32Array | null {
    if (this.hasRow[slot] !== 1) return null;
    const at = slot * this.cols;
    for (let j = 0; j < this.cols; j++) out[j] = this.rowData[at + j] as number;
    return out;
  }

  /** Forgets a slot. */
  remove(slot: number): void {
    this.index[slot] = NONE;
    this.hasRow[slot] = 0;
    this.versions[slot] = null;
  }
}

/** The stream index of a request id `<prefix><index>` (labels from outside a stream carry no index). */
function indexOfId(id: string): number {
  let i = id.length;
  while (i > 0 && id.charCodeAt(i - 1) >= 48 && id.charCodeAt(i - 1) <= 57) i--;
  return i < id.length ? Number(id.slice(i)) : NONE;
}

/** Bit j of the flag mask stands for feature j, for the first FLAG_BITS features (a later feature is flagged only as a whole). */
const FLAG_BITS = 32;

/**
 * The mask of the features the endpoint flagged out of range (bit j = feature j < 32), from the
 * response's `parameters.out_of_range`. Allocates nothing (`featureIndex` is built once per pipeline).
 */
function maskOf(flags: readonly { feature: string }[], featureIndex: ReadonlyMap<string, number>): number {
  let mask = 0;
  for (let i = 0; i < flags.length; i++) {
    const j = featureIndex.get((flags[i] as { feature: string }).feature) ?? FLAG_BITS;
    if (j < FLAG_BITS) mask |= 2 ** j;
  }
  return mask >>> 0;
}

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
  private readonly pending: PendingRing;
  /** The registered observers that implement each hook, in registration order (so the hot path calls only those). */
  private readonly onRequest: ((request: AdmittedRequest) => void)[] = [];
  private readonly onAnswer: ((answer: AnsweredRequest) => void)[] = [];
  private readonly onLabel: ((label: JoinedLabel) => void)[] = [];
  private readonly answered: AnsweredRequest = { index: 0, id: '', t: 0, row: null, features: {}, truth: 0, version: null, route: 'none', errorKind: null, fallback: false, probabilities: null, predicted: -1, probability: 0, measuredLatencyMs: 0, simulatedLatencyMs: 0, byProduction: false, outOfRange: false, outOfRangeMask: 0 };
  private readonly joined: JoinedLabel = { index: 0, id: '', t: 0, truth: 0, version: null, predicted: -1, shadowPredicted: null, row: null, outOfRange: false, outOfRangeMask: 0 };
  /** Feature name -> position in the schema (for the out-of-range mask). */
  private readonly featureIndex: ReadonlyMap<string, number>;
  /** The block path's request records and ids (reused from batch to batch). */
  private readonly blockRecords: unknown[] = [];
  private readonly blockIds: string[] = [];
  /** One answer's class probabilities, handed to the observers (reused: they copy what they keep). */
  private readonly rowProbs: number[];
  /** The rows handed to the observers at admission, answer and label (reused: observers copy what they keep). */
  private readonly admitRow: Float32Array;
  private readonly answerRow: Float32Array;
  private readonly joinRow: Float32Array;
  /** Stream index of the last request admitted. */
  lastIndex = -1;
  /** Sees every answer (tests and benches: checks that each request is answered exactly once). */
  tap: ((id: string, response: EndpointResponse) => void) | null = null;

  constructor(private readonly host: PipelineHost) {
    this.featureIndex = new Map(host.schema.features.map((f, j) => [f.name, j]));
    this.rowProbs = new Array<number>(host.schema.classes.length).fill(0);
    const cols = host.schema.features.length;
    this.pending = new PendingRing(cols);
    this.admitRow = new Float32Array(cols);
    this.answerRow = new Float32Array(cols);
    this.joinRow = new Float32Array(cols);
  }

  /** Registers observers, called in this order for every hook. */
  observe(...observers: LoopObserver[]): void {
    for (const o of observers) {
      if (o.onRequest) this.onRequest.push(o.onRequest.bind(o));
      if (o.onAnswer) this.onAnswer.push(o.onAnswer.bind(o));
      if (o.onLabel) this.onLabel.push(o.onLabel.bind(o));
    }
  }

  /** A request enters: its ground truth (after any drill's label flip) is kept for scoring. */
  admit(e: Extract<StreamEvent, { type: 'request' }>): StreamRecord {
    const r = e.record;
    let truth = r.label;
    const flip = this.host.incidents.labelFlip;
    if (flip && r.index >= flip.from && assignmentOf(r.request.id, 'drill-flip') < flip.share) truth = (truth + 1) % this.host.schema.classes.length;
    let row: Float32Array | null = null;
    try {
      row = toInputVector(this.host.schema, r.request.features, this.admitRow);
    } catch {
      row = null;
    }
    this.pending.add(r.index, r.request.id, row, truth);
    const a = this.answered;
    a.index = r.index;
    a.id = r.request.id;
    a.t = r.request.t;
    a.row = row;
    for (const hear of this.onRequest) hear(a);
    if (r.index > this.lastIndex) this.lastIndex = r.index;
    return r;
  }

  /**
   * Sends a run of admitted requests to the endpoint as one micro-batch and records every answer:
   * through the endpoint's block path (one promise and one probability buffer for the batch) when it
   * applies, else one `predict` per request. Both give every request the same answer.
   */
  async answer(batch: readonly StreamRecord[]): Promise<void> {
    const endpoint = this.host.endpoint();
    if (this.tap === null && !this.host.shadowRunning() && this.host.canaryCandidate() === null && batch.length > 0) {
      const records = this.blockRecords;
      const ids = this.blockIds;
      records.length = batch.length;
      ids.length = batch.length;
      for (let i = 0; i < batch.length; i++) {
        const r = (batch[i] as StreamRecord).request;
        records[i] = r.features;
        ids[i] = r.id;
      }
      const sent = performance.now();
      const block = endpoint.predictBlock(records, ids);
      if (block) {
        const answers = await block;
        await endpoint.drain();
        const measured = performance.now() - sent;
        records.length = 0;
        // One version answered every row of the block: its base latency is read once (the jitter is drawn per row).
        const base = this.host.latencyBase(answers.version);
        for (let i = 0; i < batch.length; i++) {
          const response = answers.responses[i];
          if (response) this.record(batch[i] as StreamRecord, response, measured);
          else this.recordRow(batch[i] as StreamRecord, answers, i, measured, base);
        }
        return;
      }
    }
    const shadowBefore = this.host.shadowRunning() ? endpoint.stats().shadow.compared : 0;
    const sent = performance.now();
    const answers = batch.map((r) => endpoint.predict([r.request.features], { id: r.request.id }));
    await endpoint.drain();
    const responses = await Promise.all(answers);
    const measured = performance.now() - sent;
    for (let i = 0; i < batch.length; i++) this.record(batch[i] as StreamRecord, responses[i] as EndpointResponse, measured);
    if (this.host.shadowRunning()) this.collectShadow(endpoint, shadowBefore);
  }

  /** Counts an answered request and fills what every answer has in the answered scratch; returns its pending slot. */
  private beginAnswer(r: StreamRecord, measuredMs: number): number {
    const slot = this.pending.slot(r.index, r.request.id);
    this.totals.requests++;
    const a = this.answered;
    a.index = r.index;
    a.id = r.request.id;
    a.t = r.request.t;
    a.row = slot === NONE ? null : this.pending.row(slot, this.answerRow);
    a.features = r.request.features;
    a.truth = slot === NONE ? r.label : (this.pending.truth[slot] as number);
    a.measuredLatencyMs = measuredMs;
    return slot;
  }

  /** Hands the model's answer to the observers, and keeps what its label will need in its pending slot. */
  private endAnswer(slot: number): void {
    const a = this.answered;
    for (const hear of this.onAnswer) hear(a);
    if (slot !== NONE) {
      this.pending.versions[slot] = a.version as string;
      this.pending.predicted[slot] = a.predicted;
      this.pending.outOfRange[slot] = a.outOfRange ? 1 : 0;
      this.pending.outOfRangeMask[slot] = a.outOfRangeMask;
    }
  }

  private record(r: StreamRecord, response: EndpointResponse, measuredMs: number): void {
    const slot = this.beginAnswer(r, measuredMs);
    this.tap?.(r.request.id, response);
    const a = this.answered;
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
      a.outOfRange = false;
      a.outOfRangeMask = 0;
      for (const hear of this.onAnswer) hear(a);
      if (slot !== NONE) this.pending.remove(slot);
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
    const flags = response.parameters.out_of_range;
    a.outOfRange = flags.length > 0;
    a.outOfRangeMask = a.outOfRange ? maskOf(flags, this.featureIndex) : 0;
    this.endAnswer(slot);
  }

  /** Records row `i` of a block answered by the model (as `record` does for its protocol response); `latencyBase` is the block's version's. */
  private recordRow(r: StreamRecord, block: BlockAnswers, i: number, measuredMs: number, latencyBase: number): void {
    const slot = this.beginAnswer(r, measuredMs);
    this.totals.answered++;
    const a = this.answered;
    const classes = this.rowProbs.length;
    const probs = this.rowProbs;
    const at = i * classes;
    let predicted = 0;
    for (let c = 0; c < classes; c++) {
      probs[c] = block.probs[at + c] as number;
      if ((probs[c] as number) > (probs[predicted] as number)) predicted = c;
    }
    const version = block.version;
    a.version = version;
    a.route = 'production';
    a.errorKind = null;
    a.fallback = false;
    a.probabilities = probs;
    a.predicted = predicted;
    a.probability = probs[predicted] as number;
    a.simulatedLatencyMs = latencyBase * (1 + 0.5 * this.host.latencyRng.next());
    a.byProduction = true;
    const flags = block.outOfRange[i];
    a.outOfRange = flags !== null && flags !== undefined;
    a.outOfRangeMask = a.outOfRange ? maskOf(flags as OutOfRange[], this.featureIndex) : 0;
    this.endAnswer(slot);
  }

  /** Reads the shadow comparisons made by the last batch and keeps the shadow's predicted class per request. */
  private collectShadow(endpoint: Endpoint, before: number): void {
    const shadow = endpoint.stats().shadow;
    const fresh = shadow.recent.slice(Math.max(0, shadow.recent.length - (shadow.compared - before)));
    for (const rec of fresh) {
      const slot = this.pending.slot(indexOfId(rec.id), rec.id);
      const name = rec.labels[0];
      if (slot !== NONE && name !== undefined) this.pending.shadow[slot] = this.host.schema.classes.indexOf(name);
    }
  }

  /** A label arrives (feedback): join it to its answer and hand it to the observers. */
  joinLabel(e: Extract<StreamEvent, { type: 'label' }>): void {
    if (this.host.incidents.labelStall) {
      this.totals.labelsDropped++;
      return;
    }
    const index = e.label.index ?? indexOfId(e.label.id);
    const slot = this.pending.slot(index, e.label.id);
    if (slot === NONE) return;
    this.totals.labels++;
    const j = this.joined;
    const p = this.pending;
    j.index = index;
    j.id = e.label.id;
    j.t = e.label.t;
    j.truth = p.truth[slot] as number;
    j.version = p.versions[slot] ?? null;
    j.predicted = p.predicted[slot] as number;
    j.shadowPredicted = p.shadow[slot] === NONE ? null : (p.shadow[slot] as number);
    j.row = p.row(slot, this.joinRow);
    j.outOfRange = p.outOfRange[slot] === 1;
    j.outOfRangeMask = p.outOfRangeMask[slot] as number;
    p.remove(slot);
    for (const hear of this.onLabel) hear(j);
  }
}
