/**
 * Population Stability Index.
 *
 * With r_i and c_i the shares of the reference and of the current sample in bin i,
 * PSI = Σ_i (c_i - r_i) · ln(c_i / r_i). Each term is >= 0 (the difference and the log have the same
 * sign), so PSI >= 0, and 0 only when the shares agree. Bins come from the reference's quantiles
 * (`binning.ts`, 10 bins by default; `bins` must be an integer >= 2). Only an empty bin's share (0) is
 * replaced by a small epsilon (1e-4, in (0, 1)) so the log stays finite; every other share is used as
 * it is, however small. Usual reading: below 0.1 no significant change, 0.1 to 0.25 moderate, 0.25
 * and above a major shift.
 */
import { MonitoringInputError, requireBins, requireEpsilon } from '../errors';
import { binProportions, quantileEdges } from './binning';
import { sortedSample } from './sample';

/** Default number of bins. */
export const PSI_BINS = 10;
/** Share that replaces an empty bin's 0. */
export const PSI_EPSILON = 1e-4;

/** PSI severity levels. */
export type PsiLevel = 'none' | 'moderate' | 'major';

/** Reads a PSI value with the levels 0.1 and 0.25 (configurable). */
export function psiLevel(value: number, levels: readonly [number, number] = [0.1, 0.25]): PsiLevel {
  return value >= levels[1] ? 'major' : value >= levels[0] ? 'moderate' : 'none';
}

/** PSI from two share vectors of equal length (each summing to about 1); empty bins count as `epsilon`. */
export function psiFromProportions(reference: readonly number[], current: readonly number[], epsilon = PSI_EPSILON): number {
  requireEpsilon('psi.epsilon', epsilon);
  if (reference.length !== current.length || reference.length === 0) throw new MonitoringInputError('proportions', `need two non-empty vectors of one length, got ${reference.length} and ${current.length}`);
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const r0 = reference[i] as number;
    const c0 = current[i] as number;
    if (!Number.isFinite(r0) || !Number.isFinite(c0) || r0 < 0 || c0 < 0) throw new MonitoringInputError('proportions', `bin ${i} has shares ${r0} and ${c0}; shares must be finite and >= 0`);
    const r = r0 === 0 ? epsilon : r0;
    const c = c0 === 0 ? epsilon : c0;
    sum += (c - r) * Math.log(c / r);
  }
  return sum;
}

/** PSI of a numeric `current` sample against `reference`, with `bins` reference-quantile bins. */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>, bins = PSI_BINS, epsilon = PSI_EPSILON): number {
  requireBins('psi.bins', bins);
  requireEpsilon('psi.epsilon', epsilon);
  const ref = sortedSample('reference', reference);
  const cur = sortedSample('current', current);
  const edges = quantileEdges(ref, bins);
  return psiFromProportions(binProportions(ref, edges), binProportions(cur, edges), epsilon);
}
