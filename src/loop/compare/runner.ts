/**
 * The counterfactual runner: two to four policies on the same scenario and seed, each run exactly as
 * the single run (`runLabToEnd` in commands/simulate.ts, the one path), so a run of a compare equals
 * `npm run simulate` with that policy byte for byte. A fork runs the base config's policy up to a
 * request, then switches to another policy: the base run is then "what really happened", and the
 * others "what another policy would have done from there on".
 * Runs go one after another (one tfjs backend; same inputs, same results).
 */
import { LabCommandError } from '../engine/errors';
import { resolveLabConfig, type LabConfig } from '../engine/config';
import { resolvePolicy, type Policy } from '../decisions/policy';
import { runLabToEnd, type SimulationReport } from '../commands/simulate';
import { FitMemo, type SharedFit } from '../decisions/training';
import { Lab } from '../engine/lab';
import { compareSummary, type CompareSummary } from './summary';
import { recordStream, type RecordedStream } from './recorded';

/** The label delay of a run whose config sets none (engine/config.ts's default). */
const DEFAULT_LABEL_DELAY = resolveLabConfig({ scenario: 'stable', seed: 1 }).labelDelay;
/** The tick of a run whose config sets none. */
const DEFAULT_TICK_SECONDS = resolveLabConfig({ scenario: 'stable', seed: 1 }).tickSeconds;

/** Fewest and most policies in one compare. */
export const COMPARE_MIN = 2;
export const COMPARE_MAX = 4;

/** What to compare. */
export interface CompareOptions {
  /** The run's config; its `policy` is the base policy of a fork (ignored otherwise). */
  config: LabConfig;
  /** Policies by built-in name or as objects (validated), 2 to 4 (1 to 4 for a fork), distinct names. */
  policies: (string | Policy)[];
  /** Fork at this stream position: every policy but the base one takes over there. */
  forkAt?: number;
  /** The label dial, over the config (not with a fork: the replay must be the run it forks). */
  settings?: CompareSettings;
  /**
   * Run only run `only` of the compare's list (0-based; the list is checked whole first): a worker's
   * share of a compare run in parallel (src/worker/compare-pool.ts). The result then holds that one
   * run; `mergeCompareParts` (parts.ts) puts the parts back together, in list order, as one compare.
   */
  only?: number;
  /** First-version fits made before (`compareFirstFits`, in another worker): the runs take them instead of fitting v1. */
  firstFits?: SharedFit[];
}

/** What a compare may set over the run's config: the label delay and the share of labels never arriving. */
export interface CompareSettings {
  labelDelay?: number;
  labelLoss?: number;
}

/** One run of a compare. */
export interface CompareRun {
  policy: string;
  /** The policy object it ran (for a fork: the one it switched to). */
  policyDetail: Policy;
  summary: CompareSummary;
  /** Null for the base run of a fork and for a plain compare. */
  forkedAt: number | null;
  report: SimulationReport;
  /** Production's answers, for the alert sandbox. */
  recorded: RecordedStream;
}

/** A whole compare. */
export interface CompareResult {
  scenario: string;
  seed: number;
  requests: number;
  /** The base policy of a fork (null for a plain compare). */
  base: string | null;
  forkAt: number | null;
  /** Simulated seconds from an answer to its label, and the share of labels never arriving (the runs' shared settings). */
  labelDelay: number;
  labelLoss: number;
  /** Simulated seconds per tick of the runs (when alerts are judged; the sandbox replays on the same clock). */
  tickSeconds: number;
  runs: CompareRun[];
}

function fail(message: string, field: string): never {
  throw new LabCommandError('compare', message, { field });
}

/** Resolves and checks the policy list (names distinct; the count within limits). */
export function comparePolicies(policies: readonly (string | Policy)[], fork: boolean): Policy[] {
  if (!Array.isArray(policies)) fail('policies must be a list of policy names or objects', 'policies');
  const min = fork ? 1 : COMPARE_MIN;
  if (policies.length < min || policies.length > COMPARE_MAX) fail(`compare needs ${min} to ${COMPARE_MAX} policies, got ${policies.length}`, 'policies');
  const resolved = policies.map((p) => resolvePolicy(p));
  const names = new Set<string>();
  for (const p of resolved) {
    if (names.has(p.name)) fail(`policy "${p.name}" is named twice; each run needs its own name`, 'policies');
    names.add(p.name);
  }
  return resolved;
}

