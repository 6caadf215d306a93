/**
 * Schema inference for an imported table: which column is the label, which features are numeric and
 * which categorical, their ranges and categories, the class names; then every value is checked and
 * encoded (numeric -> number, categorical -> category index). Problems are row-level issues.
 *
 * Rules: the label is the column named by the caller, else one named label/class/target/y/outcome
 * (any case), else the last column. A feature column is numeric when at least 90% of its values are
 * finite numbers (the rest are reported, line by line); otherwise it is categorical, with at most
 * `maxCategories` distinct values (more looks like an id or free text). Empty values are reported.
 * The classes are the label column's distinct values, sorted; after a scikit-learn count header
 * (count-header.ts) they are the names it lists, when the label column holds their indices.
 * With `skipBadRows` a row with a bad value is left out (and listed) instead of refusing the file.
 */
import type { DatasetSchema, FeatureSpec } from '../types';
import { explainCountHeader, type CountHeaderUse } from './count-header';
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
  /**
   * A scikit-learn count header (count-header.ts): read the class names from it ("classes", the
   * default: used when the target column holds the indices 0..k-1 of its k names) or only skip it.
   */
  countHeader?: CountHeaderUse;
  /** Leave out the rows with a bad value (listed in `skipped`) instead of refusing the file. */
  skipBadRows?: boolean;
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
  /** Every column of the file, in order (the label and ignored ones too). */
  columns: string[];
  /** What the import did that a learner should know (a count header skipped, rows left out), in plain words. */
  notes: string[];
  /** With `skipBadRows`: the rows left out, line by line (at most MAX_ISSUES), and how many in all. */
  skipped: { issues: CsvIssue[]; total: number; rows: number };
}

