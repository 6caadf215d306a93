/**
 * "Bring your own data": import a CSV file as a dataset, and build drift scenarios for it.
 *
 *   const data = importCsv(text, { name: 'iris', label: 'species' });
 *   const drifting = csvScenario(data, { kind: 'covariate', feature: 'petal_length' }, { at: 2000 });
 *   const source = new ScenarioSource(drifting, 42, { generator: data });
 */
import { DatasetError } from '../errors';
import { importedDataset, type ImportedDataset } from './imported';
import { inferAndEncode, type InferOptions } from './infer';
import { DEFAULT_CSV_LIMITS, readCsv, type CsvLimits, type CsvTable } from './read';

export { CsvImportError, MAX_ISSUES, type CsvIssue } from './errors';
export { csvRowReader, DEFAULT_CSV_LIMITS, readCsv, type CsvLimits, type CsvRowReader, type CsvTable, type ReadOptions } from './read';
export { inferAndEncode, inferAndEncodeSteps, isNumber, type EncodedTable, type InferOptions } from './infer';
export { importedDataset, LABEL_REFERENCE_ROWS, type ImportedDataset } from './imported';
export { countHeaderColumns, explainCountHeader, type CountHeader, type CountHeaderUse } from './count-header';
export { csvScenario, type CsvDrift, type CsvDriftTiming } from './scenario';
export { classCounts, CSV_DRIFT_KINDS, CSV_DRIFT_LABELS, csvRun, featureRelevance, featureRelevanceSteps, informativeFeature, suggestDrift, type CsvDriftKind, type CsvRun } from './drift';
export { fromPortable, MAX_PORTABLE_VALUES, PORTABLE_DATASET_FORMAT, toPortable, type PortableDataset } from './portable';
export { CsvReadCancelled, DEFAULT_SLICE_MS, importCsvInSlices, importTableInSlices, readCsvInSlices, runStepsInSlices, yieldToEventLoop, type CsvProgress, type SliceOptions } from './sliced';

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
  const table = readCsv(input, { ...DEFAULT_CSV_LIMITS, ...options.limits }, { skipBadRows: options.skipBadRows === true });
  return importTable(table, options);
}

/**
 * The second half of `importCsv`: a parsed table as a dataset. A page parses the file once
 * (`readCsv`) and calls this again when the learner picks another label column or ignores a column.
 */
export function importTable(table: CsvTable, options: Omit<ImportOptions, 'limits'> = {}): ImportedDataset {
  const name = options.name ?? 'imported';
  if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(name)) throw new DatasetError('invalid-csv', `name: must be 1 to 60 lower-case letters, digits or "-", got ${JSON.stringify(name)}`, { field: 'name' });
  return importedDataset(inferAndEncode(table, options), name);
}

