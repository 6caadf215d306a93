/**
 * SEA concepts (Street and Kim, 2001): three features uniform in [0, 10]; only the first two matter.
 * A row is positive when f1 + f2 <= θ, and the four classic concepts differ only by θ: 8, 9, 7, 9.5.
 * Switching `variant` is a pure concept drift: P(x) stays, the boundary line moves.
 *
 * Positive rate: f1 + f2 has a triangular density on [0, 20], so for θ <= 10,
 * P(f1 + f2 <= θ) = θ² / 200: 0.32, 0.405, 0.245, 0.45125 for the four concepts.
 * `noise` flips each label with that probability.
 */
import { intIn, numberIn } from '../errors';
import type { DatasetSchema } from '../types';
import { defineGenerator, drawOfClass } from './define';

/** The four thresholds of the SEA concepts, by variant. */
export const SEA_THRESHOLDS = [8, 9, 7, 9.5] as const;

/** Parameters of the SEA generator. */
export interface SeaParams {
  /** Which concept (0..3): θ = 8, 9, 7, 9.5. */
  variant: number;
  /** Probability of flipping a label. */
  noise: number;
}

const schema: DatasetSchema = {
  features: [1, 2, 3].map((i) => ({ name: `f${i}`, type: 'numeric' as const, range: [0, 10] as [number, number], description: i === 3 ? 'Irrelevant: never affects the label.' : 'Counts toward the sum compared with the threshold.' })),
  classes: ['negative', 'positive'],
};

/** Creates the SEA dataset (defaults: variant 0, noise 0). */
export const sea = defineGenerator<SeaParams>({
  id: 'sea',
  title: 'SEA concepts',
  description: 'Three numbers from 0 to 10; positive when the first two add up to less than a threshold.',
  defaults: { variant: 0, noise: 0 },
  validate(p) {
    intIn('sea', 'variant', p.variant, 0, 3);
    numberIn('sea', 'noise', p.noise, 0, 0.5);
  },
  schema: () => schema,
  balanced: false,
  concept(p) {
    const theta = SEA_THRESHOLDS[p.variant] as number;
    const label = (row: ArrayLike<number>) => ((row[0] as number) + (row[1] as number) <= theta ? 1 : 0);
    const one = (out: Float32Array | Float64Array, offset: number, rng: { next(): number }) => {
      out[offset] = 10 * rng.next();
      out[offset + 1] = 10 * rng.next();
      out[offset + 2] = 10 * rng.next();
      const y = (out[offset] as number) + (out[offset + 1] as number) <= theta ? 1 : 0;
      return p.noise > 0 && rng.next() < p.noise ? 1 - y : y;
    };
    return {
      draw: (out, offset, rng, _t, cls) => (cls === undefined ? one(out, offset, rng) : drawOfClass('sea', out, offset, rng, cls, () => one(out, offset, rng))),
      label,
    };
  },
});