/** A compare's checked inputs: the base config (settings applied), the fork's base policy and the run list. */
interface ComparePlan {
  base0: LabConfig;
  base: Policy | null;
  forkAt: number | null;
  list: Policy[];
}

/** Checks a compare's options (policies, fork, settings) and lists its runs. */
function planCompare(options: CompareOptions): ComparePlan {
  const forkAt = options.forkAt ?? null;
  if (forkAt !== null && (!Number.isInteger(forkAt) || forkAt < 0)) fail(`forkAt must be a whole number >= 0, got ${JSON.stringify(forkAt)}`, 'forkAt');
  const policies = comparePolicies(options.policies, forkAt !== null);
  const settings = options.settings ?? {};
  if (typeof settings !== 'object' || settings === null) fail('settings must be an object', 'settings');
  for (const key of Object.keys(settings)) if (key !== 'labelDelay' && key !== 'labelLoss') fail(`settings.${key} is not a compare setting (labelDelay, labelLoss)`, 'settings');
  if (forkAt !== null && Object.keys(settings).length > 0) fail('a fork replays the run it forks: its label settings cannot change', 'settings');
  const base0 = { ...options.config, ...settings };
  const base = forkAt === null ? null : resolvePolicy(base0.policy ?? 'on-alert');
  // A fork compares with what really happened: the base run comes first.
  const list = base && !policies.some((p) => p.name === base.name) ? [base, ...policies] : policies;
  return { base0, base, forkAt, list };
}

/**
 * The first version's fit of a compare, made once so that runs in other workers take it (a compare
 * pool, src/worker/compare-pool.ts): the first run's Lab is made and bootstrapped (v1 trained, as the
 * run itself would), its fits handed back as plain data, the Lab disposed.
 */
export async function compareFirstFits(options: CompareOptions): Promise<SharedFit[]> {
  const { base0, list } = planCompare(options);
  const memo = new FitMemo();
  const lab = await Lab.create({ ...base0, policy: list[0] as Policy }, { fitMemo: memo });
  try {
    await lab.bootstrap();
  } finally {
    await lab.dispose();
  }
  return memo.entries();
}

/** Runs every policy on the same stream; `onRun(i, n)` is told before run i of n starts. */
export async function runCompare(options: CompareOptions, onRun?: (i: number, n: number, policy: string) => void): Promise<CompareResult> {
  const { base0, base, forkAt, list } = planCompare(options);
  const only = options.only ?? null;
  if (only !== null && (!Number.isInteger(only) || only < 0 || only >= list.length)) fail(`only must be a run of the compare, 0 to ${list.length - 1}, got ${JSON.stringify(only)}`, 'only');
  const runs: CompareRun[] = [];
  // Every run trains the same first version: fitted once, its weights taken by the others.
  const fitMemo = new FitMemo(options.firstFits ?? []);
  for (const [i, policy] of list.entries()) {
    if (only !== null && i !== only) continue;
    onRun?.(i, list.length, policy.name);
    const isBase = base !== null && policy.name === base.name;
    const config: LabConfig = { ...base0, policy: base && !isBase ? base : policy };
    let recorded: RecordedStream = { index: [], t: [], labelT: [], correct: [], version: [] };
    const { report } = await runLabToEnd(config, {
      fitMemo,
      ...(base && !isBase ? { fork: { at: forkAt as number, policy } } : {}),
      inspect: (lab) => {
        recorded = recordStream(lab.trafficLog.entries());
      },
    });
    runs.push({ policy: policy.name, policyDetail: policy, summary: compareSummary(report), forkedAt: base && !isBase ? forkAt : null, report, recorded });
  }
  const first = runs[0] as CompareRun;
  return { scenario: first.report.scenario.name, seed: first.report.seed, requests: first.report.requests, base: base?.name ?? null, forkAt, labelDelay: base0.labelDelay ?? DEFAULT_LABEL_DELAY, labelLoss: base0.labelLoss ?? 0, tickSeconds: base0.tickSeconds ?? DEFAULT_TICK_SECONDS, runs };
}

/** The CLI's JSON of a compare: scenario, seed and each run's policy and summary. */
export function compareJson(result: CompareResult): { scenario: string; seed: number; runs: { policy: string; summary: CompareSummary }[] } {
  return { scenario: result.scenario, seed: result.seed, runs: result.runs.map((r) => ({ policy: r.policy, summary: r.summary })) };
}
