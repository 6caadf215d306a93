/**
 * A headless run of the whole loop (what `npm run simulate` prints): create a lab, train and deploy
 * the first version, stream the scenario to its end under the policy, and report. The report holds
 * only simulated quantities (no wall-clock time, no machine facts), so the same options give the
 * same report byte for byte on the cpu backend.
 */
import type { DriftEvent } from '../../../datasets/ground-truth';
import { Lab } from '../engine/lab';
import { LabCommandError } from '../engine/errors';
import type { LabConfig } from '../engine/config';
import type { LabEvent } from '../engine/events';
import { resolvePolicy, type Policy } from '../decisions/policy';
import type { FitMemo } from '../decisions/training';
import { firstChange, round4, runOutcome, type RunSummary } from '../decisions/outcome';
import type { SeriesPoint } from '../observers/series';


/** The report of one run. */
export interface SimulationReport {
  scenario: { name: string; description: string; dataset: string; length: number };
  seed: number;
  policy: Policy;
  requests: number;
  window: number;
  /** Per-window accuracy of the production answers: realized (true labels) and estimated (CBPE). */
  series: SeriesPoint[];
  ground_truth: DriftEvent[];
  /** Detector drift signals on production's error stream. */
  alarms: { index: number; t: number; version: string; detector: string }[];
  alerts: { rule: string; change: 'raised' | 'resolved'; index: number; t: number; value: number }[];
  versions: { id: string; parent: string | null; trigger: string; index: number; t: number; train_rows: number; data_window: string; eval_accuracy: number; backend: string }[];
  promotions: { version: string; index: number; t: number; actor: string; reason: string; gate: Record<string, number> | null }[];
  rollbacks: { version: string | null; index: number; t: number; actor: string; reason: string }[];
  decisions: { kind: string; index: number; t: number; actor: string; reason: string; version?: string }[];
  training_failures: { index: number; code: string; message: string }[];
  totals: { requests: number; answered: number; errors: number; labels: number };
  summary: RunSummary;
  /**
   * The data check, present only when the endpoint flagged a stream request out of range (so a run
   * without such values reports exactly as before): the flagged requests, where the first and last
   * came, per feature, and the labelled rows the training store held back from training.
   */
  data_checks?: { flagged_requests: number; first_flagged_index: number | null; last_flagged_index: number | null; flagged_by_feature: Record<string, number>; held_back_rows: number; held_back_by_feature: Record<string, number> };
}

/** Options of a run: the lab's config (policy by name or object). */
export type SimulationOptions = LabConfig;

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const t3 = (x: number) => Math.round(x * 1000) / 1000;

/** Runs a scenario headless and reports. `onProgress` gets the stream position (for stderr). */
export async function runSimulation(options: SimulationOptions, onProgress?: (position: number, total: number) => void): Promise<SimulationReport> {
  return (await runLabToEnd(options, { ...(onProgress ? { onProgress } : {}) })).report;
}

/** What a run may do besides running (the compare view's runs; `npm run simulate` uses none of it). */
export interface RunHooks {
  onProgress?: (position: number, total: number) => void;
  /**
   * A fork: run the config's policy until `at` requests were sent (to the end of that tick, as the
   * Lab it forks from stopped), then switch to `policy` and run on. The report names the policy it
   * ended with.
   */
  fork?: { at: number; policy: string | Policy };
  /** Reads the finished lab before it is disposed (for example its traffic log). */
  inspect?: (lab: Lab) => void;
  /** First-version fits shared with the other runs of a compare (decisions/training.ts). */
  fitMemo?: FitMemo;
}

/** One run of a lab to its end, the single path of `runSimulation` and the compare runner. */
export async function runLabToEnd(options: SimulationOptions, hooks: RunHooks): Promise<{ report: SimulationReport; policy: Policy }> {
  const lab = await Lab.create(options, hooks.fitMemo ? { fitMemo: hooks.fitMemo } : {});
  try {
    const loss = options.labelLoss ?? 0;
    // A setting the stream does not apply must not pass silently (the stream's labels.share is 1 - loss).
    if (loss > 0 && Math.abs((lab.stream.config.labels?.share ?? 1) - (1 - loss)) > 1e-12) throw new LabCommandError('simulate', `labelLoss ${loss} is not applied by this engine's stream (labels.share is ${lab.stream.config.labels?.share ?? 1})`, { field: 'labelLoss' });
    await lab.bootstrap();
    const total = options.requests ?? lab.stream.scenario.length;
    let next = 0;
    const progress = (position: number) => {
      if (hooks.onProgress && position >= next) {
        hooks.onProgress(position, total);
        next = position + Math.ceil(total / 20);
      }
    };
    let policy = resolvePolicy(options.policy ?? 'on-alert');
    if (hooks.fork) {
      await lab.runRequests(hooks.fork.at);
      policy = lab.setPolicy(hooks.fork.policy);
    }
    await lab.runToEnd(progress);
    hooks.inspect?.(lab);
    return { report: buildReport(lab, total, policy), policy };
  } finally {
    await lab.dispose();
  }
}

