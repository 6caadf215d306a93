import { describe, expect, it } from 'vitest';
import { blockedReason, counterRows, DEFAULT_FORM, rolloutText, routingFromForm, routingText } from '../../../components/traffic/traffic-text';
import { LabError } from '../../../src/errors';

const none = { production: 'v1', candidate: null, shadow: null };
const withCandidate = { production: 'v1', candidate: 'v2', shadow: null };

describe('counterRows', () => {
  it('lists the five counters of the snapshot with their meaning', () => {
    const rows = counterRows({ requests: 120, answered: 110, errors: 10, labels: 90, labelsDropped: 3 });
    expect(rows.map((r) => [r.key, r.value])).toEqual([
      ['requests', 120],
      ['answered', 110],
      ['errors', 10],
      ['labels', 90],
      ['labelsDropped', 3],
    ]);
    expect(rows.every((r) => r.meaning.length > 10)).toBe(true);
  });

  it('shows zeros before the first snapshot', () => {
    expect(counterRows(null).map((r) => r.value)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('routingFromForm', () => {
  it('builds each policy shape of the router', () => {
    expect(routingFromForm(DEFAULT_FORM)).toEqual({ mode: 'production' });
    expect(routingFromForm({ ...DEFAULT_FORM, mode: 'canary', percent: 25 })).toEqual({ mode: 'canary', percent: 25 });
    expect(routingFromForm({ ...DEFAULT_FORM, mode: 'shadow' })).toEqual({ mode: 'shadow' });
    expect(routingFromForm({ ...DEFAULT_FORM, mode: 'ab', production: 3, candidate: 1 })).toEqual({ mode: 'ab', weights: { production: 3, candidate: 1 } });
  });

  it('refuses a bad form with the endpoint typed error naming the field', () => {
    const err = (() => {
      try {
        routingFromForm({ ...DEFAULT_FORM, mode: 'canary', percent: 150 });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(LabError);
    expect((err as LabError).details).toMatchObject({ field: 'routing.percent' });
    expect(() => routingFromForm({ ...DEFAULT_FORM, mode: 'canary', percent: Number.NaN })).toThrow(/routing.percent/);
    expect(() => routingFromForm({ ...DEFAULT_FORM, mode: 'ab', production: 0, candidate: 0 })).toThrow(/routing.weights/);
    expect(() => routingFromForm({ ...DEFAULT_FORM, mode: 'ab', production: -1, candidate: 2 })).toThrow(/routing.weights/);
  });
});

describe('routingText', () => {
  it('says where requests go', () => {
    expect(routingText({ mode: 'production' })).toBe('Every request is answered by the production version.');
    expect(routingText({ mode: 'canary', percent: 12.5 })).toBe('12.5% of requests are answered by the candidate, the rest by production.');
    expect(routingText({ mode: 'ab', weights: { production: 3, candidate: 1 } })).toBe('A/B test: 75% of requests to production, 25% to the candidate.');
    expect(routingText({ mode: 'shadow' })).toContain('never returned');
  });
});

describe('blockedReason', () => {
  it('always allows all-to-production; canary and A/B need a candidate; shadow a candidate or a shadow', () => {
    expect(blockedReason('production', none)).toBeNull();
    expect(blockedReason('canary', none)).toMatch(/no candidate version/);
    expect(blockedReason('ab', none)).toMatch(/no candidate version/);
    expect(blockedReason('shadow', none)).toMatch(/no candidate or shadow/);
    expect(blockedReason('canary', withCandidate)).toBeNull();
    expect(blockedReason('ab', withCandidate)).toBeNull();
    expect(blockedReason('shadow', { production: 'v1', candidate: null, shadow: 'v3' })).toBeNull();
    expect(blockedReason('canary', { production: 'v1', candidate: null, shadow: 'v3' })).not.toBeNull();
    expect(blockedReason('canary', null)).toBe('The lab is not running yet.');
  });
});

describe('rolloutText', () => {
  it('describes an automatic rollout, and nothing when idle', () => {
    expect(rolloutText({ phase: 'idle' })).toBeNull();
    expect(rolloutText(null)).toBeNull();
    expect(rolloutText({ phase: 'canary', candidate: 'v2', step: 1, percent: 25, startedAt: 10 })).toBe('An automatic canary of v2 is running at 25% (step 2); the rollout sets the split itself as it goes.');
    expect(rolloutText({ phase: 'shadow', candidate: 'v3', startedAt: 10 })).toContain('shadow trial of v3');
  });
});
