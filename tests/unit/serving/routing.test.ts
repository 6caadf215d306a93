import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { assignmentOf, isErrorResponse, routeOf, type EndpointResponse, type InferResponse } from '../../../src/serving/index';
import { endpointOf, oneRow, registryOf } from './setup';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function ok(r: EndpointResponse): InferResponse {
  if (isErrorResponse(r)) throw new Error(`expected an answer, got ${JSON.stringify(r)}`);
  return r;
}

/** Three standard deviations of a binomial share p over n draws. */
const tolerance = (p: number, n: number) => 3 * Math.sqrt((p * (1 - p)) / n);

async function stream(n: number, setup: (e: ReturnType<typeof endpointOf>['endpoint']) => Promise<void>) {
  const registry = await registryOf(3);
  const { endpoint, clock } = endpointOf(registry);
  await setup(endpoint);
  const pending = Array.from({ length: n }, (_, i) => endpoint.infer(oneRow(`user-${i}`, i)));
  clock.advance(2);
  await endpoint.drain();
  const answers = (await Promise.all(pending)).map(ok);
  return { endpoint, answers };
}

describe('routing', () => {
  test('assignment is a deterministic, uniform hash of the request id', () => {
    expect(assignmentOf('abc', 's')).toBe(assignmentOf('abc', 's'));
    expect(assignmentOf('abc', 's')).not.toBe(assignmentOf('abc', 't'));
    const n = 20_000;
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) bins[Math.floor(assignmentOf(`req-${i}`, 'clf') * 10)]! += 1;
    // chi-square with 9 degrees of freedom: the 99.9th percentile is 27.9
    const chi2 = bins.reduce((s, b) => s + (b - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9);
    expect(routeOf({ mode: 'canary', percent: 100 }, 'x', 's', false)).toBe('production');
  });

  test('canary: the candidate gets its percentage within statistical tolerance, and an id always takes the same route', async () => {
    const n = 1500;
    const { endpoint, answers } = await stream(n, async (e) => {
      await e.deploy('v1', { reason: 'prod' });
      await e.deploy('v2', { alias: 'candidate', reason: 'canary' });
      e.setRouting({ mode: 'canary', percent: 20 });
    });
    const share = answers.filter((a) => a.model_version === 'v2').length / n;
    expect(Math.abs(share - 0.2)).toBeLessThan(tolerance(0.2, n));
    expect(answers.every((a) => a.parameters.route === (a.model_version === 'v2' ? 'candidate' : 'production'))).toBe(true);
    const [again] = await Promise.all([endpoint.infer(oneRow('user-7', 7)), endpoint.drain()]);
    const repeat = ok(again);
    expect(repeat.model_version).toBe(answers[7]!.model_version);
    const stats = endpoint.stats();
    expect(stats.versions.v1!.requests + stats.versions.v2!.requests).toBe(n + 1);
    await endpoint.dispose();
  });

  test('A/B: requests split by weight', async () => {
    const n = 1500;
    const { endpoint, answers } = await stream(n, async (e) => {
      await e.deploy('v1', { reason: 'a' });
      await e.deploy('v3', { alias: 'candidate', reason: 'b' });
      e.setRouting({ mode: 'ab', weights: { production: 3, candidate: 7 } });
    });
    const share = answers.filter((a) => a.model_version === 'v3').length / n;
    expect(Math.abs(share - 0.7)).toBeLessThan(tolerance(0.7, n));
    await endpoint.dispose();
  });

  test('shadow: the shadow model sees every request, its answer is logged and compared, never returned', async () => {
    const n = 200;
    const registry = await registryOf(3);
    const reference = endpointOf(registry);
    await reference.endpoint.deploy('v1', { reason: 'reference' });
    const expected = Array.from({ length: n }, (_, i) => reference.endpoint.infer(oneRow(`user-${i}`, i)));
    reference.clock.advance(2);
    await reference.endpoint.drain();

    const { endpoint, answers } = await stream(n, async (e) => {
      await e.deploy('v1', { reason: 'prod' });
      await e.deploy('v3', { alias: 'shadow', reason: 'shadow test' });
      e.setRouting({ mode: 'shadow' });
    });
    const base = (await Promise.all(expected)).map(ok);
    expect(answers.every((a) => a.model_version === 'v1' && a.parameters.route === 'production')).toBe(true);
    answers.forEach((a, i) => expect(a.outputs).toEqual(base[i]!.outputs));
    const shadow = endpoint.stats().shadow;
    expect(shadow.compared).toBe(n);
    expect(shadow.rows).toBe(n);
    expect(shadow.recent[0]).toMatchObject({ id: 'user-0', served: 'v1', shadow: 'v3', rows: 1 });
    expect(shadow.agreement).toBeGreaterThanOrEqual(0);
    expect(shadow.agreement).toBeLessThan(1);
    expect(endpoint.stats().versions.v3).toBeUndefined();
    await endpoint.dispose();
    await reference.endpoint.dispose();
  });
});
