/**
 * The promotion gate: the candidate and production are scored on the SAME held-out recent labelled
 * rows (never used to train the candidate), so the comparison is paired and fair. The candidate
 * passes when there are at least `minSamples` rows and
 *   accuracy(candidate) - accuracy(production) >= minImprovement.
 * With no production model the candidate is compared with 0 (anything beats nothing).
 */
import type { GateResult } from '../../registry/types';
import type { GatePolicy } from './policy';

/** The paired scores the gate judges. */
export interface GateInput {
  rows: number;
  /** Rows the candidate got right. */
  candidateCorrect: number;
  /** Rows production got right, or null when nothing is in production. */
  productionCorrect: number | null;
}

/** Applies the gate; the result is what the registry records with a promotion. */
export function applyGate(policy: GatePolicy, input: GateInput): GateResult {
  const { rows, candidateCorrect, productionCorrect } = input;
  const candidateAccuracy = rows > 0 ? candidateCorrect / rows : 0;
  const productionAccuracy = rows > 0 && productionCorrect !== null ? productionCorrect / rows : 0;
  const improvement = candidateAccuracy - productionAccuracy;
  const rule = `accuracy(candidate) - accuracy(production) >= ${policy.minImprovement} on >= ${policy.minSamples} held-out rows`;
  // hasProduction 0: nothing is in production yet (the first version), so the candidate has nothing to beat.
  const metrics = { rows, candidateAccuracy, productionAccuracy, improvement, minImprovement: policy.minImprovement, minSamples: policy.minSamples, hasProduction: productionCorrect === null ? 0 : 1 };
  const passed = rows >= policy.minSamples && improvement >= policy.minImprovement - 1e-12;
  return { passed, metrics, rule };
}

/** A plain sentence for the decision log. */
export function explainGate(gate: GateResult): string {
  const m = gate.metrics;
  const pct = (x: number | undefined) => `${((x ?? 0) * 100).toFixed(1)}%`;
  if ((m.rows ?? 0) < (m.minSamples ?? 0)) return `gate refused: only ${m.rows} held-out rows, needs ${m.minSamples}`;
  const verdict = gate.passed ? 'gate passed' : 'gate refused';
  if (m.hasProduction === 0) return `${verdict}: first version, candidate ${pct(m.candidateAccuracy)} on ${m.rows} held-out rows (nothing in production to beat)`;
  return `${verdict}: candidate ${pct(m.candidateAccuracy)} vs production ${pct(m.productionAccuracy)} on ${m.rows} held-out rows (needs +${pct(m.minImprovement)})`;
}