/** The report of a finished lab. */
export function buildReport(lab: Lab, requests: number, policy: Policy): SimulationReport {
  const events = lab.log();
  const of = <T extends LabEvent['type']>(type: T) => events.filter((e): e is Extract<LabEvent, { type: T }> => e.type === type);
  const series = lab.series.points();
  const truth = lab.groundTruth();
  const scenario = lab.stream.scenario;
  const alarms = of('drift').map((e) => ({ index: e.index, t: t3(e.t), version: e.version, detector: e.detector }));
  const alerts = of('alert').map((e) => ({ rule: e.alert.ruleId, change: e.change, index: e.index, t: t3(e.t), value: r4(e.change === 'raised' ? e.alert.valueAtRaise : e.alert.peak) }));
  const decisions = of('decision');
  const versions = lab.registry.list().map((v) => {
    const ev = of('version').find((e) => e.version.id === v.id);
    return { id: v.id, parent: v.parent, trigger: v.trigger, index: ev?.index ?? -1, t: t3(v.created.simTime), train_rows: v.data.window?.rows ?? 0, data_window: v.data.window?.policy ?? '', eval_accuracy: r4(v.evaluation.accuracy), backend: v.backend };
  });
  const promotions = decisions.filter((d) => d.kind === 'promote').map((d) => ({ version: d.version ?? '', index: d.index, t: t3(d.t), actor: d.actor, reason: d.reason, gate: d.gate ? Object.fromEntries(Object.entries(d.gate.metrics).map(([k, v]) => [k, r4(v)])) : null }));
  const rollbacks = decisions.filter((d) => d.kind === 'rollback').map((d) => ({ version: d.version ?? null, index: d.index, t: t3(d.t), actor: d.actor, reason: d.reason }));
  const outcome = runOutcome(series, truth, [...alarms.map((a) => a.index), ...alerts.filter((a) => a.change === 'raised').map((a) => a.index)]);
  const summary: RunSummary = {
    accuracy_before_drift: round4(outcome.accuracyBefore),
    min_accuracy_after_drift: round4(outcome.minAfter),
    requests_to_detect: outcome.requestsToDetect,
    requests_to_recover: outcome.requestsToRecover,
    versions: versions.length,
    rollbacks: rollbacks.length,
    promotions_before_change: promotions.filter((p) => p.index >= 0 && p.index < firstChange(truth)).length,
  };
  const totals = lab.totals;
  const checks = lab.rangeFlags.view(lab.trainingStore.heldBack());
  return {
    scenario: { name: scenario.name, description: scenario.description, dataset: lab.stream.dataset.id, length: scenario.length },
    seed: lab.config.seed,
    policy,
    requests,
    window: lab.config.window,
    series,
    ground_truth: truth,
    alarms,
    alerts,
    versions,
    promotions,
    rollbacks,
    decisions: decisions.map((d) => ({ kind: d.kind, index: d.index, t: t3(d.t), actor: d.actor, reason: d.reason, ...(d.version ? { version: d.version } : {}) })),
    training_failures: of('training-failed').map((e) => ({ index: e.index, code: e.code, message: e.message })),
    totals: { requests: totals.requests, answered: totals.answered, errors: totals.errors, labels: totals.labels },
    summary,
    ...(checks.flagged > 0 || checks.heldBack.rows > 0
      ? { data_checks: { flagged_requests: checks.flagged, first_flagged_index: checks.firstFlagged, last_flagged_index: checks.lastFlagged, flagged_by_feature: checks.byFeature, held_back_rows: checks.heldBack.rows, held_back_by_feature: checks.heldBack.byFeature } }
      : {}),
  };
}
