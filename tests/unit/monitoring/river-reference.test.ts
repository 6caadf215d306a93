/**
 * The six detectors reproduce River (0.2x) index for index: every doctest example in River's
 * `river/drift` sources and the drift indexes its unit tests expect, on the same pseudo-random streams
 * (regenerated bit for bit by tests/support/py-random.ts). Expected indexes are River's published
 * values, quoted from the files named in each test.
 */
import { describe, expect, test } from 'vitest';
import { Adwin, Ddm, Eddm, HddmA, Kswin, PageHinkley, type DriftDetector } from '../../../src/monitoring/detectors/index';
import { NumpyLegacyRandom, PyRandom } from '../../support/py-random';

/** River's `perform_test`: indexes where `drift_detected` is true after the update. */
function drifts(detector: DriftDetector, stream: readonly number[]): number[] {
  const out: number[] = [];
  stream.forEach((x, i) => {
    detector.update(x);
    if (detector.driftDetected) out.push(i);
  });
  return out;
}

/** The doctests' print loop: the first warning after each drift (or the start), and every drift. */
function doctestLines(detector: DriftDetector, stream: readonly number[]): string[] {
  const lines: string[] = [];
  let printWarning = true;
  stream.forEach((x, i) => {
    detector.update(x);
    if (detector.warningDetected && printWarning) {
      lines.push(`Warning detected at index ${i}`);
      printWarning = false;
    }
    if (detector.driftDetected) {
      lines.push(`Change detected at index ${i}`);
      printWarning = true;
    }
  });
  return lines;
}

// river/drift/test_drift_detectors.py:
//   np.random.seed(12345)
//   data_stream_1 = np.concatenate((np.random.randint(2, size=1000), np.random.randint(8, size=1000)))
//   np.random.seed(12345)
//   data_stream_2 = [np.random.binomial(1, 0.2) for _ in range(1000)] + [np.random.binomial(1, 0.8) for _ in range(1000)]
//   np.random.seed(12345)
//   data_stream_3 = (np.random.normal(0.0, 0.1, 500) > 0, np.random.normal(0.25, 0.1, 500) > 0,
//                    np.random.normal(0.0, 0.1, 500) > 0, np.random.normal(0.25, 0.1, 500) > 0)
function dataStream1(): number[] {
  const r = new NumpyLegacyRandom(12345);
  return [...Array.from({ length: 1000 }, () => r.randint(2)), ...Array.from({ length: 1000 }, () => r.randint(8))];
}
function dataStream2(): number[] {
  const r = new NumpyLegacyRandom(12345);
  return [...Array.from({ length: 1000 }, () => r.binomial(1, 0.2)), ...Array.from({ length: 1000 }, () => r.binomial(1, 0.8))];
}
function dataStream3(): number[] {
  const r = new NumpyLegacyRandom(12345);
  const out: number[] = [];
  for (const loc of [0, 0.25, 0, 0.25]) for (let i = 0; i < 500; i++) out.push(r.normal(loc, 0.1) > 0 ? 1 : 0);
  return out;
}

// Doctests of DDM, EDDM and HDDM_A (river/drift/binary/*.py):
//   rng = random.Random(42)
//   data_stream = rng.choices([0, 1], k=1000) + rng.choices([0, 1], k=1000, weights=[0.3, 0.7])
function binaryDoctestStream(): number[] {
  const r = new PyRandom(42);
  return [...r.choices([0, 1], 1000), ...r.choices([0, 1], 1000, [0.3, 0.7])];
}
// Doctests of ADWIN, PageHinkley and KSWIN (river/drift/adwin.py, page_hinkley.py, kswin.py):
//   rng = random.Random(12345)
//   data_stream = rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000)
function twoDistributionsStream(): number[] {
  const r = new PyRandom(12345);
  return [...r.choices([0, 1], 1000), ...r.choices([4, 5, 6, 7], 1000)];
}

