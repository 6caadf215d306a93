import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOOP_MODEL, resolveLabConfig } from '../../../src/loop/engine/config';
import { LAB_CNN } from '../../../src/loop/engine/model';
import { Lab } from '../../../src/loop/index';
import { checkState, configToState, decodeState, DEFAULT_SHARE_STATE, encodeState, isPictureScenario, STATE_PROPERTIES, stateToConfig, type ShareState } from '../../../src/loop/persistence/share-state';
import { POLICIES } from '../../../src/loop/decisions/policy';
import { SCENARIOS } from '../../../datasets/scenarios/library';
import { BACKEND_POLICY_VALUES } from '../../../src/compute/policies';

const validState: fc.Arbitrary<ShareState> = fc.record({
  scenario: fc.constantFrom(...SCENARIOS.map((s) => s.name)),
  seed: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  policy: fc.constantFrom(...POLICIES.map((p) => p.name)),
  requests: fc.integer({ min: 1, max: 1_000_000 }),
  epochs: fc.integer({ min: 1, max: 1000 }),
  batchSize: fc.integer({ min: 1, max: 1024 }),
  learningRate: fc.double({ min: 1e-6, max: 10, noNaN: true }),
  hidden: fc.array(fc.integer({ min: 1, max: 256 }), { maxLength: 4 }),
  backend: fc.constantFrom(...BACKEND_POLICY_VALUES),
  labelDelay: fc.double({ min: 0, max: 1e6, noNaN: true }),
  labelLoss: fc.double({ min: 0, max: 0.95, noNaN: true }),
});

describe('share state: the declared table', () => {
  it('has one row per property, each with a key, a label and a valid default', () => {
    expect(STATE_PROPERTIES.map((p) => p.key)).toEqual(['scenario', 'seed', 'policy', 'requests', 'epochs', 'batch', 'lr', 'hidden', 'backend', 'labelDelay', 'labelLoss']);
    expect(new Set(STATE_PROPERTIES.map((p) => p.key)).size).toBe(STATE_PROPERTIES.length);
    expect(checkState({ ...DEFAULT_SHARE_STATE, hidden: [...DEFAULT_SHARE_STATE.hidden] })).toEqual([]);
  });

  it('writes every property in table order', () => {
    expect(encodeState(DEFAULT_SHARE_STATE)).toBe('#v=1&scenario=moons-rotation&seed=7&policy=on-alert&requests=8000&epochs=12&batch=32&lr=0.01&hidden=16-16');
    expect(encodeState({ ...DEFAULT_SHARE_STATE, hidden: [] })).toContain('&hidden=none');
    // The label dial is written only when it is not its default (links from before it stay the same).
    expect(encodeState({ ...DEFAULT_SHARE_STATE, labelDelay: 120, labelLoss: 0.25 })).toMatch(/&labelDelay=120&labelLoss=0\.25$/);
  });

  it('round-trips every valid state exactly (property test)', () => {
    fc.assert(
      fc.property(validState, (state) => {
        const decoded = decodeState(encodeState(state));
        expect(decoded.problems).toEqual([]);
        expect(decoded.state).toEqual(state);
        expect(checkState(state)).toEqual([]);
      }),
      { numRuns: 300, seed: 8 },
    );
  });

  it('maps a state to a LabConfig the lab accepts, and back', () => {
    fc.assert(
      fc.property(validState, (state) => {
        const config = stateToConfig(state);
        const resolved = resolveLabConfig(config);
        expect(resolved.training.learningRate).toBe(state.learningRate);
        // A picture scenario names no model (the Lab trains its CNN), so its hidden layers do not come back.
        const pictures = isPictureScenario(state.scenario);
        expect(config.model === undefined).toBe(pictures);
        if (!pictures) expect(resolved.model.kind === 'mlp' ? resolved.model.hidden : null).toEqual(state.hidden);
        expect(resolved.labelDelay).toBe(state.labelDelay);
        expect(resolved.labelLoss ?? 0).toBe(state.labelLoss);
        expect(configToState(config)).toEqual(pictures ? { ...state, hidden: DEFAULT_SHARE_STATE.hidden } : state);
      }),
      { numRuns: 100, seed: 9 },
    );
  });

  it('a picture scenario from a link or the form trains the CNN: no model in its config; every other scenario keeps its MLP', async () => {
    expect(isPictureScenario('shapes-sensor-degradation')).toBe(true);
    expect(SCENARIOS.filter((s) => isPictureScenario(s.name)).map((s) => s.name)).toEqual(['shapes-sensor-degradation']);
    const picture = decodeState('#v=1&scenario=shapes-sensor-degradation&seed=3&hidden=8-4').state;
    expect(picture.hidden).toEqual([8, 4]);
    const config = stateToConfig(picture);
    expect(config).not.toHaveProperty('model');
    const lab = await Lab.create(config);
    try {
      expect(lab.config.model).toEqual(LAB_CNN);
    } finally {
      await lab.dispose();
    }
    // Existing links keep their meaning: the MLP with the link's hidden layers.
    expect(stateToConfig(decodeState('#v=1&scenario=moons-rotation&seed=3&hidden=8-4').state).model).toEqual({ ...LOOP_MODEL, hidden: [8, 4] });
    expect(stateToConfig(decodeState('#v=1&scenario=loans-policy-change&hidden=none').state).model).toEqual({ ...LOOP_MODEL, hidden: [] });
    expect(stateToConfig(DEFAULT_SHARE_STATE).model).toEqual(LOOP_MODEL);
  });

  it('reads the guided run config as the default state', () => {
    expect(configToState({ scenario: 'moons-rotation', seed: 7, policy: 'on-alert', requests: 8000 })).toEqual(DEFAULT_SHARE_STATE);
  });
});

