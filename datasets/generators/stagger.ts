/**
 * STAGGER concepts (Schlimmer and Granger, 1986): objects with a size, a colour and a shape, each
 * uniform over three values. Three concepts say which objects are positive:
 *   0: size is small AND colour is red;
 *   1: colour is green OR shape is a circle;
 *   2: size is medium OR large.
 * Switching `concept` is a sudden concept drift on purely categorical data. `noise` flips labels.
 */
import { intIn, numberIn } from '../errors';
import type { Rng } from '../random';
import type { DatasetSchema, RowBuffer } from '../types';
import { defineGenerator, drawOfClass } from './define';

/** Parameters of the STAGGER generator. */
export interface StaggerParams {
  /** Which concept (0..2). */
  concept: number;
  /** Probability of flipping a label. */
  noise: number;
}

const schema: DatasetSchema = {
  features: [
    { name: 'size', type: 'categorical', categories: ['small', 'medium', 'large'], description: 'How big the object is.' },
    { name: 'color', type: 'categorical', categories: ['red', 'green', 'blue'], description: 'Its colour.' },
    { name: 'shape', type: 'categorical', categories: ['square', 'circle', 'triangle'], description: 'Its shape.' },
  ],
  classes: ['negative', 'positive'],
};

/** The three labelling rules, on (size, color, shape) category indices. */
const RULES: readonly ((size: number, color: number, shape: number) => boolean)[] = [
  (size, color) => size === 0 && color === 0,
  (_size, color, shape) => color === 1 || shape === 1,
  (size) => size === 1 || size === 2,
];

/** Creates the STAGGER dataset (defaults: concept 0, noise 0). */
export const stagger = defineGenerator<StaggerParams>({
  id: 'stagger',
  title: 'STAGGER concepts',
  description: 'Objects with a size, a colour and a shape; the rule that makes one positive changes.',
  defaults: { concept: 0, noise: 0 },
  validate(p) {
    intIn('stagger', 'concept', p.concept, 0, 2);
    numberIn('stagger', 'noise', p.noise, 0, 0.5);
  },
  schema: () => schema,
  balanced: false,
  concept(p) {
    const rule = RULES[p.concept] as (a: number, b: number, c: number) => boolean;
    const one = (out: RowBuffer, offset: number, rng: Rng) => {
      const size = rng.int(3);
      const color = rng.int(3);
      const shape = rng.int(3);
      out[offset] = size;
      out[offset + 1] = color;
      out[offset + 2] = shape;
      const y = rule(size, color, shape) ? 1 : 0;
      return p.noise > 0 && rng.next() < p.noise ? 1 - y : y;
    };
    return {
      draw: (out, offset, rng, _t, cls) => (cls === undefined ? one(out, offset, rng) : drawOfClass('stagger', out, offset, rng, cls, () => one(out, offset, rng))),
      label: (row) => (rule(row[0] as number, row[1] as number, row[2] as number) ? 1 : 0),
    };
  },
});
