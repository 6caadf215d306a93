/**
 * An imported dataset as plain JSON (a "portable" dataset): what crosses `postMessage` to the Lab's
 * worker, what a Lab config carries (`LabConfig.dataset`) and what a saved session keeps, so a run on
 * a learner's own CSV can be restored without the file. Features are row-major plain numbers,
 * labels class indices; the schema says what they mean. Reading one back checks every part and
 * throws a DatasetError naming the field.
 */
import { DatasetError } from '../errors';
import type { DatasetSchema, FeatureSpec } from '../types';
import { importedDataset, type ImportedDataset } from './imported';
import type { EncodedTable } from './infer';

/** The `format` tag of a portable dataset. */
export const PORTABLE_DATASET_FORMAT = 'mlops-lab/imported-dataset';

/** An imported dataset as plain JSON. */
export interface PortableDataset {
  format: typeof PORTABLE_DATASET_FORMAT;
  /** The dataset's name (lower-case letters, digits, "-"). */
  name: string;
  /** The label column's name, and the columns left out. */
  label: string;
  ignored: string[];
  schema: DatasetSchema;
  rows: number;
  /** rows x features, row-major (categorical features as the category index). */
  features: number[];
  /** One class index per row. */
  labels: number[];
  /** What the import told the learner (count header, rows left out). */
  notes?: string[];
}

/** Most values (rows x features) a portable dataset may hold: the CSV limits' 200 000 rows of 50 features. */
export const MAX_PORTABLE_VALUES = 10_000_000;

/** A typed array's values as a plain array (a counted loop: several times faster than `Array.from` for millions of values). */
function plainNumbers(values: Float64Array | Int32Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] as number;
  return out;
}

/** The portable form of an imported dataset. */
export function toPortable(data: ImportedDataset): PortableDataset {
  const t = data.table;
  return {
    format: PORTABLE_DATASET_FORMAT,
    name: data.source.name,
    label: t.label,
    ignored: [...t.ignored],
    schema: structuredClone(t.schema),
    rows: t.rows,
    features: plainNumbers(t.features),
    labels: plainNumbers(t.labels),
    ...(t.notes.length ? { notes: [...t.notes] } : {}),
  };
}

function bad(field: string, why: string): never {
  throw new DatasetError('invalid-dataset', `dataset.${field}: ${why}`, { field: `dataset.${field}` });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const names = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Checks a schema of an imported dataset. */
function checkSchema(value: unknown): DatasetSchema {
  if (!isObject(value)) bad('schema', 'must be { features, classes }');
  if (!names(value.classes) || value.classes.length < 2) bad('schema.classes', 'must list at least two class names');
  if (!Array.isArray(value.features) || value.features.length === 0) bad('schema.features', 'must list at least one feature');
  const features = value.features.map((f: unknown, j: number): FeatureSpec => {
    if (!isObject(f) || typeof f.name !== 'string' || f.name === '') bad(`schema.features[${j}]`, 'must have a name');
    if (f.type === 'numeric') {
      const r = f.range;
      if (!Array.isArray(r) || r.length !== 2 || !r.every((x) => typeof x === 'number' && Number.isFinite(x)) || (r[0] as number) > (r[1] as number)) bad(`schema.features[${j}].range`, 'must be [min, max], finite, min <= max');
      return { name: f.name, type: 'numeric', range: [r[0] as number, r[1] as number], ...(typeof f.description === 'string' ? { description: f.description } : {}) };
    }
    if (f.type === 'categorical') {
      if (!names(f.categories) || f.categories.length === 0) bad(`schema.features[${j}].categories`, 'must list the category names');
      return { name: f.name, type: 'categorical', categories: [...f.categories], ...(typeof f.description === 'string' ? { description: f.description } : {}) };
    }
    return bad(`schema.features[${j}].type`, 'must be "numeric" or "categorical"');
  });
  return { features, classes: [...value.classes] };
}

/** Reads a portable dataset back (every part checked) as an imported dataset. */
export function fromPortable(value: unknown): ImportedDataset {
  if (!isObject(value)) bad('', 'must be an imported dataset object');
  if (value.format !== PORTABLE_DATASET_FORMAT) bad('format', `must be "${PORTABLE_DATASET_FORMAT}"`);
  const name = value.name;
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,59}$/.test(name)) bad('name', 'must be 1 to 60 lower-case letters, digits or "-"');
  if (typeof value.label !== 'string') bad('label', 'must be the label column\'s name');
  if (!names(value.ignored)) bad('ignored', 'must be a list of column names');
  const schema = checkSchema(value.schema);
  const rows = value.rows;
  const cols = schema.features.length;
  if (!Number.isInteger(rows) || (rows as number) < 1 || (rows as number) * cols > MAX_PORTABLE_VALUES) bad('rows', `must be a whole number from 1, with rows x features at most ${MAX_PORTABLE_VALUES}`);
  const n = rows as number;
  const features = value.features;
  const labels = value.labels;
  if (!Array.isArray(features) || features.length !== n * cols) bad('features', `must hold rows x features = ${n * cols} numbers`);
  if (!Array.isArray(labels) || labels.length !== n) bad('labels', `must hold one class index per row (${n})`);
  const encoded = new Float64Array(n * cols);
  for (let i = 0; i < features.length; i++) {
    const x = features[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) bad(`features[${i}]`, 'must be a finite number');
    const f = schema.features[i % cols] as FeatureSpec;
    if (f.type === 'categorical' && !(Number.isInteger(x) && x >= 0 && x < (f.categories?.length ?? 0))) bad(`features[${i}]`, `must be a category index of "${f.name}"`);
    encoded[i] = x;
  }
  const classes = schema.classes.length;
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || (y as number) < 0 || (y as number) >= classes) bad(`labels[${i}]`, `must be a class index from 0 to ${classes - 1}`);
    codes[i] = y as number;
  }
  const notes = names(value.notes) ? [...value.notes] : [];
  const table: EncodedTable = {
    schema,
    features: encoded,
    labels: codes,
    rows: n,
    label: value.label,
    ignored: [...value.ignored],
    columns: [...schema.features.map((f) => f.name), value.label],
    notes,
    skipped: { issues: [], total: 0, rows: 0 },
  };
  return importedDataset(table, name);
}