describe('share state: bad hashes never throw', () => {
  it('gives the defaults and no problem for an empty hash', () => {
    for (const hash of ['', '#', '#  ']) expect(decodeState(hash)).toEqual({ state: DEFAULT_SHARE_STATE, problems: [] });
  });

  it('explains a value that is not a number, and uses the default', () => {
    const { state, problems } = decodeState('#v=1&lr=abc&seed=3');
    expect(state.learningRate).toBe(0.01);
    expect(state.seed).toBe(3);
    expect(problems).toEqual([{ key: 'lr', message: "The link's learning rate 'abc' is not a number; using 0.01" }]);
  });

  it('explains out-of-range, non-integer, unknown choices, bad lists and unknown keys', () => {
    const { state, problems } = decodeState('#v=1&scenario=nope&seed=1.5&policy=sometimes&requests=0&epochs=1e9&batch=&hidden=16-x&colour=red');
    expect(state).toEqual(DEFAULT_SHARE_STATE);
    expect(problems.map((p) => p.key)).toEqual(['colour', 'scenario', 'seed', 'policy', 'requests', 'epochs', 'batch', 'hidden']);
    expect(problems[0]?.message).toBe("The link has an unknown setting 'colour'; it was ignored");
    expect(problems[2]?.message).toBe("The link's seed '1.5' is not a whole number; using 7");
    // Limits come from the run-parameter table (engine/parameters.ts), the same as the Lab's config and the CLI's.
    expect(problems[4]?.message).toBe("The link's number of requests '0' is out of range (1 to 1000000); using 8000");
    expect(problems[7]?.message).toBe("The link's hidden layers '16-x' is not a list of whole numbers joined by '-' (or 'none'); using 16-16");
    expect(decodeState('#hidden=1-2-3-4-5').problems[0]?.message).toContain('at most 4');
  });

  it('refuses an outdated or future layout version as a whole', () => {
    const { state, problems } = decodeState('#v=0&seed=99');
    expect(state).toEqual(DEFAULT_SHARE_STATE);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.key).toBe('v');
    expect(problems[0]?.message).toContain('uses the default run');
  });

  it('survives broken percent-encoding, duplicates and very long garbage', () => {
    const broken = decodeState('#seed=%E0%A4%A&seed=4&seed=5');
    expect(broken.state.seed).toBe(4);
    expect(broken.problems.map((p) => p.key)).toEqual(['seed', 'seed']);
    const long = decodeState(`#lr=${'x'.repeat(5000)}`);
    expect(long.problems[0]?.message.length).toBeLessThan(120);
  });

  it('never throws and always gives a valid state, whatever the input (property test)', () => {
    const keyish = fc.constantFrom('v', 'scenario', 'seed', 'policy', 'requests', 'epochs', 'batch', 'lr', 'hidden', 'x', '');
    const hash = fc.oneof(
      fc.string(),
      fc.array(fc.tuple(keyish, fc.oneof(fc.string(), fc.integer().map(String), fc.double().map(String))), { maxLength: 10 }).map((pairs) => `#${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
    );
    fc.assert(
      fc.property(fc.oneof(hash, fc.anything()), (input) => {
        const { state, problems } = decodeState(input);
        expect(checkState(state)).toEqual([]);
        for (const p of problems) expect(typeof p.message).toBe('string');
      }),
      { numRuns: 500, seed: 10 },
    );
  });

  it('checkState names each bad property of a state object', () => {
    const bad = { ...DEFAULT_SHARE_STATE, seed: 2 ** 31, hidden: [0], scenario: 3 } as unknown as ShareState;
    expect(checkState(bad).map((p) => p.key)).toEqual(['scenario', 'seed', 'hidden']);
  });
});

describe('one table of run parameters', () => {
  it('the link, the Lab config and the simulate flags take the same limits', async () => {
    const { RUN_PARAMETERS } = await import('../../../src/loop/engine/parameters');
    const { resolveLabConfig } = await import('../../../src/loop/engine/config');
    const { parseArgs } = await import('../../../src/loop/commands/cli');
    for (const p of STATE_PROPERTIES) {
      if (p.type !== 'integer' && p.type !== 'number') continue;
      const limits = RUN_PARAMETERS[p.name];
      expect([p.min, p.max]).toEqual([limits.min, limits.max]);
    }
    const over = RUN_PARAMETERS.requests.max + 1;
    expect(decodeState(`#requests=${over}`).problems[0]?.message).toContain(`(1 to ${RUN_PARAMETERS.requests.max})`);
    expect(() => resolveLabConfig({ scenario: 'stable', seed: 1, requests: over })).toThrow(`requests must be a whole number from 1 to ${RUN_PARAMETERS.requests.max}`);
    expect(() => resolveLabConfig({ scenario: 'stable', seed: 1, training: { epochs: RUN_PARAMETERS.epochs.max + 1 } })).toThrow('epochs must be a whole number from 1 to 1000');
    expect(() => parseArgs(['--scenario', 'stable', '--seed', '1', '--requests', String(over)])).toThrow(`--requests must be at most ${RUN_PARAMETERS.requests.max}`);
  });
});
