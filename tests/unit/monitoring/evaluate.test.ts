import { describe, expect, test } from 'vitest';
import { createRng } from '../../../datasets/random';
import type { DriftEvent } from '../../../datasets/ground-truth';
import { MonitoringInputError } from '../../../src/monitoring/errors';
import { compareDetectors, scoreDetections } from '../../../src/monitoring/evaluate';

describe('detector scoring', () => {
  test('delays, repeats, false alarms and stable samples by hand', () => {
    // Changes at 1000 and 5000 in 10 000 records, maxDelay 500: intervals [1000,1500) and [5000,5500),
    // 9000 stable records. Detections: 200 (false), 1040 (hit, delay 40), 1100 (repeat),
    // 3000 (false), 5600 (false: too late, so 5000 is missed).
    const s = scoreDetections([200, 1040, 1100, 3000, 5600], [1000, 5000], 10_000, { maxDelay: 500 });
    expect(s.delays).toEqual([40, null]);
    expect(s.meanDelay).toBe(40);
    expect([s.detected, s.missed, s.repeats, s.falseAlarms, s.stableSamples]).toEqual([1, 1, 1, 3, 9000]);
    expect(s.falseAlarmsPer10k).toBeCloseTo(30000 / 9000, 12);
    expect(s.meanTimeBetweenFalseAlarms).toBe(3000);
  });

  test('a gradual DriftEvent may be caught during its transition or maxDelay after its end', () => {
    const event: DriftEvent = { kind: 'concept', shape: 'gradual', onset: 1000, end: 2000, description: 'sigmoid transition' };
    const s = scoreDetections([1900], [event], 5000, { maxDelay: 100 });
    expect(s.delays).toEqual([900]);
    // Interval [1000, 2100): 1100 records covered.
    expect(s.stableSamples).toBe(3900);
    expect(s.meanTimeBetweenFalseAlarms).toBeNull();
    expect(s.falseAlarmsPer10k).toBe(0);
  });

  test("a change's interval stops at the next change", () => {
    const s = scoreDetections([1500], [1000, 1200], 3000, { maxDelay: 1000 });
    expect(s.delays).toEqual([null, 300]);
  });

  test('compareDetectors runs fresh detectors on one stream', () => {
    const rng = createRng(42);
    const bits = Array.from({ length: 2000 }, (_, i) => (rng.next() < (i < 1000 ? 0.1 : 0.5) ? 1 : 0));
    const table = compareDetectors([{ kind: 'adwin' }, { kind: 'ddm' }], bits, [1000]);
    expect(table.adwin?.delays).toEqual([55]);
    expect(table.adwin?.repeats).toBe(0);
    expect(table.ddm?.delays).toEqual([38]);
  });

  test('bad ground truth is refused', () => {
    expect(() => scoreDetections([], [-1], 100)).toThrow(MonitoringInputError);
    expect(() => scoreDetections([], [100], 100)).toThrow(/record index/);
    expect(() => scoreDetections([], [{ onset: 10, end: 5 }], 100)).toThrow(/before the onset/);
    expect(() => scoreDetections([], [], 0)).toThrow(MonitoringInputError);
  });
});
