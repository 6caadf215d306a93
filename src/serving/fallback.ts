/**
 * The fallback rule: a declared answer for when nothing is deployed or the model fails. The default
 * predicts the majority class (its probability 1); a prior rule answers the class mix seen in
 * training. Either way the response says it came from the fallback.
 */
import type { DatasetSchema } from '../../datasets/types';
import { EndpointConfigError } from './errors';

/** A fallback rule. */
export type FallbackRule = { kind: 'majority-class'; classIndex: number } | { kind: 'prior'; probabilities: number[] };

/** Validates a rule against the schema's classes; throws EndpointConfigError. */
export function validateFallback(rule: unknown, schema: DatasetSchema): FallbackRule {
  const classes = schema.classes.length;
  const r = rule as Record<string, unknown> | null;
  if (r?.kind === 'majority-class' && Number.isInteger(r.classIndex) && (r.classIndex as number) >= 0 && (r.classIndex as number) < classes) return { kind: 'majority-class', classIndex: r.classIndex as number };
  if (r?.kind === 'prior' && Array.isArray(r.probabilities) && r.probabilities.length === classes && r.probabilities.every((p) => typeof p === 'number' && p >= 0)) {
    const sum = (r.probabilities as number[]).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) < 1e-6) return { kind: 'prior', probabilities: [...(r.probabilities as number[])] };
  }
  throw new EndpointConfigError('fallback', `must be {kind: "majority-class", classIndex in [0, ${classes})} or {kind: "prior", probabilities: ${classes} numbers summing to 1}`);
}

/** The rule's class probabilities (one row). */
export function fallbackProbabilities(rule: FallbackRule, classes: number): Float32Array {
  if (rule.kind === 'prior') return Float32Array.from(rule.probabilities);
  const p = new Float32Array(classes);
  p[rule.classIndex] = 1;
  return p;
}

/** The majority-class rule from class counts (ties go to the lower index). */
export function majorityClass(counts: readonly number[]): FallbackRule {
  let best = 0;
  counts.forEach((c, i) => {
    if (c > (counts[best] as number)) best = i;
  });
  return { kind: 'majority-class', classIndex: best };
}
