/**
 * Bad requests on purpose, for the endpoint to reject: a configurable share of requests get one
 * defect each, of a kind drawn uniformly from the configured kinds that apply to the dataset (a set
 * with no numeric feature cannot get a NaN). The request says nothing; the stream record does.
 */
import type { DatasetSchema, FeatureSpec } from '../../datasets/types';
import type { Rng } from '../../datasets/random';

/** The kinds of bad request. */
export const DEFECT_KINDS = ['missing-field', 'wrong-type', 'nan', 'extra-field', 'out-of-range', 'unit-change'] as const;

/** One kind of bad request (a scenario's `null` field is a `missing-field` too). */
export type DefectKind = (typeof DEFECT_KINDS)[number];

/** The factor of a unit-change defect (e.g. kilograms sent as grams). */
export const UNIT_FACTOR = 1000;

/** Whether a defect kind can touch this feature. */
function fits(kind: DefectKind, f: FeatureSpec): boolean {
  if (kind === 'nan' || kind === 'unit-change') return f.type === 'numeric';
  if (kind === 'out-of-range') return f.type === 'numeric' && f.range !== undefined;
  return true;
}

/** The features each kind can touch, for one schema (kinds that touch none are left out). */
export function applicableKinds(schema: DatasetSchema, kinds: readonly DefectKind[]): { kind: DefectKind; features: FeatureSpec[] }[] {
  return kinds.map((kind) => ({ kind, features: schema.features.filter((f) => fits(kind, f)) })).filter((k) => k.features.length > 0);
}

/** Breaks `features` in place with one defect of a random applicable kind; returns the kind and the feature. */
export function injectDefect(features: Record<string, unknown>, options: { kind: DefectKind; features: FeatureSpec[] }[], rng: Rng): { kind: DefectKind; feature: string } {
  const choice = options[rng.int(options.length)] as { kind: DefectKind; features: FeatureSpec[] };
  const f = choice.features[rng.int(choice.features.length)] as FeatureSpec;
  const v = features[f.name];
  switch (choice.kind) {
    case 'missing-field':
      delete features[f.name];
      break;
    case 'wrong-type':
      // A number sent as text, or a category sent as its index.
      features[f.name] = f.type === 'numeric' ? String(v) : (f.categories ?? []).indexOf(String(v));
      break;
    case 'nan':
      features[f.name] = Number.NaN;
      break;
    case 'extra-field':
      return addExtra(features, rng);
    case 'out-of-range': {
      const [lo, hi] = f.range as [number, number];
      const width = hi - lo || 1;
      features[f.name] = rng.next() < 0.5 ? lo - width * (0.5 + rng.next()) : hi + width * (0.5 + rng.next());
      break;
    }
    case 'unit-change':
      features[f.name] = (v as number) * UNIT_FACTOR;
      break;
  }
  return { kind: choice.kind, feature: f.name };
}

function addExtra(features: Record<string, unknown>, rng: Rng): { kind: DefectKind; feature: string } {
  let name = 'debug_flag';
  while (name in features) name = `_${name}`;
  features[name] = rng.int(2) === 1;
  return { kind: 'extra-field', feature: name };
}
