/**
 * Rounding for bench output: rates and ratios keep three significant figures (whole numbers from
 * 1000 up), times keep one decimal (milliseconds). The ratios are computed from unrounded values.
 */

/** Three significant figures; whole numbers from 1000 up. Non-finite values become null. */
export function roundRate(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  if (Math.abs(value) >= 1000) return Math.round(value);
  return value === 0 ? 0 : Number(value.toPrecision(3));
}

/** Milliseconds with one decimal. */
export function roundMs(value: number): number {
  return Math.round(value * 10) / 10;
}

/** `a / b` with three significant figures, or null when either side is missing or zero. */
export function ratio(a: number | undefined, b: number | undefined): number | null {
  if (a === undefined || b === undefined || !(b > 0) || !Number.isFinite(a)) return null;
  return roundRate(a / b);
}
