/**
 * What `<mlops-csv>` shows and sends, as pure functions over the CSV library (no DOM): a file read
 * once, then imported with the learner's choices (label column, count header, bad rows); the schema
 * as table rows; the problems; the drift form's defaults and the Lab config of the run.
 */
import { classCounts, CsvImportError, csvRun, DEFAULT_CSV_LIMITS, importedDataset, importTable, readCsv, suggestDrift, type CountHeaderUse, type CsvDrift, type CsvDriftKind, type CsvIssue, type CsvTable, type ImportedDataset } from '../../datasets/csv/index';
import { DatasetError } from '../../datasets/errors';
import type { LabConfig } from '../../src/loop/engine/config';
import type { CsvReadOutcome } from '../../src/worker/csv-protocol';

/** The learner's choices for the import. */
export interface CsvChoices {
  /** The label column (undefined: inferred). */
  label?: string;
  /** Columns left out. */
  ignore: string[];
  countHeader: CountHeaderUse;
  skipBadRows: boolean;
}

/** The result of reading and importing a file with the choices. */
export interface CsvImport {
  /** The parsed file (null when it could not be read at all, or when it was read by the CSV reader, which keeps it). */
  table: CsvTable | null;
  /** The dataset (null when the import failed). */
  data: ImportedDataset | null;
  /** Problems by line, column and reason: the refusal's, or the rows left out. */
  issues: CsvIssue[];
  /** How many problems in all (more than listed when the list is capped). */
  total: number;
  /** Whether the problems refused the file (else they are rows left out). */
  refused: boolean;
  /** The refusal in one sentence, or null. */
  message: string | null;
  /** What the import did that the learner should know. */
  notes: string[];
  /** Seconds the parse and the import took. */
  seconds: number;
  /** The default drift of each kind, when the reader worked them out (else `driftDefaults` does). */
  suggestions?: Partial<Record<CsvDriftKind, CsvDrift>>;
}

/** A file name made into a dataset name: lower-case letters, digits and "-", at most 60. */
export function datasetName(fileName: string): string {
  const stem = fileName.replace(/\.[^.]*$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return /^[a-z0-9]/.test(stem) ? stem : `data${stem ? `-${stem}` : ''}`.slice(0, 60);
}

function failed(error: unknown, table: CsvTable | null, seconds: number): CsvImport {
  if (error instanceof CsvImportError) {
    const total = (error.details?.total as number | undefined) ?? error.issues.length;
    return { table, data: null, issues: error.issues, total, refused: true, message: error.message, notes: [], seconds };
  }
  if (error instanceof DatasetError) return { table, data: null, issues: [], total: 0, refused: true, message: error.message, notes: [], seconds };
  throw error;
}

/**
 * Reads a file's text or bytes (once). Rows the reader cannot use are set aside, not refused, so the
 * import lists them with every other problem and "leave out rows with problems" needs no second read.
 */
export function readFile(input: string | ArrayBuffer | Uint8Array): { table: CsvTable | null; failure: CsvImport | null } {
  const t0 = performance.now();
  try {
    return { table: readCsv(input, DEFAULT_CSV_LIMITS, { skipBadRows: true }), failure: null };
  } catch (error) {
    return { table: null, failure: failed(error, null, (performance.now() - t0) / 1000) };
  }
}

/** The CSV reader's outcome (csv-client.ts) as an import: the dataset made from its encoded table. */
export function fromOutcome(outcome: CsvReadOutcome): CsvImport {
  const data = outcome.encoded ? importedDataset(outcome.encoded, outcome.name) : null;
  return { table: null, data, issues: outcome.issues, total: outcome.total, refused: outcome.refused, message: outcome.message, notes: outcome.notes, seconds: outcome.seconds.read + outcome.seconds.check, suggestions: outcome.suggestions };
}

/** Imports a read table with the choices. */
export function importWith(table: CsvTable, name: string, choices: CsvChoices): CsvImport {
  const t0 = performance.now();
  try {
    const data = importTable(table, { name, ...(choices.label !== undefined ? { label: choices.label } : {}), ignore: choices.ignore, countHeader: choices.countHeader, skipBadRows: choices.skipBadRows });
    const skipped = data.table.skipped;
    return { table, data, issues: skipped.issues, total: skipped.total, refused: false, message: null, notes: data.table.notes, seconds: (performance.now() - t0) / 1000 };
  } catch (error) {
    return failed(error, table, (performance.now() - t0) / 1000);
  }
}

/** One row of the schema table. */
export interface SchemaRow {
  column: string;
  role: 'feature' | 'label' | 'ignored';
  type: string;
  /** Range or categories, in words. */
  values: string;
}

const fmt = (x: number) => (Number.isInteger(x) ? x.toLocaleString('en-US') : Number(x.toPrecision(4)).toString());

/** The schema of an import as table rows, in file order. */
export function schemaRows(data: ImportedDataset): SchemaRow[] {
  const t = data.table;
  return t.columns.map((column): SchemaRow => {
    if (column === t.label) return { column, role: 'label', type: `${t.schema.classes.length} classes`, values: t.schema.classes.join(', ') };
    const f = t.schema.features.find((x) => x.name === column);
    if (!f) return { column, role: 'ignored', type: '—', values: 'left out' };
    if (f.type === 'numeric') return { column, role: 'feature', type: 'numeric', values: f.range ? `${fmt(f.range[0])} to ${fmt(f.range[1])}` : '' };
    const cats = f.categories ?? [];
    return { column, role: 'feature', type: `categorical (${cats.length})`, values: cats.length > 8 ? `${cats.slice(0, 8).join(', ')}, …` : cats.join(', ') };
  });
}

/** Each class with its rows and share, for the classes line. */
export function classRows(data: ImportedDataset): { name: string; rows: number; share: number }[] {
  const counts = classCounts(data);
  return data.schema.classes.map((name, c) => ({ name, rows: counts[c] as number, share: (counts[c] as number) / data.source.rows }));
}

/** The drift form's values: a kind and its parts (strings as a form holds them). */
export interface DriftForm {
  kind: CsvDriftKind;
  feature: string;
  shift: string;
  /** Class shares, comma-separated. */
  mix: string;
  from: number;
  to: number;
  min: string;
  max: string;
  /** Request at which the drift happens (its middle, when gradual). */
  at: string;
  /** Width of a gradual drift in requests (0: sudden). */
  width: string;
  /** Requests in the run. */
  requests: string;
}

/** The form's defaults for a kind (`suggested`, else suggestDrift), in the middle of a 6,000-request run. */
export function driftDefaults(data: ImportedDataset, kind: CsvDriftKind, keep?: Pick<DriftForm, 'at' | 'width' | 'requests'>, suggested?: CsvDrift): DriftForm {
  const d = suggested?.kind === kind ? suggested : suggestDrift(data, kind);
  const base = { at: keep?.at ?? '3000', width: keep?.width ?? '0', requests: keep?.requests ?? '6000' };
  const first = data.schema.features.find((f) => f.type === 'numeric')?.name ?? '';
  const form: DriftForm = { kind, feature: first, shift: '', mix: '', from: 0, to: 1 % data.schema.classes.length, min: '', max: '', ...base };
  if (d.kind === 'covariate') return { ...form, feature: d.feature, shift: String(d.shift ?? '') };
  if (d.kind === 'prior') return { ...form, mix: d.mix.map((x) => Number(x.toFixed(3))).join(', ') };
  return { ...form, feature: d.feature, from: d.from, to: d.to, min: String(d.min ?? ''), max: String(d.max ?? '') };
}

function number(value: string, what: string): number {
  const x = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(x)) throw new DatasetError('invalid-scenario', `${what} must be a number, got "${value}"`, { field: what });
  return x;
}

