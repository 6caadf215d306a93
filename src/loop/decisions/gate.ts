/**
 * The promotion gate: the candidate and production are scored on the SAME recent labelled rows that
 * neither trained on (gate-window.ts: the newest rows of the training store, held out of the
 * candidate's training and newer than anything production trained on), so the comparison is paired
 * and fair. The candidate passes when
 *   - there are at least `minSamples` paired rows,
 *   - accuracy(candidate) - accuracy(production) >= minImprovement (the margin), and
 *   - McNemar's exact one-sided test on the discordant rows gives p <= alpha: an improvement this
 *     large is unlikely if both models were equally accurate. The built-in policies set alpha = 0.05;
 *     a policy without alpha (written before the test existed) gets the test reported, not applied.
 * With no production model the candidate passes on `minSamples` held-out rows (nothing to beat).
 */
import { mcnemarExact } from '../../monitoring/stats/mcnemar';
import type { GateResult } from '../../registry/types';
import type { GatePolicy } from './policy';

/** The significance level of the built-in policies' paired test. */
export const GATE_ALPHA = 0.05;

/** The paired scores the gate judges. */
export interface GateInput {
  /** Paired rows: recent labelled rows neither model trained on. */
  rows: number;
  /** Rows the candidate got right. */
  candidateCorrect: number;
  /** Rows production got right, or null when nothing is in production. */
  productionCorrect: number | null;
  /**
   * Rows only the candidate got right, and only production (the discordant pairs). Both absent: no
   * paired test is run and the margin alone decides (the gate before the paired test; kept so older
   * callers and recorded results read the same).
   */
  candidateOnly?: number;
  productionOnly?: number;
}

/** Applies the gate; the result is what the registry records with a promotion. */
export function applyGate(policy: GatePolicy, input: GateInput): GateResult {
  const { rows, candidateCorrect, productionCorrect } = input;
  const alpha = policy.alpha;
  const candidateAccuracy = rows > 0 ? candidateCorrect / rows : 0;
  const productionAccuracy = rows > 0 && productionCorrect !== null ? productionCorrect / rows : 0;
  const improvement = candidateAccuracy - productionAccuracy;
  const paired = input.candidateOnly !== undefined && input.productionOnly !== undefined;
  const test = productionCorrect === null || !paired ? null : mcnemarExact(input.candidateOnly as number, input.productionOnly as number);
  const rule = paired
    ? `on >= ${policy.minSamples} recent labelled rows neither model trained on: accuracy(candidate) - accuracy(production) >= ${policy.minImprovement}${alpha !== undefined ? ` and McNemar exact one-sided p <= ${alpha}` : ' (McNemar p reported, not applied)'}`
    : `accuracy(candidate) - accuracy(production) >= ${policy.minImprovement} on >= ${policy.minSamples} held-out rows`;
  // hasProduction 0: nothing is in production yet (the first version), so the candidate has nothing to beat.
  const metrics = {
    rows,
    candidateAccuracy,
    productionAccuracy,
    improvement,
    minImprovement: policy.minImprovement,
    minSamples: policy.minSamples,
    hasProduction: productionCorrect === null ? 0 : 1,
    ...(test ? { candidateOnly: test.b, productionOnly: test.c, pValue: test.pValue, ...(alpha !== undefined ? { alpha } : {}) } : {}),
  };
  const enough = rows >= policy.minSamples;
  const passed = enough && (productionCorrect === null || (improvement >= policy.minImprovement - 1e-12 && (test === null || alpha === undefined || test.pValue <= alpha)));
  return { passed, metrics, rule };
}

/** A p-value in words: "p = 0.003", "p = 0.21", "p < 0.001". */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

const points = (x: number) => `${Math.abs(x * 100).toFixed(1)} point${Math.abs(x * 100).toFixed(1) === '1.0' ? '' : 's'}`;
const pct = (x: number | undefined) => `${((x ?? 0) * 100).toFixed(1)}%`;

/**
 * The paired comparison in words, e.g. "better by 4.0 points, p = 0.003 on 400 paired rows"; null
 * for a first version (nothing to compare with) or a gate result without the paired test.
 */
export function gateComparison(gate: GateResult): string | null {
  const m = gate.metrics;
  if (m.hasProduction === 0 || m.pValue === undefined) return null;
  const d = m.improvement ?? 0;
  const way = Math.abs(d) < 0.0005 ? 'as accurate' : d > 0 ? `better by ${points(d)}` : `worse by ${points(d)}`;
  return `${way}, ${formatP(m.pValue)} on ${m.rows} paired rows`;
}

/** A plain sentence for the decision log and the registry. */
export function explainGate(gate: GateResult): string {
  const m = gate.metrics;
  if ((m.rows ?? 0) < (m.minSamples ?? 0)) return `gate refused: only ${m.rows} recent labelled rows neither model trained on, needs ${m.minSamples}`;
  const verdict = gate.passed ? 'gate passed' : 'gate refused';
  if (m.hasProduction === 0) return `${verdict}: first version, candidate ${pct(m.candidateAccuracy)} on ${m.rows} held-out rows (nothing in production to beat)`;
  const words = gateComparison(gate);
  if (words === null) return `${verdict}: candidate ${pct(m.candidateAccuracy)} vs production ${pct(m.productionAccuracy)} on ${m.rows} held-out rows (needs +${pct(m.minImprovement)})`;
  const needs = `needs ${(m.minImprovement ?? 0) < 0 ? '-' : '+'}${points(m.minImprovement ?? 0)}${m.alpha !== undefined ? ` and p <= ${m.alpha}` : ''}`;
  return `${verdict}: candidate ${words} (${pct(m.candidateAccuracy)} vs production ${pct(m.productionAccuracy)} on the same recent rows neither trained on; ${needs})`;
}
