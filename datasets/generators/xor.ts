/**
 * XOR: points uniform in the square [-1, 1]², class 1 where the two coordinates have opposite signs
 * (quadrants 2 and 4). A `margin` keeps points away from the axes so the four blocks are clean;
 * Gaussian input noise of standard deviation `noise` then blurs them. No single line separates it.
 *
 * Labelling function: x1 * x2 < 0 -> class 1.
 */
import { numberIn } from '../errors';
import type { DatasetSchema } from '../types';
import { defineGenerator } from './define';

/** Parameters of the XOR generator. */
export interface XorParams {
  /** Standard deviation of the Gaussian noise added to each coordinate. */
  noise: number;
  /** Empty band around each axis, in [0, 0.5). */
  margin: number;
}

const schema: DatasetSchema = {
  features: [
    { name: 'x1', type: 'numeric', range: [-1.2, 1.2], description: 'Horizontal position.' },
    { name: 'x2', type: 'numeric', range: [-1.2, 1.2], description: 'Vertical position.' },
  ],
  classes: ['same sign', 'opposite signs'],
};

/** Creates the XOR dataset (defaults: noise 0.05, margin 0.05). */
export const xor = defineGenerator<XorParams>({
  id: 'xor',
  title: 'XOR',
  description: 'Four blocks in a checkerboard: opposite corners share a class.',
  defaults: { noise: 0.05, margin: 0.05 },
  validate(p) {
    numberIn('xor', 'noise', p.noise, 0, 10);
    numberIn('xor', 'margin', p.margin, 0, 0.49);
  },
  schema: () => schema,
  balanced: true,
  concept: (p) => ({
    draw(out, offset, rng, _t, cls) {
      const label = cls ?? rng.int(2);
      // Magnitudes in [margin, 1); signs chosen so that the product's sign matches the class.
      const a = rng.uniform(p.margin, 1) * (rng.next() < 0.5 ? -1 : 1);
      const b = rng.uniform(p.margin, 1) * (label === 1 ? -Math.sign(a) : Math.sign(a));
      out[offset] = a + rng.normal(0, p.noise);
      out[offset + 1] = b + rng.normal(0, p.noise);
      return label;
    },
    label: (row) => ((row[0] as number) * (row[1] as number) < 0 ? 1 : 0),
  }),
});
