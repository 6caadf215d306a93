import { describe, expect, test } from 'vitest';
import { composeScenarios, DatasetError, findScenario, groundTruth, overlay, SCENARIOS, ScenarioSource, validateScenario, type Scenario } from '../../../datasets/index';

const base: Scenario = { name: 'demo', description: 'A demo.', dataset: { id: 'moons' }, length: 1000, changes: [] };
const withChange = (change: unknown): unknown => ({ ...base, changes: [change] });
const get = (name: string) => findScenario(name) as Scenario;

describe('the scenario library', () => {
  test('at least 8 scenarios, each valid, described, with ground truth inside its length', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(8);
    const kinds = new Set<string>();
    const shapes = new Set<string>();
    for (const s of SCENARIOS) {
      expect(validateScenario(s)).toBe(s);
      expect(s.description.length).toBeGreaterThan(20);
      expect(JSON.parse(JSON.stringify(s))).toEqual(s);
      for (const e of groundTruth(s)) {
        expect(e.onset).toBeGreaterThanOrEqual(0);
        expect(e.onset).toBeLessThan(s.length);
        kinds.add(e.kind);
        shapes.add(e.shape);
      }
    }
    expect([...kinds].sort()).toEqual(['concept', 'covariate', 'label-stall', 'missing-field', 'out-of-range', 'prior', 'sensor', 'unit-change']);
    expect([...shapes].sort()).toEqual(['gradual', 'incremental', 'recurring', 'sudden']);
  });

  test('ground truth: exact positions for each shape', () => {
    expect(groundTruth(get('sea-sudden')).map((e) => [e.kind, e.onset, e.end])).toEqual([['concept', 5000, 5000], ['concept', 10_000, 10_000], ['concept', 15_000, 15_000]]);
    expect(groundTruth(get('sea-gradual'))).toEqual([expect.objectContaining({ kind: 'concept', shape: 'gradual', onset: 4000, end: 6000, position: 5000, width: 2000 })]);
    expect(groundTruth(get('stagger-recurring')).map((e) => [e.onset, e.end])).toEqual([[2000, 4000], [6000, 8000], [10_000, 12_000]]);
    expect(groundTruth(get('loans-unit-change'))).toEqual([expect.objectContaining({ kind: 'unit-change', onset: 4000, end: 6000, features: ['salary'] })]);
    expect(groundTruth(get('label-stall')).map((e) => [e.kind, e.shape, e.onset, e.end])).toEqual([['label-stall', 'sudden', 3000, 4000], ['label-stall', 'incremental', 6000, null]]);
  });

  test('each record says which change is active, and the segment follows the ground truth', () => {
    const source = new ScenarioSource(get('sea-sudden'), 1);
    const seen: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const r = source.next();
      if (i % 5000 === 0) seen.push(`${r.segment}:${r.concept}`);
    }
    expect(seen).toEqual(['0:base', '1:theta-9', '2:theta-9+theta-7', '3:theta-9+theta-7+theta-9.5']);
  });

  test('covariate shift moves the inputs, sensor degradation darkens the images', () => {
    const shift = new ScenarioSource(get('blobs-covariate-shift'), 2);
    let before = 0;
    let after = 0;
    for (let i = 0; i < 8000; i++) {
      const r = shift.next();
      if (i < 4000) before += r.row[0] as number;
      else after += r.row[0] as number;
    }
    expect(after / 4000 - before / 4000).toBeCloseTo(0.8, 1);
    const darker: Scenario = { name: 'dark', description: 'The camera loses half its light.', dataset: { id: 'shapes', params: { noise: 0 } }, length: 200, changes: [{ shape: 'sudden', at: 100, effect: { type: 'sensor', gain: 0.5 }, description: 'Half the light.' }] };
    const camera = new ScenarioSource(darker, 2);
    const brightest: number[] = [];
    for (let i = 0; i < 200; i++) brightest.push(Math.max(...camera.next().row));
    expect(new Set(brightest.slice(0, 100))).toEqual(new Set([1]));
    expect(new Set(brightest.slice(100))).toEqual(new Set([0.5]));
    // The library's camera also gets noisier: pixel values spread more at the end than at the start.
    const spread = (from: number, n: number) => {
      const source = new ScenarioSource(get('shapes-sensor-degradation'), 2, { start: from });
      let s = 0;
      for (let i = 0; i < n; i++) {
        const row = source.next().row;
        for (let j = 1; j < row.length; j++) s += Math.abs((row[j] as number) - (row[j - 1] as number));
      }
      return s / n;
    };
    expect(spread(3500, 200)).toBeGreaterThan(1.5 * spread(0, 200));
  });

  test('concept drift on the boundary keeps the inputs and changes the labels', () => {
    const turned = new ScenarioSource(get('moons-rotation'), 4);
    const agree = [0, 0];
    for (let i = 0; i < 10_000; i++) {
      const r = turned.next();
      if (i < 4000 || i >= 6000) agree[i < 4000 ? 0 : 1]! += turned.dataset.label(r.row) === r.label ? 1 : 0;
    }
    expect(agree[0]! / 4000).toBeGreaterThan(0.95);
    expect(agree[1]! / 4000).toBeLessThan(0.85);
  });

  test('incidents are marked on the records they touch', () => {
    const unit = new ScenarioSource(get('loans-unit-change'), 5);
    const missing = new ScenarioSource(get('loans-missing-field'), 5);
    let units = 0;
    let nulls = 0;
    let maxSalary = 0;
    for (let i = 0; i < 10_000; i++) {
      const u = unit.next();
      if (u.incidents.length) units++;
      if (i >= 4000 && i < 6000) maxSalary = Math.max(maxSalary, u.row[0] as number);
      const m = missing.next();
      if (m.incidents.some((x) => x.kind === 'missing-field' && x.feature === 'education' && x.as === 'null')) nulls++;
    }
    expect(units).toBe(2000);
    expect(maxSalary).toBeGreaterThan(150_000 * 10);
    expect(nulls / 4000).toBeCloseTo(0.33, 1);
  });

  test('garbage scenarios are refused with the field and the reason', () => {
    const cases: [unknown, RegExp][] = [
      [null, /scenario: must be an object/],
      [{ ...base, name: 'Has Spaces' }, /name: must be 1 to 60 lower-case/],
      [{ ...base, dataset: { id: 'nope' } }, /dataset: unknown dataset "nope"/],
      [{ ...base, length: -5 }, /length: must be a record index/],
      [withChange({ shape: 'sideways', at: 1, effect: { type: 'concept', params: {} }, description: 'x' }), /changes\[0\].shape: must be one of/],
      [withChange({ shape: 'gradual', at: 1, effect: { type: 'rotate-boundary', degrees: 10 }, description: 'x' }), /changes\[0\].width: must be a number from 1/],
      [withChange({ shape: 'sudden', at: 10, end: 5, effect: { type: 'rotate-boundary', degrees: 10 }, description: 'x' }), /changes\[0\].end: must come after "at"/],
      [withChange({ shape: 'recurring', at: 1, period: 10, duration: 10, effect: { type: 'rotate-boundary', degrees: 10 }, description: 'x' }), /duration: must be at least 1 and shorter than the period/],
      [withChange({ shape: 'sudden', at: 1, effect: { type: 'mean-shift', shift: { x9: 1 } }, description: 'x' }), /changes\[0\].effect.shift.x9: no feature "x9"/],
      [withChange({ shape: 'sudden', at: 1, effect: { type: 'class-mix', mix: [0.5, 0.6] }, description: 'x' }), /mix: shares must add up to 1/],
      [withChange({ shape: 'sudden', at: 1, effect: { type: 'concept', params: { noise: -1 } }, description: 'x' }), /effect.params: moons: noise must be/],
      [withChange({ shape: 'sudden', at: 1, effect: { type: 'teleport' }, description: 'x' }), /effect.type: unknown effect "teleport"/],
      [withChange({ shape: 'sudden', at: 1, effect: { type: 'unit-change', feature: 'x1', factor: 0 }, description: 'x' }), /factor: must not be 0/],
      [withChange({ shape: 'sudden', at: 1, effect: { type: 'rotate-boundary', degrees: 10 } }), /description: must be a sentence/],
      [{ ...base, changes: [{ id: 'a', shape: 'sudden', at: 1, effect: { type: 'label-stall' }, description: 'x' }, { id: 'a', shape: 'sudden', at: 2, effect: { type: 'label-stall' }, description: 'y' }] }, /changes\[1\].id: "a" is used twice/],
    ];
    for (const [input, message] of cases) {
      expect(() => validateScenario(input)).toThrow(message);
      try {
        validateScenario(input);
      } catch (error) {
        expect(error).toBeInstanceOf(DatasetError);
        expect((error as DatasetError).code).toBe('invalid-scenario');
      }
    }
    const stall = get('sea-sudden');
    expect(() => new ScenarioSource(stall, 1, { dataset: { id: 'moons' } })).toThrow(/effect.params: moons: variant is not a parameter/);
  });

  test('scenarios compose: chained parts move in time, overlays add changes', () => {
    const twice = composeScenarios('gradual-then-sudden', 'A slow switch, then back and a jump.', [get('sea-gradual'), get('sea-sudden')]);
    expect(twice.length).toBe(30_000);
    expect(groundTruth(twice).map((e) => [e.change, e.onset, e.end, e.reverts ?? false])).toEqual([
      ['sea-gradual.theta-7', 4000, 6000, false],
      ['sea-gradual.theta-7', 9000, 11_000, true],
      ['sea-sudden.theta-9', 15_000, 15_000, false],
      ['sea-sudden.theta-7', 20_000, 20_000, false],
      ['sea-sudden.theta-9.5', 25_000, 25_000, false],
    ]);
    expect(() => composeScenarios('mixed', 'x', [get('sea-gradual'), get('moons-rotation')])).toThrow(/different datasets/);
    const stalled = overlay(get('sea-gradual'), 'sea-gradual-stall', 'Drift while the labels stall.', [{ id: 'stall', shape: 'sudden', at: 4500, end: 5500, effect: { type: 'label-stall', lost: true }, description: 'Labels are lost.' }]);
    const source = new ScenarioSource(stalled, 1, { start: 4500 });
    expect(source.next().labelStall).toEqual({ lost: true, releaseAt: null });
  });
});
