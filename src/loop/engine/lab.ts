/**
 * The Lab: one facade over the whole loop — the request stream (traffic), the endpoint (serving),
 * the registry, the monitor and alert engine (monitoring), the trainer (model) and the policy that
 * closes the loop. Commands in (train, deploy, promote, rollback, routing, step, policy, incidents),
 * events out (events.ts), snapshots out (snapshot.ts, throttled by the caller).
 *
 * Time: simulated seconds drive everything. `step(seconds)` processes the stream's events up to the
 * new time in order; the requests of a tick are answered as one micro-batch (the endpoint runs on a
 * manual scheduler, so batching never depends on wall time); labels are joined in arrival order, and
 * a label whose own request is still in the batch waits for the batch's answers. Then alerts are
 * evaluated and the policy decides. A retrain
 * happens inside the tick in which it was triggered (simulated time does not move while training),
 * so the same config gives the same decisions on every machine.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed, type Rng } from '../../../datasets/random';
import { groundTruth } from '../../../datasets/scenarios/truth';
import type { DriftEvent } from '../../../datasets/ground-truth';
import type { DatasetSchema } from '../../../datasets/types';
import { AlertEngine, ConfidenceEstimator, Monitor, type ConfidenceEstimatorState, type DriftSignal } from '../../monitoring/index';
import { predictProbabilities, scoreProbabilities, trainModel, type Examples, type TrainConfig } from '../../model/index';
import { MemoryStore, ModelRegistry, type Alias, type GateResult, type Trigger, type Version } from '../../registry/index';
import { assignmentOf, Endpoint, isErrorResponse, ManualScheduler, type EndpointResponse, type RoutingPolicy } from '../../serving/index';
import { RequestStream, toInputVector, type StreamEvent, type StreamRecord } from '../../traffic/index';
import { toLabError } from '../../errors';
import { LabelledBuffer, type Window } from './buffer';
import { resolveLabConfig, type LabConfig, type ResolvedLabConfig } from './config';
import { LabCommandError } from './errors';
import { aliasEvent, EventHub, type DecisionKind, type LabEvent } from './events';
import { applyGate, explainGate } from '../decisions/gate';
import { checkIncident, INCIDENT_DESCRIPTIONS, noIncidents, type IncidentKind, type IncidentState } from '../drills/incidents';
import { buildLabModel } from './model';
import { resolvePolicy, type Policy } from '../decisions/policy';
import { emptyArm, judgeCanary, judgeShadow, type ArmStats, type RolloutState } from '../decisions/rollout';
import { lookupScenario } from './scenarios';
import { AccuracySeries } from '../observers/series';
import type { Station } from './stations';
import { DEFAULT_ALERT_RULES } from '../decisions/alert-rules';
import { QualityWindow } from '../observers/quality-window';
import { checkSurfaceSchema, checkSurfaceSize, gridRows, predictGrid, RecentPoints, surfaceBounds, type DecisionSurface, type SurfaceField } from '../observers/surface';
import { HealthSeries } from '../observers/health';
import { DetectorTimeline } from '../observers/detector-timeline';
import { FeatureDriftTracker } from '../observers/drift-view';
import { TrafficLog } from '../observers/traffic-log';
import { sessionStore, type RestoredSession } from '../persistence/session';

/** A request waiting for its label. */
interface Pending {
  index: number;
  row: Float32Array | null;
  truth: number;
  version: string | null;
  route: string;
  predicted: number;
  shadow: number | null;
}

/** Options of a retrain or a manual training run. */
export interface TrainRequest {
  trigger: Trigger;
  reason: string;
  /** Override the learning rate (drills). */
  learningRate?: number;
  /** Scramble the training labels (builds a deliberately bad candidate). */
  scrambleLabels?: boolean;
  /** Skip the gate and deploy straight to production (drills, learners who insist). */
  skipGate?: boolean;
}

/** The outcome of a training run. */
export interface TrainOutcome {
  version: string | null;
  gate: GateResult | null;
  deployed: boolean;
  error?: string;
}

const MAX_PENDING = 50_000;
let labsCreated = 0;
const LATENCY_KEEP = 512;
const EVENT_LOG = 5000;

/** The closed loop. Create with `Lab.create(config)`. */
export class Lab {
  readonly config: ResolvedLabConfig;
  /** This run's id (snapshots carry it): scenario, seed and a per-realm counter, new for every Lab. */
  readonly runId: string;
  readonly events: EventHub;
  readonly schema: DatasetSchema;
  readonly truth: DriftEvent[];
  readonly series: AccuracySeries;
  readonly monitor: Monitor;
  readonly alerts: AlertEngine;
  readonly buffer: LabelledBuffer;
  policy: Policy;
  private endpoint: Endpoint;
  private readonly scheduler = new ManualScheduler();
  private readonly pending = new Map<string, Pending>();
  private readonly calibrators = new Map<string, ConfidenceEstimator>();
  private readonly latencyBase = new Map<string, number>();
  private readonly latencyRng: Rng;
  private readonly splitRng: Rng;
  private incidents: IncidentState = noIncidents();
  private rollout: RolloutState = { phase: 'idle' };
  private trialGate: GateResult | null = null;
  private arms: { production: ArmStats; candidate: ArmStats; latencies: { production: number[]; candidate: number[] } } = Lab.freshArms();
  private stationNow: Station = 'data';
  private simT = 0;
  /** Simulated seconds asked of `step` that do not yet make a whole tick. */
  private carrySeconds = 0;
  private lastIndex = -1;
  private ended = false;
  private runs = 0;
  private lastRetrainT = -Infinity;
  private lastScheduleT = 0;
  private retrainWanted: string | null = null;
  private counts = { requests: 0, answered: 0, errors: 0, labels: 0, labelsDropped: 0 };
  private readonly quality = new QualityWindow(200, 100);
  /** The accuracy production is held to (the first version's evaluation accuracy): the service level. */
  private target: number | null = null;
  private tapFn: ((id: string, response: EndpointResponse) => void) | null = null;
  /** The last requests' feature values for the decision surface (2-D numeric datasets only). */
  private readonly recentPoints: RecentPoints | null;
  /** The last answered stream requests with their labels once known (bounded; exported as CSV or JSON Lines). */
  readonly trafficLog: TrafficLog;
  /** Learner requests sent with `infer` (answered, and counted in the endpoint's statistics). */
  private learner = { requests: 0, errors: 0 };
  /** Endpoint health per report window: volume, errors by kind, latency percentiles (health.ts). */
  readonly health: HealthSeries;
  /** Production's drift detectors sampled per report window, and their alarms (detector-timeline.ts). */
  readonly detectorTimeline: DetectorTimeline;
  /** Recent request inputs against the production version's training data (drift-view.ts). */
  readonly featureDrift: FeatureDriftTracker;

