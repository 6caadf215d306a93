/**
 * The six stations of the MLOps loop, in loop order: data -> train -> evaluate -> deploy -> observe
 * -> feedback -> data. The lab is always at exactly one of them, and every incident maps to the
 * station that failed (DESIGN.md).
 */

/** A station of the loop. */
export type Station = 'data' | 'train' | 'evaluate' | 'deploy' | 'observe' | 'feedback';

/** Every station, in loop order. */
export const STATIONS: readonly Station[] = ['data', 'train', 'evaluate', 'deploy', 'observe', 'feedback'];

/** One sentence per station, for a learner. */
export const STATION_ROLES: Readonly<Record<Station, string>> = {
  data: 'Copy labelled rows into the training store and choose the training window.',
  train: 'Fit a model on the chosen rows.',
  evaluate: 'Score the candidate against production on the same recent labelled rows neither trained on (the promotion gate).',
  deploy: 'Load the version behind the endpoint: direct, canary or shadow rollout.',
  observe: 'Watch health, predictions and quality; detectors and alerts fire here, and the retrain trigger acts on them.',
  feedback: 'Late labels arrive and are joined to the answers they judge; missing or wrong labels fail here.',
};

/** True when `value` names a station. */
export function isStation(value: unknown): value is Station {
  return typeof value === 'string' && (STATIONS as readonly string[]).includes(value);
}
