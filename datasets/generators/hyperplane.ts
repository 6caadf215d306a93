/**
 * Rotating hyperplane (Hulten, Spencer and Domingos, 2001): `dims` features uniform in [0, 1]; a row
 * is positive when sum_i w_i x_i >= (1/2) sum_i w_i, a hyperplane through the centre of the cube
 * whose tilt is set by the weights. The weights w_i start uniform in [0, 1] (seeded by `weightSeed`).
 *
 * Drift: the first `driftFeatures` weights move, each in its own direction s_i = ±1:
 *   w_i(t) = w_i(0) + s_i * (shift + magnitude * t),   t = position in the stream (records),
 * so `magnitude` is the change per record (incremental drift when > 0) and `shift` a fixed offset a
 * scenario can move. `noise` flips each label with that probability.
 */
import { intIn, numberIn } from '../errors';
import { createRng, type Rng } from '../random';
import type { DatasetSchema, RowBuffer } from '../types';
import { defineGenerator, drawOfClass } from './define';

/** Parameters of the rotating hyperplane generator. */
export interface HyperplaneParams {
  /** Number of features, 2 to 20. */
  dims: number;
  /** How many weights drift (the first ones). */
  driftFeatures: number;
  /** Change of each drifting weight per record. */
  magnitude: number;
  /** Fixed offset of the drifting weights. */
  shift: number;
  /** Probability of flipping a label. */
  noise: number;
  /** Seed of the initial weights and drift directions. */
  weightSeed: number;
}

/** Creates the rotating hyperplane (defaults: 10 features, 2 drifting, magnitude 0, noise 0.05). */
export const hyperplane = defineGenerator<HyperplaneParams>({
  id: 'hyperplane',
  title: 'Rotating hyperplane',
  description: 'Ten numbers from 0 to 1, split by a tilted plane that can turn little by little.',
  defaults: { dims: 10, driftFeatures: 2, magnitude: 0, shift: 0, noise: 0.05, weightSeed: 1 },
  validate(p) {
    intIn('hyperplane', 'dims', p.dims, 2, 20);
    intIn('hyperplane', 'driftFeatures', p.driftFeatures, 0, p.dims);
    numberIn('hyperplane', 'magnitude', p.magnitude, -0.01, 0.01);
    numberIn('hyperplane', 'shift', p.shift, -100, 100);
    numberIn('hyperplane', 'noise', p.noise, 0, 0.5);
    intIn('hyperplane', 'weightSeed', p.weightSeed, -(2 ** 31), 2 ** 31 - 1);
  },
  schema: (p): DatasetSchema => ({
    features: Array.from({ length: p.dims }, (_, i) => ({ name: `x${i + 1}`, type: 'numeric' as const, range: [0, 1] as [number, number], description: i < p.driftFeatures ? 'Its weight drifts.' : 'Its weight stays.' })),
    classes: ['below the plane', 'above the plane'],
  }),
  balanced: false,
  concept(p) {
    const wrng = createRng(p.weightSeed);
    const w0 = Array.from({ length: p.dims }, () => wrng.next());
    const dir = Array.from({ length: p.dims }, (_, i) => (i < p.driftFeatures ? (wrng.next() < 0.5 ? -1 : 1) : 0));
    const weights = new Float64Array(p.dims);
    let weightsAt = NaN;
    /** Fills `weights` for position t (cached: a batch is drawn at one t). */
    const at = (t: number) => {
      if (t === weightsAt) return;
      const move = p.shift + p.magnitude * t;
      for (let i = 0; i < p.dims; i++) weights[i] = (w0[i] as number) + (dir[i] as number) * move;
      weightsAt = t;
    };
    const label = (row: ArrayLike<number>, t: number) => {
      at(t);
      let s = 0;
      let total = 0;
      for (let i = 0; i < p.dims; i++) {
        s += (weights[i] as number) * (row[i] as number);
        total += weights[i] as number;
      }
      return s >= total / 2 ? 1 : 0;
    };
    const one = (out: RowBuffer, offset: number, rng: Rng, t: number) => {
      at(t);
      let s = 0;
      let total = 0;
      for (let i = 0; i < p.dims; i++) {
        const x = rng.next();
        out[offset + i] = x;
        // The same sum as `label`, on the value as stored (a float32 batch rounds it).
        s += (weights[i] as number) * (out[offset + i] as number);
        total += weights[i] as number;
      }
      const y = s >= total / 2 ? 1 : 0;
      return p.noise > 0 && rng.next() < p.noise ? 1 - y : y;
    };
    return {
      draw: (out, offset, rng, t, cls) => (cls === undefined ? one(out, offset, rng, t) : drawOfClass('hyperplane', out, offset, rng, cls, () => one(out, offset, rng, t))),
      label,
    };
  },
});
