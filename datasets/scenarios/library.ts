/**
 * The scenario library: named stories of drift and incidents, each with a default dataset, a length
 * and a timeline. Each one teaches one thing; `composeScenarios` (compose.ts) builds longer ones.
 */
import type { Scenario } from './types';

/** The built-in scenarios, in the order a course would meet them. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'stable',
    description: 'Nothing changes: the baseline every detector should stay quiet on.',
    dataset: { id: 'moons' },
    length: 10_000,
    changes: [],
  },
  {
    name: 'sea-sudden',
    description: 'The approval threshold jumps three times: the classic SEA stream of sudden concept drifts.',
    dataset: { id: 'sea', params: { noise: 0.1 } },
    length: 20_000,
    changes: [
      { id: 'theta-9', shape: 'sudden', at: 5000, effect: { type: 'concept', params: { variant: 1 } }, description: 'The threshold moves from 8 to 9.' },
      { id: 'theta-7', shape: 'sudden', at: 10_000, effect: { type: 'concept', params: { variant: 2 } }, description: 'The threshold moves to 7.' },
      { id: 'theta-9.5', shape: 'sudden', at: 15_000, effect: { type: 'concept', params: { variant: 3 } }, description: 'The threshold moves to 9.5.' },
    ],
  },
  {
    name: 'sea-gradual',
    description: 'The old rule and the new one take turns for a while before the new one wins.',
    dataset: { id: 'sea', params: { noise: 0.1 } },
    length: 10_000,
    changes: [{ id: 'theta-7', shape: 'gradual', at: 5000, width: 2000, effect: { type: 'concept', params: { variant: 2 } }, description: 'The threshold slides from 8 to 7 along a sigmoid centred on record 5000.' }],
  },
  {
    name: 'hyperplane-incremental',
    description: 'The boundary turns a little with every request: no single moment of change.',
    dataset: { id: 'hyperplane' },
    length: 10_000,
    changes: [{ id: 'tilt', shape: 'incremental', at: 2000, width: 6000, effect: { type: 'concept', params: { shift: 1.5 } }, description: 'Two weights of the plane drift steadily from record 2000 to 8000.' }],
  },
  {
    name: 'stagger-recurring',
    description: 'An old rule keeps coming back, like a seasonal promotion.',
    dataset: { id: 'stagger' },
    length: 12_000,
    changes: [{ id: 'rule-b', shape: 'recurring', at: 2000, period: 4000, duration: 2000, effect: { type: 'concept', params: { concept: 1 } }, description: 'Rule B (green or circle) replaces rule A for 2000 records every 4000.' }],
  },
  {
    name: 'moons-rotation',
    description: 'The boundary between the moons turns while the points stay where they were.',
    dataset: { id: 'moons' },
    length: 10_000,
    changes: [{ id: 'turn', shape: 'gradual', at: 5000, width: 1000, effect: { type: 'rotate-boundary', degrees: 90 }, description: 'Labels follow a boundary turned by 90 degrees.' }],
  },
  {
    name: 'blobs-covariate-shift',
    description: 'The clouds slide to the right: the inputs move, the rule does not.',
    dataset: { id: 'blobs' },
    length: 10_000,
    changes: [{ id: 'slide', shape: 'sudden', at: 4000, effect: { type: 'mean-shift', shift: { x1: 0.8 } }, description: 'Every point moves 0.8 to the right.' }],
  },
  {
    name: 'loans-prior-shift',
    description: 'A marketing campaign brings in many more applicants who get approved.',
    dataset: { id: 'loans', params: { rule: 'disposable-income' } },
    length: 10_000,
    changes: [{ id: 'campaign', shape: 'gradual', at: 5000, width: 1500, effect: { type: 'class-mix', mix: [0.2, 0.8] }, description: 'The approved share rises to 80%.' }],
  },
  {
    name: 'loans-policy-change',
    description: 'The bank switches from an age-and-salary rule to a disposable-income rule overnight.',
    dataset: { id: 'loans', params: { rule: 'age-salary' } },
    length: 10_000,
    changes: [{ id: 'new-policy', shape: 'sudden', at: 5000, effect: { type: 'concept', params: { rule: 'disposable-income' } }, description: 'Approval now depends on disposable income.' }],
  },
  {
    name: 'shapes-sensor-degradation',
    description: 'The camera gets darker and noisier, little by little.',
    dataset: { id: 'shapes' },
    length: 4000,
    changes: [{ id: 'camera', shape: 'incremental', at: 1000, width: 2000, effect: { type: 'sensor', noise: 0.25, gain: 0.5 }, description: 'Brightness halves and pixel noise grows to a quarter of the range.' }],
  },
  {
    name: 'loans-unit-change',
    description: 'Not drift: one upstream system starts sending salaries in cents instead of euros.',
    dataset: { id: 'loans' },
    length: 10_000,
    changes: [{ id: 'cents', shape: 'sudden', at: 4000, end: 6000, effect: { type: 'unit-change', feature: 'salary', factor: 100 }, description: 'Salary arrives multiplied by 100 until the fix ships.' }],
  },
  {
    name: 'loans-missing-field',
    description: 'Not drift: a form change drops the education field from a third of the requests.',
    dataset: { id: 'loans' },
    length: 10_000,
    changes: [{ id: 'form-bug', shape: 'sudden', at: 3000, end: 7000, effect: { type: 'missing-field', feature: 'education', share: 0.33, as: 'null' }, description: 'Education is null in a third of the requests.' }],
  },
  {
    name: 'sea-out-of-range',
    description: 'Not drift: a faulty sensor sends impossible values now and then.',
    dataset: { id: 'sea' },
    length: 10_000,
    changes: [{ id: 'glitch', shape: 'sudden', at: 5000, end: 6000, effect: { type: 'out-of-range', feature: 'f1', share: 0.2 }, description: 'One f1 value in five lies outside 0..10.' }],
  },
  {
    name: 'label-stall',
    description: 'Not drift: the labelling team stops, then catches up; later its answers come slower and slower.',
    dataset: { id: 'circles' },
    length: 10_000,
    traffic: { rate: 20, labelDelay: 30 },
    changes: [
      { id: 'stall', shape: 'sudden', at: 3000, end: 4000, effect: { type: 'label-stall' }, description: 'No label arrives for the requests from 3000 to 4000; they all come at once when the feed resumes.' },
      { id: 'slow', shape: 'incremental', at: 6000, width: 4000, effect: { type: 'label-delay', seconds: 600 }, description: 'Labels take up to 10 minutes longer.' },
    ],
  },
];

/** The names of the built-in scenarios. */
export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((s) => s.name);

/** The built-in scenario of that name, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
