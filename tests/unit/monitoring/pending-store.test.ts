/**
 * The pending-label store keeps predictions in typed slots: a repeated id replaces the earlier
 * prediction (and moves to the newest), a wider answer widens the store without changing what is
 * kept, and a taken slot reads back exactly what was stored.
 */
import { describe, expect, test } from 'vitest';
import { PendingLabels } from '../../../src/monitoring/metrics/index';

describe('pending labels, typed slots', () => {
  test('replace, widen, expire in insertion order, read back exactly', () => {
    const p = new PendingLabels(3);
    p.keep('a', 'v1', 1, 0, [0.7, 0.3]);
    p.keep('b', 'v1', 2, 1, [0.1, 0.9]);
    p.keep('a', 'v2', 3, 1, [0.25, 0.75]);
    expect(p.size).toBe(2);
    expect(p.pendingFor('v1')).toBe(1);
    p.keep('c', 'v2', 4, 2, [0.2, 0.3, 0.5]);
    p.keep('d', 'v2', 5, 0, [1 / 3, 1 / 3, 1 / 3]);
    // 'b' is the oldest now ('a' was re-added after it): it expires.
    expect(p.expired).toBe(1);
    expect(p.take('b')).toBeNull();
    expect(p.take('a')).toEqual({ version: 'v2', t: 3, predicted: 1, probabilities: [0.25, 0.75] });
    const slot = p.takeSlot('d');
    expect([p.versionAt(slot), p.predictedAt(slot), p.classesAt(slot), p.probabilityAt(slot, 2)]).toEqual(['v2', 0, 3, 1 / 3]);
    expect(p.takeSlot('d')).toBe(-1);
    expect(p.unmatched).toBe(2);
    expect(p.size).toBe(1);
    expect(p.pendingFor('v2')).toBe(1);
  });
});
