/**
 * Bench `serving`, Node part: the measurement of bench/lib/serving-measure.ts on TF.js's pure-JS cpu
 * backend (no GPU, so no CPU-handoff flags apply). The page part measures the browser's backends.
 */
import * as tf from '@tensorflow/tfjs';
import { measureServing } from '../lib/serving-measure';

/** Runs the Node part; its result lands under `node_cpu` in bench/results/serving.json. */
export default async function run(): Promise<Record<string, unknown>> {
  await tf.setBackend('cpu');
  await tf.ready();
  return { node_cpu: await measureServing({ burst: 2048, single: 200, reps: 5, minMs: 200 }) };
}
