/**
 * The typed error of the monitoring module: bad input (a NaN where a number must be, an empty sample
 * where a statistic needs data, a malformed rule) is refused with a clear message instead of turning
 * into a silent NaN on a chart.
 */
import { LabError } from '../errors';

/** Bad input to a monitoring entry point. `field` names what was wrong, `reason` says how. */
export class MonitoringInputError extends LabError {
  constructor(field: string, reason: string, details?: Record<string, unknown>) {
    super('invalid-monitoring-input', `${field}: ${reason}`, { field, reason, ...details });
    this.name = 'MonitoringInputError';
  }
}

/** Throws unless `x` is a finite number. Returns it, typed. */
export function requireFinite(field: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new MonitoringInputError(field, `must be a finite number, got ${String(x)}`);
  return x;
}

/** Throws unless `x` is an integer >= `min`. */
export function requireInteger(field: string, x: unknown, min = 0): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min) throw new MonitoringInputError(field, `must be an integer >= ${min}, got ${String(x)}`);
  return x;
}

/** Throws unless `x` is a finite number in [lo, hi] (or (lo, hi) when `open`). */
export function requireInRange(field: string, x: unknown, lo: number, hi: number, open = false): number {
  const v = requireFinite(field, x);
  if (open ? v <= lo || v >= hi : v < lo || v > hi) throw new MonitoringInputError(field, `must be in ${open ? '(' : '['}${lo}, ${hi}${open ? ')' : ']'}, got ${v}`);
  return v;
}

/** Throws unless `bins` is an integer >= 2 (a histogram needs at least two bins to show a shift). */
export function requireBins(field: string, bins: unknown): number {
  if (typeof bins !== 'number' || !Number.isInteger(bins) || bins < 2) throw new MonitoringInputError(field, `must be an integer >= 2, got ${String(bins)}`);
  return bins;
}

/** Throws unless `epsilon` is a finite number in (0, 1) (a share that stands in for an empty bin). */
export function requireEpsilon(field: string, epsilon: unknown): number {
  if (typeof epsilon !== 'number' || !(epsilon > 0 && epsilon < 1)) throw new MonitoringInputError(field, `must be a number in (0, 1), got ${String(epsilon)}`);
  return epsilon;
}

/** Copies the finite values of a sample into a Float64Array, refusing NaN/Infinity and empty samples. */
export function finiteSample(field: string, values: ArrayLike<number>, minLength = 1): Float64Array {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') throw new MonitoringInputError(field, 'must be an array of numbers');
  if (values.length < minLength) throw new MonitoringInputError(field, `needs at least ${minLength} value(s), got ${values.length}`);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new MonitoringInputError(field, `value ${i} is ${String(v)}, not a finite number`, { index: i });
    out[i] = v;
  }
  return out;
}
