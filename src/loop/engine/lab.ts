/**
 * The Lab: the facade of the closed loop. It holds the configuration, the simulated clock
 * (engine/clock.ts) and the command surface (train, deploy, promote, rollback, routing, step, policy,
 * incidents); the work is done by its parts:
 *
 * - the per-request path (engine/pipeline.ts): request -> endpoint -> answer -> label join, handed
 *   to the observers registered below in one list (engine/observer.ts);
 * - the monitor (src/monitoring), the single source of metrics and detectors, fed by one observer;
 * - the decisions: when to retrain (decisions/trigger.ts), training and the gate
 *   (decisions/training.ts), alerts (decisions/alerting.ts), a canary or shadow trial (decisions/trial.ts);
 * - the drills' faults (drills/inject.ts).
 *
 * Same config, same run: every decision runs on simulated time (see clock.ts).
 */
import { createRng, deriveSeed, type Rng } from '../../../datasets/random';
import { groundTruth } from '../../../datasets/scenarios/truth';
import type { DriftEvent } from '../../../datasets/ground-truth';
import type { DatasetSchema } from '../../../datasets/types';
import { ConfidenceEstimator, Monitor, type ConfidenceEstimatorState, type DriftSignal } from '../../monitoring/index';
import type { Examples } from '../../model/index';
import { MemoryStore, ModelRegistry, type Alias, type GateResult, type Trigger } from '../../registry/index';
import { Endpoint, isErrorResponse, ManualScheduler, type EndpointResponse, type ErrorResponse, type ModelMetadataResponse, type ModelReadyResponse, type RoutingPolicy, type ServerLiveResponse, type ServerReadyResponse } from '../../serving/index';
import { RequestStream, type StreamRecord } from '../../traffic/index';
import { LabelledBuffer, type Window } from './buffer';
import { detectorConfigs, resolveLabConfig, type LabConfig, type ResolvedLabConfig } from './config';
import type { LoopContext } from './context';
import { LabCommandError } from './errors';
import { aliasEvent, EventHub, type DecisionKind, type LabEvent } from './events';
import { MAX_PENDING, RequestPipeline } from './pipeline';
import { SimClock } from './clock';
import { lookupScenario } from './scenarios';
import type { Station } from './stations';
import { AlertWatch } from '../decisions/alerting';
import { DEFAULT_ALERT_RULES } from '../decisions/alert-rules';
import { resolvePolicy, type Policy } from '../decisions/policy';
import type { RolloutState } from '../decisions/rollout';
import { fitCalibrator, MIN_RETRAIN_ROWS, TrainingRuns, type TrainFaults, type TrainRequest } from '../decisions/training';
import { Trial } from '../decisions/trial';
import { ReleaseFlow, type TrainOutcome } from '../decisions/release';
import { RetrainTrigger } from '../decisions/trigger';
import { breakSchema, incidentEffects, type IncidentKind } from '../drills/inject';
import { checkIncident, INCIDENT_DESCRIPTIONS, noIncidents, type IncidentState } from '../drills/incidents';
import { DetectorTimeline } from '../observers/detector-timeline';
import { FeatureDriftTracker } from '../observers/drift-view';
import { HealthSeries } from '../observers/health';
import { MonitorFeed } from '../observers/monitor-feed';
import { AccuracySeries } from '../observers/series';
import { decisionSurface, RecentPoints, type DecisionSurface } from '../observers/surface';
import { TrafficLog } from '../observers/traffic-log';
import { TrainingStore } from '../observers/training-store';
import { sessionStore, type RestoredSession } from '../persistence/session';

export type { TrainRequest } from '../decisions/training';

export type { TrainOutcome } from '../decisions/release';

const EVENT_LOG = 5000;
let labsCreated = 0;

/** A version's simulated base latency (ms) from its trainable parameters: 0.5 ms + 1 ms per 400. */
export function simulatedBaseLatency(parameters: number): number {
  return 0.5 + parameters / 400;
}

