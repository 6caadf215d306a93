/**
 * Two concentric circles: class 0 on the outer circle (radius 1), class 1 on the inner circle
 * (radius `factor`). Gaussian noise of standard deviation `noise` is added to both coordinates.
 * The boundary is a ring, so the model has to learn a closed curve. `sample` alternates the classes.
 *
 * Labelling function: inner ring when the radius is below the midpoint (1 + factor) / 2.
 */
import { badParam, numberIn } from '../errors';
import type { DatasetSchema } from '../types';
import { defineGenerator } from './define';

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
export const circles = defineGenerator<CirclesParams>({
  id: 'circles',
  title: 'Circles',
  description: 'A ring inside a ring: the model must learn a closed boundary.',
  defaults: { noise: 0.08, factor: 0.5 },
  validate(p) {
    numberIn('circles', 'noise', p.noise, 0, 10);
    if (typeof p.factor !== 'number' || !(p.factor > 0 && p.factor < 1)) badParam('circles', 'factor', `must be in (0, 1), got ${p.factor}`);
  },
  schema: () => schema,
  balanced: true,
  concept: (p) => ({
    draw(out, offset, rng, _t, cls) {
      const label = cls ?? rng.int(2);
      const radius = label === 0 ? 1 : p.factor;
      const angle = rng.uniform(0, 2 * Math.PI);
      out[offset] = radius * Math.cos(angle) + rng.normal(0, p.noise);
      out[offset + 1] = radius * Math.sin(angle) + rng.normal(0, p.noise);
      return label;
    },
    label: (row) => (Math.hypot(row[0] as number, row[1] as number) < (1 + p.factor) / 2 ? 1 : 0),
  }),
});
