/**
 * Choosing a drift for the learner's own data: a sensible default of each kind (the learner can
 * change every part), and the run it makes — a validated scenario (`csvScenario`) plus the data as
 * plain JSON (`toPortable`), which is what a Lab config needs. Pure and deterministic: the defaults
 * depend only on the table.
 *
 * The default feature is the most informative numeric one: the largest share of its variance
 * explained by the class (eta squared, the between-class sum of squares over the total), so shifting
 * it or changing the rule along it matters to a classifier. The concept drift's default region is
 * that feature's upper half; the class relabelled there is the one most common in that region, and it
 * becomes the next class (in class order).
 */
import { DatasetError } from '../errors';
import type { Scenario } from '../scenarios/types';
import type { ImportedDataset } from './imported';
import { csvScenario, type CsvDrift, type CsvDriftTiming } from './scenario';
import { toPortable, type PortableDataset } from './portable';

/** The three kinds of drift a learner can put on their data. */
export const CSV_DRIFT_KINDS = ['covariate', 'prior', 'concept'] as const;
/** A kind of drift on imported data. */
export type CsvDriftKind = (typeof CSV_DRIFT_KINDS)[number];

/** Plain words for each kind, for a form. */
export const CSV_DRIFT_LABELS: Record<CsvDriftKind, string> = {
  covariate: 'Shift a feature (covariate drift: the inputs move)',
  prior: 'Change the class mix (prior drift)',
  concept: 'Change the rule for a region of the inputs (concept drift)',
};

/** Eta squared of each feature (numeric: share of variance explained by the class; categorical: null). */
export function featureRelevance(data: ImportedDataset): (number | null)[] {
  const steps = featureRelevanceSteps(data);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** `featureRelevance` as steps: it pauses after each feature (yields the share done), for a caller that slices its work. */
export function* featureRelevanceSteps(data: ImportedDataset): Generator<number, (number | null)[], void> {
  const features = data.schema.features;
  const out: (number | null)[] = [];
  for (let j = 0; j < features.length; j++) {
    out.push(etaSquared(data, j));
    yield (j + 1) / features.length;
  }
  return out;
}

/** Eta squared of feature `j`, or null when it is categorical. */
function etaSquared(data: ImportedDataset, j: number): number | null {
  const t = data.table;
  const cols = t.schema.features.length;
  const k = t.schema.classes.length;
  if (t.schema.features[j]?.type !== 'numeric') return null;
  const sum = new Float64Array(k);
  const n = new Float64Array(k);
  let all = 0;
  for (let r = 0; r < t.rows; r++) {
    const x = t.features[r * cols + j] as number;
    const y = t.labels[r] as number;
    sum[y] = (sum[y] as number) + x;
    n[y] = (n[y] as number) + 1;
    all += x;
  }
  const mean = all / t.rows;
  let total = 0;
  for (let r = 0; r < t.rows; r++) total += ((t.features[r * cols + j] as number) - mean) ** 2;
  if (total === 0) return 0;
  let between = 0;
  for (let c = 0; c < k; c++) if ((n[c] as number) > 0) between += (n[c] as number) * ((sum[c] as number) / (n[c] as number) - mean) ** 2;
  return between / total;
}

/** The most informative numeric feature's name, or null when no feature is numeric (`relevance`: featureRelevance's, when known). */
export function informativeFeature(data: ImportedDataset, relevance: (number | null)[] = featureRelevance(data)): string | null {
  let best = -1;
  relevance.forEach((r, j) => {
    if (r !== null && (best < 0 || r > (relevance[best] as number))) best = j;
  });
  return best < 0 ? null : (data.schema.features[best]?.name ?? null);
}

/** Rows per class. */
export function classCounts(data: ImportedDataset): number[] {
  const counts = new Array<number>(data.schema.classes.length).fill(0);
  for (const y of data.table.labels) counts[y] = (counts[y] as number) + 1;
  return counts;
}

/** The default drift of a kind for this data (every part can be changed before the run; `relevance`: featureRelevance's, when known). */
export function suggestDrift(data: ImportedDataset, kind: CsvDriftKind, relevance?: (number | null)[]): CsvDrift {
  const k = data.schema.classes.length;
  if (kind === 'prior') {
    // The rarest class becomes the most common: 70% of the traffic, the rest shared evenly.
    const counts = classCounts(data);
    const rare = counts.indexOf(Math.min(...counts.filter((c) => c > 0)));
    return { kind: 'prior', mix: counts.map((_, c) => (c === rare ? 0.7 : 0.3 / (k - 1))) };
  }
  const feature = informativeFeature(data, relevance);
  if (feature === null) throw new DatasetError('invalid-scenario', `${kind === 'covariate' ? 'a feature shift' : 'a rule change by region'} needs a numeric feature, and "${data.source.name}" has none: choose a change of the class mix`, { dataset: data.source.name });
  const j = data.schema.features.findIndex((f) => f.name === feature);
  const [lo, hi] = data.schema.features[j]?.range ?? [0, 1];
  if (kind === 'covariate') return { kind: 'covariate', feature, shift: round((hi - lo) / 2) };
  const mid = round((lo + hi) / 2);
  const t = data.table;
  const cols = t.schema.features.length;
  const inRegion = new Array<number>(k).fill(0);
  for (let r = 0; r < t.rows; r++) if ((t.features[r * cols + j] as number) >= mid) inRegion[t.labels[r] as number]! += 1;
  const from = inRegion.indexOf(Math.max(...inRegion));
  return { kind: 'concept', feature, from, to: (from + 1) % k, min: mid, max: hi };
}

/** Four significant digits: defaults a learner reads in a form. */
function round(x: number): number {
  return Number(x.toPrecision(4));
}

/** What a Lab config needs to run the loop on the data with a drift: the scenario and the data. */
export interface CsvRun {
  scenario: Scenario;
  dataset: PortableDataset;
}

/** The scenario of `drift` on `data` (validated against it) and the data as plain JSON. */
export function csvRun(data: ImportedDataset, drift: CsvDrift, timing: CsvDriftTiming): CsvRun {
  return { scenario: csvScenario(data, drift, timing), dataset: toPortable(data) };
}
