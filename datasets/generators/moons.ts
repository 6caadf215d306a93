/**
 * Two interleaving half circles ("moons"): a classic set that a linear model cannot separate but a
 * small MLP can. Class 0 is the upper moon (unit circle, angle 0..pi); class 1 is the lower moon,
 * the same arc flipped and shifted by (1, 0.5). Gaussian noise of standard deviation `noise` is added
 * to both coordinates. Classes are balanced: rows alternate between the two moons before noise.
 */
import type { Rng } from './random';
import { allocateBatch, type DataBatch, type Dataset, type DatasetSchema } from './types';

/** Parameters of the moons generator. */
export interface MoonsParams {
  /** Standard deviation of the Gaussian noise added to each coordinate (0 = clean arcs). */
  noise: number;
}

const schema: DatasetSchema = {
  features: [
    { name: 'x1', type: 'numeric', range: [-1.5, 2.5], description: 'Horizontal position.' },
    { name: 'x2', type: 'numeric', range: [-1.0, 1.5], description: 'Vertical position.' },
  ],
  classes: ['upper moon', 'lower moon'],
};

/** Creates the moons dataset with the given noise (default 0.15). */
export function moons(params: Partial<MoonsParams> = {}): Dataset<MoonsParams> {
  const p: MoonsParams = { noise: params.noise ?? 0.15 };
  if (!(p.noise >= 0) || !Number.isFinite(p.noise)) throw new RangeError(`moons: noise must be >= 0, got ${p.noise}`);
  return {
    id: 'moons',
    title: 'Two moons',
    description: 'Two interleaving half circles: a curved boundary a straight line cannot draw.',
    schema,
    params: p,
    sample(n: number, rng: Rng): DataBatch {
      const batch = allocateBatch(n, 2);
      for (let i = 0; i < n; i++) {
        const label = i % 2;
        const angle = rng.uniform(0, Math.PI);
        const x = label === 0 ? Math.cos(angle) : 1 - Math.cos(angle);
        const y = label === 0 ? Math.sin(angle) : 0.5 - Math.sin(angle);
        batch.features[2 * i] = x + rng.normal(0, p.noise);
        batch.features[2 * i + 1] = y + rng.normal(0, p.noise);
        batch.labels[i] = label;
      }
      return batch;
    },
  };
}
