/**
 * `npm run simulate`: the loop headless in Node. Parses the flags, runs, prints the report on stdout
 * (JSON with --json, else a short text summary); progress and timings go to stderr; bad flags give a
 * message on stderr and exit code 2. Launched by simulate.mjs through Vite's module runner.
 */
import { RUN_PARAMETERS } from '../engine/parameters';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { LabError } from '../../errors';
import { POLICIES, resolvePolicy, type Policy } from '../decisions/policy';
import { scenarioList } from '../engine/scenarios';
import { runSimulation, type SimulationReport } from './simulate';
import { nodeBackendProblem, useNodeBackend, type NodeBackend } from '../../compute/node-backend';
import { COMPARE_MAX, COMPARE_MIN, compareJson, runCompare, type CompareResult } from '../compare/runner';

/** What the flags ask for. */
export interface CliOptions {
  help: boolean;
  list: boolean;
  json: boolean;
  scenario?: string;
  seed?: number;
  policy?: string;
  requests?: number;
  /** --backend: cpu (default) or wasm. */
  backend?: NodeBackend;
  /** --compare: the policies (names or JSON files) to run on the same stream. */
  compare?: string[];
  /** --fork-at: with --compare, the others take over from the --policy run at this request. */
  forkAt?: number;
  /** --label-delay: simulated seconds from an answer to its label. */
  labelDelay?: number;
  /** --label-loss: share of labels that never arrive. */
  labelLoss?: number;
}

/** A flag error: message on stderr, exit code 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: npm run --silent simulate -- --scenario <name> --seed <n> [--policy <name|file.json>] [--requests <N>] [--backend cpu|wasm] [--json]
       npm run --silent simulate -- --compare <p1,p2[,p3,p4]> --scenario <name> --seed <n> [--requests <N>] [--fork-at <i> --policy <p>] [--json]
       npm run --silent simulate -- --list [--json]

Runs the MLOps loop headless (tfjs cpu backend, or wasm with --backend): trains the first version on the scenario's base
concept, streams the scenario's requests through the endpoint, monitors, and retrains under the policy.
Prints the report on stdout (JSON with --json); progress goes to stderr. Same seed -> same report.

  --scenario <name>   a scenario (see --list)
  --seed <n>          a whole number; seeds the stream, the splits and the weights
  --policy <p>        a built-in policy name (default on-alert) or a JSON policy file
  --requests <N>      requests to stream (default: the scenario's length)
  --backend <b>       cpu (default) or wasm; same backend, same report; the stream, drift and labels
                      are the same on both, the model numbers may differ slightly between them
  --compare <list>    2 to 4 policies (names or JSON files, comma-separated) on the same stream and
                      seed; prints each run's summary (each run equals the single run with that policy)
  --fork-at <i>       with --compare: run --policy up to request i, then each other policy from there
  --label-delay <s>   simulated seconds from an answer to its label (default 10)
  --label-loss <p>    share of labels that never arrive, 0 to ${RUN_PARAMETERS.labelLoss.max} (default 0)
  --list              list scenarios and policies
  --json              JSON output
  --help              this text

npm prints a 2-line banner on stdout before the report; use "npm run --silent simulate -- ..." to drop it.`;

function intFlag(name: string, value: string | undefined, min: number): number {
  if (value === undefined || !/^-?\d+$/.test(value)) throw new UsageError(`--${name} needs a whole number, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number >= ${min}, got ${value}`);
  return n;
}

function numberFlag(parameter: 'labelDelay' | 'labelLoss', name: string, value: string): number {
  const n = Number(value);
  const p = RUN_PARAMETERS[parameter];
  if (value.trim() === '' || !Number.isFinite(n) || n < p.min || n > p.max) throw new UsageError(`--${name} must be a number from ${p.min} to ${p.max}, got ${JSON.stringify(value)}`);
  return n;
}

/** The run settings the flags name beyond scenario, seed and policy (none: the defaults, and the report as before). */
function runSettings(o: CliOptions): { requests?: number; labelDelay?: number; labelLoss?: number } {
  return { ...(o.requests !== undefined ? { requests: o.requests } : {}), ...(o.labelDelay !== undefined ? { labelDelay: o.labelDelay } : {}), ...(o.labelLoss !== undefined ? { labelLoss: o.labelLoss } : {}) };
}

