/**
 * What the registry stores: versions with their lineage and metrics, alias moves (the append-only
 * deployment history) and release records. All plain JSON, so they cross a worker boundary and
 * persist as they are.
 */
import type { DatasetSchema } from '../../datasets/types';
import type { TrainConfig } from '../model/config';
import type { ModelSpec } from '../model/spec';

/** The aliases a version can hold. */
export type Alias = 'production' | 'candidate' | 'shadow';
/** Every alias, in display order. */
export const ALIASES: readonly Alias[] = ['production', 'candidate', 'shadow'];

/**
 * The largest version sequence number (v2147483647): far beyond any lab, small enough that the next
 * number is always exact. A registry or session file claiming more is refused.
 */
export const MAX_VERSION_SEQ = 2 ** 31 - 1;

/** What made a version (or an alias move) happen; `trainer`: trained in the trainer panel and deployed to the lab. */
export type Trigger = 'manual' | 'alert' | 'schedule' | 'drill' | 'trainer';
/** Every trigger. */
export const TRIGGERS: readonly Trigger[] = ['manual', 'alert', 'schedule', 'drill', 'trainer'];

/** Accuracy, loss and confusion matrix of a model on labelled rows. */
export interface VersionMetrics {
  rows: number;
  accuracy: number;
  loss: number;
  confusion?: number[][];
}

/** The data a version was trained on. */
export interface TrainingDataInfo {
  /** Dataset id (e.g. "moons") and scenario (e.g. "gradual-drift"), when the data came from one. */
  dataset: string;
  scenario?: string;
  seed: number;
  /** Simulated-time window of the training rows, [from, to]. */
  window?: { from: number; to: number; rows: number; policy?: string };
}

/** Everything the caller says about a new version (the registry adds id, times and parent). */
export interface VersionInfo {
  trigger: Trigger;
  data: TrainingDataInfo;
  model: ModelSpec;
  hyperParameters: TrainConfig | Record<string, unknown>;
  /** The TF.js backend it was trained on. */
  backend: string;
  /**
   * How that backend was chosen: the lab's backend policy, the sentence the badge shows, why it fell
   * back from the policy's first preference, and a backend loss it was chosen again after. Absent for
   * versions registered outside a lab's training run (and in sessions older than the field).
   */
  backendChoice?: { policy: string; message: string; fallbackReason?: string; lost?: { backend: string; reason: string; detail?: string } };
  trainingMetrics?: Partial<VersionMetrics> & Record<string, unknown>;
  evaluation: VersionMetrics;
  schema: DatasetSchema;
  notes?: string;
  /** Parent version id; by default the current production version when it is registered. */
  parent?: string | null;
  /** Simulated time of creation (the lab's clock), default 0. */
  simTime?: number;
}

/** A registered version. */
export interface Version extends Omit<VersionInfo, 'parent' | 'simTime'> {
  /** "v1", "v2", ...: monotonic, never reused. */
  id: string;
  /** The sequence number behind the id. */
  seq: number;
  parent: string | null;
  created: { simTime: number; wallTime: string };
  /** Where an imported version came from. */
  importedFrom?: { id: string; exportedAt?: string };
}

/** One move of an alias: who pointed it where, when and why. `version: null` clears the alias. */
export interface AliasMove {
  /** Position in the history, from 0. */
  seq: number;
  alias: Alias;
  version: string | null;
  previous: string | null;
  simTime: number;
  wallTime: string;
  reason: string;
  actor: string;
  /** Set on a rollback: the seq of the move it undid. */
  undoes?: number;
}

/** The gate's verdict on a candidate (from the promotion gate; the registry only records it). */
export interface GateResult {
  passed: boolean;
  /** E.g. { candidateAccuracy, productionAccuracy, rows }. */
  metrics: Record<string, number>;
  rule: string;
}

/** The record kept for every promotion to production. */
export interface ReleaseRecord {
  seq: number;
  version: string;
  replaced: string | null;
  why: string;
  data: TrainingDataInfo;
  metrics: VersionMetrics;
  gate: GateResult | null;
  approver: string;
  simTime: number;
  wallTime: string;
}

/** A model in TF.js's own serialized form: topology + weight manifest + one weight buffer. */
export interface StoredArtifacts {
  modelTopology: object;
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

/** One weight's entry of a TF.js weight manifest. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  quantization?: unknown;
}
