/**
 * The data command: `npm run --silent data -- <flags>` (see HELP). Writes a seeded stream to stdout
 * as CSV or JSON Lines, or lists the datasets and scenarios. Only data goes to stdout; messages go to
 * stderr. Exit codes: 0 done, 2 bad flags (with a message saying which and why).
 */
import { createDataset, DATASET_IDS, isDatasetId, type DatasetId } from '../../datasets/catalog';
import { groundTruth } from '../../datasets/scenarios/truth';
import { findScenario, SCENARIO_NAMES, SCENARIOS } from '../../datasets/scenarios/library';
import type { Scenario } from '../../datasets/scenarios/types';
import { validateScenario } from '../../datasets/scenarios/validate';
import { csvHeader, csvLine, jsonLine, type ExportFormat } from './export';
import { RequestStream, type StreamRecord } from './stream';

/** Where the command writes: `write` may return a promise (back-pressure); `error` is stderr. */
export interface CliIo {
  write(chunk: string): void | Promise<void>;
  error(message: string): void;
  /** Reads a text file (for --scenario-file); the launcher passes Node's readFileSync. */
  readFile?(path: string): string;
}

/** The help text. */
export const HELP = `Usage: npm run --silent data -- [flags]

Writes a seeded request stream (features, label, time, concept and segment) to stdout,
or lists the datasets and drift scenarios. (Without --silent, npm prints a two-line
"> mlops-lab@0.1.0 data" banner on stdout before the data.)

  --list                 list datasets and scenarios with their descriptions
  --json                 with --list: one JSON document {"datasets": [...], "scenarios": [...]}
  --scenario <name>      a drift scenario (default: "stable": no change)
  --scenario-file <path> a scenario of your own, as JSON (see datasets/scenarios/types.ts)
  --dataset <name>       run on this dataset instead of the scenario's default
  --seed <n>             whole number (default 1); same flags + seed -> identical bytes
  --n <count>            requests to write (default: the scenario's length)
  --format csv|jsonl     output format (default csv)
  --rate <r>             requests per simulated second (default: the scenario's, else 10)
  --bad-share <p>        share of bad requests, 0 to 1 (default 0)
  --label-delay <s>      seconds until a label arrives (default: the scenario's, else 60)
  --help                 this text

Examples:
  npm run --silent data -- --list
  npm run --silent data -- --scenario sea-gradual --seed 7 --n 5000 --format csv > sea.csv
  npm run --silent data -- --dataset loans --scenario loans-prior-shift --format jsonl --n 100
`;

/** Largest --n: a billion requests would take hours; the command is for studying data, not filling disks. */
export const MAX_N = 10_000_000;

class UsageError extends Error {}

interface Flags {
  list: boolean;
  json: boolean;
  help: boolean;
  scenario?: string;
  scenarioFile?: string;
  dataset?: DatasetId;
  seed: number;
  n?: number;
  format: ExportFormat;
  rate?: number;
  badShare?: number;
  labelDelay?: number;
}

const VALUE_FLAGS = ['--scenario', '--scenario-file', '--dataset', '--seed', '--n', '--format', '--rate', '--bad-share', '--label-delay'];

function numberFlag(name: string, text: string, check: (x: number) => boolean, what: string): number {
  const x = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!check(x)) throw new UsageError(`${name} must be ${what}, got "${text}"`);
  return x;
}

/** Parses the command line; throws a UsageError saying what is wrong. */
function parseFlags(argv: readonly string[]): Flags {
  const flags: Flags = { list: false, json: false, help: false, seed: 1, format: 'csv' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (name === '--list' || name === '--json' || name === '--help' || name === '-h') {
      if (eq > 0 && arg.startsWith('--')) throw new UsageError(`${name} takes no value`);
      if (name === '--list') flags.list = true;
      else if (name === '--json') flags.json = true;
      else flags.help = true;
      continue;
    }
    if (!VALUE_FLAGS.includes(name)) throw new UsageError(`unknown flag "${arg}" (see --help)`);
    const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
    switch (name) {
      case '--scenario':
        if (!findScenario(value)) throw new UsageError(`unknown scenario "${value}"; known: ${SCENARIO_NAMES.join(', ')}`);
        flags.scenario = value;
        break;
      case '--scenario-file':
        flags.scenarioFile = value;
        break;
      case '--dataset':
        if (!isDatasetId(value)) throw new UsageError(`unknown dataset "${value}"; known: ${DATASET_IDS.join(', ')}`);
        flags.dataset = value;
        break;
      case '--seed':
        flags.seed = numberFlag(name, value, (x) => Number.isSafeInteger(x), 'a whole number');
        break;
      case '--n':
        flags.n = numberFlag(name, value, (x) => Number.isInteger(x) && x >= 0 && x <= MAX_N, `a whole number from 0 to ${MAX_N}`);
        break;
      case '--format':
        if (value !== 'csv' && value !== 'jsonl') throw new UsageError(`--format must be csv or jsonl, got "${value}"`);
        flags.format = value;
        break;
      case '--rate':
        flags.rate = numberFlag(name, value, (x) => x > 0 && x <= 1e6, 'a number above 0 and at most 1000000');
        break;
      case '--bad-share':
        flags.badShare = numberFlag(name, value, (x) => x >= 0 && x <= 1, 'a number from 0 to 1');
        break;
      case '--label-delay':
        flags.labelDelay = numberFlag(name, value, (x) => x >= 0 && x <= 1e9, 'a number of seconds >= 0');
        break;
    }
  }
  if (flags.json && !flags.list) throw new UsageError('--json only goes with --list');
  if (flags.scenario && flags.scenarioFile) throw new UsageError('give --scenario or --scenario-file, not both');
  if (flags.list && (flags.scenario || flags.scenarioFile || flags.dataset || flags.n !== undefined)) throw new UsageError('--list takes no --scenario, --scenario-file, --dataset or --n');
  return flags;
}

