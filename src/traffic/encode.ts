/**
 * Between the model's numbers and a request's fields. A request's `features` are keyed by the
 * schema's feature names: a numeric feature is a number, a categorical one the category's name.
 * `toInputVector` is what the endpoint uses after validation; it refuses anything that is not a
 * valid features object, so a bad request can never become a silent NaN in the model's input.
 */
import type { DatasetSchema, FeatureSpec } from '../../datasets/types';
import { TrafficError } from './errors';

/** A request as the endpoint sees it. */
export interface Request {
  id: string;
  /** Simulated seconds when it was sent. */
  t: number;
  features: Record<string, unknown>;
}

/** The features object of one encoded row (numbers as they are, category indices as names). */
export function toFeatures(schema: DatasetSchema, row: ArrayLike<number>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fs = schema.features;
  for (let j = 0; j < fs.length; j++) {
    const f = fs[j] as FeatureSpec;
    const v = row[j] as number;
    out[f.name] = f.type === 'categorical' ? (f.categories?.[v] ?? v) : v;
  }
  return out;
}

/**
 * The model's input vector for a valid features object: schema order, numeric values as they are,
 * categorical names as their index. Throws a TrafficError naming the field for a missing, extra,
 * non-finite or wrongly typed value, or an unknown category. Writes into `out` when given.
 */
export function toInputVector(schema: DatasetSchema, features: Record<string, unknown>, out?: Float32Array): Float32Array {
  if (typeof features !== 'object' || features === null || Array.isArray(features)) throw new TrafficError('features', 'must be an object of feature name -> value');
  const fs = schema.features;
  const vec = out ?? new Float32Array(fs.length);
  if (vec.length !== fs.length) throw new TrafficError('out', `must hold ${fs.length} values, has ${vec.length}`);
  let seen = 0;
  for (let j = 0; j < fs.length; j++) {
    const f = fs[j] as FeatureSpec;
    const v = features[f.name];
    if (v === undefined) throw new TrafficError(`features.${f.name}`, 'is missing');
    seen++;
    if (f.type === 'numeric') {
      if (typeof v !== 'number') throw new TrafficError(`features.${f.name}`, `must be a number, got ${v === null ? 'null' : typeof v}`);
      if (!Number.isFinite(v)) throw new TrafficError(`features.${f.name}`, `must be a finite number, got ${v}`);
      vec[j] = v;
    } else {
      const index = typeof v === 'string' ? (f.categories ?? []).indexOf(v) : -1;
      if (index < 0) throw new TrafficError(`features.${f.name}`, typeof v === 'string' ? `unknown category ${JSON.stringify(v)} (known: ${(f.categories ?? []).join(', ')})` : `must be a category name, got ${v === null ? 'null' : typeof v}`);
      vec[j] = index;
    }
  }
  // Counted without Object.keys (no array per request); a rare extra key is then named.
  let keys = 0;
  for (const k in features) if (Object.hasOwn(features, k)) keys++;
  if (keys !== seen) {
    const extra = Object.keys(features).find((k) => !fs.some((f) => f.name === k));
    throw new TrafficError(`features.${extra}`, 'is not a feature of this model');
  }
  return vec;
}
