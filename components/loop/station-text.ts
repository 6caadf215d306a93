/**
 * What the loop diagram says about each station, in plain words, and which station an alert or an
 * incident belongs to. Text only: no lab logic.
 */
import type { Station } from '../../src/loop/engine/stations';

/** A station's display name. */
export const STATION_NAMES: Readonly<Record<Station, string>> = {
  data: 'Data',
  train: 'Train',
  evaluate: 'Evaluate',
  deploy: 'Deploy',
  observe: 'Observe',
  feedback: 'Feedback',
};

/** Two plain sentences per station: what happens there, and why it matters. */
export const STATION_EXPLANATIONS: Readonly<Record<Station, string>> = {
  data: 'The lab gathers labelled rows from recent traffic and picks the window a new model will learn from. Stale or too few rows here make every later step worse.',
  train: 'A small neural network is fitted to the chosen rows, one pass over them per epoch. A run that diverges or learns the wrong window fails here.',
  evaluate: 'The new candidate and the live model are scored on the same recent labelled rows. Only a candidate that beats production by the required margin may go on.',
  deploy: 'The chosen version is loaded behind the endpoint, directly or through a canary or shadow trial. A bad release is caught and rolled back here.',
  observe: 'Every answer is watched: health, predictions and, once labels arrive, accuracy. Drift detectors and alerts fire here when the world moves away from the training data.',
  feedback: 'True labels arrive some time after each answer and are joined to the predictions they judge. Without them, quality can only be estimated, never measured.',
};

/** The station an alert rule belongs to (a rule not listed belongs to `observe`). */
export const ALERT_STATION: Readonly<Record<string, Station>> = {
  'label-backlog': 'feedback',
};

/** The station of an alert rule. */
export function alertStation(rule: string): Station {
  return ALERT_STATION[rule] ?? 'observe';
}
