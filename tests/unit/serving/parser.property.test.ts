/**
 * The request parser against an independent reading of the protocol (oip-oracle.ts): for generated
 * requests, valid and broken in every way the protocol rules out, the parser accepts exactly the
 * requests the oracle accepts, with exactly the oracle's values, and refuses the rest with the
 * status and field the rule names. Seeded, so a failure replays.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_LIMITS, FeatureEncoder, isErrorResponse, parseInputs, type EncodedRows, type ErrorResponse } from '../../../src/serving/index';
import { SCHEMA } from '../registry/fixtures';
import { fitsFloat32, layout, oracleValue } from './oip-oracle';

const encoder = new FeatureEncoder(SCHEMA);
const CATEGORIES = ['red', 'green', 'blue'];
const NUMERIC_TYPES = ['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64'] as const;

/** A value of a datatype: inside its range, at its edges, or just outside. */
function valueOf(datatype: string): fc.Arbitrary<unknown> {
  const edges: Record<string, number[]> = {
    UINT8: [0, 255, -1, 256],
    UINT16: [0, 65535, -1, 65536],
    UINT32: [0, 4294967295, -1, 4294967296],
    UINT64: [0, 2 ** 53, 2 ** 64, -1, 2 ** 63],
    INT8: [-128, 127, -129, 128, 300],
    INT16: [-32768, 32767, -32769, 32768],
    INT32: [-(2 ** 31), 2 ** 31 - 1, 2 ** 31],
    INT64: [-(2 ** 63), 2 ** 63, 2 ** 62],
    FP16: [65504, -65504, 65519, 65520, 70000],
    FP32: [3.4028234663852886e38, 3.4028235677973366e38, 1e39, -1e39, 1e-45],
    FP64: [1e39, -1e300, 1.5],
  };
  if (datatype === 'BOOL') return fc.oneof(fc.boolean(), fc.constantFrom<unknown>(0, 1, 2, 'true', null));
  const edge = fc.constantFrom(...(edges[datatype] ?? [0]));
  const small = datatype.startsWith('FP') ? fc.double({ min: -3, max: 3, noNaN: true }) : fc.integer({ min: -3, max: 3 });
  return fc.oneof({ weight: 6, arbitrary: small }, { weight: 2, arbitrary: edge }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0.5, Number.NaN, '1', null, Number.POSITIVE_INFINITY) });
}

/** Lays out row-major values as nested lists of `shape`. */
function nest(values: unknown[], shape: number[]): unknown[] {
  if (shape.length === 1) return values;
  const step = shape.slice(1).reduce((a, b) => a * b, 1);
  return Array.from({ length: shape[0] as number }, (_, i) => nest(values.slice(i * step, (i + 1) * step), shape.slice(1)));
}

/** Structural damage a layout may suffer (or none). */
type Damage = 'none' | 'regroup' | 'ragged' | 'empty-entry' | 'extra' | 'partial-nest' | 'wrap';

function damage(data: unknown[], kind: Damage, pick: number): unknown[] {
  const d = structuredClone(data);
  switch (kind) {
    case 'none':
      return d;
    case 'regroup': {
      const flat = d.flat(4);
      return flat.length % 2 === 0 && flat.length > 2 ? [flat.slice(0, flat.length / 2), flat.slice(flat.length / 2)] : [flat];
    }
    case 'ragged': {
      const row = d[pick % d.length];
      if (Array.isArray(row) && row.length > 0) row.pop();
      else d.pop();
      return d;
    }
    case 'empty-entry':
      d.splice(pick % (d.length + 1), 0, []);
      return d;
    case 'extra':
      if (Array.isArray(d[0])) (d[pick % d.length] as unknown[]).push(0);
      else d.push(0);
      return d;
    case 'partial-nest':
      return Array.isArray(d[0]) ? d.flat() : [d];
    case 'wrap':
      return [d];
  }
}

interface Case {
  request: Record<string, unknown>;
  /** What the oracle expects: the rows, or the status and field of the refusal. */
  expected: { rows: number[] } | { status: number; field: string };
}

