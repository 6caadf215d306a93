/**
 * Synthetic shapes: 16x16 grey images of a square, a circle, a triangle or a cross, for the CNN and
 * for "the sensor degrades" drift. Each image draws a shape of random size (radius 4 to 6 pixels),
 * a random centre offset (±2 pixels) and a random rotation in ±`rotation` degrees; the shape's pixels
 * get intensity `brightness`, the background 0; then Gaussian noise of standard deviation `noise` is
 * added and each pixel clamped to [0, 1], as a camera would. Pixels are features p0..p255, row-major.
 *
 * Labelling function: the images are labelled by how they were drawn; `label` reports the upright
 * template (centred, radius 5) that overlaps the thresholded image best (an approximation: a learner
 * can compare it with the true labels).
 */
import { numberIn } from '../errors';
import type { DatasetSchema } from '../types';
import { defineGenerator } from './define';

/** Image side, in pixels. */
export const SHAPES_SIDE = 16;
const PIXELS = SHAPES_SIDE * SHAPES_SIDE;

/** Parameters of the shapes generator. */
export interface ShapesParams {
  /** Standard deviation of the pixel noise. */
  noise: number;
  /** Intensity of the shape's pixels, in (0, 1]. */
  brightness: number;
  /** Largest random rotation, in degrees. */
  rotation: number;
}

const CLASSES = ['square', 'circle', 'triangle', 'cross'];

/** Whether shape-space point (u, v) (radius 1, y pointing down) lies inside shape `cls`. */
function inside(cls: number, u: number, v: number): boolean {
  switch (cls) {
    case 0:
      return Math.abs(u) <= 0.8 && Math.abs(v) <= 0.8;
    case 1:
      return u * u + v * v <= 1;
    case 2:
      // Apex at the top (v = -0.9), base at v = 0.8: the half-width grows linearly downwards.
      return v >= -0.9 && v <= 0.8 && Math.abs(u) <= ((v + 0.9) / 1.7) * 0.95;
    default:
      return (Math.abs(u) <= 0.3 && Math.abs(v) <= 1) || (Math.abs(v) <= 0.3 && Math.abs(u) <= 1);
  }
}

const schema: DatasetSchema = {
  features: Array.from({ length: PIXELS }, (_, i) => ({
    name: `p${i}`,
    type: 'numeric' as const,
    range: [0, 1] as [number, number],
    description: `Pixel at row ${Math.floor(i / SHAPES_SIDE)}, column ${i % SHAPES_SIDE} (0 = dark, 1 = bright).`,
  })),
  classes: CLASSES,
};

/** Upright templates (centre, radius 5), one 0/1 mask per class, for the labelling function. */
const TEMPLATES = CLASSES.map((_, cls) => {
  const mask = new Uint8Array(PIXELS);
  for (let i = 0; i < PIXELS; i++) {
    const x = (i % SHAPES_SIDE) + 0.5 - SHAPES_SIDE / 2;
    const y = Math.floor(i / SHAPES_SIDE) + 0.5 - SHAPES_SIDE / 2;
    mask[i] = inside(cls, x / 5, y / 5) ? 1 : 0;
  }
  return mask;
});

/** Creates the shapes dataset (defaults: noise 0.05, brightness 1, rotation 15 degrees). */
export const shapes = defineGenerator<ShapesParams>({
  id: 'shapes',
  title: 'Shapes (16x16 images)',
  description: 'Small grey pictures of a square, circle, triangle or cross, with camera noise.',
  defaults: { noise: 0.05, brightness: 1, rotation: 15 },
  validate(p) {
    numberIn('shapes', 'noise', p.noise, 0, 1);
    numberIn('shapes', 'brightness', p.brightness, 0.01, 1);
    numberIn('shapes', 'rotation', p.rotation, 0, 180);
  },
  schema: () => schema,
  inputShape: () => [SHAPES_SIDE, SHAPES_SIDE, 1],
  balanced: true,
  concept: (p) => ({
    draw(out, offset, rng, _t, cls) {
      const label = cls ?? rng.int(CLASSES.length);
      const radius = rng.uniform(4, 6);
      const cx = SHAPES_SIDE / 2 + rng.uniform(-2, 2);
      const cy = SHAPES_SIDE / 2 + rng.uniform(-2, 2);
      const angle = (rng.uniform(-p.rotation, p.rotation) * Math.PI) / 180;
      const cos = Math.cos(angle) / radius;
      const sin = Math.sin(angle) / radius;
      for (let i = 0; i < PIXELS; i++) {
        const dx = (i % SHAPES_SIDE) + 0.5 - cx;
        const dy = Math.floor(i / SHAPES_SIDE) + 0.5 - cy;
        // Rotate the pixel back by the shape's angle and scale to radius 1.
        const on = inside(label, cos * dx + sin * dy, -sin * dx + cos * dy);
        const v = (on ? p.brightness : 0) + (p.noise > 0 ? rng.normal(0, p.noise) : 0);
        out[offset + i] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
      return label;
    },
    label(row) {
      let best = 0;
      let bestScore = -Infinity;
      TEMPLATES.forEach((mask, cls) => {
        let score = 0;
        let size = 0;
        for (let i = 0; i < PIXELS; i++) {
          const on = (row[i] as number) > 0.5 * p.brightness ? 1 : 0;
          score += on && mask[i] ? 1 : 0;
          size += (mask[i] as number) + on;
        }
        const dice = size ? (2 * score) / size : 0;
        if (dice > bestScore) [best, bestScore] = [cls, dice];
      });
      return best;
    },
  }),
});
