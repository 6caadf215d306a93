/**
 * One way to build every generator of the catalogue: a dataset declares its parameters (defaults and
 * validation), its schema, and a "concept" (how to draw one row, and the labelling function) for a
 * given set of parameters; `defineGenerator` turns that into a `Generator` with `sample` on top.
 */
import { DatasetError, knownParams } from '../errors';
import type { Rng } from '../random';
import { allocateBatch, type DataBatch, type DatasetSchema, type Generator, type RowBuffer } from '../types';

/** How one concept draws a row and labels one. */
export interface Concept {
  /** Writes one row at `offset`, returns its label; with `cls`, the row belongs to that class. */
  draw(out: RowBuffer, offset: number, rng: Rng, t: number, cls: number | undefined): number;
  /** The noise-free class of a row. */
  label(row: ArrayLike<number>, t: number): number;
}

/** What a dataset file declares. */
export interface GeneratorDefinition<P extends object> {
  id: string;
  title: string;
  description: string;
  defaults: P;
  /** Checks complete parameters; throws a DatasetError naming the bad one. */
  validate(params: P): void;
  schema(params: P): DatasetSchema;
  /** Per-row input shape; default [number of features]. */
  inputShape?(params: P): number[];
  /** Rows of `sample` alternate between the classes (the 2-D sets), instead of following P(y). */
  balanced: boolean;
  concept(params: P): Concept;
}

/** Most tries a rejection sampler makes for one row before it gives up with a clear error. */
export const MAX_TRIES = 10_000;

/**
 * Draws rows with `sampleRow` until one has class `cls` (rejection sampling: exact, because the
 * accepted rows follow P(x | y = cls)). Throws when the class is (almost) unreachable.
 */
export function drawOfClass(dataset: string, out: RowBuffer, offset: number, rng: Rng, cls: number, sampleRow: () => number): number {
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    if (sampleRow() === cls) return cls;
  }
  throw new DatasetError('invalid-dataset', `${dataset}: class ${cls} did not come up in ${MAX_TRIES} draws; with these parameters it is (almost) impossible`, { dataset, cls });
}

/** Builds the factory of a generator: `factory(params)` validates and returns a Generator. */
export function defineGenerator<P extends object>(def: GeneratorDefinition<P>): (params?: Partial<P>) => Generator<P> {
  const factory = (partial: Partial<P> = {}): Generator<P> => {
    if (typeof partial !== 'object' || partial === null) throw new DatasetError('invalid-dataset', `${def.id}: params must be an object`, { dataset: def.id });
    knownParams(def.id, partial, Object.keys(def.defaults));
    const params = { ...def.defaults, ...partial } as P;
    def.validate(params);
    const schema = def.schema(params);
    const cols = schema.features.length;
    const classes = schema.classes.length;
    const concept = def.concept(params);
    return {
      id: def.id,
      title: def.title,
      description: def.description,
      schema,
      params,
      inputShape: def.inputShape?.(params) ?? [cols],
      sample(n: number, rng: Rng, t = 0): DataBatch {
        const batch = allocateBatch(n, cols);
        for (let i = 0; i < n; i++) {
          batch.labels[i] = concept.draw(batch.features, i * cols, rng, t, def.balanced ? i % classes : undefined);
        }
        return batch;
      },
      draw: (out, offset, rng, t = 0, cls) => concept.draw(out, offset, rng, t, cls),
      label: (row, t = 0) => concept.label(row, t),
      withParams: (more) => factory({ ...partial, ...more }),
    };
  };
  return factory;
}
