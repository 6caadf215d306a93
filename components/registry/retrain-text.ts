/**
 * What a learner's "Retrain now" did, in plain words: the new version, the promotion gate's verdict
 * (candidate against production on the same held-out rows) and where the version went.
 */
import type { TrainOutcome } from '../../src/loop/engine/lab';
import { explainGate } from '../../src/loop/decisions/gate';

/** One or two sentences for the registry's status line after a retrain. */
export function retrainNote(outcome: TrainOutcome): string {
  if (!outcome.version) return `No new version: ${outcome.error ?? 'training did not finish'}. Production is unchanged.`;
  const gate = outcome.gate ? ` The ${explainGate(outcome.gate)}.` : ' The gate was skipped.';
  if (outcome.deployed) return `Trained ${outcome.version} on the latest labelled requests.${gate} It is being deployed under the policy's rollout (see the deployment history).`;
  return `Trained ${outcome.version} on the latest labelled requests.${gate} It stays in the registry; production is unchanged (you can still promote it).`;
}
