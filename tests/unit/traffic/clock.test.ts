import { describe, expect, test } from 'vitest';
import { createRng } from '../../../datasets/random';
import { Arrivals, SimClock, TrafficError } from '../../../src/traffic/index';

describe('simulated clock', () => {
  test('advances by real time times the speed; pause, resume and step', () => {
    const clock = new SimClock({ speed: 60 });
    expect(clock.advance(500)).toBe(30);
    clock.pause();
    expect(clock.advance(1000)).toBe(30);
    expect(clock.step(5)).toBe(35);
    clock.resume();
    clock.setSpeed(2);
    expect(clock.advance(250)).toBe(35.5);
    expect(clock.paused).toBe(false);
    expect(clock.speed).toBe(2);
  });

  test('bad values are refused with the field', () => {
    expect(() => new SimClock({ speed: 0 })).toThrow(TrafficError);
    expect(() => new SimClock({ speed: 0 })).toThrow(/speed: must be a number above 0/);
    expect(() => new SimClock().advance(-1)).toThrow(/realMs: must be a finite number >= 0/);
    expect(() => new SimClock().step(Number.NaN)).toThrow(/simSeconds/);
  });
});

describe('arrivals', () => {
  test('Poisson arrivals come at the configured rate, regular ones exactly', () => {
    const poisson = new Arrivals(50, 'poisson', createRng(1));
    let t = 0;
    for (let i = 0; i < 100_000; i++) t = poisson.next();
    expect(100_000 / t).toBeGreaterThan(49.3);
    expect(100_000 / t).toBeLessThan(50.7);
    const regular = new Arrivals(4, 'regular', createRng(1));
    expect([regular.next(), regular.next(), regular.next()]).toEqual([0.25, 0.5, 0.75]);
  });

  test('daily seasonality: busier around the peak than half a day later', () => {
    const a = new Arrivals(1, 'poisson', createRng(2), { amplitude: 0.8, period: 86_400, peak: 50_400 });
    expect(a.rateAt(50_400)).toBeCloseTo(1.8, 10);
    expect(a.rateAt(50_400 - 43_200)).toBeCloseTo(0.2, 10);
    let nearPeak = 0;
    let nearTrough = 0;
    for (let t = a.next(); t < 10 * 86_400; t = a.next()) {
      const phase = t % 86_400;
      if (Math.abs(phase - 50_400) < 3600) nearPeak++;
      if (Math.abs(phase - 7200) < 3600) nearTrough++;
    }
    // Expected ratio about 1.8 / 0.2 = 9 (a little less: the rate is averaged over two hours).
    expect(nearPeak / nearTrough).toBeGreaterThan(6);
    expect(nearPeak / nearTrough).toBeLessThan(11);
  });
});
