/**
 * What a Lab is made of (the Lab facade, lab.ts, adds its commands): the parts wired in one place —
 * the per-request path and its observers in one list, the monitor, the clock, the alerts, the
 * trigger, training, the trial and the release flow — the state every view reads, and the decisions
 * run after each tick. Subclassed only by Lab.
 */
import { createRng, deriveSeed, type Rng } from '../../../datasets/random';
import { groundTruth } from '../../../datasets/scenarios/truth';
import type { DriftEvent } from '../../../datasets/ground-truth';
import type { DatasetSchema } from '../../../datasets/types';
import type { ConfidenceEstimator} from '../../monitoring/index';
import { Monitor, type DriftSignal } from '../../monitoring/index';
import type { ModelRegistry} from '../../registry/index';
import { type Alias, type GateResult } from '../../registry/index';
import { Endpoint, ManualScheduler, type EndpointResponse, type RoutingPolicy } from '../../serving/index';
import type { RequestStream} from '../../traffic/index';
import { type StreamRecord } from '../../traffic/index';
import { LabelledBuffer } from './buffer';
import { detectorConfigs, type ResolvedLabConfig } from './config';
import type { LoopContext } from './context';
import { aliasEvent, EventHub, type DecisionKind, type LabEvent } from './events';
import { MAX_PENDING, RequestPipeline } from './pipeline';
import { SimClock } from './clock';
import type { Station } from './stations';
import { AlertWatch } from '../decisions/alerting';
import { DEFAULT_ALERT_RULES } from '../decisions/alert-rules';
import { type Policy } from '../decisions/policy';
import type { RolloutState } from '../decisions/rollout';
import { fitCalibrator, TrainingRuns, type FitMemo, type TrainRequest } from '../decisions/training';
import { Trial } from '../decisions/trial';
import { ReleaseFlow, type TrainOutcome } from '../decisions/release';
import { RetrainTrigger } from '../decisions/trigger';
import { noIncidents, type IncidentState } from '../drills/incidents';
import { DetectorTimeline } from '../observers/detector-timeline';
import { FeatureDriftTracker } from '../observers/drift-view';
import { HealthSeries } from '../observers/health';
import { MonitorFeed } from '../observers/monitor-feed';
import { AccuracySeries } from '../observers/series';
import { RecentPoints } from '../observers/surface';
import { TrafficLog } from '../observers/traffic-log';
import { TrainingStore } from '../observers/training-store';
import { OutOfRangeFlags } from '../observers/range-flags';
import { LabBackend } from '../../compute/lab-backend';
import { trainingKernels, trainingProbe } from '../../model/index';

const EVENT_LOG = 5000;
let labsCreated = 0;

/** A version's simulated base latency (ms) from its trainable parameters: 0.5 ms + 1 ms per 400. */
export function simulatedBaseLatency(parameters: number): number {
  return 0.5 + parameters / 400;
}

/** The parts and state of a Lab; see the file comment. */
export abstract class LabCore {
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
  /** The labelled rows retrains draw from; holds back rows the endpoint flagged out of range (training-store.ts). */
  readonly trainingStore: TrainingStore;
  /** The stream requests the endpoint flagged out of range, in all and recently (range-flags.ts). */
  readonly rangeFlags: OutOfRangeFlags;
  protected endpointNow: Endpoint;
  protected readonly scheduler = new ManualScheduler();
  protected readonly pipeline: RequestPipeline;
  protected readonly alertWatch: AlertWatch;
  protected readonly trigger: RetrainTrigger;
  protected readonly training: TrainingRuns;
  /** The backend every training run uses: the config's policy through the realm's Compute (compute/lab-backend.ts). */
  readonly backend: LabBackend;
  protected readonly trial: Trial;
  protected readonly releases: ReleaseFlow;
  protected readonly calibrators = new Map<string, ConfidenceEstimator>();
  protected readonly latencyBases = new Map<string, number>();
  protected readonly incidents: IncidentState = noIncidents();
  /** The last requests' feature values for the decision surface (2-D numeric datasets only). */
  protected readonly recentPoints: RecentPoints | null;
  protected stationNow: Station = 'data';
  protected readonly clock: SimClock;
  /** Learner requests sent with `infer` (answered, and counted in the endpoint's statistics). */
  protected learner = { requests: 0, errors: 0 };


