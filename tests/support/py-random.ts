/**
 * Python's pseudo-random streams, regenerated exactly, so tests can replay the streams of River's
 * doctests and unit tests (test-only helpers around `src/monitoring/detectors/python-random.ts`).
 *
 * - {@link PyRandom}: `random.Random(seed)` (CPython: MT19937 seeded through `init_by_array`) with
 *   `random()`, and `choices(population, weights, k)` as CPython implements it: without weights each
 *   pick is population[floor(random() · n)]; with weights it bisects (bisect_right) random() · total
 *   into the running sums of the weights.
 * - {@link NumpyLegacyRandom}: numpy's legacy `np.random.seed(int)` (MT19937 `init_genrand`) with
 *   `randint(k)` (masked rejection on 32-bit outputs), `binomial(n, p)` (numpy's inversion algorithm,
 *   used when n·min(p, 1-p) <= 30) and `normal(loc, scale)` (the polar Box–Muller of `legacy_gauss`,
 *   which caches its second value).
 * Checked against CPython 3.11 and numpy 1.24 in tests/unit/monitoring/py-random.test.ts.
 */
import { PythonRandom } from '../../src/monitoring/detectors/python-random';

/** `random.Random(seed)` with `choices`. */
export class PyRandom extends PythonRandom {
  /** `rng.choices(population, k=k)` or `rng.choices(population, weights, k=k)`. */
  choices<T>(population: readonly T[], k: number, weights?: readonly number[]): T[] {
    const n = population.length;
    const out: T[] = [];
    if (!weights) {
      for (let i = 0; i < k; i++) out.push(population[Math.floor(this.random() * n)] as T);
      return out;
    }
    const cum: number[] = [];
    let acc = 0;
    for (const w of weights) cum.push((acc += w));
    const total = (cum[cum.length - 1] as number) + 0.0;
    const hi = n - 1;
    for (let i = 0; i < k; i++) {
      const x = this.random() * total;
      // bisect_right(cum, x, 0, hi)
      let lo = 0;
      let h = hi;
      while (lo < h) {
        const mid = (lo + h) >> 1;
        if (x < (cum[mid] as number)) h = mid;
        else lo = mid + 1;
      }
      out.push(population[lo] as T);
    }
    return out;
  }
}

/** numpy's legacy global generator after `np.random.seed(seed)`. */
export class NumpyLegacyRandom extends PythonRandom {
  private gauss: number | null = null;

  constructor(seed: number) {
    super(0);
    this.initGenrand(seed);
  }

  /** `np.random.randint(high)`: an integer in [0, high), high <= 2^32. */
  randint(high: number): number {
    const rng = high - 1;
    if (rng === 0) return 0;
    let mask = rng;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let v = (this.nextUint32() & mask) >>> 0;
    while (v > rng) v = (this.nextUint32() & mask) >>> 0;
    return v;
  }

  private inversion(n: number, p: number): number {
    const q = 1 - p;
    const qn = Math.exp(n * Math.log(q));
    const np = n * p;
    const bound = Math.min(n, Math.trunc(np + 10 * Math.sqrt(np * q + 1)));
    let x = 0;
    let px = qn;
    let u = this.random();
    while (u > px) {
      x++;
      if (x > bound) {
        x = 0;
        px = qn;
        u = this.random();
      } else {
        u -= px;
        px = ((n - x + 1) * p * px) / (x * q);
      }
    }
    return x;
  }

  /** `np.random.binomial(n, p)` for n·min(p, 1-p) <= 30 (the inversion branch). */
  binomial(n: number, p: number): number {
    if (p <= 0.5) {
      if (p * n > 30) throw new RangeError('only the inversion branch is implemented');
      return this.inversion(n, p);
    }
    const q = 1 - p;
    if (q * n > 30) throw new RangeError('only the inversion branch is implemented');
    return n - this.inversion(n, q);
  }

  /** `np.random.normal(loc, scale)`. */
  normal(loc = 0, scale = 1): number {
    if (this.gauss !== null) {
      const g = this.gauss;
      this.gauss = null;
      return loc + scale * g;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.random() - 1;
      x2 = 2 * this.random() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    return loc + scale * (f * x2);
  }
}