/** Parses argv (without node and the script). Throws UsageError. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = { help: false, list: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help':
      case '-h':
        o.help = true;
        break;
      case '--list':
        o.list = true;
        break;
      case '--json':
        o.json = true;
        break;
      case '--scenario':
        o.scenario = value();
        break;
      case '--seed':
        o.seed = intFlag('seed', value(), RUN_PARAMETERS.seed.min);
        if (o.seed > RUN_PARAMETERS.seed.max) throw new UsageError('--seed must fit in 32 bits');
        break;
      case '--policy':
        o.policy = value();
        break;
      case '--compare':
        o.compare = value().split(',').map((p) => p.trim());
        if (o.compare.some((p) => p === '')) throw new UsageError('--compare needs policy names or files separated by commas, with none empty');
        break;
      case '--fork-at':
        o.forkAt = intFlag('fork-at', value(), 0);
        break;
      case '--backend': {
        const b = value();
        const problem = nodeBackendProblem(b);
        if (problem) throw new UsageError(problem);
        o.backend = b as NodeBackend;
        break;
      }
      case '--label-delay':
        o.labelDelay = numberFlag('labelDelay', 'label-delay', value());
        break;
      case '--label-loss':
        o.labelLoss = numberFlag('labelLoss', 'label-loss', value());
        break;
      case '--requests':
        o.requests = intFlag('requests', value(), RUN_PARAMETERS.requests.min);
        if (o.requests > RUN_PARAMETERS.requests.max) throw new UsageError(`--requests must be at most ${RUN_PARAMETERS.requests.max}, got ${o.requests}`);
        break;
      default:
        throw new UsageError(`unknown flag ${JSON.stringify(arg)}`);
    }
  }
  if (!o.help && !o.list) {
    if (o.scenario === undefined) throw new UsageError('--scenario is required (see --list)');
    if (!scenarioList().some((s) => s.name === o.scenario)) throw new UsageError(`unknown scenario ${JSON.stringify(o.scenario)}; known: ${scenarioList().map((s) => s.name).join(', ')}`);
    if (o.seed === undefined) throw new UsageError('--seed is required');
  }
  if (o.forkAt !== undefined && o.compare === undefined) throw new UsageError('--fork-at needs --compare');
  if (o.compare !== undefined && o.forkAt === undefined && (o.compare.length < COMPARE_MIN || o.compare.length > COMPARE_MAX)) throw new UsageError(`--compare needs ${COMPARE_MIN} to ${COMPARE_MAX} policies, got ${o.compare.length}`);
  if (o.compare !== undefined && o.forkAt !== undefined && (o.compare.length < 1 || o.compare.length > COMPARE_MAX)) throw new UsageError(`--compare needs 1 to ${COMPARE_MAX} policies with --fork-at, got ${o.compare.length}`);
  return o;
}

/** Reads --policy: a built-in name, else a JSON file. Throws UsageError with the reason. */
export function loadPolicy(value: string | undefined): Policy {
  if (value === undefined) return resolvePolicy('on-alert');
  if (POLICIES.some((p) => p.name === value)) return resolvePolicy(value);
  let text: string;
  try {
    text = readFileSync(value, 'utf8');
  } catch {
    throw new UsageError(`--policy ${JSON.stringify(value)} is neither a built-in policy (${POLICIES.map((p) => p.name).join(', ')}) nor a readable file`);
  }
  try {
    return resolvePolicy(JSON.parse(text));
  } catch (error) {
    throw new UsageError(`--policy ${value}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The --list content. */
export function listing(): { scenarios: { name: string; description: string; dataset: string; length: number; changes: number }[]; policies: { name: string; description: string; trigger: string; rollout: string }[] } {
  return {
    scenarios: scenarioList().map((s) => ({ name: s.name, description: s.description, dataset: s.dataset.id === 'imported' ? 'imported' : s.dataset.id, length: s.length, changes: s.changes.length })),
    policies: POLICIES.map((p) => ({ name: p.name, description: p.description, trigger: p.trigger.kind, rollout: p.rollout.kind })),
  };
}

function text(report: SimulationReport): string {
  const s = report.summary;
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
  return [
    `scenario ${report.scenario.name} (seed ${report.seed}, policy ${report.policy.name}, ${report.requests} requests)`,
    `accuracy before drift      ${pct(s.accuracy_before_drift)}`,
    `min accuracy after drift   ${pct(s.min_accuracy_after_drift)}`,
    `requests to detect         ${s.requests_to_detect ?? 'not detected'}`,
    `requests to recover        ${s.requests_to_recover ?? 'not recovered'}`,
    `versions                   ${s.versions}`,
    `rollbacks                  ${s.rollbacks}`,
    `promotions before a change ${s.promotions_before_change}`,
    ...report.promotions.map((p) => `  promote ${p.version} at request ${p.index}: ${p.reason}`),
    ...report.rollbacks.map((r) => `  rollback ${r.version ?? ''} at request ${r.index}: ${r.reason}`),
  ].join('\n');
}

function compareText(result: CompareResult): string {
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
  const head = `scenario ${result.scenario} (seed ${result.seed}, ${result.requests} requests)${result.forkAt !== null ? `, fork of ${result.base ?? ''} at request ${result.forkAt}` : ''}`;
  const rows = result.runs.map((r) => {
    const s = r.summary;
    return `  ${r.policy.padEnd(20)} after drift ${pct(s.mean_accuracy_after_drift).padStart(6)}  min ${pct(s.min_accuracy_after_drift).padStart(6)}  detect ${String(s.requests_to_detect ?? '-').padStart(5)}  recover ${String(s.requests_to_recover ?? '-').padStart(5)}  retrains ${s.retrains}  rollbacks ${s.rollbacks}  alerts ${s.alerts}  labels used ${s.labels_used}`;
  });
  return [head, ...rows].join('\n');
}

/** Runs the command; returns the exit code. `out` is stdout, `err` stderr. */
export async function main(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let o: CliOptions;
  let policy: Policy;
  let compared: Policy[] | null = null;
  try {
    o = parseArgs(argv);
    policy = loadPolicy(o.policy);
    if (o.compare !== undefined) compared = o.compare.map((p) => loadPolicy(p));
  } catch (error) {
    if (error instanceof UsageError) {
      err(`simulate: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (o.help) {
    out(`${USAGE}\n`);
    return 0;
  }
  if (o.list) {
    const l = listing();
    out(o.json ? `${JSON.stringify(l)}\n` : `Scenarios:\n${l.scenarios.map((s) => `  ${s.name.padEnd(28)} ${s.description}`).join('\n')}\nPolicies:\n${l.policies.map((p) => `  ${p.name.padEnd(28)} ${p.description}`).join('\n')}\n`);
    return 0;
  }
  await useNodeBackend(o.backend ?? 'cpu');
  await tf.ready();
  const started = performance.now();
  try {
    if (compared !== null) {
      const result = await runCompare(
        { config: { scenario: o.scenario as string, seed: o.seed as number, policy, ...runSettings(o) }, policies: compared, ...(o.forkAt !== undefined ? { forkAt: o.forkAt } : {}) },
        (i, n, name) => err(`simulate: run ${i + 1}/${n} (${name})\n`),
      );
      err(`simulate: done in ${((performance.now() - started) / 1000).toFixed(1)} s (wall clock, not in the report)\n`);
      out(o.json ? `${JSON.stringify(compareJson(result), null, 2)}\n` : `${compareText(result)}\n`);
      return 0;
    }
    const report = await runSimulation({ scenario: o.scenario as string, seed: o.seed as number, policy, ...runSettings(o) }, (position, total) => err(`simulate: ${position}/${total} requests\n`));
    err(`simulate: done in ${((performance.now() - started) / 1000).toFixed(1)} s (wall clock, not in the report)\n`);
    out(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${text(report)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof LabError) {
      err(`simulate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