/** The [rows, 3] tensor form. */
const tensorCase: fc.Arbitrary<Case> = fc
  .record({
    n: fc.integer({ min: 1, max: 4 }),
    datatype: fc.constantFrom(...NUMERIC_TYPES),
    nested: fc.boolean(),
    damage: fc.constantFrom<Damage>('none', 'none', 'none', 'regroup', 'ragged', 'empty-entry', 'extra', 'partial-nest', 'wrap'),
    pick: fc.nat(),
  })
  .chain((c) => fc.record({ c: fc.constant(c), values: fc.array(fc.tuple(valueOf(c.datatype), valueOf(c.datatype), fc.oneof(fc.integer({ min: 0, max: 2 }), valueOf(c.datatype))), { minLength: c.n, maxLength: c.n }) }))
  .map(({ c, values }) => {
    const shape = [c.n, 3];
    const flat = values.flat();
    const data = damage(c.nested ? nest(flat, shape) : flat, c.damage, c.pick);
    const request = { inputs: [{ name: 'input-0', shape, datatype: c.datatype, data }] };
    const laid = layout(data, shape);
    if (!laid) return { request, expected: { status: 400, field: 'inputs[0].data' } };
    const rows: number[] = [];
    for (let k = 0; k < laid.length; k++) {
      const feature = SCHEMA.features[k % 3]!;
      const v = c.datatype === 'BOOL' ? oracleValue('BOOL', laid[k]) : oracleValue(c.datatype, laid[k]);
      const ok = v !== null && fitsFloat32(v) && (feature.type === 'numeric' || (Number.isInteger(v) && v >= 0 && v <= 2));
      if (!ok) return { request, expected: { status: 422, field: feature.name } };
      rows.push(v);
    }
    return { request, expected: { rows } };
  });

/** The column form: one input per feature, [n] or [n, 1], in any order. */
const columnCase: fc.Arbitrary<Case> = fc
  .record({
    n: fc.integer({ min: 1, max: 4 }),
    xType: fc.constantFrom(...NUMERIC_TYPES),
    yType: fc.constantFrom(...NUMERIC_TYPES),
    yColumn: fc.boolean(),
    broken: fc.constantFrom('x', 'y', 'color', 'none', 'none'),
    damage: fc.constantFrom<Damage>('ragged', 'empty-entry', 'extra', 'wrap', 'regroup'),
    pick: fc.nat(),
    order: fc.constantFrom<number[]>([0, 1, 2], [2, 0, 1], [1, 2, 0]),
  })
  .chain((c) =>
    fc.record({
      c: fc.constant(c),
      xs: fc.array(valueOf(c.xType), { minLength: c.n, maxLength: c.n }),
      ys: fc.array(valueOf(c.yType), { minLength: c.n, maxLength: c.n }),
      colors: fc.array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...CATEGORIES) }, { weight: 1, arbitrary: fc.constantFrom<unknown>('pink', 1, '') }), { minLength: c.n, maxLength: c.n }),
    }),
  )
  .map(({ c, xs, ys, colors }) => {
    const yShape = c.yColumn ? [c.n, 1] : [c.n];
    const columns = [
      { name: 'x', shape: [c.n], datatype: c.xType, data: xs as unknown[] },
      { name: 'y', shape: yShape, datatype: c.yType, data: c.yColumn ? ys.map((v) => [v]) : (ys as unknown[]) },
      { name: 'color', shape: [c.n], datatype: 'BYTES', data: colors as unknown[] },
    ];
    const broken = columns.find((t) => t.name === c.broken);
    if (broken) broken.data = damage(broken.data, c.damage, c.pick);
    const request = { inputs: c.order.map((i) => columns[i]) };
    // Structure first, in input order (the parser reads every header, then every column's data in schema order).
    for (const name of ['x', 'y', 'color']) {
      const t = columns.find((col) => col.name === name)!;
      if (!layout(t.data, t.shape)) return { request, expected: { status: 400, field: `inputs[${c.order.indexOf(columns.indexOf(t))}].data` } };
    }
    const read = (t: (typeof columns)[number]) => layout(t.data, t.shape)!;
    const [lx, ly, lc] = [read(columns[0]!), read(columns[1]!), read(columns[2]!)];
    const out: number[] = new Array(c.n * 3);
    for (const [j, name, laid, type] of [
      [0, 'x', lx, c.xType],
      [1, 'y', ly, c.yType],
    ] as const) {
      for (let r = 0; r < c.n; r++) {
        const v = oracleValue(type, laid[r]);
        if (v === null || !fitsFloat32(v)) return { request, expected: { status: 422, field: name } };
        out[r * 3 + j] = v;
      }
    }
    for (let r = 0; r < c.n; r++) {
      const k = typeof lc[r] === 'string' ? CATEGORIES.indexOf(lc[r] as string) : -1;
      if (k < 0) return { request, expected: { status: 422, field: 'color' } };
      out[r * 3 + 2] = k;
    }
    return { request, expected: { rows: out } };
  });

