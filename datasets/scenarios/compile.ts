/**
 * A scenario's changes resolved against its dataset once (feature names to column indices, ranges,
 * class mixes as cumulative shares), so the per-record loop only does arithmetic.
 */
import type { DatasetSchema, FeatureSpec } from '../types';
import type { Change, Effect } from './types';
import { changeId } from './validate';

/** A change ready for the per-record loop. */
export interface CompiledChange {
  change: Change;
  id: string;
  effect: Effect;
  /** Column indices the effect acts on (its features, or every numeric feature when it names none). */
  cols: number[];
  /** Per column in `cols`: the amount (shift, factor) when the effect has one. */
  amounts: number[];
  /** Per column in `cols`: the middle and the width of the feature's range (0 and 1 without a range). */
  mids: number[];
  widths: number[];
  /** Cumulative class shares, for class-mix. */
  cumulative: number[];
}

/** The middle and width of a feature's normal range. */
export function rangeOf(spec: FeatureSpec | undefined): [mid: number, width: number] {
  const r = spec?.range;
  return r ? [(r[0] + r[1]) / 2, r[1] - r[0]] : [0, 1];
}

function numericCols(schema: DatasetSchema): number[] {
  return schema.features.flatMap((f, j) => (f.type === 'numeric' ? [j] : []));
}

/** Resolves one validated change against the dataset's schema. */
export function compileChange(change: Change, k: number, schema: DatasetSchema): CompiledChange {
  const col = (name: string) => schema.features.findIndex((f) => f.name === name);
  const e = change.effect;
  let cols: number[] = [];
  let amounts: number[] = [];
  let cumulative: number[] = [];
  switch (e.type) {
    case 'mean-shift':
      cols = Object.keys(e.shift).map(col);
      amounts = Object.values(e.shift);
      break;
    case 'scale':
      cols = Object.keys(e.factor).map(col);
      amounts = Object.values(e.factor);
      break;
    case 'rotate-inputs':
    case 'rotate-boundary':
      cols = e.features ? e.features.map(col) : numericCols(schema).slice(0, 2);
      break;
    case 'sensor':
      cols = e.features ? e.features.map(col) : numericCols(schema);
      break;
    case 'resample':
    case 'unit-change':
    case 'missing-field':
    case 'out-of-range':
      cols = [col(e.feature)];
      break;
    case 'label-remap':
      cols = e.where ? [col(e.where.feature)] : [];
      break;
    case 'class-mix': {
      let sum = 0;
      cumulative = e.mix.map((x) => (sum += x));
      break;
    }
    default:
      break;
  }
  const ranges = cols.map((j) => rangeOf(schema.features[j]));
  return { change, id: changeId(change, k), effect: e, cols, amounts, mids: ranges.map((r) => r[0]), widths: ranges.map((r) => r[1]), cumulative };
}
