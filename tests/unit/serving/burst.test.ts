/**
 * History never lies: under a 10,000-request burst with deploys, canaries, promotions (one of a
 * version that fails warm-up), rollbacks and undeploys interleaved at random moments, every answer
 * comes from the version the registry's history names for that route at the moment the request
 * arrived, and the endpoint serves exactly what the history names at every moment. Property-based
 * (fast-check, seeded): each run draws a different schedule of operations.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ModelRegistry } from '../../../src/registry/index';
import { DeployError, isErrorResponse, type Endpoint, type EndpointResponse, type InferResponse } from '../../../src/serving/index';
import { tinyModel, versionInfo } from '../registry/fixtures';
import { endpointOf, oneRow, registryOf, settle } from './setup';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Registers v5: a model whose weights are NaN, so its warm-up fails. */
async function withBrokenVersion(registry: ModelRegistry): Promise<string> {
  const model = tinyModel(5);
  model.setWeights(model.getWeights().map((w) => tf.fill(w.shape, Number.NaN)));
  const v = await registry.register(model, versionInfo(5));
  model.dispose();
  return v.id;
}

type Op =
  | { kind: 'deploy'; alias: 'production' | 'candidate'; version: string }
  | { kind: 'promote'; version: string }
  | { kind: 'rollback' }
  | { kind: 'undeploy'; alias: 'production' | 'candidate' }
  | { kind: 'canary'; percent: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('deploy' as const), alias: fc.constantFrom('production' as const, 'candidate' as const), version: fc.constantFrom('v1', 'v2', 'v3', 'v4') }),
  fc.record({ kind: fc.constant('promote' as const), version: fc.constantFrom('v1', 'v2', 'v3', 'v4', 'v5') }),
  fc.record({ kind: fc.constant('rollback' as const) }),
  fc.record({ kind: fc.constant('undeploy' as const), alias: fc.constantFrom('production' as const, 'candidate' as const) }),
  fc.record({ kind: fc.constant('canary' as const), percent: fc.integer({ min: 0, max: 100 }) }),
);

function run(endpoint: Endpoint, o: Op, t: number): Promise<unknown> {
  const ctx = { reason: `${o.kind} at ${t}`, simTime: t };
  switch (o.kind) {
    case 'deploy':
      return endpoint.deploy(o.version, { ...ctx, alias: o.alias });
    case 'promote':
      return endpoint.promote(o.version, { ...ctx, gate: null });
    case 'rollback':
      return endpoint.rollback('production', ctx);
    case 'undeploy':
      return endpoint.undeploy(o.alias, ctx);
    case 'canary':
      endpoint.setRouting({ mode: 'canary', percent: o.percent });
      return Promise.resolve();
  }
}

const REQUESTS = 10_000;

describe('the burst invariant', () => {
  test('10,000 requests with deploy, canary, promote (incl. a failing warm-up), rollback and undeploy interleaved: every answer is the version the history names for its route when it arrived', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 1, max: REQUESTS - 1 }), op), { minLength: 8, maxLength: 16 }), async (schedule) => {
        const registry = await registryOf(4);
        const broken = await withBrokenVersion(registry);
        const { endpoint, clock } = endpointOf(registry, { fallback: { kind: 'majority-class', classIndex: 0 }, routing: { mode: 'canary', percent: 40 } });
        await endpoint.deploy('v1', { reason: 'launch', simTime: 0 });
        const at = new Map<number, Op[]>();
        for (const [i, o] of schedule) at.set(i, [...(at.get(i) ?? []), o]);
        const ops: Array<Promise<unknown>> = [];
        const outcomes: Array<{ op: Op; error?: unknown }> = [];
        const answers: Array<Promise<EndpointResponse>> = [];
        const named: Array<{ production: string | null; candidate: string | null }> = [];
        for (let i = 0; i < REQUESTS; i++) {
          for (const o of at.get(i) ?? []) {
            const entry: { op: Op; error?: unknown } = { op: o };
            outcomes.push(entry);
            ops.push(run(endpoint, o, i).catch((error: unknown) => void (entry.error = error)));
          }
          const aliases = registry.aliases();
          // At every moment the endpoint serves exactly what the history names.
          expect(endpoint.deployed()).toEqual(aliases);
          named.push({ production: aliases.production, candidate: aliases.candidate });
          answers.push(endpoint.infer(oneRow(`q${i}`, i)));
          // Let pending operations take a step between any two requests (a microtask turn).
          await null;
          if (i % 40 === 39) {
            clock.advance(2);
            await settle();
          }
        }
        await Promise.all(ops);
        clock.advance(2);
        await endpoint.drain();
        const got = await Promise.all(answers);
        got.forEach((r, i) => {
          if (isErrorResponse(r)) throw new Error(`request ${i} failed: ${JSON.stringify(r)}`);
          const route = (r as InferResponse).parameters.route;
          const want = named[i]!;
          if (route === 'fallback') expect(want.production, `request ${i}`).toBeNull();
          else expect(r.model_version, `request ${i} (${route})`).toBe(want[route as 'production' | 'candidate']);
          if (route === 'candidate') expect(want.candidate).not.toBeNull();
        });
        // The schedule really moved things while requests were in flight.
        expect(outcomes.filter((o) => o.op.kind !== 'canary' && !o.error).length).toBeGreaterThan(3);
        // The failing warm-up moved nothing and recorded nothing.
        for (const o of outcomes) {
          if (o.op.kind === 'promote' && o.op.version === broken) {
            expect(o.error).toBeInstanceOf(DeployError);
            expect((o.error as DeployError).stage).toBe('warm-up');
          }
        }
        expect(registry.history().some((m) => m.version === broken)).toBe(false);
        expect(registry.releases().some((r) => r.version === broken)).toBe(false);
        // Every release record sits on its own production move.
        for (const rel of registry.releases()) expect(registry.history().some((m) => m.alias === 'production' && m.version === rel.version && m.simTime === rel.simTime && m.previous === rel.replaced)).toBe(true);
        expect(endpoint.deployed()).toEqual(registry.aliases());
        await endpoint.dispose();
      }),
      { seed: 20261206, numRuns: 3 },
    );
  }, 120_000);
});