const LABEL_NAMES = ['label', 'class', 'target', 'y', 'outcome'];
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NUMERIC_SHARE = 0.9;
/** Share of `inferAndEncodeSteps`' progress given to the columns' types (the rest: the encoding). */
const TYPES_SHARE = 0.6;

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
  const steps = inferAndEncodeSteps(table, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Rows between two pauses of `inferAndEncodeSteps` inside a column's pass. */
const ROWS_PER_STEP = 4096;
/** Values (rows x features) between two pauses of the encoding. */
const VALUES_PER_STEP = 8192;

/**
 * `inferAndEncode` as steps: it pauses (yields the share of the work done, 0 to 1) after each
 * column's type and every few thousand rows, so a caller can yield to the event loop between steps
 * (sliced.ts); run to its end it returns exactly what `inferAndEncode` returns, or throws the same error.
 */
export function* inferAndEncodeSteps(table: CsvTable, options: InferOptions = {}): Generator<number, EncodedTable, void> {
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

  const skip = options.skipBadRows === true;
  const bad = new Uint8Array(rows.length);
  const skippedIssues: CsvIssue[] = [...(table.rejected?.issues ?? [])];
  let skippedTotal = table.rejected?.total ?? 0;
  /** A problem of row r: refused, or (skipping) the row is left out. */
  const rowIssue = (r: number, i: CsvIssue) => {
    if (!skip) return issue(i);
    bad[r] = 1;
    skippedTotal++;
    if (skippedIssues.length < MAX_ISSUES) skippedIssues.push(i);
  };
  // Rows the reader already left out (read with skipBadRows): refused here unless skipping.
  if (!skip && table.rejected) {
    for (const i of table.rejected.issues) issue(i);
    total += table.rejected.total - table.rejected.issues.length;
  }
  rows.forEach((row, r) => {
    if ((row[labelIndex] ?? '') === '') rowIssue(r, { line: lines[r] ?? null, column: label, reason: 'the label is empty' });
  });

  // Feature types. Each value is tested once: its number (NaN when it is not one) is kept for the encoding.
  const cols = featureIdx.length;
  const encoded = new Float64Array(rows.length * cols);
  const features: FeatureSpec[] = [];
  for (let m = 0; m < cols; m++) {
    const j = featureIdx[m] as number;
    const name = header[j] as string;
    let numbers = 0;
    let filled = 0;
    let min = Infinity;
    let max = -Infinity;
    const distinct = new Set<string>();
    for (let r = 0; r < rows.length; r++) {
      if (r % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield (TYPES_SHARE * (m + r / rows.length)) / cols;
      const v = (rows[r] as string[])[j] ?? '';
      encoded[r * cols + m] = NaN;
      if (v === '') continue;
      filled++;
      if (isNumber(v)) {
        numbers++;
        const x = Number(v);
        encoded[r * cols + m] = x;
        if (x < min) min = x;
        if (x > max) max = x;
      }
      if (distinct.size <= maxCategories) distinct.add(v);
    }
    if (filled > 0 && numbers / filled >= NUMERIC_SHARE) features.push({ name, type: 'numeric', range: [min, max], description: `Imported column "${name}".` });
    else {
      if (distinct.size > maxCategories) fileError(`column "${name}" has more than ${maxCategories} distinct text values: an id or free text? Leave it out (ignore) or clean it`);
      features.push({ name, type: 'categorical', categories: sortNames([...distinct]), description: `Imported column "${name}".` });
    }
    yield (TYPES_SHARE * (m + 1)) / cols;
  }

  // Encode, reporting every bad value.
  const categoryIndex = features.map((f) => new Map((f.categories ?? []).map((c, k) => [c, k])));
  const encodeStep = Math.max(1, Math.floor(VALUES_PER_STEP / cols));
  for (let r = 0; r < rows.length; r++) {
    if (r % encodeStep === encodeStep - 1) yield TYPES_SHARE + ((1 - TYPES_SHARE) * r) / rows.length;
    const row = rows[r] as string[];
    const line = lines[r] ?? null;
    featureIdx.forEach((j, m) => {
      const f = features[m] as FeatureSpec;
      const v = row[j];
      if (v === undefined) return; // a ragged row, reported by the reader
      if (v === '') return rowIssue(r, { line, column: f.name, reason: 'empty value' });
      if (f.type === 'numeric') {
        if (Number.isNaN(encoded[r * cols + m])) return rowIssue(r, { line, column: f.name, reason: `"${v.slice(0, 40)}" is not a number, but this column is numeric` });
      } else {
        encoded[r * cols + m] = categoryIndex[m]?.get(v) ?? 0;
      }
    });
  }
  if (total) throw new CsvImportError(issues, total);

  // The rows kept, and their classes.
  const kept: number[] = [];
  for (let r = 0; r < rows.length; r++) if (!bad[r]) kept.push(r);
  if (kept.length === 0) fileError(`every row has a problem (${skippedTotal}; the first: line ${skippedIssues[0]?.line}, ${skippedIssues[0]?.reason})`);
  const classSet = new Set<string>();
  for (const r of kept) classSet.add(rows[r]?.[labelIndex] as string);
  let classes = sortNames([...classSet]);
  const notes: string[] = [];
  const ch = table.countHeader;
  let classValues = classes;
  if (ch) {
    const names = ch.classNames;
    const indices = labelIndex === header.length - 1 && names.length >= 2 && classes.every((c) => /^\d+$/.test(c) && Number(c) < names.length);
    const use = (options.countHeader ?? 'classes') === 'classes' && indices ? 'classes' : 'skip';
    if (use === 'classes') {
      classValues = names.map((_, k) => String(k));
      classes = [...names];
    }
    notes.push(explainCountHeader(ch, use, rows.length, table.named !== false));
    if ((options.countHeader ?? 'classes') === 'classes' && !indices && names.length) notes.push(`The class names of line ${ch.line} were not used: the column "${label}" does not hold class indices 0 to ${names.length - 1}.`);
  }
  if (classes.length === 1) fileError(`the label column "${label}" has only one class ("${classes[0]}"): a classifier needs at least two`);
  if (classes.length > maxClasses) fileError(`the label column "${label}" has ${classes.length} distinct values (the limit is ${maxClasses}): is it a number to predict rather than a class? Choose another label column`);
  const classIndex = new Map(classValues.map((c, k) => [c, k]));
  const labels = new Int32Array(kept.length);
  const out = kept.length === rows.length ? encoded : new Float64Array(kept.length * cols);
  kept.forEach((r, i) => {
    labels[i] = classIndex.get(rows[r]?.[labelIndex] ?? '') ?? 0;
    if (out !== encoded) out.set(encoded.subarray(r * cols, (r + 1) * cols), i * cols);
  });
  const leftOut = rows.length - kept.length + (table.rejected?.total ?? 0);
  if (skippedTotal) notes.push(`${leftOut} row${leftOut === 1 ? ' was' : 's were'} left out for ${skippedTotal} problem${skippedTotal === 1 ? '' : 's'} (listed below); ${kept.length} rows were imported.`);
  return {
    schema: { features, classes },
    features: out,
    labels,
    rows: kept.length,
    label,
    ignored: [...ignore],
    columns: [...header],
    notes,
    skipped: { issues: skippedIssues, total: skippedTotal, rows: leftOut },
  };
}
