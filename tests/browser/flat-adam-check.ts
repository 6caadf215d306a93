/**
 * Shared by the flat-Adam tests (unit on cpu, browser on WebGPU and WebGL): two copies of the Lab's
 * model (same spec, same seed), one compiled with TF.js's own `tf.train.adam`, the other with the
 * trainer's FlatAdamOptimizer, trained on the same seeded batches; their weights must match bit for
 * bit after every step, as the file comment of src/model/flat-adam.ts promises.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../datasets/random';
import { buildModel } from '../../src/model/build';
import { FlatAdamOptimizer } from '../../src/model/flat-adam';
import type { MlpSpec } from '../../src/model/spec';

/** What the check found. */
export interface FlatAdamCheck {
  backend: string;
  steps: number;
  /** Weight values compared (all weights, after every step). */
  compared: number;
  /** Values whose float32 bits differ (must be 0). */
  different: number;
  /** Largest |difference| seen. */
  maxDiff: number;
  /** Tensors alive after everything was disposed, minus before. */
  leaked: number;
}

/** Trains both copies for `steps` batches of 32 rows on the active backend and compares their weights. */
export async function checkFlatAdam(spec: MlpSpec, steps: number, learningRate = 0.01): Promise<FlatAdamCheck> {
  const before = tf.memory().numTensors;
  const cols = 3;
  const shape = { inputShape: [cols], classes: 3 };
  const ranges = [[-2, 2], [0, 10], [-1, 1]] as const;
  const reference = buildModel(spec, shape, 7, { inputRanges: ranges });
  const flat = buildModel(spec, shape, 7, { inputRanges: ranges });
  const refOpt = tf.train.adam(learningRate);
  const flatOpt = new FlatAdamOptimizer(learningRate);
  reference.compile({ optimizer: refOpt, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  flat.compile({ optimizer: flatOpt, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const rng = createRng(11);
  let compared = 0;
  let different = 0;
  let maxDiff = 0;
  try {
    for (let s = 0; s < steps; s++) {
      const xs = Float32Array.from({ length: 32 * cols }, (_, i) => rng.uniform((ranges[i % cols] as readonly [number, number])[0], (ranges[i % cols] as readonly [number, number])[1]));
      const labels = Int32Array.from({ length: 32 }, (_, i) => ((xs[i * cols] as number) + (xs[i * cols + 2] as number) > 0 ? 1 : 0) + ((xs[i * cols + 1] as number) > 5 ? 1 : 0));
      const x = tf.tensor2d(xs, [32, cols]);
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat());
      await reference.trainOnBatch(x, y);
      await flat.trainOnBatch(x, y);
      tf.dispose([x, y]);
      const a = reference.getWeights();
      const b = flat.getWeights();
      for (let w = 0; w < a.length; w++) {
        const av = (await (a[w] as tf.Tensor).data()) as Float32Array;
        const bv = (await (b[w] as tf.Tensor).data()) as Float32Array;
        const ab = new Uint32Array(av.buffer, av.byteOffset, av.length);
        const bb = new Uint32Array(bv.buffer, bv.byteOffset, bv.length);
        for (let i = 0; i < av.length; i++) {
          compared++;
          if (ab[i] !== bb[i]) different++;
          maxDiff = Math.max(maxDiff, Math.abs((av[i] as number) - (bv[i] as number)));
        }
      }
    }
  } finally {
    reference.dispose();
    flat.dispose();
    refOpt.dispose();
    flatOpt.dispose();
  }
  return { backend: tf.getBackend(), steps, compared, different, maxDiff, leaked: tf.memory().numTensors - before };
}
