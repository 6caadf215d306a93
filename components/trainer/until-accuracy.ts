/**
 * The trainer's "train until" setting: an accuracy in percent at which a run stops early (the
 * engine's `training.targetAccuracy`, a fraction), its check, and the sentence a finished run gets.
 */
import type { JobSummary } from '../../src/model/job';

/** A checked "train until" value: the fraction for the engine, or null when it is off. */
export type UntilCheck = { ok: true; value: number | null } | { ok: false; message: string };

/** Checks a percentage typed by a learner: blank, null or 0 is off; otherwise above 0 and at most 100. */
export function checkUntilAccuracy(percent: number | null | undefined): UntilCheck {
  if (percent === null || percent === undefined || percent === 0) return { ok: true, value: null };
  if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
    return { ok: false, message: 'Train until accuracy must be a percentage above 0 and at most 100, or blank for none.' };
  }
  return { ok: true, value: percent / 100 };
}

/** " Reached 95% validation accuracy at epoch 212." (with a leading space), or "" without a target. */
export function untilSentence(summary: JobSummary, target: number | null, epochsAsked: number): string {
  if (target === null) return '';
  const which = summary.valRows > 0 ? 'validation' : 'training';
  const percent = `${Number((target * 100).toFixed(2))}%`;
  if (summary.targetReached) return ` Reached ${percent} ${which} accuracy at epoch ${summary.epochsRun}.`;
  if (summary.stoppedEarly) return '';
  return ` It did not reach ${percent} ${which} accuracy within ${epochsAsked} epochs.`;
}
