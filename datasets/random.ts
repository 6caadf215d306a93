/**
 * Seeded pseudo-random numbers for everything random in the lab.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's "small fast counting" generator): four 32-bit words
 * of state, period at least 2^32, and it passes PractRand/BigCrush at the sizes we use. The seed is
 * spread into the state with splitmix32 so that nearby seeds (1, 2, 3, ...) give unrelated streams.
 * Same seed, same sequence, on every platform: only 32-bit integer arithmetic is used.
 */

/** A seeded source of random numbers. */
export interface Rng {
  /** A float uniform in [0, 1). */
  next(): number;
  /** An integer uniform in [0, n). */
  int(n: number): number;
  /** A float uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** A standard normal draw (Box–Muller), scaled to mean `mean` and standard deviation `sd`. */
  normal(mean?: number, sd?: number): number;
  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
  /** A new generator whose stream is independent of this one, derived deterministically. */
  fork(label: string | number): Rng;
}

/** splitmix32 step: a well-mixed 32-bit value from a 32-bit counter. */
function splitmix32(state: number): [value: number, next: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [(z ^ (z >>> 16)) >>> 0, next];
}

/** FNV-1a hash of a label, so `fork('weights')` and `fork('shuffle')` differ. */
function hashLabel(label: string | number): number {
  const text = String(label);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    let s = seed | 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [v, next] = splitmix32(s);
      words.push(v);
      s = next;
    }
    [this.a, this.b, this.c, this.d] = words as [number, number, number, number];
    // Discard the first outputs: sfc32 mixes its state over its first few steps.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  private nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.nextUint32() / 4294967296;
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`int(n) needs a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    // Box–Muller: two uniforms give two independent standard normals; keep one for the next call.
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  fork(label: string | number): Rng {
    return new Sfc32((this.nextUint32() ^ hashLabel(label)) | 0);
  }
}

/** Creates a seeded generator. Any finite number is a valid seed; it is reduced to 32 bits. */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  return new Sfc32(Math.trunc(seed) | 0);
}

/** Derives a child seed (a 31-bit non-negative integer) from a seed and a label, without a generator. */
export function deriveSeed(seed: number, label: string | number): number {
  const [v] = splitmix32((Math.trunc(seed) ^ hashLabel(label)) | 0);
  return v & 0x7fffffff;
}
