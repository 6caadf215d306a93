/**
 * `npm run record`: records one run of the loop (src/loop/persistence/record.ts) into a JSON file that any element
 * replays with `recording="file.json"` and no tfjs. Flags as `npm run simulate` (same scenario, seed and
 * policy give the same run) plus where to write and the size budget. Progress goes to stderr; bad
 * flags give a message on stderr and exit code 2. Launched by record-command.mjs through Vite's module runner.
 */
import { RUN_PARAMETERS } from '../engine/parameters';
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { nodeBackendProblem, useNodeBackend, type NodeBackend } from '../../compute/node-backend';
import { LabError } from '../../errors';
import { loadPolicy, UsageError } from './cli';
import type { LabConfig } from '../engine/config';
import { POLICIES } from '../decisions/policy';
import { DEFAULT_RECORDING_BYTES, recordRun } from '../persistence/record';
import { scenarioList } from '../engine/scenarios';

/** What the flags ask for. */
export interface RecordCliOptions {
  help: boolean;
  scenario: string;
  seed: number;
  policy?: string;
  requests?: number;
  out: string;
  every?: number;
  maxBytes: number;
  omit?: string[];
  /** --backend: cpu (default) or wasm. */
  backend?: NodeBackend;
}

export const RECORD_USAGE = `Usage: npm run --silent record -- --scenario <name> --seed <n> --out <file.json> [--policy <name|file.json>] [--requests <N>] [--every <seconds>] [--max-kb <KiB>] [--omit <field,...>] [--backend cpu|wasm]

Runs the loop headless (as npm run simulate does) and records what the lab host sends its views:
snapshots and lab events with their simulated times, thinned to fit --max-kb. Any element replays the
file with no TensorFlow.js loaded: <mlops-monitor recording="file.json"></mlops-monitor>.

  --scenario <name>   a scenario (npm run simulate -- --list)
  --seed <n>          a whole number; same seed, same recording
  --policy <p>        a built-in policy name (default on-alert) or a JSON policy file
  --requests <N>      requests to stream (default: the scenario's length)
  --out <file>        where to write the recording (JSON)
  --every <seconds>   simulated seconds between snapshots before thinning (default 4)
  --max-kb <KiB>      size budget of the file (default ${DEFAULT_RECORDING_BYTES / 1024})
  --omit <fields>     optional snapshot fields to leave out, comma-separated (e.g. health,detectors for a
                      recording only a monitor replays; fields every view needs cannot be left out)
  --backend <b>       cpu (default) or wasm; same backend, same recording (the stream, drift and labels
                      are the same on both; the model numbers may differ slightly between them)
  --help              this text`;

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`${flag} needs a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Parses argv (without node and the script). Throws UsageError. */
export function parseRecordArgs(argv: readonly string[]): RecordCliOptions {
  const o: Partial<RecordCliOptions> & { help: boolean; maxBytes: number } = { help: false, maxBytes: DEFAULT_RECORDING_BYTES };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') o.help = true;
    else if (flag === '--scenario') o.scenario = value();
    else if (flag === '--seed') o.seed = wholeNumber(flag, value(), RUN_PARAMETERS.seed.min, RUN_PARAMETERS.seed.max);
    else if (flag === '--policy') o.policy = value();
    else if (flag === '--requests') o.requests = wholeNumber(flag, value(), RUN_PARAMETERS.requests.min, RUN_PARAMETERS.requests.max);
    else if (flag === '--out') o.out = value();
    else if (flag === '--every') {
      const v = value();
      o.every = Number(v);
      if (!(o.every > 0) || !Number.isFinite(o.every)) throw new UsageError(`--every needs a positive number of simulated seconds, got ${JSON.stringify(v)}`);
    } else if (flag === '--omit') o.omit = value().split(',').map((f) => f.trim()).filter(Boolean);
    else if (flag === '--backend') {
      const b = value();
      const problem = nodeBackendProblem(b);
      if (problem) throw new UsageError(problem);
      o.backend = b as NodeBackend;
    } else if (flag === '--max-kb') o.maxBytes = wholeNumber(flag, value(), 1, 8192) * 1024;
    else throw new UsageError(`unknown flag ${JSON.stringify(arg)}`);
  }
  if (o.help) return { ...o, scenario: '', seed: 0, out: '' };
  if (o.scenario === undefined) throw new UsageError('--scenario is required');
  if (!scenarioList().some((s) => s.name === o.scenario)) throw new UsageError(`unknown scenario ${JSON.stringify(o.scenario)}; known: ${scenarioList().map((s) => s.name).join(', ')}`);
  if (o.seed === undefined) throw new UsageError('--seed is required');
  if (o.out === undefined) throw new UsageError('--out is required');
  return o as RecordCliOptions;
}

/** Runs the command; returns the exit code. `out` is stdout, `err` stderr. */
export async function main(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let o: RecordCliOptions;
  let config: LabConfig;
  try {
    o = parseRecordArgs(argv);
    if (o.help) {
      out(`${RECORD_USAGE}\n`);
      return 0;
    }
    const policy = o.policy === undefined || POLICIES.some((p) => p.name === o.policy) ? (o.policy ?? 'on-alert') : loadPolicy(o.policy);
    config = { scenario: o.scenario, seed: o.seed, policy, ...(o.requests !== undefined ? { requests: o.requests } : {}) };
  } catch (error) {
    if (error instanceof UsageError) {
      err(`record: ${error.message}\n\n${RECORD_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  await useNodeBackend(o.backend ?? 'cpu');
  await tf.ready();
  try {
    let next = 0;
    const recording = await recordRun(config, { maxBytes: o.maxBytes, ...(o.every !== undefined ? { every: o.every } : {}), ...(o.omit ? { omit: o.omit } : {}) }, (position) => {
      if (position >= next) {
        err(`record: ${position} requests\n`);
        next = position + 1000;
      }
    });
    const text = `${JSON.stringify(recording)}\n`;
    writeFileSync(o.out, text);
    const t = recording.thinned;
    err(`record: wrote ${o.out} (${text.length} bytes, ${t.snapshotsKept} of ${t.snapshotsRecorded} snapshots, ${recording.messages.length} messages, ${recording.duration} simulated seconds)\n`);
    return 0;
  } catch (error) {
    if (error instanceof LabError) {
      err(`record: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
