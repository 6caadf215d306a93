/**
 * Feature drift against the reference (the training data of the deployed version), with the method
 * and threshold chosen as Evidently documents its defaults:
 *
 * | reference rows | feature                                   | method (statistic)        | drifts when      |
 * |----------------|-------------------------------------------|---------------------------|------------------|
 * | <= 1000        | numeric with > 5 distinct values          | KS two-sample test        | p-value < 0.05   |
 * | <= 1000        | categorical, or numeric with <= 5 values  | chi-square (homogeneity)  | p-value < 0.05   |
 * | > 1000         | numeric with > 5 distinct values          | normed Wasserstein-1      | distance >= 0.1  |
 * | > 1000         | categorical, or numeric with <= 5 values  | Jensen–Shannon distance   | distance >= 0.1  |
 *
 * (Evidently uses a proportion Z-test for binary categoricals; we use chi-square there too.) PSI is
 * reported for every numeric feature beside the chosen method, with its levels 0.1 / 0.25, and can be
 * chosen as the method (`psi`, drifts at >= 0.1). The dataset drifts when the share of drifting
 * features is at least 0.5. Every method, threshold and share is configurable.
 */
import { MonitoringInputError } from '../errors';
import { chiSquareTest } from './chi-square';
import { jensenShannonCategorical, jensenShannonNumeric } from './jensen-shannon';
import { ksTest } from './ks';
import { psi, psiLevel, type PsiLevel } from './psi';
import { distinctSorted, sortedSample } from './sample';
import { wassersteinNormed } from './wasserstein';

/** A drift method. `ks` and `chi-square` are tests (p-values); the others are distances. */
export type DriftMethod = 'ks' | 'chi-square' | 'wasserstein' | 'jensen-shannon' | 'psi';

/** One feature's values. Categorical values are category indices (0, 1, ...). */
export interface FeatureColumn {
  name: string;
  type: 'numeric' | 'categorical';
  values: ArrayLike<number>;
  /** Number of categories (categorical only; defaults to the largest index + 1). */
  categories?: number;
}

/** Options of the drift report; every field defaults to Evidently's documented default. */
export interface DriftOptions {
  /** Reference size up to which the tests (KS, chi-square) are used. Default 1000. */
  smallReferenceRows: number;
  /** A numeric feature with at most this many distinct reference values is treated as categorical. Default 5. */
  maxDistinctForCategorical: number;
  /** p-value threshold of the tests. Default 0.05. */
  pValueThreshold: number;
  /** Threshold of the distances (Wasserstein, Jensen–Shannon). Default 0.1. */
  distanceThreshold: number;
  /** PSI levels (moderate, major); PSI as a method drifts at the first. Default [0.1, 0.25]. */
  psiLevels: [number, number];
  /** Share of drifting features at which the dataset drifts. Default 0.5. */
  driftShare: number;
  /** Force a method per feature name. */
  methods: Record<string, DriftMethod>;
}

/** Evidently's defaults. */
export const DEFAULT_DRIFT_OPTIONS: DriftOptions = {
  smallReferenceRows: 1000,
  maxDistinctForCategorical: 5,
  pValueThreshold: 0.05,
  distanceThreshold: 0.1,
  psiLevels: [0.1, 0.25],
  driftShare: 0.5,
  methods: {},
};

/** The drift verdict for one feature. */
export interface FeatureDrift {
  feature: string;
  method: DriftMethod;
  /** The method's statistic (KS D, chi-square, distance or PSI). */
  statistic: number;
  /** p-value of a test; null for a distance. */
  pValue: number | null;
  /** The threshold compared against (p-value threshold for tests). */
  threshold: number;
  drifted: boolean;
  /** PSI and its level, for numeric features (null for categorical). */
  psi: number | null;
  psiLevel: PsiLevel | null;
  referenceRows: number;
  currentRows: number;
}

/** The dataset-level verdict. */
export interface DatasetDrift {
  features: FeatureDrift[];
  driftedFeatures: number;
  driftedShare: number;
  datasetDrift: boolean;
}

