/**
 * The Lab: the facade of the closed loop, its command surface (train, deploy, promote, rollback,
 * routing, step, policy, incidents, sessions). Its parts are wired in lab-core.ts (with the
 * configuration, the simulated clock of engine/clock.ts and the state views read):
 *
 * - the per-request path (engine/pipeline.ts): request -> endpoint -> answer -> label join, handed
 *   to the observers registered in one list in lab-core.ts (engine/observer.ts);
 * - the monitor (src/monitoring), the single source of metrics and detectors, fed by one observer;
 * - the decisions: when to retrain (decisions/trigger.ts), training and the gate
 *   (decisions/training.ts), alerts (decisions/alerting.ts), a canary or shadow trial (decisions/trial.ts);
 * - the drills' faults (drills/inject.ts).
 *
 * Same config, same run: every decision runs on simulated time (see clock.ts).
 */
import { createRng, deriveSeed } from '../../../datasets/random';
import { ConfidenceEstimator, type ConfidenceEstimatorState } from '../../monitoring/index';
import type { Examples } from '../../model/index';
import { exportBundle, ImportError, MemoryStore, ModelRegistry, precheckImport, proveLoadable, readBundle, type GateResult, type Trigger, type Version } from '../../registry/index';
import { isErrorResponse, type EndpointResponse, type ErrorResponse, type InferTarget, type ModelMetadataResponse, type ModelReadyResponse, type RoutingPolicy, type ServerLiveResponse, type ServerReadyResponse } from '../../serving/index';
import { RequestStream } from '../../traffic/index';
import { type Window } from './buffer';
import { detectorConfigs, resolveLabConfig, type LabConfig } from './config';
import { LabCommandError } from './errors';
import { aliasEvent } from './events';
import { lookupScenario } from './scenarios';
import { ownData } from './own-data';
import { resolvePolicy, type Policy } from '../decisions/policy';
import { MIN_RETRAIN_ROWS, type FitMemo, type TrainFaults, type TrainRequest } from '../decisions/training';
import { type TrainOutcome } from '../decisions/release';
import { breakSchema, incidentEffects, type IncidentKind } from '../drills/inject';
import { checkIncident, INCIDENT_DESCRIPTIONS } from '../drills/incidents';
import { decisionSurface, type DecisionSurface } from '../observers/surface';
import { sessionStore, type RestoredSession } from '../persistence/session';
import { LabCore, simulatedBaseLatency } from './lab-core';
import { defaultLabModel } from './model';
import { prepareTrainedModel, type TrainedModel } from '../decisions/outside-model';
import type { MlpSpec } from '../../model/spec';

export type { TrainRequest } from '../decisions/training';
export type { TrainOutcome } from '../decisions/release';
export type { TrainedModel } from '../decisions/outside-model';
export { simulatedBaseLatency } from './lab-core';

