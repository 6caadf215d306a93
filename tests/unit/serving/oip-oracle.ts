/**
 * An independent reading of the Open Inference Protocol v2 tensor rules, for property tests of the
 * endpoint's parser. Written apart from src/serving (different algorithms on purpose):
 *
 * - layout: data is accepted if it is a flat list of prod(shape) scalars, or if its nesting is
 *   regular and its measured shape (the lengths at each depth) equals `shape` exactly;
 * - datatypes: integer ranges are checked with BigInt arithmetic on the exact integer value,
 *   FP32 by storing the value in a Float32Array, FP16 by the rounding threshold 65520 (the midpoint
 *   between 65504, the largest half, and 65536), BOOL as JSON booleans.
 */

/** The measured shape of a regular nested list of scalars, or null if it is ragged or mixes lists and scalars. */
export function measuredShape(data: unknown): number[] | null {
  if (!Array.isArray(data)) return [];
  if (data.length === 0) return [0];
  const inner = data.map(measuredShape);
  const first = inner[0] as number[] | null;
  if (first === null) return null;
  for (const s of inner) if (s === null || s.length !== first.length || s.some((d, i) => d !== first[i])) return null;
  return [data.length, ...first];
}

/** Every scalar of `data`, depth first. */
export function leaves(data: unknown): unknown[] {
  return Array.isArray(data) ? data.flatMap((d) => leaves(d)) : [data];
}

/** Whether `data` lays out a tensor of `shape` (flat or nested exactly); its values row-major if so. */
export function layout(data: unknown[], shape: number[]): unknown[] | null {
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.every((d) => !Array.isArray(d))) return data.length === size ? data : null;
  const measured = measuredShape(data);
  if (measured === null || measured.length !== shape.length || measured.some((d, i) => d !== shape[i])) return null;
  return leaves(data);
}

const BITS: Record<string, [signed: boolean, bits: bigint]> = {
  UINT8: [false, 8n],
  UINT16: [false, 16n],
  UINT32: [false, 32n],
  UINT64: [false, 64n],
  INT8: [true, 8n],
  INT16: [true, 16n],
  INT32: [true, 32n],
  INT64: [true, 64n],
};

/** The number a value encodes under `datatype` (BOOL -> 1/0), or null if it is not a value of that type. */
export function oracleValue(datatype: string, v: unknown): number | null {
  if (datatype === 'BOOL') return typeof v === 'boolean' ? Number(v) : null;
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  const int = BITS[datatype];
  if (int) {
    if (Math.trunc(v) !== v) return null;
    const big = BigInt(v);
    const [signed, bits] = int;
    const lo = signed ? -(2n ** (bits - 1n)) : 0n;
    const hi = signed ? 2n ** (bits - 1n) - 1n : 2n ** bits - 1n;
    return big >= lo && big <= hi ? v : null;
  }
  if (datatype === 'FP16') return Math.abs(v) < 65520 ? v : null;
  if (datatype === 'FP32') return Number.isFinite(new Float32Array([v])[0]) ? v : null;
  if (datatype === 'FP64') return v;
  return null;
}

/** Whether a number survives as a finite float32 (the model's input type). */
export function fitsFloat32(v: number): boolean {
  return Number.isFinite(new Float32Array([v])[0]);
}
