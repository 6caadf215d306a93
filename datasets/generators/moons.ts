/**
 * Two interleaving half circles ("moons"): a classic set that a linear model cannot separate but a
 * small MLP can. Class 0 is the upper moon (unit circle, angle 0..pi); class 1 is the lower moon,
 * the same arc flipped and shifted by (1, 0.5). Gaussian noise of standard deviation `noise` is added
 * to both coordinates. `sample` alternates the two moons, so classes are balanced.
 *
 * Labelling function: the class of the nearer arc (distance to an arc = distance to its circle where
 * the point faces the arc, else to the nearer end point).
 */
import { numberIn } from '../errors';
import type { DatasetSchema } from '../types';
import { defineGenerator } from './define';

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

/** Distance from (x, y) to the half circle of radius 1 around (cx, cy) on the side `sign` (+1 above, -1 below). */
function arcDistance(x: number, y: number, cx: number, cy: number, sign: number): number {
  if ((y - cy) * sign >= 0) return Math.abs(Math.hypot(x - cx, y - cy) - 1);
  return Math.min(Math.hypot(x - cx - 1, y - cy), Math.hypot(x - cx + 1, y - cy));
}

/** Creates the moons dataset with the given noise (default 0.15). */
export const moons = defineGenerator<MoonsParams>({
  id: 'moons',
  title: 'Two moons',
  description: 'Two interleaving half circles: a curved boundary a straight line cannot draw.',
  defaults: { noise: 0.15 },
  validate: (p) => void numberIn('moons', 'noise', p.noise, 0, 10),
  schema: () => schema,
  balanced: true,
  concept: (p) => ({
    draw(out, offset, rng, _t, cls) {
      const label = cls ?? rng.int(2);
      const angle = rng.uniform(0, Math.PI);
      const x = label === 0 ? Math.cos(angle) : 1 - Math.cos(angle);
      const y = label === 0 ? Math.sin(angle) : 0.5 - Math.sin(angle);
      out[offset] = x + rng.normal(0, p.noise);
      out[offset + 1] = y + rng.normal(0, p.noise);
      return label;
    },
    label(row) {
      const x = row[0] as number;
      const y = row[1] as number;
      return arcDistance(x, y, 0, 0, 1) <= arcDistance(x, y, 1, 0.5, -1) ? 0 : 1;
    },
  }),
});