/** The closed loop. Create with `Lab.create(config)`. */
export class Lab {
  readonly config: ResolvedLabConfig;
  /** This run's id (snapshots carry it): scenario, seed and a per-realm counter, new for every Lab. */
  readonly runId: string;
  readonly events: EventHub;
  readonly schema: DatasetSchema;
  readonly truth: DriftEvent[];
  readonly monitor: Monitor;
  readonly buffer: LabelledBuffer;
  policy: Policy;
  /** Per-window accuracy of the answers users got (series.ts). */
  readonly series: AccuracySeries;
  /** Endpoint health per report window: volume, errors by kind, measured latency (health.ts). */
  readonly health: HealthSeries;
  /** Production's drift detectors (the monitor's) sampled per report window, and their alarms. */
  readonly detectorTimeline: DetectorTimeline;
  /** Recent request inputs against the production version's training data (drift-view.ts). */
  readonly featureDrift: FeatureDriftTracker;
  /** The last answered stream requests with their labels once known (bounded; exported as CSV or JSON Lines). */
  readonly trafficLog: TrafficLog;
  private endpointNow: Endpoint;
  private readonly scheduler = new ManualScheduler();
  private readonly pipeline: RequestPipeline;
  private readonly alertWatch: AlertWatch;
  private readonly trigger: RetrainTrigger;
  private readonly training: TrainingRuns;
  private readonly trial: Trial;
  private readonly releases: ReleaseFlow;
  private readonly calibrators = new Map<string, ConfidenceEstimator>();
  private readonly latencyBases = new Map<string, number>();
  private readonly incidents: IncidentState = noIncidents();
  /** The last requests' feature values for the decision surface (2-D numeric datasets only). */
  private readonly recentPoints: RecentPoints | null;
  private stationNow: Station = 'data';
  private readonly clock: SimClock;
  /** Learner requests sent with `infer` (answered, and counted in the endpoint's statistics). */
  private learner = { requests: 0, errors: 0 };

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
    this.monitor = new Monitor({ window: { kind: 'count', size: 200 }, detectors: detectorConfigs(config.detectors, policy), maxPendingLabels: MAX_PENDING });
    this.buffer = new LabelledBuffer(config.bufferRows, this.schema.features.length, this.schema.classes.length);
    this.endpointNow = this.newEndpoint(this.schema);
    registry.onMove((move) => this.events.emit(aliasEvent(move, this.lastIndex)));
    const latencyRng: Rng = createRng(deriveSeed(config.seed, 'latency'));
    this.pipeline = new RequestPipeline({
      schema: this.schema,
      endpoint: () => this.endpointNow,
      incidents: this.incidents,
      latencyBase: (version) => this.latencyBases.get(version) ?? 1,
      latencyRng,
      shadowRunning: () => this.trial.state.phase === 'shadow',
      canaryCandidate: () => this.trial.canaryCandidate,
    });
    this.clock = new SimClock({
      stream,
      pipeline: this.pipeline,
      tickSeconds: config.tickSeconds,
      length: config.requests ?? stream.scenario.length,
      answer: (batch) => this.answer(batch),
      afterTick: () => this.afterTick(),
      ended: () => this.events.emit({ type: 'stream-end', t: this.simT, index: this.lastIndex }),
    });
    this.alertWatch = new AlertWatch(DEFAULT_ALERT_RULES, this.monitor);
    this.trigger = new RetrainTrigger(() => this.policy);
    const ctx: LoopContext = {
      config,
      schema: this.schema,
      events: this.events,
      endpoint: () => this.endpointNow,
      registry: () => this.registry,
      policy: () => this.policy,
      time: () => this.simT,
      position: () => this.position,
      setStation: (station, why) => this.setStation(station, why),
      decide: (kind, reason, actor, extra) => this.decide(kind, reason, actor, extra),
    };
    this.training = new TrainingRuns({ ...ctx, lineage: { dataset: stream.dataset.id, scenario: stream.scenario.name } });
    this.trial = new Trial({ ...ctx, promote: (version, reason, actor, gate) => this.promote(version, reason, actor, gate) });
    this.releases = new ReleaseFlow({
      ...ctx,
      trial: this.trial,
      training: this.training,
      registered: (candidate) => {
        const id = candidate.version.id;
        this.latencyBases.set(id, simulatedBaseLatency(candidate.parameters));
        this.featureDrift.setReference(id, candidate.train.features, candidate.train.rows);
        const est = fitCalibrator(candidate.probabilities, candidate.holdout);
        if (est) this.setCalibrator(id, est);
      },
    });
    this.series = new AccuracySeries(config.window, undefined, (version, confidence) => this.calibrators.get(version)?.calibrate(confidence) ?? null);
    this.health = new HealthSeries(config.window, undefined, config.latency);
    this.detectorTimeline = new DetectorTimeline(config.window, this.monitor, () => this.endpointNow.deployed().production);
    this.featureDrift = new FeatureDriftTracker(this.schema);
    this.trafficLog = new TrafficLog(undefined, this.schema.features.length);
    this.recentPoints = this.schema.features.length === 2 && this.schema.features.every((f) => f.type === 'numeric') ? new RecentPoints() : null;
    const monitorFeed = new MonitorFeed(this.monitor);
    monitorFeed.onSignals((signals) => this.onSignals(signals));
    // The observers of every request and label, in the order they hear them.
    this.pipeline.observe(
      ...(this.recentPoints ? [this.recentPoints] : []),
      this.featureDrift,
      this.series,
      this.health,
      this.detectorTimeline,
      this.trafficLog,
      monitorFeed,
      new TrainingStore(this.buffer, this.incidents),
      this.trial,
    );
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
    await this.endpointNow.dispose();
    empty.close();
    this.endpointNow = this.newEndpoint(this.schema);
    for (const v of registry.list()) {
      // The frozen input-scaling layer is not part of a model's size.
      const specs = (await registry.artifacts(v.id)).weightSpecs.filter((w) => !w.name.startsWith('scale_inputs'));
      this.latencyBases.set(v.id, simulatedBaseLatency(specs.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0)));
    }
    this.training.runs = registry.list().length;
    for (const [id, state] of Object.entries(calibrators)) this.setCalibrator(id, ConfidenceEstimator.fromState(state));
    for (const alias of ['candidate', 'shadow'] as const) {
      if (registry.current(alias)) await this.endpointNow.undeploy(alias, { reason: 'session restored: the trial does not resume', actor: 'lab', simTime: 0 });
    }
    await this.endpointNow.restore();
    this.decide('promote', `session restored: ${registry.current('production') ?? 'no version'} serves production; the stream starts again from its beginning`, 'lab');
  }

  private setCalibrator(version: string, est: ConfidenceEstimator): void {
    this.calibrators.set(version, est);
    this.monitor.setCalibrator(version, est);
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

  private get lastIndex(): number {
    return this.pipeline.lastIndex;
  }

  /** Requests sent so far. */
  get position(): number {
    return this.pipeline.lastIndex + 1;
  }

  /** True once every request of the stream was sent and answered and no event is left. */
  get done(): boolean {
    return this.clock.done;
  }

  private get simT(): number {
    return this.clock.time;
  }

  /** Counters: requests, answers, errors, labels joined and dropped. */
  get totals(): Readonly<{ requests: number; answered: number; errors: number; labels: number; labelsDropped: number }> {
    return this.pipeline.totals;
  }

  /** The rollout in progress. */
  get rolloutState(): RolloutState {
    return this.trial.state;
  }

  /** The active incidents. */
  get incidentState(): Readonly<IncidentState> {
    return this.incidents;
  }

  /** The alert engine (its rules and the alerts raised now). */
  get alerts(): AlertWatch['engine'] {
    return this.alertWatch.engine;
  }

  /** What the endpoint has loaded per alias. */
  deployed(): Record<Alias, string | null> {
    return this.endpointNow.deployed();
  }

  /** Endpoint statistics (per version, errors by kind, shadow comparisons). */
  endpointStats(): ReturnType<Endpoint['stats']> {
    return this.endpointNow.stats();
  }

  /** The endpoint's routing policy in force now (a copy): all to production, canary %, shadow or A/B weights. */
  get routing(): RoutingPolicy {
    return structuredClone(this.endpointNow.routing);
  }

  /** Learner requests sent with `infer` so far, and how many of them got an error answer. */
  get learnerRequests(): Readonly<{ requests: number; errors: number }> {
    return this.learner;
  }

  /** Sees every answer (tests and benches: checks that each request is answered exactly once). */
  tap(fn: ((id: string, response: EndpointResponse) => void) | null): void {
    this.pipeline.tap = fn;
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

  /** Changes the policy (validated); resets schedule and cooldown clocks; a detector it names starts watching now. */
  setPolicy(policy: string | Policy): Policy {
    this.policy = resolvePolicy(policy);
    for (const c of detectorConfigs([], this.policy)) this.monitor.watchWith(c);
    this.trigger.policyChanged(this.simT);
    this.decide('retrain', `policy set to ${this.policy.name}`, 'learner');
    return this.policy;
  }

  /** Sets the endpoint's routing directly (learner command). */
  setRouting(policy: RoutingPolicy): void {
    this.endpointNow.setRouting(policy);
  }

  /** Asks for a retrain at the next tick (manual trigger; works under any policy). */
  requestRetrain(reason?: string): void {
    this.trigger.request(reason);
  }

  /** Trains a candidate now on the policy's data window and takes it through gate and rollout. */
  async retrain(request: TrainRequest): Promise<TrainOutcome> {
    return this.retrainWith(request, {});
  }

  /**
   * A retrain with a drill's faults (drills and tests): a scrambled-labels candidate, a learning rate,
   * or the gate skipped. The learner's and the policy's retrains never take these.
   */
  async retrainWith(request: TrainRequest, faults: TrainFaults & { skipGate?: boolean }): Promise<TrainOutcome> {
    const actor = request.trigger === 'manual' ? 'learner' : `policy:${this.policy.name}`;
    this.setStation('data', `choosing the training window (${this.policy.data.kind})`);
    const window = this.training.window(this.buffer);
    if (window.examples.rows < MIN_RETRAIN_ROWS) {
      this.decide('skip-retrain', `only ${window.examples.rows} labelled rows in the training store; a retrain needs at least ${MIN_RETRAIN_ROWS}`, actor);
      return { version: null, gate: null, deployed: false, error: 'not enough labelled rows' };
    }
    return this.trainOn(window, request, actor, faults);
  }

  private async trainOn(window: Window, request: TrainRequest, actor: string, faults: TrainFaults & { skipGate?: boolean } = {}): Promise<TrainOutcome> {
    return this.releases.trainOn(window, request, actor, { ...faults, learningRate: faults.learningRate ?? this.incidents.learningRate });
  }

  /** Promotes a version to production now, bypassing any rollout (the gate result, if any, is recorded). */
  async promote(version: string, reason = 'learner promoted', actor = 'learner', gate: GateResult | null = null): Promise<void> {
    await this.releases.promote(version, reason, actor, gate);
  }

  /** Moves production back one entry of its history (one step). */
  async rollback(reason = 'learner rolled back', actor = 'learner'): Promise<string | null> {
    return this.releases.rollback(reason, actor);
  }

  /** Starts a canary or shadow trial of a registered version, or promotes it (direct). */
  async deploy(version: string, rollout: Policy['rollout'] = this.policy.rollout, actor = 'learner', gate: GateResult | null = null): Promise<boolean> {
    return this.releases.deploy(version, rollout, actor, gate);
  }

  /** Injects an incident (drills): the fault is real and persists until the lab is disposed. */
  async injectIncident(kind: IncidentKind): Promise<void> {
    checkIncident(kind);
    this.events.emit({ type: 'incident', t: this.simT, index: this.lastIndex, incident: kind, description: INCIDENT_DESCRIPTIONS[kind] });
    Object.assign(this.incidents, incidentEffects(kind, this.position));
    if (kind === 'regression-after-deploy') await this.retrainWith({ trigger: 'drill', reason: 'hotfix pushed without evaluation' }, { scrambleLabels: true, skipGate: true });
    if (kind === 'schema-break') {
      const broken = await breakSchema(this.registry, this.schema, this.simT);
      this.latencyBases.set(broken.version, this.latencyBases.get(broken.source) ?? 1);
      this.setStation('deploy', `deploying ${broken.version} with endpoint config v2`);
      const old = this.endpointNow;
      this.endpointNow = this.newEndpoint(broken.schema);
      await this.endpointNow.deploy(broken.version, { reason: 'endpoint config v2 (renamed field)', actor: 'release-bot', simTime: this.simT });
      await old.dispose();
      this.decide('promote', `${broken.version} deployed with endpoint config v2`, 'release-bot', { version: broken.version });
      this.setStation('observe', 'serving traffic');
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
    const answer = this.endpointNow.infer(request);
    await this.endpointNow.drain();
    const response = await answer;
    this.learner.requests++;
    if (isErrorResponse(response)) this.learner.errors++;
    return response;
  }

  /** Open Inference Protocol health: the server is live (the endpoint answers). */
  live(): ServerLiveResponse {
    return this.endpointNow.live();
  }

  /** Open Inference Protocol readiness: of the server (no model named), or of a model and version (404 for an unknown one). */
  ready(model?: string, version?: string): ServerReadyResponse | ModelReadyResponse | ErrorResponse {
    return this.endpointNow.ready(model, version);
  }

  /** Open Inference Protocol model metadata (name, versions, platform, inputs and outputs), or a 404 for an unknown model or version. */
  metadata(model?: string, version?: string): ModelMetadataResponse | ErrorResponse {
    return this.endpointNow.metadata(model, version);
  }

  /** The decision surface (2-D numeric datasets) of production and any trial version, with the recent traffic points (see surface.ts). */
  async surface(size = 40): Promise<DecisionSurface> {
    return decisionSurface({ registry: this.registry, schema: this.schema, deployed: this.endpointNow.deployed(), points: this.recentPoints?.list() ?? [], position: this.position }, size);
  }

  /** Stops everything and frees every model. */
  async dispose(): Promise<void> {
    await this.endpointNow.dispose();
    this.registry.close();
  }

  // ---------------------------------------------------------------- the engine

  /** Runs the stream for `seconds` of simulated time (whole ticks; see clock.ts). */
  step(seconds: number): Promise<void> {
    return this.clock.step(seconds);
  }

  /** Runs until `requests` more requests were sent (or the stream ends). */
  runRequests(requests: number): Promise<void> {
    return this.clock.runRequests(requests);
  }

  /** Runs to the end of the stream. */
  runToEnd(onProgress?: (position: number) => void): Promise<void> {
    return this.clock.runToEnd(onProgress);
  }

  /** The decisions after each tick: alerts, a trial's verdict, then the retrain trigger. */
  private async afterTick(): Promise<void> {
    this.evaluateAlerts();
    await this.trial.judge();
    const due = this.trigger.due(this.simT, this.trial.state.phase !== 'idle');
    if (due) {
      this.decide('retrain', due.reason, due.trigger === 'manual' ? 'learner' : `policy:${this.policy.name}`);
      await this.retrain(due);
    }
  }

  /** Answers a micro-batch of stream requests (the lab is then at the observe station). */
  private async answer(batch: readonly StreamRecord[]): Promise<void> {
    if (this.stationNow !== 'observe') this.setStation('observe', 'serving traffic');
    await this.pipeline.answer(batch);
  }

  /** Detector signals of a label: drifts on production's error stream are events, and the trigger hears them. */
  private onSignals(signals: readonly DriftSignal[]): void {
    const production = this.endpointNow.deployed().production;
    this.detectorTimeline.signals(signals, this.position, production);
    for (const s of signals) {
      if (s.kind !== 'drift' || s.source !== 'error' || s.version !== production) continue;
      this.events.emit({ type: 'drift', t: this.simT, index: this.lastIndex, version: s.version, detector: s.detector, source: s.source });
      this.trigger.onDetector(s, this.incidents.muted);
    }
  }

  /** Judges the alert rules on production; raised alerts are events, and the trigger hears them. */
  private evaluateAlerts(): void {
    const production = this.endpointNow.deployed().production;
    if (!production) return;
    for (const ev of this.alertWatch.evaluate(production, this.simT, this.incidents.muted)) {
      this.events.emit({ type: 'alert', t: this.simT, index: this.lastIndex, change: ev.type, alert: { ...ev.alert } });
      if (ev.type === 'raised') this.trigger.onAlertRaised(ev.alert.ruleId, ev.alert.metric, ev.alert.valueAtRaise);
    }
    this.trigger.onAlertsActive(this.alertWatch.engine.active.map((a) => a.ruleId));
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

export type { Trigger };
