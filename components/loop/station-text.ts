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
  data: 'The lab copies labelled rows from recent traffic into the training store and picks the window a new model will learn from. A store that stops filling, too few rows or rows from before a change fail here: a retrain on a stale window learns the old world.',
  train: 'A small neural network is fitted to the chosen rows, one pass over them per epoch. A run that diverges (its loss turns NaN or explodes) fails here and registers no version.',
  evaluate: 'The new candidate and the live model are scored on the same recent labelled rows that neither was trained on. Only a candidate that beats production by the margin, with a paired test saying the gain is unlikely to be luck, may go on.',
  deploy: 'The chosen version is loaded behind the endpoint, directly or through a canary or shadow trial. A canary or shadow trial stops a worse candidate before it serves everyone; a direct deploy goes live at once, and only a rollback undoes it.',
  observe: 'Every answer is watched: health, predictions and, once labels arrive, accuracy. The accuracy alert and the detectors on the error stream fire when answers turn wrong, even when the inputs look unchanged; the input drift table only sees inputs that move.',
  feedback: 'True labels arrive some time after each answer and are joined to the predictions they judge. Without them quality can only be estimated, and wrong labels make a good model look bad.',
};

/** The station an alert rule belongs to (a rule not listed belongs to `observe`). */
export const ALERT_STATION: Readonly<Record<string, Station>> = {
  'label-backlog': 'feedback',
};

/** The station of an alert rule. */
export function alertStation(rule: string): Station {
  return ALERT_STATION[rule] ?? 'observe';
}
