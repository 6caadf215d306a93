/**
 * Incidents a drill injects into a running lab: each breaks one station for real. The lab keeps the
 * active ones in an `IncidentState` and consults it at the point where that station works.
 */
import { LabCommandError } from '../engine/errors';
import type { Station } from '../engine/stations';

/** The incident kinds, one per drill. */
export type IncidentKind = 'silent-accuracy-drop' | 'regression-after-deploy' | 'stale-training-data' | 'schema-break' | 'label-stall' | 'training-diverges' | 'label-noise';

/** Every incident kind. */
export const INCIDENT_KINDS: readonly IncidentKind[] = ['silent-accuracy-drop', 'regression-after-deploy', 'stale-training-data', 'schema-break', 'label-stall', 'training-diverges', 'label-noise'];

/** The station each incident breaks (the answer a drill expects). */
export const INCIDENT_STATION: Readonly<Record<IncidentKind, Station>> = {
  'silent-accuracy-drop': 'observe',
  'regression-after-deploy': 'evaluate',
  'stale-training-data': 'data',
  'schema-break': 'deploy',
  'label-stall': 'feedback',
  'training-diverges': 'train',
  'label-noise': 'feedback',
};

/** What each incident does, in a sentence (shown once the drill is answered). */
export const INCIDENT_DESCRIPTIONS: Readonly<Record<IncidentKind, string>> = {
  'silent-accuracy-drop': 'An alerting change muted the accuracy alert and made the retrain trigger ignore every signal; the detectors kept running and flagging, and nobody acted on them.',
  'regression-after-deploy': 'A candidate trained on scrambled labels was pushed to production with the promotion gate skipped.',
  'stale-training-data': 'The job copying fresh labelled rows into the training store stopped; retrains keep using the rows from before it stopped, whatever the world does since.',
  'schema-break': 'A deploy shipped an endpoint whose schema renamed a feature; clients still send the old name.',
  'label-stall': 'The label feed stopped: answers are no longer joined to their truth.',
  'training-diverges': 'A hyper-parameter change set the learning rate to 1e6; the next retrain blows up.',
  'label-noise': 'The labelling feed started returning the wrong class for 30% of requests, picked with no relation to the inputs: noise no model can learn.',
};

/** The incidents active in a lab. */
export interface IncidentState {
  /** Labels of requests from this index on are flipped for a share of requests (label-noise). */
  labelFlip: { from: number; share: number } | null;
  /** The accuracy alert is muted and the retrain trigger ignores detector signals (the detectors still run and report). */
  muted: boolean;
  /** The training store no longer receives rows. */
  frozenData: boolean;
  /** Arriving labels are dropped. */
  labelStall: boolean;
  /** The learning rate of the next runs. */
  learningRate: number | null;
}

/** No incident. */
export function noIncidents(): IncidentState {
  return { labelFlip: null, muted: false, frozenData: false, labelStall: false, learningRate: null };
}

/** Validates an incident name. */
export function checkIncident(kind: unknown): IncidentKind {
  if (!INCIDENT_KINDS.includes(kind as IncidentKind)) throw new LabCommandError('injectIncident', `unknown incident ${JSON.stringify(kind)}; known: ${INCIDENT_KINDS.join(', ')}`);
  return kind as IncidentKind;
}
