/**
 * Two concentric circles: class 0 on the outer circle (radius 1), class 1 on the inner circle
 * (radius `factor`). Gaussian noise of standard deviation `noise` is added to both coordinates.
 * The boundary is a ring, so the model has to learn a closed curve. Classes are balanced.
 */
import type { Rng } from './random';
import { allocateBatch, type DataBatch, type Dataset, type DatasetSchema } from './types';

/** Parameters of the circles generator. */
export interface CirclesParams {
  /** Standard deviation of the Gaussian noise added to each coordinate. */
  noise: number;
  /** Inner radius as a fraction of the outer radius, in (0, 1). */
  factor: number;
}

const schema: DatasetSchema = {
  features: [
    { name: 'x1', type: 'numeric', range: [-1.3, 1.3], description: 'Horizontal position.' },
    { name: 'x2', type: 'numeric', range: [-1.3, 1.3], description: 'Vertical position.' },
  ],
  classes: ['outer ring', 'inner ring'],
};

/** Creates the circles dataset (defaults: noise 0.08, factor 0.5). */
export function circles(params: Partial<CirclesParams> = {}): Dataset<CirclesParams> {
  const p: CirclesParams = { noise: params.noise ?? 0.08, factor: params.factor ?? 0.5 };
  if (!(p.noise >= 0) || !Number.isFinite(p.noise)) throw new RangeError(`circles: noise must be >= 0, got ${p.noise}`);
  if (!(p.factor > 0 && p.factor < 1)) throw new RangeError(`circles: factor must be in (0, 1), got ${p.factor}`);
  return {
    id: 'circles',
    title: 'Circles',
    description: 'A ring inside a ring: the model must learn a closed boundary.',
    schema,
    params: p,
    sample(n: number, rng: Rng): DataBatch {
      const batch = allocateBatch(n, 2);
      for (let i = 0; i < n; i++) {
        const label = i % 2;
        const radius = label === 0 ? 1 : p.factor;
        const angle = rng.uniform(0, 2 * Math.PI);
        batch.features[2 * i] = radius * Math.cos(angle) + rng.normal(0, p.noise);
        batch.features[2 * i + 1] = radius * Math.sin(angle) + rng.normal(0, p.noise);
        batch.labels[i] = label;
      }
      return batch;
    },
  };
}
