/**
 * Synthetic shapes: 16x16 grey images of a square, a circle, a triangle or a cross, for the CNN and
 * for "the sensor degrades" drift. Each image draws a shape of random size (radius 4 to 6 pixels),
 * a random centre offset (±2 pixels) and a random rotation in ±`rotation` degrees; the shape's pixels
 * get intensity `brightness`, the background 0; then Gaussian noise of standard deviation `noise` is
 * added and each pixel clamped to [0, 1], as a camera would. Pixels are features p0..p255, row-major.
 *
 * Labelling function: the images are labelled by how they were drawn; `label` recognises a drawing:
 * it finds the bright pixels' bounding box, draws each shape there at two sizes and five angles
 * within ±`rotation`, and returns the shape that overlaps best (Dice score). It is an approximation
 * (small noisy shapes are ambiguous): it agrees with the drawn label on about 9 images in 10.
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
      let i = offset;
      for (let y = 0; y < SHAPES_SIDE; y++) {
        const dy = y + 0.5 - cy;
        for (let x = 0; x < SHAPES_SIDE; x++, i++) {
          const dx = x + 0.5 - cx;
          // Rotate the pixel back by the shape's angle and scale to radius 1.
          const on = inside(label, cos * dx + sin * dy, -sin * dx + cos * dy);
          const v = (on ? p.brightness : 0) + (p.noise > 0 ? rng.normal(0, p.noise) : 0);
          out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
        }
      }
      return label;
    },
    label(row) {
      // Where is the shape? The bounding box of the bright pixels gives its centre and size.
      const threshold = 0.5 * p.brightness;
      let [x0, x1, y0, y1] = [SHAPES_SIDE, -1, SHAPES_SIDE, -1];
      for (let i = 0; i < PIXELS; i++) {
        if ((row[i] as number) <= threshold) continue;
        const x = i % SHAPES_SIDE;
        const y = Math.floor(i / SHAPES_SIDE);
        [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
      }
      if (x1 < 0) return 0;
      const cx = (x0 + x1 + 1) / 2;
      const cy = (y0 + y1 + 1) / 2;
      const half = Math.max(x1 - x0 + 1, y1 - y0 + 1) / 2;
      let best = 0;
      let bestScore = -Infinity;
      for (let cls = 0; cls < CLASSES.length; cls++) {
        // The box's half side is 0.8 radius (square), about 1 radius (the others): try both.
        for (const radius of [half / 0.8, half]) {
          for (const deg of p.rotation > 0 ? [-p.rotation, -p.rotation / 2, 0, p.rotation / 2, p.rotation] : [0]) {
            const a = (deg * Math.PI) / 180;
            const cos = Math.cos(a) / radius;
            const sin = Math.sin(a) / radius;
            let both = 0;
            let size = 0;
            for (let i = 0; i < PIXELS; i++) {
              const dx = (i % SHAPES_SIDE) + 0.5 - cx;
              const dy = Math.floor(i / SHAPES_SIDE) + 0.5 - cy;
              const want = inside(cls, cos * dx + sin * dy, -sin * dx + cos * dy) ? 1 : 0;
              const on = (row[i] as number) > threshold ? 1 : 0;
              both += want & on;
              size += want + on;
            }
            // Dice overlap of the drawn candidate and the bright pixels.
            const score = size ? (2 * both) / size : 0;
            if (score > bestScore) [best, bestScore] = [cls, score];
          }
        }
      }
      return best;
    },
  }),
});