/** The catalogue as one JSON-ready object: what `--list --json` prints. */
export function catalogue(): { datasets: Record<string, unknown>[]; scenarios: Record<string, unknown>[] } {
  return {
    datasets: DATASET_IDS.map((id) => {
      const d = createDataset({ id });
      return {
        name: id,
        description: d.description,
        title: d.title,
        features: d.schema.features.length,
        classes: d.schema.classes,
        inputShape: d.inputShape,
        params: d.params,
      };
    }),
    scenarios: SCENARIOS.map((s) => {
      const rate = s.traffic?.rate ?? 10;
      return {
        name: s.name,
        description: s.description,
        dataset: s.dataset.id,
        ...('params' in s.dataset && s.dataset.params ? { datasetParams: s.dataset.params } : {}),
        length: s.length,
        rate,
        // Record i is the (i+1)-th arrival: expected at (i + 1) / rate seconds (exactly so with regular arrivals).
        groundTruth: groundTruth(s).map((e) => ({ ...e, onsetTime: (e.onset + 1) / rate, endTime: e.end === null ? null : (e.end + 1) / rate })),
      };
    }),
  };
}

function listText(): string {
  const lines = ['Datasets:'];
  for (const d of catalogue().datasets) lines.push(`  ${String(d.name).padEnd(12)} ${String(d.description)}`);
  lines.push('', 'Scenarios (default dataset in brackets):');
  for (const s of SCENARIOS) lines.push(`  ${s.name.padEnd(26)} ${s.description} [${s.dataset.id}]`);
  return `${lines.join('\n')}\n`;
}

/** Lines are written in chunks of about this many characters. */
const CHUNK = 64 * 1024;

/** Runs the command; resolves with the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let flags: Flags;
  try {
    flags = parseFlags(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.error(`data: ${error.message}\n`);
    return 2;
  }
  if (flags.help) {
    await io.write(HELP);
    return 0;
  }
  if (flags.list) {
    await io.write(flags.json ? `${JSON.stringify(catalogue())}\n` : listText());
    return 0;
  }
  let scenario = findScenario(flags.scenario ?? 'stable') as Scenario;
  if (flags.scenarioFile !== undefined) {
    try {
      if (!io.readFile) throw new Error('this host cannot read files');
      scenario = validateScenario(JSON.parse(io.readFile(flags.scenarioFile)) as unknown, undefined);
    } catch (error) {
      io.error(`data: --scenario-file ${flags.scenarioFile}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
  }
  let stream: RequestStream;
  try {
    stream = new RequestStream({
      scenario,
      seed: flags.seed,
      ...(flags.dataset ? { dataset: { id: flags.dataset } } : {}),
      ...(flags.rate !== undefined ? { rate: flags.rate } : {}),
      ...(flags.badShare !== undefined ? { badRequests: { share: flags.badShare } } : {}),
      ...(flags.labelDelay !== undefined ? { labels: { delay: flags.labelDelay } } : {}),
    });
  } catch (error) {
    io.error(`data: scenario "${scenario.name}" cannot run on dataset "${flags.dataset}": ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const n = flags.n ?? scenario.length;
  const schema = stream.dataset.schema;
  const line = flags.format === 'csv' ? (r: StreamRecord) => csvLine(schema, r) : (r: StreamRecord) => jsonLine(schema, r);
  let buffer = flags.format === 'csv' ? csvHeader(schema) : '';
  for (let i = 0; i < n; i++) {
    buffer += line(stream.nextRecord() as StreamRecord);
    if (buffer.length >= CHUNK) {
      await io.write(buffer);
      buffer = '';
    }
  }
  if (buffer) await io.write(buffer);
  return 0;
}
