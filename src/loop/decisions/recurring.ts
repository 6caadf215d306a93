/**
 * A recurring concept: when the world goes back to a state it was in before (a seasonal rule, as in
 * stagger-recurring), a version trained back then may already fit it. After a candidate passes the
 * gate, the earlier versions that served production are scored on the same paired rows; when one does about as well as the
 * candidate and clearly better than production, the gate's sentence points it out, so the learner
 * sees that a rollback to it would have served as well without a new training run.
 */
import { predictProbabilities, type Examples } from '../../model/index';
import type { GateResult, ModelRegistry } from '../../registry/index';

/** Earlier versions scored, newest first. */
export const REUSE_LOOKBACK = 6;
/** An earlier version "does about as well" when it is at most this far below the candidate. */
export const REUSE_TOLERANCE = 0.01;

/** The earlier version that fits the recent rows, if any. */
export interface ReuseHint {
  version: string;
  accuracy: number;
  sentence: string;
}

function accuracyOn(probs: Float32Array, ex: Examples, from: number): number {
  const k = ex.classes;
  let right = 0;
  for (let i = from; i < ex.rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if ((probs[i * k + c] as number) > (probs[i * k + best] as number)) best = c;
    if (best === ex.labels[i]) right++;
  }
  return ex.rows > from ? right / (ex.rows - from) : 0;
}

/**
 * Scores up to `REUSE_LOOKBACK` earlier versions that served production (not the candidate, not production now) on the gate's
 * paired rows (the last `gate.metrics.rows` of `holdout`); returns the best one when it is within
 * `REUSE_TOLERANCE` of the candidate and beats production by the gate's margin, else null.
 */
export async function earlierVersionFits(registry: ModelRegistry, candidate: string, production: string | null, holdout: Examples, gate: GateResult): Promise<ReuseHint | null> {
  const m = gate.metrics;
  const rows = m.rows ?? 0;
  if (!gate.passed || !production || m.hasProduction !== 1 || rows <= 0) return null;
  const from = holdout.rows - rows;
  // Only versions that served production before: a rollback (one step in the history) can bring them back.
  const served = new Set(registry.history('production').map((m) => m.version));
  const earlier = registry
    .list()
    .filter((v) => v.id !== candidate && v.id !== production && served.has(v.id))
    .slice(-REUSE_LOOKBACK)
    .reverse();
  let best: { version: string; accuracy: number } | null = null;
  for (const v of earlier) {
    const model = await registry.loadModel(v.id);
    try {
      const accuracy = accuracyOn(await predictProbabilities(model, holdout), holdout, from);
      if (!best || accuracy > best.accuracy) best = { version: v.id, accuracy };
    } finally {
      model.dispose();
    }
  }
  const cand = m.candidateAccuracy ?? 0;
  const prod = m.productionAccuracy ?? 0;
  if (!best || best.accuracy < cand - REUSE_TOLERANCE || best.accuracy - prod < (m.minImprovement ?? 0)) return null;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return {
    ...best,
    sentence: `An earlier version, ${best.version}, scores ${pct(best.accuracy)} on the same ${rows} rows (the candidate ${pct(cand)}, production ${pct(prod)}): the world looks like the one ${best.version} learned, so putting it back in production would have served as well without a new training run.`,
  };
}
