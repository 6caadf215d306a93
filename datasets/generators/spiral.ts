/**
 * Two interleaved spirals. A point of arm c at fraction s in [0, 1) of its length has radius s and
 * angle turns * 2π * s + c * π, so at every radius the two arms are half a turn apart. Gaussian noise
 * of standard deviation `noise` is added to both coordinates. The hardest of the 2-D sets.
 *
 * Labelling function: at the point's radius r, arm c passes at angle turns * 2π * r + c * π; the
 * point belongs to the arm whose angle is nearer (angular distance wrapped to [0, π]).
 */
import { numberIn } from '../errors';
import type { DatasetSchema } from '../types';
import { defineGenerator } from './define';

/** Parameters of the spiral generator. */
export interface SpiralParams {
  /** Standard deviation of the Gaussian noise added to each coordinate. */
  noise: number;
  /** Full turns each arm makes from the centre to radius 1. */
  turns: number;
}

const schema: DatasetSchema = {
  features: [
    { name: 'x1', type: 'numeric', range: [-1.2, 1.2], description: 'Horizontal position.' },
    { name: 'x2', type: 'numeric', range: [-1.2, 1.2], description: 'Vertical position.' },
  ],
  classes: ['arm A', 'arm B'],
};

/** Angular distance between two angles, in [0, π]. */
function angularDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return d > Math.PI ? 2 * Math.PI - d : d;
}

/** Creates the spiral dataset (defaults: noise 0.03, 1.5 turns). */
export const spiral = defineGenerator<SpiralParams>({
  id: 'spiral',
  title: 'Spiral',
  description: 'Two arms winding around each other: the boundary coils like a snail shell.',
  defaults: { noise: 0.03, turns: 1.5 },
  validate(p) {
    numberIn('spiral', 'noise', p.noise, 0, 10);
    numberIn('spiral', 'turns', p.turns, 0.25, 5);
  },
  schema: () => schema,
  balanced: true,
  concept: (p) => ({
    draw(out, offset, rng, _t, cls) {
      const label = cls ?? rng.int(2);
      const s = rng.next();
      const angle = p.turns * 2 * Math.PI * s + label * Math.PI;
      out[offset] = s * Math.cos(angle) + rng.normal(0, p.noise);
      out[offset + 1] = s * Math.sin(angle) + rng.normal(0, p.noise);
      return label;
    },
    label(row) {
      const x = row[0] as number;
      const y = row[1] as number;
      const r = Math.hypot(x, y);
      const theta = Math.atan2(y, x);
      const arm = p.turns * 2 * Math.PI * r;
      return angularDistance(theta, arm) <= angularDistance(theta, arm + Math.PI) ? 0 : 1;
    },
  }),
});
