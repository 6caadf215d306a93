/**
 * Schema inference for an imported table: which column is the label, which features are numeric and
 * which categorical, their ranges and categories, the class names; then every value is checked and
 * encoded (numeric -> number, categorical -> category index). Problems are row-level issues.
 *
 * Rules: the label is the column named by the caller, else one named label/class/target/y/outcome
 * (any case), else the last column. A feature column is numeric when at least 90% of its values are
 * finite numbers (the rest are reported, line by line); otherwise it is categorical, with at most
 * `maxCategories` distinct values (more looks like an id or free text). Empty values are reported.
 */
import type { DatasetSchema, FeatureSpec } from '../types';
import { CsvImportError, fileError, MAX_ISSUES, type CsvIssue } from './errors';
import type { CsvTable } from './read';

/** Options of schema inference. */
export interface InferOptions {
  /** The label column's name. */
  label?: string;
  /** Columns to leave out (ids, free text). */
  ignore?: string[];
  /** Most distinct values of a categorical feature. Default 100. */
  maxCategories?: number;
  /** Most classes. Default 50. */
  maxClasses?: number;
}

/** An encoded table and its schema. */
export interface EncodedTable {
  schema: DatasetSchema;
  /** Row-major encoded features. */
  features: Float64Array;
  labels: Int32Array;
  rows: number;
  /** The label column's name, and the columns left out. */
  label: string;
  ignored: string[];
}

const LABEL_NAMES = ['label', 'class', 'target', 'y', 'outcome'];
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NUMERIC_SHARE = 0.9;

/** Whether a trimmed value is a plain decimal number (no hex, no "Infinity", no "NaN"). */
export function isNumber(value: string): boolean {
  return NUMBER.test(value) && Number.isFinite(Number(value));
}

/** Sorts class or category names: numerically when they are all numbers, else alphabetically. */
function sortNames(names: string[]): string[] {
  return names.every(isNumber) ? names.sort((a, b) => Number(a) - Number(b)) : names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Infers the schema of a parsed table and encodes it, or throws a CsvImportError listing the problems. */
export function inferAndEncode(table: CsvTable, options: InferOptions = {}): EncodedTable {
  const { header, rows, lines } = table;
  const maxCategories = options.maxCategories ?? 100;
  const maxClasses = options.maxClasses ?? 50;
  const issues: CsvIssue[] = [];
  let total = 0;
  const issue = (i: CsvIssue) => {
    total++;
    if (issues.length < MAX_ISSUES) issues.push(i);
  };
  header.forEach((name, j) => {
    if (name === '') issue({ line: 1, column: null, reason: `column ${j + 1} has no name in the header` });
    else if (header.indexOf(name) !== j) issue({ line: 1, column: name, reason: 'this column name appears twice in the header' });
  });
  if (total) throw new CsvImportError(issues, total);
  if (header.length < 2) fileError(`the file has ${header.length} column; it needs at least one feature and a label`);
  const ignore = options.ignore ?? [];
  for (const name of ignore) if (!header.includes(name)) fileError(`cannot ignore "${name}": no such column (columns: ${header.join(', ')})`);
  let labelIndex: number;
  if (options.label !== undefined) {
    labelIndex = header.indexOf(options.label);
    if (labelIndex < 0) fileError(`no label column "${options.label}" (columns: ${header.join(', ')})`);
  } else {
    const named = header.findIndex((h) => LABEL_NAMES.includes(h.toLowerCase()) && !ignore.includes(h));
    labelIndex = named >= 0 ? named : header.length - 1;
  }
  const label = header[labelIndex] as string;
  if (ignore.includes(label)) fileError(`the label column "${label}" cannot be ignored`);
  const featureIdx = header.map((_, j) => j).filter((j) => j !== labelIndex && !ignore.includes(header[j] as string));
  if (featureIdx.length === 0) fileError('no feature columns are left besides the label');

  // Classes.
  const classSet = new Set<string>();
  rows.forEach((row, r) => {
    const v = row[labelIndex] ?? '';
    if (v === '') issue({ line: lines[r] ?? null, column: label, reason: 'the label is empty' });
    else classSet.add(v);
  });
  const classes = sortNames([...classSet]);
  if (classes.length === 1) fileError(`the label column "${label}" has only one class ("${classes[0]}"): a classifier needs at least two`);
  if (classes.length > maxClasses) fileError(`the label column "${label}" has ${classes.length} distinct values (the limit is ${maxClasses}): is it a number to predict rather than a class? Choose another label column`);

  // Feature types.
  const features: FeatureSpec[] = featureIdx.map((j) => {
    const name = header[j] as string;
    let numbers = 0;
    let filled = 0;
    let min = Infinity;
    let max = -Infinity;
    const distinct = new Set<string>();
    for (const row of rows) {
      const v = row[j] ?? '';
      if (v === '') continue;
      filled++;
      if (isNumber(v)) {
        numbers++;
        const x = Number(v);
        if (x < min) min = x;
        if (x > max) max = x;
      }
      if (distinct.size <= maxCategories) distinct.add(v);
    }
    if (filled > 0 && numbers / filled >= NUMERIC_SHARE) return { name, type: 'numeric', range: [min, max], description: `Imported column "${name}".` };
    if (distinct.size > maxCategories) fileError(`column "${name}" has more than ${maxCategories} distinct text values: an id or free text? Leave it out (ignore) or clean it`);
    return { name, type: 'categorical', categories: sortNames([...distinct]), description: `Imported column "${name}".` };
  });

  // Encode, reporting every bad value.
  const cols = featureIdx.length;
  const encoded = new Float64Array(rows.length * cols);
  const labels = new Int32Array(rows.length);
  const classIndex = new Map(classes.map((c, k) => [c, k]));
  const categoryIndex = features.map((f) => new Map((f.categories ?? []).map((c, k) => [c, k])));
  rows.forEach((row, r) => {
    const line = lines[r] ?? null;
    labels[r] = classIndex.get(row[labelIndex] ?? '') ?? 0;
    featureIdx.forEach((j, m) => {
      const f = features[m] as FeatureSpec;
      const v = row[j];
      if (v === undefined) return; // a ragged row, reported by the reader
      if (v === '') return issue({ line, column: f.name, reason: 'empty value' });
      if (f.type === 'numeric') {
        if (!isNumber(v)) return issue({ line, column: f.name, reason: `"${v.slice(0, 40)}" is not a number, but this column is numeric` });
        encoded[r * cols + m] = Number(v);
      } else {
        encoded[r * cols + m] = categoryIndex[m]?.get(v) ?? 0;
      }
    });
  });
  if (total) throw new CsvImportError(issues, total);
  return { schema: { features, classes }, features: encoded, labels, rows: rows.length, label, ignored: [...ignore] };
}
