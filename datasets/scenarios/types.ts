/**
 * Drift scenarios as plain JSON: a dataset and a timeline of changes. Each change is an effect (what
 * changes) and a shape (how it unfolds over the stream's records). Changes compose: all of a
 * scenario's changes apply at once, in list order, and scenarios can be merged or chained
 * (scenarios/compose.ts). Positions are record indices in the stream.
 */
import type { DatasetRef } from '../catalog';
import type { ChangeShape } from '../ground-truth';

/** What a change does to a record. Feature names are the dataset schema's. */
export type Effect =
  /** Concept drift: the dataset's parameters that set its labelling function change (e.g. SEA variant). */
  | { type: 'concept'; params: Record<string, number | string> }
  /** Concept drift: labels come from the boundary rotated by `degrees` around the centre of two numeric features. */
  | { type: 'rotate-boundary'; degrees: number; features?: [string, string] }
  /** Concept drift: class `from` becomes `to`, everywhere or where `where.feature` is in [min, max]. */
  | { type: 'label-remap'; from: number; to: number; where?: { feature: string; min: number; max: number } }
  /** Covariate shift: features move by the given amounts (labels follow the labelling function). */
  | { type: 'mean-shift'; shift: Record<string, number> }
  /** Covariate shift: features spread by the given factors around the middle of their range. */
  | { type: 'scale'; factor: Record<string, number> }
  /** Covariate shift: two numeric features rotate around the middle of their ranges. */
  | { type: 'rotate-inputs'; degrees: number; features?: [string, string] }
  /** Covariate shift by resampling: rows with a high (strength > 0) or low value of `feature` become more likely. */
  | { type: 'resample'; feature: string; strength: number }
  /** Prior shift: the class mix becomes `mix` (one share per class, summing to 1). */
  | { type: 'class-mix'; mix: number[] }
  /** Sensor degradation: Gaussian noise (as a fraction of each feature's range) and a gain on the readings. */
  | { type: 'sensor'; noise?: number; gain?: number; features?: string[] }
  /** Incident: a feature is sent in another unit (its values multiplied by `factor`). */
  | { type: 'unit-change'; feature: string; factor: number }
  /** Incident: a share of the records lose a field (absent, or null). */
  | { type: 'missing-field'; feature: string; share: number; as?: 'missing' | 'null' }
  /** Incident: a share of the records carry a value outside the feature's range. */
  | { type: 'out-of-range'; feature: string; share: number }
  /** Incident: labels stop arriving; they are released when the stall ends, unless `lost`. */
  | { type: 'label-stall'; lost?: boolean }
  /** Incident: labels arrive `seconds` later than usual (with an incremental shape, later and later). */
  | { type: 'label-delay'; seconds: number };

/** The type names of the effects. */
export type EffectType = Effect['type'];

/** One change on the timeline. */
export interface Change {
  /** Short id, unique in the scenario (shown as the concept id in the stream); default `change-<k>`. */
  id?: string;
  effect: Effect;
  shape: ChangeShape;
  /**
   * sudden: the first record changed; gradual: the sigmoid's position p; incremental: where the ramp
   * starts; recurring: where the first episode starts.
   */
  at: number;
  /** gradual: the sigmoid's width w (P(new) = 1 / (1 + exp(-4 (i - p) / w))); incremental: the ramp's length. */
  width?: number;
  /** Where the change goes away again (a drift that reverts, an incident that ends). */
  end?: number;
  /** recurring: records from one episode's start to the next, and how long each lasts. */
  period?: number;
  duration?: number;
  /** One sentence for a learner. */
  description: string;
}

/** A scenario for an imported (CSV) dataset, which is not in the catalogue: the source gets it directly. */
export interface ImportedRef {
  id: 'imported';
  /** The imported dataset's name. */
  name: string;
}

/** A named scenario: a dataset and its timeline. */
export interface Scenario {
  name: string;
  /** One line a learner understands. */
  description: string;
  /** The dataset it runs on by default (an imported one must be handed to the source). */
  dataset: DatasetRef | ImportedRef;
  /** Records the story needs (ground truth and the default stream length). */
  length: number;
  changes: Change[];
  /** Defaults for the traffic: requests per simulated second, label delay in seconds. */
  traffic?: { rate?: number; labelDelay?: number };
}
