/**
 * The value range of each Open Inference Protocol datatype in its JSON form. A JSON request carries
 * numbers as IEEE doubles, so each check is on the double the request holds:
 *
 * - BOOL: `true` or `false` (encoded 1 / 0);
 * - UINTn / INTn: a whole number inside the type's two's-complement (or unsigned) range; for the
 *   64-bit types the bounds are the exact doubles -2^63, 2^63 and 2^64 (no double lies between
 *   2^63 - 1 and 2^63, so `v < 2^63` is the exact test);
 * - FP16, FP32: a finite number that stays finite once rounded to the type (FP16: |v| < 65520, the
 *   half-way point above the largest half 65504; FP32: `Math.fround(v)` finite);
 * - FP64: any finite number;
 * - BYTES: text.
 *
 * Every model here computes in float32, so a value must also round to a finite float32 to be
 * served (checked by the encoder for every form of request).
 */
import type { Datatype } from './protocol';

/** Inclusive bounds of the integer datatypes ([min, max] as doubles; 64-bit max is exclusive, see `inRange`). */
const INTEGER_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  UINT8: [0, 255],
  UINT16: [0, 65_535],
  UINT32: [0, 4_294_967_295],
  UINT64: [0, 2 ** 64],
  INT8: [-128, 127],
  INT16: [-32_768, 32_767],
  INT32: [-2_147_483_648, 2_147_483_647],
  INT64: [-(2 ** 63), 2 ** 63],
};

/** Datatypes whose values are numbers in JSON. */
export const NUMBER_TYPES: ReadonlySet<string> = new Set(['UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64']);

/** The smallest magnitude that rounds to infinity in half precision (65504 + half an ulp of 32). */
export const FP16_OVERFLOW = 65_520;

/** Words for a datatype's range, for messages. */
export function rangeText(datatype: string): string {
  const r = INTEGER_RANGE[datatype];
  if (r) return datatype.endsWith('64') ? `whole numbers from ${datatype.startsWith('U') ? '0 to 2^64 - 1' : '-2^63 to 2^63 - 1'}` : `whole numbers from ${r[0]} to ${r[1]}`;
  if (datatype === 'FP16') return 'finite numbers of magnitude below 65520 (half precision)';
  if (datatype === 'FP32') return 'finite numbers within the float32 range (about ±3.4e38)';
  if (datatype === 'FP64') return 'finite numbers';
  if (datatype === 'BOOL') return 'true or false';
  return 'text';
}

/** Whether a number (already known to be a number) is a value of a numeric datatype. */
export function inRange(datatype: string, v: number): boolean {
  const r = INTEGER_RANGE[datatype];
  if (r) return Number.isInteger(v) && v >= r[0] && (datatype.endsWith('64') ? v < r[1] : v <= r[1]);
  if (datatype === 'FP16') return Number.isFinite(v) && Math.abs(v) < FP16_OVERFLOW;
  if (datatype === 'FP32') return Number.isFinite(Math.fround(v));
  return Number.isFinite(v);
}

/**
 * The number a JSON value stands for under `datatype`, or a reason it is not a value of that type.
 * BOOL values become 1 / 0; BYTES has no number (the caller reads text).
 */
export function numberOf(datatype: Datatype | string, value: unknown): number | { problem: string } {
  if (datatype === 'BOOL') return typeof value === 'boolean' ? (value ? 1 : 0) : { problem: `datatype BOOL needs true or false` };
  if (typeof value !== 'number') return { problem: `datatype ${datatype} needs numbers` };
  if (!inRange(datatype, value)) return { problem: Number.isNaN(value) || !Number.isFinite(value) ? `datatype ${datatype} needs finite numbers` : `datatype ${datatype} holds ${rangeText(datatype)}` };
  return value;
}