/** The drift of a form (throws a DatasetError naming the field for a bad value). */
export function formDrift(form: DriftForm): CsvDrift {
  if (form.kind === 'covariate') return { kind: 'covariate', feature: form.feature, shift: number(form.shift, 'the shift') };
  if (form.kind === 'prior') {
    const parts = form.mix.split(',').map((p) => number(p, 'each class share'));
    const sum = parts.reduce((a, b) => a + b, 0);
    if (!(sum > 0)) throw new DatasetError('invalid-scenario', 'the class shares must add up to more than 0', { field: 'mix' });
    return { kind: 'prior', mix: parts.map((p) => p / sum) };
  }
  return { kind: 'concept', feature: form.feature, from: form.from, to: form.to, min: number(form.min, 'the region\'s low end'), max: number(form.max, 'the region\'s high end') };
}

/** The part of a Lab config a run on the data sets: the scenario, the data, the stream length. */
export type CsvRunConfig = Pick<LabConfig, 'scenario' | 'dataset' | 'requests'>;

/** The run's config from the data and the drift form (throws a DatasetError for a bad form). */
export function runConfig(data: ImportedDataset, form: DriftForm): CsvRunConfig {
  const requests = number(form.requests, 'the number of requests');
  if (!Number.isInteger(requests) || requests < 500 || requests > 100_000) throw new DatasetError('invalid-scenario', `the run must have 500 to 100,000 requests, got ${form.requests}`, { field: 'requests' });
  const at = number(form.at, 'the drift\'s position');
  if (!Number.isInteger(at) || at < 1 || at >= requests) throw new DatasetError('invalid-scenario', `the drift must happen at a request from 1 to ${requests - 1}, got ${form.at}`, { field: 'at' });
  const width = number(form.width, 'the width');
  const run = csvRun(data, formDrift(form), { at, length: requests, ...(width > 0 ? { width } : {}) });
  return { scenario: run.scenario, dataset: run.dataset, requests };
}
