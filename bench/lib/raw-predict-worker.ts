/**
 * Bench-only dedicated module Worker (not a product command): raw `predictOnBatch` of the Lab's model
 * measured in a worker, where the Lab's own loop runs, so the `loop` bench's worker ratio compares two
 * figures taken in the same kind of thread. The model is the Lab's (`LOOP_MODEL`, seed 1, the
 * scenario's schema) on the cpu backend, as the Lab worker serves by default.
 *
 * Messages: `{ type: 'init' }` -> `{ type: 'ready', backend, cols }`;
 * `{ type: 'measure', minMs, rows }` -> `{ type: 'measured', round }` (bench/lib/raw-rounds.ts);
 * any failure -> `{ type: 'error', message }`.
 */
import * as tf from '@tensorflow/tfjs';
import { buildLabModel } from '../../src/loop/engine/model';
import { LOOP_MODEL } from '../../src/loop/engine/config';
import { moons } from '../../datasets/index';
import { rawPredictFor, rawRows } from './raw-rounds';

let model: tf.LayersModel | null = null;
let cols = 0;

self.onmessage = async (e: MessageEvent<{ type: 'init' } | { type: 'measure'; minMs: number; rows: number }>) => {
  try {
    if (e.data.type === 'init') {
      await tf.setBackend('cpu');
      await tf.ready();
      const schema = moons().schema;
      cols = schema.features.length;
      model = buildLabModel(LOOP_MODEL, schema, 1);
      self.postMessage({ type: 'ready', backend: tf.getBackend(), cols });
      return;
    }
    if (!model) throw new Error('raw-predict worker: measure before init');
    const round = await rawPredictFor(model, rawRows(e.data.rows, cols), cols, e.data.minMs);
    self.postMessage({ type: 'measured', round, tensors: tf.memory().numTensors });
  } catch (error) {
    self.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
