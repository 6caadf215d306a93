/**
 * Python's `random.Random`, the part KSWIN needs to draw exactly as River does: the Mersenne Twister
 * MT19937 (Matsumoto & Nishimura, 1998), seeded from an integer the way CPython seeds it, and
 * `random()`, `getrandbits(k)` (k <= 32), `randbelow(n)` and `sample(range(n), k)` as CPython
 * implements them.
 *
 * - Seeding: CPython splits |seed| into 32-bit words (least significant first; 0 gives the key [0])
 *   and runs MT19937's `init_by_array` on them.
 * - `random()`: 53 random bits from two 32-bit outputs, (a >>> 5) · 2^26 + (b >>> 6), divided by 2^53.
 * - `getrandbits(k)`: the top k bits of one 32-bit output.
 * - `randbelow(n)`: k = bit length of n; draw getrandbits(k) until it is below n.
 * - `sample(range(n), k)`: for the small populations used here (n at most CPython's "setsize", 21 plus
 *   a power of four >= 3k), a partial Fisher–Yates on a list: the i-th pick is pool[j] with
 *   j = randbelow(n - i), and pool[j] is replaced by the last unpicked item pool[n - i - 1]. Larger
 *   populations use CPython's other branch (redraw until unseen).
 *
 * The state (624 words and a position) is plain JSON, so a detector that owns one serializes exactly.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

/** The serializable state of a {@link PythonRandom}. */
export interface PythonRandomState {
  words: number[];
  index: number;
}

/** The 32-bit words of |seed|, least significant first, as CPython's `random_seed` builds its key. */
function seedKey(seed: number): number[] {
  let s = Math.abs(Math.trunc(seed));
  if (!Number.isSafeInteger(s)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const key: number[] = [];
  do {
    key.push(s % 0x100000000);
    s = Math.floor(s / 0x100000000);
  } while (s > 0);
  return key;
}

/** A seeded MT19937 drawing as CPython's `random.Random(seed)`. */
export class PythonRandom {
  private mt = new Uint32Array(N);
  private index = N + 1;

  constructor(seed: number) {
    this.initByArray(seedKey(seed));
  }

  /** MT19937's `init_genrand(s)` (numpy's legacy `RandomState.seed(int)` seeds with this alone). */
  protected initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] as number;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.index = N;
  }

  private initByArray(key: readonly number[]): void {
    this.initGenrand(19650218);
    const mt = this.mt;
    let i = 1;
    let j = 0;
    const len = key.length;
    for (let k = Math.max(N, len); k > 0; k--) {
      const prev = mt[i - 1] as number;
      mt[i] = (((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + (key[j] as number) + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
      if (j >= len) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] as number;
      mt[i] = (((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.index = N;
  }

  private twist(): void {
    const mt = this.mt;
    for (let k = 0; k < N; k++) {
      const y = ((mt[k] as number) & UPPER) | ((mt[(k + 1) % N] as number) & LOWER);
      mt[k] = ((mt[(k + M) % N] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)) >>> 0;
    }
    this.index = 0;
  }

  /** One tempered 32-bit output (`genrand_uint32`). */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random.random()`: a float in [0, 1) with 53 random bits. */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `random.getrandbits(k)` for 0 <= k <= 32. */
  getrandbits(k: number): number {
    if (k === 0) return 0;
    return this.nextUint32() >>> (32 - k);
  }

  /** `random._randbelow(n)`: an integer uniform in [0, n), n in [1, 2^32). */
  randbelow(n: number): number {
    const k = 32 - Math.clz32(n);
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** `random.sample(range(n), k)`: k distinct integers of [0, n), in CPython's order. */
  sample(n: number, k: number): number[] {
    if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 0 && k <= n)) throw new RangeError(`sample needs 0 <= k <= n, got k=${k}, n=${n}`);
    const result = new Array<number>(k);
    let setsize = 21;
    if (k > 5) setsize += 4 ** Math.ceil(Math.log(k * 3) / Math.log(4));
    if (n <= setsize) {
      const pool = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < k; i++) {
        const j = this.randbelow(n - i);
        result[i] = pool[j] as number;
        pool[j] = pool[n - i - 1] as number;
      }
    } else {
      const selected = new Set<number>();
      for (let i = 0; i < k; i++) {
        let j = this.randbelow(n);
        while (selected.has(j)) j = this.randbelow(n);
        selected.add(j);
        result[i] = j;
      }
    }
    return result;
  }

  /** A JSON snapshot of the generator. */
  getState(): PythonRandomState {
    return { words: Array.from(this.mt), index: this.index };
  }

  /** Restores a snapshot from {@link getState}. */
  setState(state: PythonRandomState): void {
    if (!state || !Array.isArray(state.words) || state.words.length !== N || !Number.isInteger(state.index) || state.index < 0 || state.index > N) {
      throw new RangeError('not a PythonRandom state (624 words and an index in [0, 624])');
    }
    this.mt = Uint32Array.from(state.words);
    this.index = state.index;
  }
}