  private constructor(
    config: ResolvedLabConfig,
    policy: Policy,
    readonly stream: RequestStream,
    readonly registry: ModelRegistry,
  ) {
    this.config = config;
    this.runId = `${stream.scenario.name}#${config.seed}@${++labsCreated}`;
    this.policy = policy;
    this.events = new EventHub(EVENT_LOG);
    this.schema = stream.dataset.schema;
    this.truth = groundTruth(stream.scenario).filter((e) => e.onset < (config.requests ?? stream.scenario.length));
    this.series = new AccuracySeries(config.window);
    this.monitor = new Monitor({ window: { kind: 'count', size: 200 }, detectors: [{ kind: 'adwin' }, { kind: 'ddm' }], maxPendingLabels: MAX_PENDING });
    this.alerts = new AlertEngine(DEFAULT_ALERT_RULES);
    this.buffer = new LabelledBuffer(config.bufferRows, this.schema.features.length, this.schema.classes.length);
    this.endpoint = this.newEndpoint(this.schema);
    this.latencyRng = createRng(deriveSeed(config.seed, 'latency'));
    this.splitRng = createRng(deriveSeed(config.seed, 'splits'));
    registry.onMove((move) => this.events.emit(aliasEvent(move, this.lastIndex)));
    this.recentPoints = this.schema.features.length === 2 && this.schema.features.every((f) => f.type === 'numeric') ? new RecentPoints() : null;
    this.health = new HealthSeries(config.window);
    this.detectorTimeline = new DetectorTimeline(this.monitor.options.detectors, config.window);
    this.featureDrift = new FeatureDriftTracker(this.schema);
    this.trafficLog = new TrafficLog(undefined, this.schema.features.length);
  }

  /** Builds a lab: the stream, an in-memory registry on the simulated clock, the endpoint, the monitor. */
  static async create(config: LabConfig): Promise<Lab> {
    const resolved = resolveLabConfig(config);
    const policy = resolvePolicy(config.policy ?? 'on-alert');
    const scenario = lookupScenario(resolved.scenario);
    const stream = new RequestStream({
      scenario,
      seed: deriveSeed(resolved.seed, 'stream'),
      limit: resolved.requests ?? scenario.length,
      ...(resolved.rate !== undefined ? { rate: resolved.rate } : {}),
      labels: { delay: resolved.labelDelay },
      ...(resolved.badRequestShare > 0 ? { badRequests: { share: resolved.badRequestShare } } : {}),
    });
    let lab: Lab | null = null;
    const registry = await ModelRegistry.open(new MemoryStore(), { now: () => new Date(Math.round((lab?.simT ?? 0) * 1000)) });
    lab = new Lab(resolved, policy, stream, registry);
    return lab;
  }

  /**
   * Builds a lab from a checked session (see session.ts `readSession`): the registry holds the
   * session's versions (original ids, weights), deployment history and release records, and the
   * endpoint serves the restored production version at once, without retraining. A trial (candidate
   * or shadow) that was running is not resumed: its alias is cleared, and the history says why. The
   * stream starts again from its beginning, on the session's config.
   */
  static async restore(session: RestoredSession): Promise<Lab> {
    const lab = await Lab.create(session.config);
    const registry = await ModelRegistry.open(await sessionStore(session), { now: () => new Date(Math.round(lab.simT * 1000)) });
    await lab.adoptRegistry(registry, session.calibrators ?? {});
    return lab;
  }

  /** Each version's fitted confidence calibrator (the label-free estimate's map), as plain JSON: a session keeps them. */
  calibratorStates(): Record<string, ConfidenceEstimatorState> {
    return Object.fromEntries([...this.calibrators].map(([id, est]) => [id, structuredClone(est.state)]));
  }