  protected constructor(
    config: ResolvedLabConfig,
    policy: Policy,
    readonly stream: RequestStream,
    readonly registry: ModelRegistry,
    fitMemo?: FitMemo,
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
    this.backend = new LabBackend(config.backend ?? null, () => {
      // The probe of `fastest` times the model on its own input shape (a picture for the CNN).
      const inputShape = config.model.kind === 'cnn' && stream.dataset.inputShape ? [...stream.dataset.inputShape] : [this.schema.features.length];
      const shape = { inputShape, classes: this.schema.classes.length };
      return { kernels: trainingKernels(config.model), probe: () => trainingProbe(config.model, shape, config.training.batchSize) };
    });
    this.training = new TrainingRuns({ ...ctx, lineage: { dataset: stream.dataset.id, scenario: stream.scenario.name }, inputShape: stream.dataset.inputShape, backend: this.backend, backendReplaced: () => this.reloadEndpoint(), ...(fitMemo ? { fitMemo } : {}) });
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
    const featureNames = this.schema.features.map((f) => f.name);
    this.trainingStore = new TrainingStore(this.buffer, this.incidents, featureNames);
    this.rangeFlags = new OutOfRangeFlags(featureNames);
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
      this.rangeFlags,
      this.trainingStore,
      this.trial,
    );
  }

  protected setCalibrator(version: string, est: ConfidenceEstimator): void {
    this.calibrators.set(version, est);
    this.monitor.setCalibrator(version, est);
  }

  /**
   * After the backend was lost and chosen again: a new endpoint (same schema and routing) loads what
   * the registry's aliases name onto the new backend, and the old one, whose models lived on the lost
   * backend, is dropped. No alias moves: production stays the version it was.
   */
  protected async reloadEndpoint(): Promise<void> {
    const old = this.endpointNow;
    const fresh = this.newEndpoint(old.schema);
    fresh.setRouting(old.routing);
    await fresh.restore();
    this.endpointNow = fresh;
    try {
      await old.dispose();
    } catch {
      // Its models lived on the lost backend; freeing them may fail, and they are gone either way.
    }
  }

  protected newEndpoint(schema: DatasetSchema): Endpoint {
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

  protected get lastIndex(): number {
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

  protected get simT(): number {
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

  protected setStation(station: Station, why: string): void {
    if (station === this.stationNow) return;
    this.stationNow = station;
    this.events.emit({ type: 'station', t: this.simT, index: this.lastIndex, station, why });
  }

  protected decide(kind: DecisionKind, reason: string, actor: string, extra: { version?: string; gate?: GateResult } = {}): void {
    this.events.emit({ type: 'decision', t: this.simT, index: this.lastIndex, kind, reason, actor, ...extra });
  }

  /** The decisions after each tick: alerts, a trial's verdict, then the retrain trigger. */
  protected async afterTick(): Promise<void> {
    this.evaluateAlerts();
    await this.trial.judge();
    const due = this.trigger.due(this.simT, this.trial.state.phase !== 'idle');
    if (due) {
      this.decide('retrain', due.reason, due.trigger === 'manual' ? 'learner' : `policy:${this.policy.name}`);
      await this.retrain(due);
    }
  }

  /** Answers a micro-batch of stream requests (the lab is then at the observe station). */
  protected async answer(batch: readonly StreamRecord[]): Promise<void> {
    if (this.stationNow !== 'observe') this.setStation('observe', 'serving traffic');
    await this.pipeline.answer(batch);
  }

  /** Detector signals of a label: drifts on production's error stream are events, and the trigger hears them. */
  protected onSignals(signals: readonly DriftSignal[]): void {
    const production = this.endpointNow.deployed().production;
    this.detectorTimeline.signals(signals, this.position, production);
    for (const s of signals) {
      if (s.kind !== 'drift' || s.source !== 'error' || s.version !== production) continue;
      this.events.emit({ type: 'drift', t: this.simT, index: this.lastIndex, version: s.version, detector: s.detector, source: s.source });
      this.trigger.onDetector(s, this.incidents.muted);
    }
  }

  /** Judges the alert rules on production; raised alerts are events, and the trigger hears them. */
  protected evaluateAlerts(): void {
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

  /** Trains a candidate now on the policy's data window and takes it through gate and rollout (lab.ts). */
  abstract retrain(request: TrainRequest): Promise<TrainOutcome>;

  /** Promotes a version to production (lab.ts). */
  abstract promote(version: string, reason?: string, actor?: string, gate?: GateResult | null): Promise<void>;
}
