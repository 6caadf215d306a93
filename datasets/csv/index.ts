/**
 * "Bring your own data": import a CSV file as a dataset, and build drift scenarios for it.
 *
 *   const data = importCsv(text, { name: 'iris', label: 'species' });
 *   const drifting = csvScenario(data, { kind: 'covariate', feature: 'petal_length', at: 2000 });
 *   const source = new ScenarioSource(drifting, 42, { generator: data });
 */
import { DatasetError } from '../errors';
import type { Scenario } from '../scenarios/types';
import { validateScenario } from '../scenarios/validate';
import { importedDataset, type ImportedDataset } from './imported';
import { inferAndEncode, type InferOptions } from './infer';
import { DEFAULT_CSV_LIMITS, readCsv, type CsvLimits } from './read';

export { CsvImportError, MAX_ISSUES, type CsvIssue } from './errors';
export { DEFAULT_CSV_LIMITS, readCsv, type CsvLimits, type CsvTable } from './read';
export { inferAndEncode, isNumber, type EncodedTable, type InferOptions } from './infer';
export { importedDataset, LABEL_REFERENCE_ROWS, type ImportedDataset } from './imported';

/** Options of an import. */
export interface ImportOptions extends InferOptions {
  /** The dataset's name (lower-case letters, digits, "-"); default "imported". */
  name?: string;
  /** Size limits (defaults: DEFAULT_CSV_LIMITS). */
  limits?: Partial<CsvLimits>;
}

/** Parses, checks and encodes a CSV file; throws a CsvImportError (line, column, reason) when it cannot. */
export function importCsv(input: string | Uint8Array | ArrayBuffer, options: ImportOptions = {}): ImportedDataset {
  const name = options.name ?? 'imported';
  if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(name)) throw new DatasetError('invalid-csv', `name: must be 1 to 60 lower-case letters, digits or "-", got ${JSON.stringify(name)}`, { field: 'name' });
  const table = readCsv(input, { ...DEFAULT_CSV_LIMITS, ...options.limits });
  return importedDataset(inferAndEncode(table, options), name);
}

/** The drift to simulate on an imported dataset. */
export type CsvDrift =
  /** Covariate shift: a numeric feature moves by `shift` (default: a quarter of its range), or rows are resampled towards its high values (`resample`). */
  | { kind: 'covariate'; feature: string; shift?: number; resample?: boolean }
  /** Prior shift: the class mix becomes `mix`. */
  | { kind: 'prior'; mix: number[] }
  /** Concept drift: class `from` is relabelled `to` where `feature` is in its upper half (or in [min, max]). */
  | { kind: 'concept'; feature: string; from: number; to: number; min?: number; max?: number };

/** Where and how fast: a sudden change at `at`, or a sigmoid of width `width` centred there. */
export interface CsvDriftTiming {
  at: number;
  width?: number;
  /** Stream length for the ground truth (default 2 * at). */
  length?: number;
}

/** A validated scenario with one drift on an imported dataset (run it with `{ generator: data }`). */
export function csvScenario(data: ImportedDataset, drift: CsvDrift, timing: CsvDriftTiming): Scenario {
  const spec = data.schema.features.find((f) => 'feature' in drift && f.name === drift.feature);
  const [lo, hi] = spec?.range ?? [0, 1];
  const shape = timing.width ? ('gradual' as const) : ('sudden' as const);
  const when = { shape, at: timing.at, ...(timing.width ? { width: timing.width } : {}) };
  let change: Scenario['changes'][number];
  switch (drift.kind) {
    case 'covariate':
      change = drift.resample
        ? { id: 'resample', ...when, effect: { type: 'resample', feature: drift.feature, strength: 3 }, description: `Rows with a high ${drift.feature} become more common.` }
        : { id: 'shift', ...when, effect: { type: 'mean-shift', shift: { [drift.feature]: drift.shift ?? (hi - lo) / 4 } }, description: `${drift.feature} moves by ${drift.shift ?? (hi - lo) / 4}.` };
      break;
    case 'prior':
      change = { id: 'mix', ...when, effect: { type: 'class-mix', mix: drift.mix }, description: `The class mix becomes ${drift.mix.join(' / ')}.` };
      break;
    case 'concept': {
      const min = drift.min ?? (lo + hi) / 2;
      const max = drift.max ?? hi;
      const names = data.schema.classes;
      change = { id: 'remap', ...when, effect: { type: 'label-remap', from: drift.from, to: drift.to, where: { feature: drift.feature, min, max } }, description: `Where ${drift.feature} is from ${min} to ${max}, "${names[drift.from] ?? drift.from}" becomes "${names[drift.to] ?? drift.to}".` };
      break;
    }
    default:
      throw new DatasetError('invalid-scenario', `kind: must be covariate, prior or concept, got ${JSON.stringify((drift as { kind: unknown }).kind)}`, { field: 'kind' });
  }
  const scenario: Scenario = {
    name: `${data.source.name}-${drift.kind}`,
    description: `${drift.kind === 'covariate' ? 'Covariate shift' : drift.kind === 'prior' ? 'Prior shift' : 'Concept drift'} on the imported data "${data.source.name}".`,
    dataset: { id: 'imported', name: data.source.name },
    length: timing.length ?? 2 * timing.at,
    changes: [change],
  };
  return validateScenario(scenario, data);
}