  /** Swaps the empty registry of a fresh lab for a restored one, with the versions' calibrators, and deploys what its aliases name. */
  private async adoptRegistry(registry: ModelRegistry, calibrators: Record<string, ConfidenceEstimatorState>): Promise<void> {
    const empty = this.registry;
    (this as { registry: ModelRegistry }).registry = registry;
    registry.onMove((move) => this.events.emit(aliasEvent(move, this.lastIndex)));
    await this.endpoint.dispose();
    empty.close();
    this.endpoint = this.newEndpoint(this.schema);
    for (const v of registry.list()) this.latencyBase.set(v.id, 0.5 + (await registry.artifacts(v.id)).weightSpecs.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0) / 400);
    this.runs = registry.list().length;
    for (const [id, state] of Object.entries(calibrators)) {
      const est = ConfidenceEstimator.fromState(state);
      this.calibrators.set(id, est);
      this.monitor.setCalibrator(id, est);
    }
    for (const alias of ['candidate', 'shadow'] as const) {
      if (registry.current(alias)) await registry.moveAlias(alias, null, { reason: 'session restored: the trial does not resume', actor: 'lab', simTime: 0 });
    }
    await this.endpoint.restore();
    this.decide('promote', `session restored: ${registry.current('production') ?? 'no version'} serves production; the stream starts again from its beginning`, 'lab');
  }

  private static freshArms() {
    return { production: emptyArm(), candidate: emptyArm(), latencies: { production: [] as number[], candidate: [] as number[] } };
  }

  private newEndpoint(schema: DatasetSchema): Endpoint {
    return new Endpoint({ registry: this.registry, name: 'lab', schema, scheduler: this.scheduler, now: this.scheduler.now, windowMs: 0, buckets: [1, 8, 32, 128] });
  }

  // ---------------------------------------------------------------- state

  /** Simulated seconds. */
  get time(): number {
    return this.simT;
  }

  /** The station the lab is at. */
  get station(): Station {
    return this.stationNow;
  }

  /** Requests sent so far. */
  get position(): number {
    return this.lastIndex + 1;
  }

  /** True once every request of the stream was sent and answered and no event is left. */
  get done(): boolean {
    return this.ended;
  }

  /** Counters: requests, answers, errors, labels joined and dropped. */
  get totals(): Readonly<typeof this.counts> {
    return this.counts;
  }

  /** The rollout in progress. */
  get rolloutState(): RolloutState {
    return this.rollout;
  }

  /** The active incidents. */
  get incidentState(): Readonly<IncidentState> {
    return this.incidents;
  }

  /** What the endpoint has loaded per alias. */
  deployed(): Record<Alias, string | null> {
    return this.endpoint.deployed();
  }

  /** Endpoint statistics (per version, errors by kind, shadow comparisons). */
  endpointStats(): ReturnType<Endpoint['stats']> {
    return this.endpoint.stats();
  }

  /** The endpoint's routing policy in force now (a copy): all to production, canary %, shadow or A/B weights. */
  get routing(): RoutingPolicy {
    return structuredClone(this.endpoint.routing);
  }

  /** Learner requests sent with `infer` so far, and how many of them got an error answer. */
  get learnerRequests(): Readonly<{ requests: number; errors: number }> {
    return this.learner;
  }

  /** Sees every answer (tests and benches: checks that each request is answered exactly once). */
  tap(fn: ((id: string, response: EndpointResponse) => void) | null): void {
    this.tapFn = fn;
  }

  private setStation(station: Station, why: string): void {
    if (station === this.stationNow) return;
    this.stationNow = station;
    this.events.emit({ type: 'station', t: this.simT, index: this.lastIndex, station, why });
  }

  private decide(kind: DecisionKind, reason: string, actor: string, extra: { version?: string; gate?: GateResult } = {}): void {
    this.events.emit({ type: 'decision', t: this.simT, index: this.lastIndex, kind, reason, actor, ...extra });
  }

  // ---------------------------------------------------------------- commands

  /** Trains the first version on `initialRows` rows of the scenario's base concept and deploys it. */
  async bootstrap(): Promise<string> {
    if (this.registry.list().length > 0) throw new LabCommandError('bootstrap', 'the lab already has versions');
    this.setStation('data', 'drawing the initial training set from the base concept');
    const batch = this.stream.dataset.sample(this.config.initialRows, createRng(deriveSeed(this.config.seed, 'initial-rows')));
    const examples: Examples = { features: batch.features, labels: batch.labels, rows: batch.rows, inputShape: [batch.cols], classes: this.schema.classes.length };
    const window: Window = { examples, from: 0, to: 0, firstIndex: -batch.rows, lastIndex: -1 };
    const outcome = await this.trainOn(window, { trigger: 'manual', reason: 'initial version' }, 'learner');
    if (!outcome.version || !outcome.deployed) throw new LabCommandError('bootstrap', `the initial version could not be deployed: ${outcome.error ?? 'gate refused'}`);
    return outcome.version;
  }

  /** Changes the policy (validated); resets schedule and cooldown clocks. */
  setPolicy(policy: string | Policy): Policy {
    this.policy = resolvePolicy(policy);
    this.lastScheduleT = this.simT;
    this.decide('retrain', `policy set to ${this.policy.name}`, 'learner');
    return this.policy;
  }

  /** Sets the endpoint's routing directly (learner command). */
  setRouting(policy: RoutingPolicy): void {
    this.endpoint.setRouting(policy);
  }

  /** Asks for a retrain at the next tick (manual trigger; works under any policy). */
  requestRetrain(reason = 'learner asked'): void {
    this.retrainWanted = reason;
  }

  /** Trains a candidate now on the policy's data window and takes it through gate and rollout. */
  async retrain(request: TrainRequest): Promise<TrainOutcome> {
    this.setStation('data', `choosing the training window (${this.policy.data.kind})`);
    const window = this.trainingWindow();
    if (window.examples.rows < 50) {
      this.decide('skip-retrain', `only ${window.examples.rows} labelled rows in the training store; a retrain needs at least 50`, request.trigger === 'manual' ? 'learner' : `policy:${this.policy.name}`);
      return { version: null, gate: null, deployed: false, error: 'not enough labelled rows' };
    }
    return this.trainOn(window, request, request.trigger === 'manual' ? 'learner' : `policy:${this.policy.name}`);
  }

  /** Promotes a version to production now, bypassing any rollout (the gate result, if any, is recorded). */
  async promote(version: string, reason = 'learner promoted', actor = 'learner', gate: GateResult | null = null): Promise<void> {
    this.registry.get(version);
    this.setStation('deploy', `promoting ${version}`);
    await this.registry.promote(version, { reason, actor, approver: actor, gate, simTime: this.simT });
    await this.endpoint.restore();
    if (this.endpoint.deployed().candidate === version || this.endpoint.deployed().shadow === version) await this.clearTrial('promoted');
    this.decide('promote', reason, actor, { version, ...(gate ? { gate } : {}) });
    this.setStation('observe', 'watching the new production version');
  }

  /** Moves production back one entry of its history (one step). */
  async rollback(reason = 'learner rolled back', actor = 'learner'): Promise<string | null> {
    this.setStation('deploy', 'rolling back production');
    const move = await this.endpoint.rollback('production', { reason, actor, simTime: this.simT });
    this.decide('rollback', reason, actor, move.version ? { version: move.version } : {});
    this.setStation('observe', 'watching the restored version');
    return move.version;
  }

  /** Starts a canary or shadow trial of a registered version, or promotes it (direct). */
  async deploy(version: string, rollout: Policy['rollout'] = this.policy.rollout, actor = 'learner', gate: GateResult | null = null): Promise<boolean> {
    this.registry.get(version);
    if (this.rollout.phase !== 'idle') await this.abortTrial(`replaced by ${version}`, actor);
    if (rollout.kind === 'direct') {
      await this.promote(version, gate ? explainGate(gate) : 'direct deploy', actor, gate);
      return true;
    }
    this.setStation('deploy', `${rollout.kind} of ${version}`);
    const alias: Alias = rollout.kind === 'canary' ? 'candidate' : 'shadow';
    await this.endpoint.deploy(version, { alias, reason: `${rollout.kind} trial of ${version}`, actor, simTime: this.simT });
    if (rollout.kind === 'canary') {
      const percent = rollout.steps[0] as number;
      this.endpoint.setRouting({ mode: 'canary', percent });
      this.rollout = { phase: 'canary', candidate: version, step: 0, percent, startedAt: this.simT };
      this.decide('canary-step', `canary of ${version} starts at ${percent}% of traffic`, actor, { version });
    } else {
      this.endpoint.setRouting({ mode: 'shadow' });
      this.rollout = { phase: 'shadow', candidate: version, startedAt: this.simT };
      this.decide('shadow', `${version} answers shadow copies of ${rollout.requests} labelled requests before a decision`, actor, { version });
    }
    this.arms = Lab.freshArms();
    this.trialGate = gate;
    this.setStation('observe', 'watching the trial');
    return false;
  }

  /** Injects an incident (drills): the fault is real and persists until the lab is disposed. */
  async injectIncident(kind: IncidentKind): Promise<void> {
    checkIncident(kind);
    this.events.emit({ type: 'incident', t: this.simT, index: this.lastIndex, incident: kind, description: INCIDENT_DESCRIPTIONS[kind] });
    switch (kind) {
      case 'silent-accuracy-drop':
        this.incidents.labelFlip = { from: this.lastIndex + 1, share: 0.3 };
        this.incidents.muted = true;
        break;
      case 'stale-training-data':
        this.incidents.frozenData = true;
        this.incidents.labelFlip = { from: this.lastIndex + 1, share: 0.3 };
        break;
      case 'label-stall':
        this.incidents.labelStall = true;
        break;
      case 'training-diverges':
        this.incidents.learningRate = 1e6;
        break;
      case 'regression-after-deploy':
        await this.retrain({ trigger: 'drill', reason: 'hotfix pushed without evaluation', scrambleLabels: true, skipGate: true });
        break;
      case 'schema-break':
        await this.breakSchema();
        break;
    }
  }

  /**
   * Sends a learner's raw request (any JSON value, garbage included) to the endpoint, as an Open
   * Inference Protocol v2 `infer` call, and returns the raw answer or typed error (never throws).
   *
   * How it counts: it is a real request to production — routed like any other (canary, shadow copy),
   * answered by the deployed model and counted in the endpoint's statistics — but it is not part of
   * the seeded stream: it never reaches the monitor, the accuracy series, the training store or the
   * latency jitter, and it draws no random number. So the same seed gives the same run whether or not
   * the learner sent requests (commands run between ticks, and the request is answered at once).
   */
  async infer(request: unknown): Promise<EndpointResponse> {
    const answer = this.endpoint.infer(request);
    await this.endpoint.drain();
    const response = await answer;
    this.learner.requests++;
    if (isErrorResponse(response)) this.learner.errors++;
    return response;
  }

  /**
   * The decision surface (2-D numeric datasets): production's — and the trial version's, when one runs —
   * class-1 probability on a `size` x `size` grid over the features' ranges, and the recent traffic
   * points. Each model is loaded from the registry, predicts the whole grid in one batch and is freed.
   */
  async surface(size = 40): Promise<DecisionSurface> {
    const features = checkSurfaceSchema(this.schema);
    checkSurfaceSize(size);
    const points = this.recentPoints?.list() ?? [];
    const bounds = surfaceBounds(this.schema, points);
    const rows = gridRows(size, bounds);
    const deployed = this.endpoint.deployed();
    const field = async (version: string | null): Promise<SurfaceField | null> => {
      if (!version) return null;
      const model = await this.registry.loadModel(version);
      try {
        return { version, probabilities: await predictGrid(model, rows) };
      } finally {
        model.dispose();
      }
    };
    return {
      features,
      classes: [...this.schema.classes],
      size,
      ...bounds,
      production: await field(deployed.production),
      candidate: await field(deployed.candidate ?? deployed.shadow),
      points,
      position: this.position,
    };
  }

  /** Stops everything and frees every model. */
  async dispose(): Promise<void> {
    await this.endpoint.dispose();
    this.registry.close();
  }

  // ---------------------------------------------------------------- the engine

  /**
   * Runs the stream for `seconds` of simulated time. Only whole ticks run; a remainder is carried to the
   * next call. So the ticks (and with them the micro-batches, label flushes and every decision) are the
   * same however the time is cut up: playing at any speed, stepping by hand, or `runToEnd` give one run.
   */
  async step(seconds: number): Promise<void> {
    if (!(seconds > 0) || !Number.isFinite(seconds)) throw new LabCommandError('step', `seconds must be a positive number, got ${seconds}`);
    const tick = this.config.tickSeconds;
    this.carrySeconds += seconds;
    // The tolerance absorbs float error from slices such as 20 x 0.05 s.
    while (this.carrySeconds >= tick - 1e-9 && !this.ended) {
      this.carrySeconds = Math.max(0, this.carrySeconds - tick);
      await this.tick(this.simT + tick);
    }
  }

  /** Runs until `requests` more requests were sent (or the stream ends). */
  async runRequests(requests: number): Promise<void> {
    const target = this.position + requests;
    while (this.position < target && !this.ended) await this.tick(this.simT + this.config.tickSeconds);
  }

  /** Runs to the end of the stream. */
  async runToEnd(onProgress?: (position: number) => void): Promise<void> {
    while (!this.ended) {
      await this.tick(this.simT + this.config.tickSeconds);
      onProgress?.(this.position);
    }
  }

  private async tick(t: number): Promise<void> {
    const events = this.stream.until(t, 1_000_000);
    const batch: StreamRecord[] = [];
    const inBatch = new Set<string>();
    for (const e of events) {
      if (e.type === 'request') {
        batch.push(this.admit(e));
        inBatch.add(e.record.request.id);
      } else {
        // A label is joined at once unless its own request still waits in this batch (label delay
        // shorter than a tick): then the batch is answered first. Labels keep their order.
        if (inBatch.has(e.label.id)) {
          await this.answer(batch.splice(0));
          inBatch.clear();
        }
        this.joinLabel(e);
      }
    }
    if (batch.length) await this.answer(batch);
    this.simT = t;
    if (events.length === 0 && this.stream.requests >= (this.config.requests ?? this.stream.scenario.length) && this.stream.waitingLabels === 0) {
      this.ended = true;
      this.events.emit({ type: 'stream-end', t: this.simT, index: this.lastIndex });
      return;
    }
    this.evaluateAlerts();
    await this.judgeRollout();
    await this.applyTrigger();
  }

  /** A request enters: its ground truth (after any drill's label flip) is kept for scoring. */
  private admit(e: Extract<StreamEvent, { type: 'request' }>): StreamRecord {
    const r = e.record;
    let truth = r.label;
    const flip = this.incidents.labelFlip;
    if (flip && r.index >= flip.from && assignmentOf(r.request.id, 'drill-flip') < flip.share) truth = (truth + 1) % this.schema.classes.length;
    let row: Float32Array | null = null;
    try {
      row = toInputVector(this.schema, r.request.features);
    } catch {
      row = null;
    }
    this.pending.set(r.request.id, { index: r.index, row, truth, version: null, route: 'none', predicted: -1, shadow: null });
    this.recentPoints?.add(r.request.id, r.index, row);
    this.featureDrift.add(row);
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
    this.lastIndex = Math.max(this.lastIndex, r.index);
    return r;
  }

  /** Sends a run of requests to the endpoint as one micro-batch and records every answer. */
  private async answer(batch: StreamRecord[]): Promise<void> {
    if (this.stationNow !== 'observe') this.setStation('observe', 'serving traffic');
    const shadowBefore = this.rollout.phase === 'shadow' ? this.endpoint.stats().shadow.compared : 0;
    const answers = batch.map((r) => this.endpoint.predict([r.request.features], { id: r.request.id }));
    await this.endpoint.drain();
    const responses = await Promise.all(answers);
    for (let i = 0; i < batch.length; i++) this.record(batch[i] as StreamRecord, responses[i] as EndpointResponse);
    if (this.rollout.phase === 'shadow') this.collectShadow(shadowBefore);
  }

  private record(r: StreamRecord, response: EndpointResponse): void {
    const id = r.request.id;
    const p = this.pending.get(id);
    this.counts.requests++;
    this.tapFn?.(id, response);
    const tMs = r.request.t * 1000;
    if (isErrorResponse(response)) {
      this.counts.errors++;
      this.series.error(r.index);
      this.health.error(r.index, r.request.t, response.kind);
      this.detectorTimeline.pass(r.index + 1, () => this.endpoint.deployed().production);
      const version = response.model_version ?? 'none';
      this.monitor.observeResponse({ id, t: tMs, version, latencyMs: 0, errorKind: response.kind });
      if (this.rollout.phase === 'canary') this.armOf(version).errors++;
      if (this.rollout.phase === 'canary') this.armOf(version).answered++;
      this.pending.delete(id);
      return;
    }
    this.counts.answered++;
    const probs = response.outputs[0]?.data as number[];
    let predicted = 0;
    for (let c = 1; c < probs.length; c++) if ((probs[c] as number) > (probs[predicted] as number)) predicted = c;
    const version = response.model_version;
    const base = this.latencyBase.get(version) ?? 1;
    const latencyMs = base * (1 + 0.5 * this.latencyRng.next());
    this.health.answer(r.index, r.request.t, latencyMs, response.parameters.fallback);
    this.detectorTimeline.pass(r.index + 1, () => this.endpoint.deployed().production);
    this.monitor.observeResponse({ id, t: tMs, version, latencyMs, probabilities: probs, predicted });
    const truth = p?.truth ?? r.label;
    const route = response.parameters.route;
    if (route !== 'candidate' || this.rollout.phase !== 'canary') {
      const cal = this.calibrators.get(version);
      this.series.answer(r.index, predicted === truth, cal ? cal.calibrate(probs[predicted] as number) : null);
    } else this.series.answer(r.index, predicted === truth, null);
    if (this.rollout.phase === 'canary') {
      const arm = this.armOf(version);
      arm.answered++;
      const lat = version === this.rollout.candidate ? this.arms.latencies.candidate : this.arms.latencies.production;
      lat.push(latencyMs);
      if (lat.length > LATENCY_KEEP) lat.shift();
    }
    this.trafficLog.answer({ index: r.index, id, t: r.request.t, features: r.request.features, prediction: predicted, probability: probs[predicted] as number, version, route });
    if (p) {
      p.version = version;
      p.route = route;
      p.predicted = predicted;
    }
  }

  private armOf(version: string): ArmStats {
    return this.rollout.phase !== 'idle' && version === this.rollout.candidate ? this.arms.candidate : this.arms.production;
  }

  /** Reads the shadow comparisons made by the last batch and keeps the shadow's predicted class per request. */
  private collectShadow(before: number): void {
    const shadow = this.endpoint.stats().shadow;
    const fresh = shadow.recent.slice(Math.max(0, shadow.recent.length - (shadow.compared - before)));
    for (const rec of fresh) {
      const p = this.pending.get(rec.id);
      const name = rec.labels[0];
      if (p && name !== undefined) p.shadow = this.schema.classes.indexOf(name);
    }
  }

  /** A label arrives (feedback): join it to its answer, feed the monitor, keep the row for training. */
  private joinLabel(e: Extract<StreamEvent, { type: 'label' }>): void {
    if (this.incidents.labelStall) {
      this.counts.labelsDropped++;
      return;
    }
    const p = this.pending.get(e.label.id);
    if (!p) return;
    this.pending.delete(e.label.id);
    this.counts.labels++;
    const truth = p.truth;
    this.recentPoints?.label(e.label.id, truth);
    this.trafficLog.label(e.label.id, truth, e.label.t);
    const signals = this.monitor.observeLabel({ id: e.label.id, t: e.label.t * 1000, label: truth });
    if (p.version) this.detectorTimeline.observe(p.version, p.predicted === truth ? 0 : 1);
    if (signals.length > 0) this.detectorTimeline.signals(signals, this.position, this.endpoint.deployed().production);
    if (p.version) this.quality.add(p.version, p.predicted === truth);
    if (p.row && !this.incidents.frozenData) this.buffer.push(p.row, truth, e.label.t, p.index);
    if (this.rollout.phase !== 'idle' && p.version) {
      const arm = this.armOf(p.version);
      arm.labelled++;
      if (p.predicted === truth) arm.correct++;
      if (this.rollout.phase === 'shadow' && p.shadow !== null) {
        this.arms.candidate.labelled++;
        if (p.shadow === truth) this.arms.candidate.correct++;
      }
    }
    for (const s of signals) this.onSignal(s);
  }

  private onSignal(s: DriftSignal): void {
    if (s.kind !== 'drift' || s.source !== 'error') return;
    const production = this.endpoint.deployed().production;
    if (s.version !== production) return;
    this.events.emit({ type: 'drift', t: this.simT, index: this.lastIndex, version: s.version, detector: s.detector, source: s.source });
    const trig = this.policy.trigger;
    if (!this.incidents.muted && trig.kind === 'on-alert' && trig.source !== 'alert' && s.detector === trig.detector) this.retrainWanted ??= `${s.detector} flagged drift on ${s.version}'s error stream`;
  }

  /**
   * Evaluates the alert rules on production's open monitoring window, plus `accuracy_drop`: the
   * service level (the first version's evaluation accuracy) minus production's accuracy on its last
   * 200 labelled answers.
   */
  private evaluateAlerts(): void {
    const production = this.endpoint.deployed().production;
    if (!production) return;
    this.quality.watch(production);
    this.target ??= this.registry.get(production).evaluation.accuracy;
    const values = this.monitor.metricValues(production);
    const accuracy = this.quality.accuracy;
    const all: Record<string, number | null> = { ...values, accuracy_drop: accuracy === null ? null : this.target - accuracy, label_backlog: this.monitor.pending.pendingFor(production) };
    if (this.incidents.muted) {
      all.accuracy_drop = null;
      all.accuracy = null;
    }
    for (const ev of this.alerts.evaluate(this.simT * 1000, all, 'production')) {
      this.events.emit({ type: 'alert', t: this.simT, index: this.lastIndex, change: ev.type, alert: { ...ev.alert } });
      const trig = this.policy.trigger;
      if (ev.type === 'raised' && trig.kind === 'on-alert' && trig.source !== 'detector' && ev.alert.ruleId === 'accuracy-drop') this.retrainWanted ??= `alert ${ev.alert.ruleId} raised (${ev.alert.metric} ${ev.alert.valueAtRaise.toFixed(3)})`;
    }
    // While the accuracy alert stays raised, an on-alert policy asks again once each cooldown is over.
    const trig = this.policy.trigger;
    if (trig.kind === 'on-alert' && trig.source !== 'detector' && this.alerts.active.some((a) => a.ruleId === 'accuracy-drop')) this.retrainWanted ??= 'accuracy-drop alert still raised';
  }

  private async applyTrigger(): Promise<void> {
    const trig = this.policy.trigger;
    let reason: string | null = null;
    let trigger: Trigger = 'manual';
    if (trig.kind === 'schedule' && this.simT - this.lastScheduleT >= trig.everySeconds) {
      this.lastScheduleT = this.simT;
      reason = `scheduled retrain (every ${trig.everySeconds} s)`;
      trigger = 'schedule';
    }
    if (this.retrainWanted) {
      const manual = this.retrainWanted === 'learner asked' || trig.kind === 'manual' || trig.kind === 'off';
      if (manual && trig.kind !== 'on-alert' && trig.kind !== 'schedule') trigger = 'manual';
      else if (trig.kind === 'on-alert') trigger = 'alert';
      reason = this.retrainWanted;
      if (trig.kind === 'off' && this.retrainWanted !== 'learner asked') reason = null;
      this.retrainWanted = null;
    }
    if (!reason) return;
    const cooldown = trig.kind === 'on-alert' || trig.kind === 'schedule' ? trig.cooldownSeconds : 0;
    if (trigger !== 'manual' && this.simT - this.lastRetrainT < cooldown) return;
    if (this.rollout.phase !== 'idle' && trigger !== 'manual') return;
    this.lastRetrainT = this.simT;
    this.decide('retrain', reason, trigger === 'manual' ? 'learner' : `policy:${this.policy.name}`);
    await this.retrain({ trigger, reason });
  }

  /** The rows the policy's data window selects from the training store. */
  private trainingWindow(): Window {
    const d = this.policy.data;
    if (d.kind === 'recent') return this.buffer.recent(d.rows);
    if (d.kind === 'all') return this.buffer.recent(d.maxRows);
    return this.buffer.weighted(d.rows, d.rows, d.halfLifeRows, this.splitRng.fork(`weighted-${this.runs}`));
  }

  /** Splits a window (seeded) into training rows and the gate's held-out rows. */
  private split(window: Window): { train: Examples; holdout: Examples } {
    const ex = window.examples;
    const order = this.splitRng.fork(`split-${this.runs}`).shuffle(Array.from({ length: ex.rows }, (_, i) => i));
    const held = Math.round(ex.rows * this.policy.gate.holdout);
    const take = (idx: number[]): Examples => {
      const c = ex.inputShape[0] as number;
      const features = new Float32Array(idx.length * c);
      const labels = new Int32Array(idx.length);
      idx.forEach((r, i) => {
        features.set(ex.features.subarray(r * c, (r + 1) * c), i * c);
        labels[i] = ex.labels[r] as number;
      });
      return { features, labels, rows: idx.length, inputShape: ex.inputShape, classes: ex.classes };
    };
    return { train: take(order.slice(held)), holdout: take(order.slice(0, held)) };
  }

  private async trainOn(window: Window, request: TrainRequest, actor: string): Promise<TrainOutcome> {
    const run = ++this.runs;
    const { train, holdout } = this.split(window);
    if (request.scrambleLabels) {
      const rng = createRng(deriveSeed(this.config.seed, `scramble-${run}`));
      for (let i = 0; i < train.rows; i++) train.labels[i] = rng.int(train.classes);
    }
    this.setStation('train', `training run ${run} on ${train.rows} rows`);
    const config: TrainConfig = { ...this.config.training, seed: deriveSeed(this.config.seed, `train-${run}`) & 0x3fffffff, learningRate: request.learningRate ?? this.incidents.learningRate ?? this.config.training.learningRate };
    const model = buildLabModel(this.config.model, this.schema, config.seed);
    let version: Version;
    let candidateProbs: Float32Array;
    try {
      await trainModel(model, train, config, { onEpochEnd: (log) => this.events.emit({ type: 'epoch', t: this.simT, index: this.lastIndex, run, log: { epoch: log.epoch, epochs: log.epochs, loss: log.loss, accuracy: log.accuracy } }) });
      this.setStation('evaluate', `scoring run ${run} on ${holdout.rows} held-out rows`);
      candidateProbs = await predictProbabilities(model, holdout);
      const metrics = scoreProbabilities(candidateProbs, holdout.labels, holdout.classes);
      version = await this.registry.register(model, {
        trigger: request.trigger,
        data: { dataset: this.stream.dataset.id, scenario: this.stream.scenario.name, seed: this.config.seed, window: { from: window.from, to: window.to, rows: train.rows, policy: `${this.policy.data.kind} [${window.firstIndex}, ${window.lastIndex}]` } },
        model: this.config.model,
        hyperParameters: config,
        backend: tf.getBackend(),
        evaluation: { rows: metrics.rows, accuracy: metrics.accuracy, loss: metrics.loss, confusion: metrics.confusion },
        schema: this.schema,
        notes: request.reason,
        simTime: this.simT,
      });
      this.latencyBase.set(version.id, 0.5 + model.countParams() / 400);
    } catch (error) {
      const e = toLabError(error);
      this.events.emit({ type: 'training-failed', t: this.simT, index: this.lastIndex, code: e.code, message: e.message });
      this.setStation('observe', 'training failed; production unchanged');
      return { version: null, gate: null, deployed: false, error: e.message };
    } finally {
      model.dispose();
    }
    this.events.emit({ type: 'version', t: this.simT, index: this.lastIndex, version: { id: version.id, parent: version.parent, trigger: version.trigger, evaluation: version.evaluation, data: version.data } });
    this.featureDrift.setReference(version.id, train.features, train.rows);
    this.fitCalibrator(version.id, candidateProbs, holdout);
    if (request.skipGate) {
      this.decide('gate', `gate skipped: ${request.reason}`, actor, { version: version.id });
      const deployed = await this.deploy(version.id, this.policy.rollout, actor, null);
      return { version: version.id, gate: null, deployed };
    }
    const gate = await this.gate(candidateProbs, holdout);
    this.decide('gate', explainGate(gate), actor, { version: version.id, gate });
    if (!gate.passed) {
      this.decide('reject', `${version.id} not deployed: ${explainGate(gate)}`, actor, { version: version.id, gate });
      this.setStation('observe', 'candidate rejected; production unchanged');
      return { version: version.id, gate, deployed: false };
    }
    const deployed = await this.deploy(version.id, this.registry.list().length === 1 ? { kind: 'direct' } : this.policy.rollout, actor, gate);
    return { version: version.id, gate, deployed };
  }

  /** The gate: candidate vs the production model on the same held-out rows. */
  private async gate(candidateProbs: Float32Array, holdout: Examples): Promise<GateResult> {
    const count = (probs: Float32Array) => Math.round(scoreProbabilities(probs, holdout.labels, holdout.classes).accuracy * holdout.rows);
    const production = this.registry.current('production');
    let productionCorrect: number | null = null;
    if (production) {
      const model = await this.registry.loadModel(production);
      try {
        productionCorrect = count(await predictProbabilities(model, holdout));
      } finally {
        model.dispose();
      }
    }
    return applyGate(this.policy.gate, { rows: holdout.rows, candidateCorrect: count(candidateProbs), productionCorrect });
  }

  private fitCalibrator(version: string, probs: Float32Array, holdout: Examples): void {
    if (holdout.rows < 2) return;
    const k = holdout.classes;
    const conf = new Float64Array(holdout.rows);
    const right = new Float64Array(holdout.rows);
    for (let i = 0; i < holdout.rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if ((probs[i * k + c] as number) > (probs[i * k + best] as number)) best = c;
      conf[i] = probs[i * k + best] as number;
      right[i] = best === holdout.labels[i] ? 1 : 0;
    }
    const est = ConfidenceEstimator.fit(conf, right);
    this.calibrators.set(version, est);
    this.monitor.setCalibrator(version, est);
  }

  private async judgeRollout(): Promise<void> {
    const r = this.rollout;
    if (r.phase === 'idle') return;
    const policy = this.policy.rollout;
    const actor = `policy:${this.policy.name}`;
    const p95 = (xs: number[]) => (xs.length ? ([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))] as number) : null);
    this.arms.candidate.latencyP95 = p95(this.arms.latencies.candidate);
    this.arms.production.latencyP95 = p95(this.arms.latencies.production);
    const verdict = r.phase === 'canary' && policy.kind === 'canary' ? judgeCanary(policy, r, this.arms.candidate, this.arms.production) : r.phase === 'shadow' && policy.kind === 'shadow' ? judgeShadow(policy, this.arms.candidate, this.arms.production) : { action: 'rollback' as const, reason: `the policy's rollout is now ${policy.kind}; the ${r.phase} trial stops` };
    if (verdict.action === 'wait') return;
    if (verdict.action === 'next' && r.phase === 'canary') {
      this.rollout = { ...r, step: r.step + 1, percent: verdict.percent };
      this.endpoint.setRouting({ mode: 'canary', percent: verdict.percent });
      this.arms = Lab.freshArms();
      this.decide('canary-step', `${verdict.reason}; next ${verdict.percent}%`, actor, { version: r.candidate });
    } else if (verdict.action === 'promote') {
      await this.promote(r.candidate, verdict.reason, actor, this.trialGate);
    } else if (verdict.action === 'rollback') {
      await this.abortTrial(verdict.reason, actor);
    }
  }

  /** Ends a trial without promotion: traffic back to production, the trial alias cleared. */
  private async abortTrial(reason: string, actor: string): Promise<void> {
    if (this.rollout.phase === 'idle') return;
    const version = this.rollout.candidate;
    await this.clearTrial(reason);
    this.decide('rollback', reason, actor, { version });
  }

  private async clearTrial(reason: string): Promise<void> {
    const alias: Alias = this.rollout.phase === 'shadow' ? 'shadow' : 'candidate';
    this.endpoint.setRouting({ mode: 'production' });
    if (this.endpoint.deployed()[alias]) await this.endpoint.undeploy(alias, { reason, actor: 'lab', simTime: this.simT });
    this.rollout = { phase: 'idle' };
    this.arms = Lab.freshArms();
  }

  /** Schema-break drill: the endpoint is redeployed with a schema whose first feature was renamed. */
  private async breakSchema(): Promise<void> {
    const production = this.registry.current('production');
    if (!production) throw new LabCommandError('injectIncident', 'schema-break needs a production version');
    const first = this.schema.features[0];
    if (!first) throw new LabCommandError('injectIncident', 'the schema has no feature');
    const broken: DatasetSchema = { ...this.schema, features: this.schema.features.map((f, j) => (j === 0 ? { ...f, name: `${f.name}_v2` } : f)) };
    const source = this.registry.get(production);
    const artifacts = await this.registry.artifacts(production);
    const copy = await this.registry.registerArtifacts(artifacts, { trigger: 'drill', data: source.data, model: source.model, hyperParameters: source.hyperParameters, backend: source.backend, evaluation: source.evaluation, schema: broken, notes: `endpoint config v2: feature "${first.name}" renamed to "${first.name}_v2"`, simTime: this.simT, parent: production });
    this.latencyBase.set(copy.id, this.latencyBase.get(production) ?? 1);
    this.setStation('deploy', `deploying ${copy.id} with endpoint config v2`);
    const old = this.endpoint;
    this.endpoint = this.newEndpoint(broken);
    await this.endpoint.deploy(copy.id, { reason: 'endpoint config v2 (renamed field)', actor: 'release-bot', simTime: this.simT });
    await old.dispose();
    this.decide('promote', `${copy.id} deployed with endpoint config v2`, 'release-bot', { version: copy.id });
    this.setStation('observe', 'serving traffic');
  }

  /** The lab's ground truth of the scenario (record positions). */
  groundTruth(): DriftEvent[] {
    return this.truth;
  }

  /** Every event so far (bounded log). */
  log(): readonly LabEvent[] {
    return this.events.events();
  }
}
