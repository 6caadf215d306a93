/**
 * Numbers in US English (`1,234,567`), fast: `Number.prototype.toLocaleString('en-US')` looks up the
 * locale's formatting rules on every call, and the views format dozens of counts per render while a
 * stream runs (it showed up as a few per cent of the main thread). Whole numbers get their thousands
 * separators here; anything else goes through one cached Intl.NumberFormat, whose output is the same
 * as `toLocaleString('en-US')`'s.
 */

let format: Intl.NumberFormat | null = null;

/** `x` as `x.toLocaleString('en-US')` writes it. */
export function formatNumber(x: number): string {
  if (Number.isSafeInteger(x)) return String(x).replace(/\B(?=(\d{3})+$)/g, ',');
  format ??= new Intl.NumberFormat('en-US');
  return format.format(x);
}

/** `n` rounded to a whole number, with thousands separators (`1,234`). */
export function formatCount(n: number): string {
  return formatNumber(Math.round(n));
}