function check({ request, expected }: Case): void {
  const got = parseInputs(request, encoder, DEFAULT_LIMITS);
  if ('rows' in expected) {
    expect(isErrorResponse(got), JSON.stringify(got)).toBe(false);
    const rows = got as EncodedRows;
    expect(rows.n).toBe(expected.rows.length / 3);
    expect(Array.from(rows.rows)).toEqual(Array.from(Float32Array.from(expected.rows)));
  } else {
    expect(isErrorResponse(got), `accepted ${JSON.stringify(request)}`).toBe(true);
    expect({ status: (got as ErrorResponse).status, field: (got as ErrorResponse).field }).toEqual(expected);
  }
}

describe('the request parser against an independent reading of the protocol', () => {
  test('tensor form [rows, features]: accepts exactly the valid layouts and values, with the right values; refuses the rest with the right status and field', () => {
    fc.assert(fc.property(tensorCase, check), { seed: 14, numRuns: 1500 });
  });

  test('column form (one input per feature): same', () => {
    fc.assert(fc.property(columnCase, check), { seed: 41, numRuns: 1500 });
  });

  test('the issue\'s cases: regrouped [3,2] data for [2,3], ragged rows, vanishing empty entries, UINT8 -1, INT8 300, 1e39', () => {
    const t = (shape: number[], datatype: string, data: unknown[]) => parseInputs({ inputs: [{ name: 'input-0', shape, datatype, data }] }, encoder, DEFAULT_LIMITS) as ErrorResponse;
    expect(t([2, 3], 'FP32', [[1, 2], [0, 1], [2, 0]])).toMatchObject({ status: 400, field: 'inputs[0].data' });
    expect(t([2, 3], 'FP32', [[1, 2, 0, 1], [2, 0]])).toMatchObject({ status: 400, field: 'inputs[0].data' });
    expect(t([1, 3], 'FP32', [[1, 2, 0], []])).toMatchObject({ status: 400, field: 'inputs[0].data' });
    expect(t([1, 3], 'FP32', [[], [1, 2, 0]])).toMatchObject({ status: 400, field: 'inputs[0].data' });
    expect(t([1, 3], 'FP32', [1, [], 2, 0])).toMatchObject({ status: 400, field: 'inputs[0].data' });
    expect(t([1, 3], 'UINT8', [-1, 0, 0])).toMatchObject({ status: 422, field: 'x' });
    expect(t([1, 3], 'INT8', [0, 300, 0]).error).toBe('y (row 0): datatype INT8 holds whole numbers from -128 to 127, got 300');
    expect(t([1, 3], 'FP64', [1e39, 0, 0]).error).toBe('x (row 0): 1e+39 is outside the float32 range (about ±3.4e38) the model computes in');
    expect(t([1, 3], 'FP32', [0, 1e39, 0])).toMatchObject({ status: 422, field: 'y' });
    expect(t([1, 3], 'BOOL', [true, false, 1])).toMatchObject({ status: 422, field: 'color' });
  });

  test('sizes are checked against the shape before reading: 10^7 values for shape [1, 3] are refused in well under 10 ms, flat or nested', () => {
    const huge = new Array<number>(10_000_000).fill(0);
    for (const data of [huge, [huge], [[1, 2, 3], huge]]) {
      const t0 = performance.now();
      const got = parseInputs({ inputs: [{ name: 'input-0', shape: [1, 3], datatype: 'FP32', data }] }, encoder, DEFAULT_LIMITS);
      const ms = performance.now() - t0;
      expect(got).toMatchObject({ status: 400, field: 'inputs[0].data' });
      expect(ms).toBeLessThan(10);
    }
  });
});
