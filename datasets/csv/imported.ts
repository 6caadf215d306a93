/**
 * An imported table as a dataset: `sample` and `draw` resample its rows with replacement (seeded),
 * `draw` with a class picks among that class's rows (so prior shift works), and `rows()` gives the
 * table itself. The labelling function is a 1-nearest-neighbour rule over a fixed subsample of at
 * most `LABEL_REFERENCE_ROWS` rows (numeric features scaled by their range; a categorical mismatch
 * counts 1): an estimate of P(y | x), used when a covariate shift moves rows to places with no label.
 */
import { DatasetError } from '../errors';
import type { Rng } from '../random';
import { allocateBatch, type DataBatch, type Generator, type RowBuffer } from '../types';
import type { EncodedTable } from './infer';

/** Most rows the nearest-neighbour labelling function compares against. */
export const LABEL_REFERENCE_ROWS = 1000;

/** An imported dataset: a Generator plus its table. */
export interface ImportedDataset extends Generator<Record<string, never>> {
  /** Every imported row, in file order. */
  rows(): DataBatch;
  /** The label column and the columns left out. */
  readonly source: { rows: number; label: string; ignored: string[]; name: string };
  /** The encoded table it resamples (read only). */
  readonly table: EncodedTable;
}

/** Wraps an encoded table as a dataset named `name`. */
export function importedDataset(table: EncodedTable, name: string): ImportedDataset {
  const cols = table.schema.features.length;
  const classes = table.schema.classes.length;
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let r = 0; r < table.rows; r++) byClass[table.labels[r] as number]?.push(r);
  const scale = table.schema.features.map((f) => (f.type === 'numeric' && f.range ? 1 / Math.max(f.range[1] - f.range[0], 1e-12) : 0));
  const step = Math.max(1, Math.ceil(table.rows / LABEL_REFERENCE_ROWS));
  const reference: number[] = [];
  for (let r = 0; r < table.rows; r += step) reference.push(r);

  const copy = (out: RowBuffer, offset: number, r: number) => {
    for (let j = 0; j < cols; j++) out[offset + j] = table.features[r * cols + j] as number;
    return table.labels[r] as number;
  };
  const draw = (out: RowBuffer, offset: number, rng: Rng, _t = 0, cls?: number) => {
    if (cls === undefined) return copy(out, offset, rng.int(table.rows));
    const pool = byClass[cls];
    if (!pool || pool.length === 0) throw new DatasetError('invalid-dataset', `${name}: no imported row has class ${cls}`, { dataset: name, cls });
    return copy(out, offset, pool[rng.int(pool.length)] as number);
  };
  const label = (row: ArrayLike<number>) => {
    let best = 0;
    let bestD = Infinity;
    for (const r of reference) {
      let d = 0;
      for (let j = 0; j < cols; j++) {
        const a = row[j] as number;
        const b = table.features[r * cols + j] as number;
        const s = scale[j] as number;
        d += s > 0 ? ((a - b) * s) ** 2 : a === b ? 0 : 1;
      }
      if (d < bestD) [best, bestD] = [table.labels[r] as number, d];
    }
    return best;
  };
  const self: ImportedDataset = {
    id: name,
    title: name,
    description: `Imported from a CSV file: ${table.rows} rows, ${cols} features, label "${table.label}".`,
    schema: table.schema,
    params: {},
    inputShape: [cols],
    source: { rows: table.rows, label: table.label, ignored: table.ignored, name },
    table,
    sample(n: number, rng: Rng): DataBatch {
      const batch = allocateBatch(n, cols);
      for (let i = 0; i < n; i++) batch.labels[i] = draw(batch.features, i * cols, rng);
      return batch;
    },
    draw,
    label,
    withParams(params) {
      if (Object.keys(params).length) throw new DatasetError('invalid-dataset', `${name}: an imported dataset has no parameters (got ${Object.keys(params).join(', ')})`, { dataset: name });
      return self;
    },
    rows(): DataBatch {
      const batch = allocateBatch(table.rows, cols);
      batch.features.set(table.features);
      batch.labels.set(table.labels);
      return batch;
    },
  };
  return self;
}
