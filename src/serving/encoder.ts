/**
 * Turns request values into the model's input vector, checking them against the schema. The vector
 * is the features in schema order; a numeric feature is its value, a categorical feature the index of
 * its category (the encoding of `DataBatch` in datasets/types.ts). Missing, wrong-typed, NaN or
 * unknown values, and numbers that overflow float32 (the model's input type), are schema
 * violations (422); values outside a feature's normal range are served but flagged.
 */
import type { DatasetSchema, FeatureSpec } from '../../datasets/types';
import { errorResponse, type ErrorResponse, type OutOfRange } from './protocol';

/** Rows encoded for the model, row-major, with their out-of-range flags. */
export interface EncodedRows {
  rows: Float32Array;
  n: number;
  outOfRange: OutOfRange[];
  /** The outputs the request asked for (all when absent). */
  outputs?: string[];
}

/** Validates and encodes values feature by feature for one schema. */
export class FeatureEncoder {
  /** Number of model inputs (features). */
  readonly cols: number;
  private readonly index = new Map<string, number>();
  private readonly categoryIndex: Array<Map<string, number> | null>;

  constructor(readonly schema: DatasetSchema) {
    this.cols = schema.features.length;
    schema.features.forEach((f, j) => this.index.set(f.name, j));
    this.categoryIndex = schema.features.map((f) => (f.type === 'categorical' ? new Map((f.categories ?? []).map((c, k) => [c, k])) : null));
  }

  /** The column of a feature, or undefined if the schema has no such feature. */
  column(name: string): number | undefined {
    return this.index.get(name);
  }

  /** The spec of column j. */
  feature(j: number): FeatureSpec {
    return this.schema.features[j] as FeatureSpec;
  }

  /**
   * Encodes one value of column j, row `row`, into `out[dest * cols + j]` (`dest` defaults to `row`; the
   * loop's block path writes a request's row 0 at its place in the block). A categorical value may be
   * its category name (`asIndex` false) or its index (`asIndex` true, the tensor form).
   * Returns an ErrorResponse (422) if the value violates the schema, else null.
   */
  put(out: EncodedRows, row: number, j: number, value: unknown, asIndex: boolean, dest: number = row): ErrorResponse | null {
    const f = this.feature(j);
    if (f.type === 'numeric') {
      if (typeof value !== 'number') return errorResponse('schema', `${where(f, row)}: expected a number, got ${describe(value)}`, f.name);
      if (!Number.isFinite(value)) return errorResponse('schema', `${where(f, row)}: expected a finite number, got ${value}`, f.name);
      if (!Number.isFinite(Math.fround(value))) return errorResponse('schema', `${where(f, row)}: ${value} is outside the float32 range (about ±3.4e38) the model computes in`, f.name);
      if (f.range && (value < f.range[0] || value > f.range[1])) out.outOfRange.push({ row, feature: f.name, value, range: f.range });
      out.rows[dest * this.cols + j] = value;
      return null;
    }
    const categories = this.categoryIndex[j] as Map<string, number>;
    let k: number | undefined;
    if (asIndex) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= categories.size) return errorResponse('schema', `${where(f, row)}: expected a category index from 0 to ${categories.size - 1}, got ${describe(value)}`, f.name);
      k = value;
    } else {
      if (typeof value !== 'string') return errorResponse('schema', `${where(f, row)}: expected a category name, got ${describe(value)}`, f.name);
      k = categories.get(value);
      if (k === undefined) return errorResponse('schema', `${where(f, row)}: unknown category ${JSON.stringify(value.slice(0, 40))}; expected one of ${[...categories.keys()].join(', ')}`, f.name);
    }
    out.rows[dest * this.cols + j] = k;
    return null;
  }

  /** Encodes records keyed by feature name (the `predict` form). */
  encodeRecords(records: unknown): EncodedRows | ErrorResponse {
    if (!Array.isArray(records) || records.length === 0) return errorResponse('malformed', 'records must be a non-empty list of objects', 'records');
    const out: EncodedRows = { rows: new Float32Array(records.length * this.cols), n: records.length, outOfRange: [] };
    for (let i = 0; i < records.length; i++) {
      const problem = this.encodeRecordAt(records[i], i, out, i);
      if (problem) return problem;
    }
    return out;
  }

  /**
   * Checks and encodes one record (record `i` of its request, for messages) into row `at` of `out`;
   * its out-of-range flags go to `out.outOfRange` (with row `i`). Returns the ErrorResponse of the
   * first violation (the row may then be partly written), else null.
   */
  encodeRecordAt(record: unknown, i: number, out: EncodedRows, at: number): ErrorResponse | null {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return errorResponse('malformed', `records[${i}] must be an object keyed by feature name`, `records[${i}]`);
    for (const key in record) {
      if (Object.hasOwn(record, key) && !this.index.has(key)) return errorResponse('schema', `records[${i}]: unknown feature ${JSON.stringify(key.slice(0, 40))}; the schema has ${this.names()}`, key);
    }
    for (let j = 0; j < this.cols; j++) {
      const name = (this.schema.features[j] as FeatureSpec).name;
      if (!Object.hasOwn(record, name)) return errorResponse('schema', `records[${i}]: missing feature "${name}"`, name);
      const problem = this.put(out, i, j, (record as Record<string, unknown>)[name], false, at);
      if (problem) return problem;
    }
    return null;
  }

  /** The feature names, for messages. */
  names(): string {
    return this.schema.features.map((f) => f.name).join(', ');
  }
}

/** Where a value is, for an error message (made only when there is an error). */
function where(f: FeatureSpec, row: number): string {
  return `${f.name} (row ${row})`;
}

/** A short description of a value for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'number') return String(value);
  return typeof value;
}
