/**
 * A slot: one version loaded for serving under an alias — its model, warmed up at every bucket size,
 * and the micro-batcher that queues its requests. Loading checks the version's schema against the
 * endpoint's first, and says at which stage a version could not be served (DeployError).
 */
import type { DatasetSchema } from '../../datasets/types';
import type { ModelRegistry } from '../registry/registry';
import { MicroBatcher, type BatcherOptions } from './batcher';
import { DeployError } from './errors';
import { ServedModel, type PredictFault } from './served-model';

/** A version loaded under an alias. */
export interface Slot {
  version: string;
  served: ServedModel;
  batcher: MicroBatcher;
}

/** What loading a slot needs from its endpoint. */
export interface SlotSetup {
  registry: ModelRegistry;
  /** The endpoint's schema: the version must have the same features and classes. */
  schema: DatasetSchema;
  /** Encoded input columns. */
  cols: number;
  buckets: readonly number[];
  predictFault?: PredictFault | undefined;
  batcher: Omit<BatcherOptions, 'cols' | 'classes'>;
  /** Hears the size of every batch the slot runs. */
  onBatch: (rows: number) => void;
  /**
   * Hears the wall-clock milliseconds each batch spent in the model call (from handing it the rows to
   * its probabilities, measured with performance.now in this process, whatever clock the endpoint runs on).
   */
  onModelTime: (ms: number) => void;
}

/** The features (names, types, categories) and classes of a schema, as comparable text. */
function servingShape(schema: DatasetSchema): string {
  return JSON.stringify([schema.classes, schema.features.map((f) => [f.name, f.type, f.categories ?? null])]);
}

/** Loads `version` from the registry, warms it at every bucket and gives it a batcher; DeployError (stage schema, load or warm-up) when it cannot serve. */
export async function loadSlot(version: string, setup: SlotSetup): Promise<Slot> {
  const meta = setup.registry.get(version);
  if (servingShape(meta.schema) !== servingShape(setup.schema)) throw new DeployError(version, `its schema (features ${meta.schema.features.map((f) => f.name).join(', ')}; classes ${meta.schema.classes.join(', ')}) differs from the endpoint's`, 'schema');
  let model: Awaited<ReturnType<ModelRegistry['loadModel']>>;
  try {
    model = await setup.registry.loadModel(version);
  } catch (error) {
    throw new DeployError(version, error instanceof Error ? error.message : String(error), 'load', error);
  }
  const classes = setup.schema.classes.length;
  let served: ServedModel;
  try {
    served = await ServedModel.warm(version, model, setup.cols, classes, setup.buckets, setup.predictFault);
  } catch (error) {
    throw new DeployError(version, error instanceof Error ? error.message : String(error), 'warm-up', error);
  }
  const run = (rows: Float32Array, n: number): Promise<Float32Array> => {
    setup.onBatch(n);
    const start = performance.now();
    // Timed whether it answers or fails.
    return served.predict(rows, n).finally(() => setup.onModelTime(performance.now() - start));
  };
  return { version, served, batcher: new MicroBatcher(run, { ...setup.batcher, cols: setup.cols, classes }) };
}