/** Picks the method for a feature by Evidently's default rule (see the table above). */
export function chooseMethod(column: FeatureColumn, referenceRows: number, distinct: number, options: DriftOptions = DEFAULT_DRIFT_OPTIONS): DriftMethod {
  const forced = options.methods[column.name];
  if (forced) return forced;
  const categoricalLike = column.type === 'categorical' || distinct <= options.maxDistinctForCategorical;
  if (referenceRows <= options.smallReferenceRows) return categoricalLike ? 'chi-square' : 'ks';
  return categoricalLike ? 'jensen-shannon' : 'wasserstein';
}

function asCategories(sorted: Float64Array): Map<number, number> {
  const index = new Map<number, number>();
  for (const v of sorted) if (!index.has(v)) index.set(v, index.size);
  return index;
}

/** Maps numeric values onto category indices (values unseen in the reference get new indices). */
function encode(values: ArrayLike<number>, index: Map<number, number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    let k = index.get(v);
    if (k === undefined) {
      k = index.size;
      index.set(v, k);
    }
    out.push(k);
  }
  return out;
}

/** Drift of one feature: `current` against `reference` (same name and type). */
export function featureDrift(reference: FeatureColumn, current: FeatureColumn, options: Partial<DriftOptions> = {}): FeatureDrift {
  const opts = { ...DEFAULT_DRIFT_OPTIONS, ...options };
  if (reference.name !== current.name || reference.type !== current.type) throw new MonitoringInputError('current', `column ${current.name} (${current.type}) does not match reference ${reference.name} (${reference.type})`);
  const ref = sortedSample(`reference.${reference.name}`, reference.values);
  const cur = sortedSample(`current.${current.name}`, current.values);
  const method = chooseMethod(reference, ref.length, distinctSorted(ref), opts);
  const numeric = reference.type === 'numeric';
  const psiValue = numeric ? psi(ref, cur) : null;
  let statistic: number;
  let pValue: number | null = null;
  let threshold = opts.distanceThreshold;
  let drifted: boolean;
  if (method === 'ks' || method === 'chi-square') {
    threshold = opts.pValueThreshold;
    if (method === 'ks') {
      const r = ksTest(ref, cur);
      statistic = r.statistic;
      pValue = r.pValue;
    } else {
      const index = asCategories(ref);
      const r = chiSquareTest(encode(ref, index), encode(cur, index));
      statistic = r.statistic;
      pValue = r.pValue;
    }
    drifted = pValue < threshold;
  } else {
    if (method === 'wasserstein') statistic = wassersteinNormed(ref, cur);
    else if (method === 'psi') {
      statistic = psiValue ?? psi(ref, cur);
      threshold = opts.psiLevels[0];
    } else if (numeric && distinctSorted(ref) > opts.maxDistinctForCategorical) statistic = jensenShannonNumeric(ref, cur);
    else {
      const index = asCategories(ref);
      statistic = jensenShannonCategorical(encode(ref, index), encode(cur, index));
    }
    drifted = statistic >= threshold;
  }
  return {
    feature: reference.name,
    method,
    statistic,
    pValue,
    threshold,
    drifted,
    psi: psiValue,
    psiLevel: psiValue === null ? null : psiLevel(psiValue, opts.psiLevels),
    referenceRows: ref.length,
    currentRows: cur.length,
  };
}

/** Drift of every reference feature; the dataset drifts when the drifting share >= `driftShare`. */
export function datasetDrift(reference: readonly FeatureColumn[], current: readonly FeatureColumn[], options: Partial<DriftOptions> = {}): DatasetDrift {
  const opts = { ...DEFAULT_DRIFT_OPTIONS, ...options };
  if (reference.length === 0) throw new MonitoringInputError('reference', 'has no feature columns');
  const byName = new Map(current.map((c) => [c.name, c]));
  const features = reference.map((ref) => {
    const cur = byName.get(ref.name);
    if (!cur) throw new MonitoringInputError('current', `has no column "${ref.name}"`);
    return featureDrift(ref, cur, opts);
  });
  const driftedFeatures = features.filter((f) => f.drifted).length;
  const driftedShare = driftedFeatures / features.length;
  return { features, driftedFeatures, driftedShare, datasetDrift: driftedShare >= opts.driftShare };
}
