import { describe, expect, test } from 'vitest';
import { PythonRandom } from '../../../src/monitoring/detectors/python-random';
import { NumpyLegacyRandom, PyRandom } from '../../support/py-random';

// Reference values printed by CPython 3.11.2 / numpy 1.24.2 (/usr/bin/python3):
//   r = random.Random(42); [r.random() for _ in range(3)]
//   random.Random(2**40 + 5).random()
//   r = random.Random(42); sum(r.choices([0, 1], k=1000)); r.choices([0, 1], k=5, weights=[0.3, 0.7]); r.choices(range(4, 8), k=5)
//   r = random.Random(7); r.sample(range(70), 30); r.sample(range(100), 100)[:10]; r.sample(range(1000), 5)
//   np.random.seed(12345); np.random.randint(2, size=10); np.random.randint(8, size=10)
//   np.random.seed(12345); [np.random.binomial(1, 0.2) for _ in range(20)]; [np.random.binomial(1, 0.8) for _ in range(20)]
//   np.random.seed(12345); np.random.normal(0, 0.1, 3); np.random.normal(0.25, 0.1, 3)
describe("Python's random.Random and numpy's legacy RandomState, bit for bit", () => {
  test('random() after seeding from an int (init_by_array), including a seed above 2^32', () => {
    const r = new PythonRandom(42);
    expect([r.random(), r.random(), r.random()]).toEqual([0.6394267984578837, 0.025010755222666936, 0.27502931836911926]);
    expect(new PythonRandom(2 ** 40 + 5).random()).toBe(0.5043802970418443);
  });

  test('choices without and with weights', () => {
    const r = new PyRandom(42);
    expect(r.choices([0, 1], 1000).reduce((a, b) => a + b, 0)).toBe(520);
    expect(r.choices([0, 1], 5, [0.3, 0.7])).toEqual([0, 1, 1, 1, 1]);
    expect(r.choices([4, 5, 6, 7], 5)).toEqual([5, 4, 4, 7, 5]);
  });

  test('sample(range(n), k): the pool branch and the set branch', () => {
    const r = new PythonRandom(7);
    expect(r.sample(70, 30)).toEqual([41, 19, 50, 6, 9, 12, 46, 37, 3, 58, 32, 13, 2, 5, 27, 26, 4, 15, 56, 35, 55, 61, 36, 7, 14, 40, 44, 62, 48, 47]);
    expect(r.sample(100, 100).slice(0, 10)).toEqual([74, 50, 6, 28, 5, 71, 17, 37, 53, 18]);
    expect(r.sample(1000, 5)).toEqual([82, 170, 459, 411, 562]);
  });

  test('a state round trip continues the same stream', () => {
    const a = new PythonRandom(3);
    for (let i = 0; i < 700; i++) a.random();
    const b = new PythonRandom(0);
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    expect(b.sample(70, 30)).toEqual(a.sample(70, 30));
    expect(() => b.setState({ words: [1], index: 0 })).toThrow(RangeError);
  });

  test('numpy legacy randint, binomial and normal', () => {
    let r = new NumpyLegacyRandom(12345);
    expect(Array.from({ length: 10 }, () => r.randint(2))).toEqual([0, 1, 1, 1, 0, 1, 0, 0, 1, 0]);
    expect(Array.from({ length: 10 }, () => r.randint(8))).toEqual([5, 1, 6, 1, 3, 6, 1, 3, 7, 6]);
    r = new NumpyLegacyRandom(12345);
    expect(Array.from({ length: 20 }, () => r.binomial(1, 0.2))).toEqual([1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 0]);
    expect(Array.from({ length: 20 }, () => r.binomial(1, 0.8))).toEqual([1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1]);
    r = new NumpyLegacyRandom(12345);
    const got = [r.normal(0, 0.1), r.normal(0, 0.1), r.normal(0, 0.1), r.normal(0.25, 0.1), r.normal(0.25, 0.1), r.normal(0.25, 0.1)];
    const want = [-0.020470765948471296, 0.04789433380575483, -0.05194387150567381, 0.194426969565251, 0.44657805725027144, 0.38934058329729904];
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i] as number, 15));
  });
});
