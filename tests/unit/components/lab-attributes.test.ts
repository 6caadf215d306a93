/**
 * The `scenario`, `seed` and `policy` attributes of an element alone on a page: good values configure
 * its own Lab; each bad value is named in one plain message and its default is kept.
 */
import { describe, expect, test } from 'vitest';
import { configFromAttributes } from '../../../components/shared/lab-attributes';
import { DEFAULT_LAB_CONFIG } from '../../../components/shared/lab-controller';

/** Attributes as an element holds them. */
const attrs = (values: Record<string, string>) => ({ getAttribute: (name: string) => values[name] ?? null });

describe('configFromAttributes', () => {
  test('no attributes: the base config as it is', () => {
    expect(configFromAttributes(attrs({}), DEFAULT_LAB_CONFIG)).toEqual({ config: DEFAULT_LAB_CONFIG, problem: null });
  });

  test('good values configure the Lab', () => {
    const { config, problem } = configFromAttributes(attrs({ scenario: 'sea-sudden', seed: ' -42 ', policy: 'on-alert-canary' }), DEFAULT_LAB_CONFIG);
    expect(problem).toBeNull();
    expect(config).toEqual({ scenario: 'sea-sudden', seed: -42, policy: 'on-alert-canary' });
  });

  test('each bad value is named, the others still apply, the defaults stay', () => {
    const { config, problem } = configFromAttributes(attrs({ scenario: 'moons-typo', seed: '1.5', policy: 'on-alert' }), DEFAULT_LAB_CONFIG);
    expect(config).toEqual({ scenario: 'moons-rotation', seed: 7, policy: 'on-alert' });
    expect(problem?.code).toBe('invalid-lab-command');
    expect(problem?.message).toMatch(/^Check this element's attributes: scenario "moons-typo" is not one of stable, sea-sudden/);
    expect(problem?.message).toMatch(/seed "1.5" is not a whole number between -2147483648 and 2147483647\. The lab runs with the defaults instead \(using moons-rotation, seed 7, policy on-alert\)\.$/);
    expect(configFromAttributes(attrs({ seed: '99999999999' }), DEFAULT_LAB_CONFIG).problem?.message).toMatch(/seed "99999999999"/);
    expect(configFromAttributes(attrs({ policy: 'sometimes' }), DEFAULT_LAB_CONFIG).problem?.message).toMatch(/policy "sometimes" is not one of off, manual, on-alert/);
  });

  test("an element's own attribute of the same name is left alone", () => {
    const { config, problem } = configFromAttributes(attrs({ seed: 'not-a-lab-seed', scenario: 'stable' }), DEFAULT_LAB_CONFIG, new Set(['seed']));
    expect(problem).toBeNull();
    expect(config).toEqual({ ...DEFAULT_LAB_CONFIG, scenario: 'stable' });
  });
});
