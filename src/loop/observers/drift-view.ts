/**
 * Per-feature drift of the live traffic for the drift view: the most recent `capacity` request
 * inputs (a FeatureDriftWindow ring) against a reference, compared with the drift report of
 * src/monitoring/stats.
 *
 * The reference is the training data of the version in production (up to `referenceRows` of its
 * training rows, kept when it is trained); for a version whose training data the Lab never saw (an
 * imported or copied one) it is the first `capacity` requests of the stream (the first window).
 *
 * Methods, one per feature type, chosen because they do not cry wolf as the window slides: a numeric
 * feature uses the Population Stability Index (PSI, 10 bins on the reference's quantiles; drifting at
 * >= 0.1, "moderate"; >= 0.25 is "major"); a categorical one the Jensen–Shannon distance between the
 * two category mixes (drifting at >= 0.1). Sampling noise alone keeps both well under 0.1 at these
 * sizes (PSI's null mean is about (bins - 1)(1/n_ref + 1/n_cur) ≈ 0.014), unlike a p-value test that
 * flags 5% of looks on unchanged data. Datasets with many features (images) report the first
 * `maxFeatures` only.
 *
 * Lazy: the report is computed when asked and cached until a request comes or the reference changes,
 * so the same stream position always gives the same numbers and a run nobody watches pays nothing.
 */
import type { AdmittedRequest, LoopObserver } from '../engine/observer';
import type { DatasetSchema } from '../../../datasets/types';
import { datasetDrift, type DriftMethod, type FeatureColumn } from '../../monitoring/stats/drift-report';
import { FeatureDriftWindow } from '../../monitoring/stats/feature-window';
import { MonitoringInputError } from '../../monitoring/errors';
import type { PsiLevel } from '../../monitoring/stats/psi';
import { quantileSorted, sortedSample } from '../../monitoring/stats/sample';

/** Options of the tracker. */
export interface DriftTrackerOptions {
  /** Recent requests compared (default 1000). */
  capacity: number;
  /** Training rows kept as a version's reference (default 2000). */
  referenceRows: number;
  /** Requests needed before a report is given (default 100). */
  minRows: number;
  /** Features reported at most (default 32). */
  maxFeatures: number;
  /** Versions whose reference is kept (default 8). */
  maxVersions: number;
}

/** Defaults of the tracker. */
export const DRIFT_TRACKER_DEFAULTS: DriftTrackerOptions = { capacity: 1000, referenceRows: 2000, minRows: 100, maxFeatures: 32, maxVersions: 8 };

/** Threshold of both methods. */
export const DRIFT_THRESHOLD = 0.1;

/** One feature's row of the drift table. */
export interface FeatureDriftRow {
  feature: string;
  type: 'numeric' | 'categorical';
  method: DriftMethod;
  /** The statistic's name as a learner reads it: "PSI" or "Jensen–Shannon distance". */
  statistic: string;
  value: number;
  threshold: number;
  /** value >= threshold. */
  drifting: boolean;
  /** PSI severity of a numeric feature (none < 0.1 <= moderate < 0.25 <= major); null for categorical. */
  level: PsiLevel | null;
  /**
   * Median of a numeric feature in the reference and in the recent window (4 decimals), the typical
   * value then and now; a median, not a mean, so a few wild values (bad requests) do not move it.
   * Null for categorical features.
   */
  medians: { reference: number; current: number } | null;
}

/** The drift view as a snapshot carries it. */
export interface DriftView {
  /** Requests sent when computed. */
  position: number;
  reference: { source: 'training-data' | 'first-window'; version: string | null; rows: number };
  current: { rows: number; capacity: number };
  /** Requests since the run began whose input could not be read (missing field, NaN, unknown category): never in the window. */
  rejectedRows: number;
  /** Null while fewer than `minRows` requests (or no reference) are held. */
  features: FeatureDriftRow[] | null;
  /** Features in the dataset, and how many are reported (the first `maxFeatures`). */
  totalFeatures: number;
  driftingFeatures: number;
}

const STATISTIC_NAMES: Record<DriftMethod, string> = { psi: 'PSI', 'jensen-shannon': 'Jensen–Shannon distance', ks: 'KS statistic', 'chi-square': 'chi-square', wasserstein: 'normed Wasserstein distance' };

function emptyColumns(schema: DatasetSchema, count: number): FeatureColumn[] {
  return schema.features.slice(0, count).map((f) => ({ name: f.name, type: f.type, values: new Float64Array(0), ...(f.categories ? { categories: f.categories.length } : {}) }));
}

/** Keeps the recent inputs and the references, and reports per-feature drift on demand. */
export class FeatureDriftTracker implements LoopObserver {
  readonly options: DriftTrackerOptions;
  private readonly width: number;
  private readonly reported: number;
  private readonly recent: FeatureDriftWindow;
  private readonly first: FeatureDriftWindow;
  private readonly references = new Map<string, FeatureColumn[]>();
  private readonly methods: Record<string, DriftMethod>;
  private cache: { key: string; view: DriftView } | null = null;
  private added = 0;

