/**
 * Property-based fuzzing of the request path: 10,000 seeded random malformed requests. Every one must
 * get a typed 400/422 answer naming a field, none may throw, and the endpoint's counters must add up.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, expect, test } from 'vitest';
import { DATATYPES, isErrorResponse, realClock, realScheduler } from '../../../src/serving/index';
import { endpointOf, registryOf } from './setup';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Json = Record<string, unknown>;
const COLORS = ['red', 'green', 'blue'];

/** A valid request: tensor form ([n, 3], colour as index) or column form (colour as name). */
const validRequest = fc
  .record({
    tensor: fc.boolean(),
    rows: fc.array(fc.tuple(fc.double({ min: -2, max: 3, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 3 }),
    id: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: undefined }),
  })
  .map(({ tensor, rows, id }): Json => {
    const n = rows.length;
    const inputs = tensor
      ? [{ name: 'input-0', shape: [n, 3], datatype: 'FP32', data: rows.flat() }]
      : [
          { name: 'x', shape: [n], datatype: 'FP32', data: rows.map((r) => r[0]) },
          { name: 'y', shape: [n], datatype: 'FP64', data: rows.map((r) => r[1]) },
          { name: 'color', shape: [n], datatype: 'BYTES', data: rows.map((r) => COLORS[r[2]]) },
        ];
    return id === undefined ? { inputs } : { id, inputs };
  });

const notANumber = fc.constantFrom<unknown>(Number.NaN, Infinity, -Infinity, null, undefined, 'oops', {}, true, '1');
const notAnIndex = fc.constantFrom<unknown>(1.5, -1, 3, 99, Number.NaN, 'red', null);
const notAColor = fc.constantFrom<unknown>('pink', '', 'RED', 0, null, undefined, {});
const badDatatype = fc.string({ maxLength: 6 }).filter((s) => !(DATATYPES as readonly string[]).includes(s));
const notAnId = fc.constantFrom<unknown>(7, '', null, {}, ['a'], 'x'.repeat(300));
const garbage = fc.anything().filter((v) => !(typeof v === 'object' && v !== null && 'inputs' in v));

/** One guaranteed-invalid change to a valid request. */
const malformed = fc.oneof(
  garbage,
  fc.tuple(validRequest, notAnId).map(([base, id]) => ({ ...base, id })),
  fc.tuple(validRequest, fc.constantFrom<unknown>(1, 'p', [], null)).map(([base, parameters]) => ({ ...base, parameters })),
  fc.tuple(validRequest, fc.constantFrom<unknown>(undefined, null, {}, [], 'inputs', 3)).map(([base, inputs]) => ({ ...base, inputs })),
  fc.tuple(validRequest, fc.nat(), fc.nat(), notANumber, notAnIndex, notAColor).map(([base, a, b, nan, idx, color]) => {
    const r = structuredClone(base);
    const inputs = r.inputs as Json[];
    const tensor = inputs.length === 1;
    const input = inputs[tensor ? 0 : a % 3] as Json;
    const data = input.data as unknown[];
    const k = b % data.length;
    if (tensor) data[k] = k % 3 === 2 ? idx : nan;
    else data[k] = input.name === 'color' ? color : nan;
    return r;
  }),
  fc.tuple(validRequest, fc.nat()).map(([base, a]) => {
    const r = structuredClone(base);
    const inputs = r.inputs as Json[];
    if (inputs.length === 1) r.inputs = [];
    else inputs.splice(a % 3, 1);
    return r;
  }),
  fc.tuple(validRequest, fc.nat(), fc.string({ maxLength: 8 })).map(([base, a, name]) => {
    const r = structuredClone(base);
    const inputs = r.inputs as Json[];
    // the tensor form's name is free, so it becomes a feature name (a column of the wrong shape);
    // a column gets any other name (an unknown feature, a duplicate, or empty)
    const input = inputs[a % inputs.length] as Json;
    if (inputs.length === 1) input.name = ['x', 'y', 'color'][a % 3];
    else input.name = input.name === name ? `${name}!` : name;
    return r;
  }),
  fc.tuple(validRequest, fc.nat(), fc.integer({ min: 1, max: 5 }), fc.constantFrom<unknown>(null, 'shape', [-1], [1.5], [], {})).map(([base, a, extra, junk]) => {
    const r = structuredClone(base);
    const input = (r.inputs as Json[])[a % (r.inputs as Json[]).length] as Json;
    if (a % 2) input.shape = junk;
    else (input.shape as number[])[0]! += extra;
    return r;
  }),
  fc.tuple(validRequest, fc.nat(), badDatatype, fc.boolean()).map(([base, a, datatype, swap]) => {
    const r = structuredClone(base);
    const input = (r.inputs as Json[])[a % (r.inputs as Json[]).length] as Json;
    input.datatype = swap ? (input.datatype === 'BYTES' ? 'FP32' : 'BYTES') : datatype;
    return r;
  }),
  fc.tuple(validRequest, fc.nat(), fc.constantFrom('name', 'shape', 'datatype', 'data')).map(([base, a, key]) => {
    const r = structuredClone(base);
    delete ((r.inputs as Json[])[a % (r.inputs as Json[]).length] as Json)[key];
    return r;
  }),
);

test('10,000 random malformed requests: each gets a typed 400/422 naming a field, none throws, counters add up', async () => {
  const registry = await registryOf(1);
  const { endpoint } = endpointOf(registry, { scheduler: realScheduler, now: realClock, windowMs: 0 });
  await endpoint.deploy('v1', { reason: 'fuzz' });
  const seen = { count: 0, 400: 0, 422: 0 };
  await fc.assert(
    fc.asyncProperty(malformed, async (request) => {
      const response = await endpoint.infer(request);
      seen.count += 1;
      if (!isErrorResponse(response)) return false;
      if (response.status !== 400 && response.status !== 422) return false;
      seen[response.status] += 1;
      return (response.status === 400) === (response.kind === 'malformed') && typeof response.error === 'string' && response.error.length > 0 && typeof response.field === 'string';
    }),
    { seed: 20261124, numRuns: 10_000 },
  );
  expect(seen.count).toBe(10_000);
  const { totals, versions } = endpoint.stats();
  expect(totals).toMatchObject({ requests: 10_000, ok: 0, fallback: 0, modelFailures: 0 });
  expect(totals.errors).toEqual({ malformed: seen[400], schema: seen[422], 'unknown-model': 0, 'model-failure': 0, unavailable: 0 });
  expect(seen[400]).toBeGreaterThan(1000);
  expect(seen[422]).toBeGreaterThan(1000);
  const perVersion = Object.values(versions).reduce((s, v) => s + v.requests, 0);
  expect(perVersion).toBe(10_000);
  expect(endpoint.stats().batches.count).toBe(0);
  await endpoint.dispose();
});
