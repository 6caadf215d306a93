/**
 * Gaussian blobs: one round cloud per class, centres evenly spaced on a circle of radius `spread`,
 * each point drawn from N(centre, noise² I). Raising `noise` makes the clouds overlap, so the best
 * possible accuracy falls: the set for seeing noise against capacity.
 *
 * Labelling function: the nearest centre (the Bayes-optimal rule when all clouds share one noise).
 */
import { intIn, numberIn } from '../errors';
import type { DatasetSchema } from '../types';
import { defineGenerator } from './define';

/** Parameters of the blobs generator. */
export interface BlobsParams {
  /** Standard deviation of each cloud. */
  noise: number;
  /** Number of classes (clouds), 2 to 8. */
  classes: number;
  /** Distance of the centres from the origin. */
  spread: number;
}

/** Creates the blobs dataset (defaults: noise 0.35, 3 classes, spread 1). */
export const blobs = defineGenerator<BlobsParams>({
  id: 'blobs',
  title: 'Gaussian blobs',
  description: 'Round clouds, one per class: more noise, more overlap, lower best accuracy.',
  defaults: { noise: 0.35, classes: 3, spread: 1 },
  validate(p) {
    numberIn('blobs', 'noise', p.noise, 0, 10);
    intIn('blobs', 'classes', p.classes, 2, 8);
    numberIn('blobs', 'spread', p.spread, 0.1, 10);
  },
  schema: (p): DatasetSchema => {
    const r = p.spread + 3 * p.noise;
    return {
      features: [
        { name: 'x1', type: 'numeric', range: [-r, r], description: 'Horizontal position.' },
        { name: 'x2', type: 'numeric', range: [-r, r], description: 'Vertical position.' },
      ],
      classes: Array.from({ length: p.classes }, (_, i) => `blob ${String.fromCharCode(65 + i)}`),
    };
  },
  balanced: true,
  concept(p) {
    const centres = Array.from({ length: p.classes }, (_, i) => {
      const a = (2 * Math.PI * i) / p.classes + Math.PI / 2;
      return [p.spread * Math.cos(a), p.spread * Math.sin(a)] as const;
    });
    return {
      draw(out, offset, rng, _t, cls) {
        const label = cls ?? rng.int(p.classes);
        const c = centres[label] as readonly [number, number];
        out[offset] = c[0] + rng.normal(0, p.noise);
        out[offset + 1] = c[1] + rng.normal(0, p.noise);
        return label;
      },
      label(row) {
        let best = 0;
        let bestD = Infinity;
        centres.forEach(([cx, cy], i) => {
          const d = ((row[0] as number) - cx) ** 2 + ((row[1] as number) - cy) ** 2;
          if (d < bestD) [best, bestD] = [i, d];
        });
        return best;
      },
    };
  },
});