describe("River's doctests (river/drift sources)", () => {
  test('ADWIN: "Change detected at index 1023, input value: 4" (adwin.py)', () => {
    const stream = twoDistributionsStream();
    expect(drifts(new Adwin(), stream)).toEqual([1023]);
    expect(stream[1023]).toBe(4);
  });

  test('DDM: warning 1084, change 1334, warning 1492 (binary/ddm.py)', () => {
    expect(doctestLines(new Ddm(), binaryDoctestStream())).toEqual(['Warning detected at index 1084', 'Change detected at index 1334', 'Warning detected at index 1492']);
  });

  test('EDDM(alpha=0.8, beta=0.75): warning 1059, change 1278 (binary/eddm.py)', () => {
    expect(doctestLines(new Eddm({ alpha: 0.8, beta: 0.75 }), binaryDoctestStream())).toEqual(['Warning detected at index 1059', 'Change detected at index 1278']);
  });

  test('HDDM_A: warning 451, change 1206 (binary/hddm_a.py)', () => {
    expect(doctestLines(new HddmA(), binaryDoctestStream())).toEqual(['Warning detected at index 451', 'Change detected at index 1206']);
  });

  test('PageHinkley: "Change detected at index 1006, input value: 5" (page_hinkley.py)', () => {
    const stream = twoDistributionsStream();
    expect(drifts(new PageHinkley(), stream)).toEqual([1006]);
    expect(stream[1006]).toBe(5);
  });

  test('KSWIN(alpha=0.0001, seed=42): "Change detected at index 1016, input value: 6" (kswin.py)', () => {
    const stream = twoDistributionsStream();
    expect(drifts(new Kswin({ alpha: 0.0001, seed: 42 }), stream)).toEqual([1016]);
    expect(stream[1016]).toBe(6);
  });
});

describe("River's unit tests (river/drift/test_drift_detectors.py, test_adwin_regression.py)", () => {
  test('test_adwin: ADWIN() on data_stream_1 -> [1023]', () => {
    expect(drifts(new Adwin(), dataStream1())).toEqual([1023]);
  });

  test('test_multiple_drifts: ADWIN() on four segments -> [1023, 2015, 3007]', () => {
    // rng = random.Random(42); data = rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000)
    //   + rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000)
    const r = new PyRandom(42);
    const data = [...r.choices([0, 1], 1000), ...r.choices([4, 5, 6, 7], 1000), ...r.choices([0, 1], 1000), ...r.choices([4, 5, 6, 7], 1000)];
    expect(drifts(new Adwin(), data)).toEqual([1023, 2015, 3007]);
  });

  test('ADWIN regression: no drift on a constant stream; width 1 right after a drift (reset)', () => {
    const a = new Adwin();
    for (let i = 0; i < 5000; i++) {
      a.update(1);
      expect(a.driftDetected).toBe(false);
    }
    const b = new Adwin({ clock: 1 });
    for (let i = 0; i < 500; i++) b.update(0);
    let found = false;
    for (let i = 0; i < 500 && !found; i++) {
      b.update(100);
      found = b.driftDetected;
    }
    expect(found).toBe(true);
    b.update(50);
    expect(b.windowSize).toBe(1);
  });

  test('test_ddm: DDM() on data_stream_2 -> [1049]; on np.ones(1000) -> []', () => {
    expect(drifts(new Ddm(), dataStream2())).toEqual([1049]);
    expect(drifts(new Ddm(), new Array<number>(1000).fill(1))).toEqual([]);
  });

  test('test_eddm: EDDM(alpha=0.9, beta=0.8) on data_stream_2 -> [1059]', () => {
    expect(drifts(new Eddm({ alpha: 0.9, beta: 0.8 }), dataStream2())).toEqual([1059]);
  });

  test('test_hddm_a: HDDM_A() on data_stream_2 -> [1047]; two-sided on data_stream_3 -> [531, 1015, 1545]', () => {
    expect(drifts(new HddmA(), dataStream2())).toEqual([1047]);
    expect(drifts(new HddmA({ twoSided: true }), dataStream3())).toEqual([531, 1015, 1545]);
  });

  test('test_kswin: KSWIN(alpha=0.0001, window_size=200, stat_size=100, seed=42) on data_stream_1 -> [1042]', () => {
    expect(drifts(new Kswin({ alpha: 0.0001, windowSize: 200, statSize: 100, seed: 42 }), dataStream1())).toEqual([1042]);
  });

  test('test_page_hinkley: up [588, 1681], down [1172], both [588, 1097, 1585] on data_stream_3', () => {
    const s = dataStream3();
    expect(drifts(new PageHinkley({ mode: 'up' }), s)).toEqual([588, 1681]);
    expect(drifts(new PageHinkley({ mode: 'down' }), s)).toEqual([1172]);
    expect(drifts(new PageHinkley({ mode: 'both' }), s)).toEqual([588, 1097, 1585]);
  });
});