  constructor(
    private readonly schema: DatasetSchema,
    options: Partial<DriftTrackerOptions> = {},
  ) {
    this.options = { ...DRIFT_TRACKER_DEFAULTS, ...options };
    for (const [k, v] of Object.entries(this.options)) {
      if (!Number.isInteger(v) || v < 1) throw new MonitoringInputError(`drift.${k}`, `must be a positive integer, got ${String(v)}`);
    }
    this.width = schema.features.length;
    this.reported = Math.min(this.width, this.options.maxFeatures);
    // Only the reported features are held: a 256-pixel image set keeps 32 columns, not 256.
    const columns = emptyColumns(schema, this.reported);
    this.recent = new FeatureDriftWindow(columns, this.options.capacity);
    this.first = new FeatureDriftWindow(columns, this.options.capacity);
    this.methods = Object.fromEntries(schema.features.map((f) => [f.name, f.type === 'numeric' ? 'psi' : 'jensen-shannon']));
  }

  /** Every stream request's input row, as it enters. */
  onRequest(r: AdmittedRequest): void {
    this.add(r.row);
  }

  /**
   * Adds the input row of a request (one value per schema feature, in schema order; null when it could
   * not be read). A row of the wrong width, or with a non-finite value among the reported features,
   * is counted as rejected.
   */
  add(row: ArrayLike<number> | null): void {
    this.added++;
    if (row === null || row.length !== this.width) {
      this.recent.rejectedRows++;
      return;
    }
    const kept = this.reported === this.width ? row : ArrayBuffer.isView(row) ? (row as Float32Array).subarray(0, this.reported) : Array.from({ length: this.reported }, (_, j) => row[j] as number);
    if (this.recent.add(kept) && this.first.size < this.first.capacity) this.first.add(kept);
  }

  /**
   * Keeps the first `referenceRows` rows of `features` (row-major, one value per schema feature) as
   * `version`'s reference. Returns false, keeping nothing, when the rows are not of that shape (a model
   * fed another encoding): that version is then compared with the first window.
   */
  setReference(version: string, features: Float32Array, rows: number): boolean {
    if (!Number.isInteger(rows) || rows < 1 || features.length !== rows * this.width) return false;
    const n = Math.min(rows, this.options.referenceRows);
    const columns = emptyColumns(this.schema, this.reported).map((c, j) => {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = features[i * this.width + j] as number;
      return { ...c, values };
    });
    this.references.delete(version);
    this.references.set(version, columns);
    if (this.references.size > this.options.maxVersions) this.references.delete(this.references.keys().next().value as string);
    this.cache = null;
    return true;
  }

  /** True when `version`'s training data is kept as a reference. */
  hasReference(version: string): boolean {
    return this.references.has(version);
  }

  /** The drift view at `position` (requests sent) against `production`'s reference. */
  view(production: string | null, position: number): DriftView {
    const ownRef = production === null ? undefined : this.references.get(production);
    const key = `${position}|${this.added}|${ownRef ? production : 'first'}`;
    if (this.cache?.key === key) return this.cache.view;
    const reference = ownRef ?? (this.first.size >= this.options.minRows ? this.first.currentColumns() : null);
    const refRows = reference?.[0]?.values.length ?? 0;
    const base = {
      position,
      reference: { source: ownRef ? ('training-data' as const) : ('first-window' as const), version: ownRef ? production : null, rows: refRows },
      current: { rows: this.recent.size, capacity: this.recent.capacity },
      rejectedRows: this.recent.rejectedRows,
      totalFeatures: this.width,
    };
    let view: DriftView;
    if (!reference || this.recent.size < this.options.minRows) view = { ...base, features: null, driftingFeatures: 0 };
    else {
      const current = this.recent.currentColumns();
      const report = datasetDrift(reference, current, { methods: this.methods, psiLevels: [DRIFT_THRESHOLD, 0.25], distanceThreshold: DRIFT_THRESHOLD });
      const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
      const median = (c: FeatureColumn | undefined) => r4(quantileSorted(sortedSample('drift.median', c?.values ?? []), 0.5));
      const features = report.features.map((f, j): FeatureDriftRow => ({
        feature: f.feature,
        type: reference[j]?.type ?? 'numeric',
        medians: reference[j]?.type === 'numeric' ? { reference: median(reference[j]), current: median(current[j]) } : null,
        method: f.method,
        statistic: STATISTIC_NAMES[f.method],
        value: r4(f.statistic),
        threshold: f.threshold,
        drifting: f.drifted,
        level: f.psiLevel,
      }));
      view = { ...base, features, driftingFeatures: report.driftedFeatures };
    }
    this.cache = { key, view };
    return view;
  }
}