/** The closed loop. Create with `Lab.create(config)`. */
export class Lab extends LabCore {
  /** Builds a lab: the stream, an in-memory registry on the simulated clock, the endpoint, the monitor. */
  static async create(config: LabConfig, extras: { fitMemo?: FitMemo } = {}): Promise<Lab> {
    const resolved = resolveLabConfig(config);
    const policy = resolvePolicy(config.policy ?? 'on-alert');
    const scenario = lookupScenario(resolved.scenario);
    const stream = new RequestStream({
      scenario,
      seed: deriveSeed(resolved.seed, 'stream'),
      limit: resolved.requests ?? scenario.length,
      ...(resolved.rate !== undefined ? { rate: resolved.rate } : {}),
      labels: { delay: resolved.labelDelay, ...(resolved.labelLoss ? { share: 1 - resolved.labelLoss } : {}) },
      ...(resolved.badRequestShare > 0 ? { badRequests: { share: resolved.badRequestShare } } : {}),
    }, ownData(resolved, scenario));
    // Pictures get the small CNN when the config names no model (engine/model.ts).
    if (config.model === undefined) resolved.model = defaultLabModel(stream.dataset.inputShape, resolved.model as MlpSpec);
    let lab: Lab | null = null;
    const registry = await ModelRegistry.open(new MemoryStore(), { now: () => new Date(Math.round((lab?.simT ?? 0) * 1000)) });
    lab = new Lab(resolved, policy, stream, registry, extras.fitMemo);
    // The backend is chosen before any model is built or loaded (a restored session's included).
    await lab.backend.prepare();
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

  // ---------------------------------------------------------------- commands

  /** Trains the first version on `initialRows` rows of the scenario's base concept and deploys it. */
  async bootstrap(): Promise<string> {
    if (this.registry.list().length > 0) throw new LabCommandError('bootstrap', 'the lab already has versions');
    this.setStation('data', 'drawing the initial training set from the base concept');
    const batch = this.stream.dataset.sample(this.config.initialRows, createRng(deriveSeed(this.config.seed, 'initial-rows')));
    const examples: Examples = { features: batch.features, labels: batch.labels, rows: batch.rows, inputShape: [batch.cols], classes: this.schema.classes.length };
    const window: Window = { examples, from: 0, to: 0, firstIndex: -batch.rows, lastIndex: -1 };
    // The lab makes v1 itself when it starts (actor 'lab'), not the learner.
    const outcome = await this.trainOn(window, { trigger: 'manual', reason: 'initial version' }, 'lab');
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
    const actor = request.trigger === 'manual' ? 'learner' : request.trigger === 'drill' ? 'drill' : `policy:${this.policy.name}`;
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

  /**
   * Deploys a model trained in the trainer panel (decisions/outside-model.ts): checked against this
   * lab's dataset and schema (a clear refusal otherwise, nothing registered), registered as a version
   * (trigger `trainer`), gated against production on the same rows and released by the policy's
   * rollout. Once it passed the gate, the loop's retrains use its model spec and hyper-parameters.
   */
  async deployTrained(trained: TrainedModel): Promise<TrainOutcome> {
    const actor = 'learner';
    const lab = { dataset: this.stream.dataset.id, scenario: this.stream.scenario.name, schema: this.schema };
    const gatePolicy = this.policy.gate;
    this.setStation('evaluate', 'checking the model from the trainer');
    let prepared: Awaited<ReturnType<typeof prepareTrainedModel>>;
    try {
      prepared = await prepareTrainedModel(trained, lab, {
        window: () => (this.buffer.size > 0 ? this.training.window(this.buffer) : null),
        holdout: gatePolicy.holdout,
        minSamples: gatePolicy.minSamples,
        simTime: this.simT,
        register: (artifacts, info) => this.registry.registerArtifacts(artifacts, info),
      });
    } catch (error) {
      this.setStation('observe', 'the trainer\'s model was refused; production unchanged');
      throw error;
    }
    this.decide('retrain', `${prepared.candidate.version.id} comes from the trainer panel (${prepared.job.dataset.id}, ${prepared.job.model.kind}); the gate compares it with production on ${prepared.source}`, actor, { version: prepared.candidate.version.id });
    const outcome = await this.releases.release(prepared.candidate, { trigger: 'trainer', reason: 'deployed from the trainer panel' }, actor);
    if (outcome.gate?.passed) {
      // From now on the loop retrains this model: its spec and hyper-parameters.
      this.config.model = prepared.job.model;
      this.config.training = { ...prepared.job.training };
    }
    return outcome;
  }

  /** One version as a one-file export (registry/export.ts): its TF.js layers-model JSON, weights (base64) and metadata, dated on the simulated clock. */
  async exportVersion(version: string): Promise<string> {
    return exportBundle(this.registry, version, new Date(Math.round(this.simT * 1000)));
  }

  /**
   * Registers a one-file export as a new version, never deployed (promote it to serve it). Checked
   * completely first (registry/import.ts), then against this lab's features and classes: a bad file
   * throws its ImportError and registers nothing. The new version has no parent here; `importedFrom`
   * names the version it was exported as.
   */
  async importVersion(file: string | ArrayBuffer | Uint8Array): Promise<Version> {
    const checked = precheckImport(readBundle(file));
    const a = checked.info.schema;
    const b = this.schema;
    const same = a.features.length === b.features.length && a.features.every((f, i) => f.name === b.features[i]?.name && f.type === b.features[i]?.type) && a.classes.join('\u0000') === b.classes.join('\u0000');
    if (!same) {
      const words = (x: typeof a) => `features ${x.features.map((f) => f.name).join(', ')}; classes ${x.classes.join(', ')}`;
      throw new ImportError('schema-mismatch', `the version's data (${words(a)}) does not match this lab's (${words(b)})`, { field: 'metadata.schema' });
    }
    await proveLoadable(checked);
    const version = await this.registry.registerArtifacts(checked.artifacts, { ...checked.info, simTime: this.simT }, checked.origin);
    const specs = checked.artifacts.weightSpecs.filter((w) => !w.name.startsWith('scale_inputs'));
    this.latencyBases.set(version.id, simulatedBaseLatency(specs.reduce((n, w) => n + w.shape.reduce((x, y) => x * y, 1), 0)));
    return version;
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
   * `target` addresses the protocol's `v2/models/<model>[/versions/<version>]/infer`: a deployed
   * version answers itself (pinned, not routed); an unknown model or undeployed version gets the
   * endpoint's 404 (`unknown-model`).
   */
  async infer(request: unknown, target: InferTarget = {}): Promise<EndpointResponse> {
    const answer = this.endpointNow.infer(request, target);
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

}

export type { Trigger };
