/**
 * The words of `<mlops-drill>`: a plain name and one line per drill, a label and a hint per station
 * the learner may blame, and the measured evidence of a finished drill as labelled rows. Pure: no
 * DOM, no Lab.
 */
import { checkIncident, INCIDENT_KINDS, type IncidentKind } from '../../src/loop/drills/incidents';
import type { DrillEvidence } from '../../src/loop/drills/run';
import { STATIONS, STATION_ROLES, type Station } from '../../src/loop/engine/stations';

/** How a drill is offered before it runs: a plain name and what the learner will investigate. */
export interface DrillChoice {
  drill: IncidentKind;
  name: string;
  line: string;
}

const CHOICES: Readonly<Record<IncidentKind, { name: string; line: string }>> = {
  'silent-accuracy-drop': { name: 'Wrong answers, green dashboards', line: 'Users get more wrong answers, yet no alert went off.' },
  'regression-after-deploy': { name: 'Bad release', line: 'A new version went live today and complaints followed.' },
  'stale-training-data': { name: 'Retrain that does not help', line: 'The model was retrained on time, but it is no better than before.' },
  'schema-break': { name: 'Errors after a deploy', line: 'Right after a deploy, many requests get errors instead of answers.' },
  'label-stall': { name: 'Quality chart frozen', line: 'Traffic flows, but the accuracy chart stopped moving.' },
  'training-diverges': { name: 'Missing version', line: 'A scheduled retrain ran, but no new version appeared.' },
  'label-noise': { name: 'Fresh labels, same errors', line: 'Accuracy fell; a retrain on fresh labels is no better, and the inputs look as always.' },
};

/** The drills, in the engine's order. */
export const DRILL_CHOICES: readonly DrillChoice[] = INCIDENT_KINDS.map((drill) => ({ drill, ...CHOICES[drill] }));

/** A station the learner can blame, with its role in one sentence. */
export interface StationChoice {
  station: Station;
  label: string;
  hint: string;
}

const STATION_LABELS: Readonly<Record<Station, string>> = {
  data: 'Data',
  train: 'Train',
  evaluate: 'Evaluate',
  deploy: 'Deploy',
  observe: 'Observe',
  feedback: 'Feedback',
};

/** The six answers, in loop order. */
export const STATION_CHOICES: readonly StationChoice[] = STATIONS.map((station) => ({ station, label: STATION_LABELS[station], hint: STATION_ROLES[station] }));

/** One line of evidence: what was measured, its value, and what it means. */
export interface EvidenceRow {
  key: string;
  label: string;
  value: string;
  meaning: string;
}

/** A share as a percentage with one decimal ("n/a" for none). */
export function share(x: number | null): string {
  return x === null || !Number.isFinite(x) ? 'n/a' : `${(x * 100).toFixed(1)}%`;
}

/**
 * The evidence of a drill as rows a learner reads top to bottom: what changed around the moment
 * of the fault (accuracy, errors, labels, alerts) and what the registry and the deploys did after it.
 * The numbers are the engine's measurements as they are; nothing is recomputed here.
 */
export function evidenceRows(e: DrillEvidence): EvidenceRow[] {
  const rows: EvidenceRow[] = [
    { key: 'fault', label: 'Fault', value: `at request ${e.injectedAt} (t = ${e.injectedT.toFixed(0)} s)`, meaning: 'When the fault was injected into the running lab.' },
    { key: 'world', label: 'The world', value: e.worldChange ?? 'unchanged: the same stream before and after the fault', meaning: 'What the simulated world itself did at the fault (the drill scenario), apart from the fault.' },
    { key: 'accuracy', label: 'Accuracy of answers', value: `${share(e.accuracyBefore)} before, ${share(e.accuracyAfter)} after`, meaning: 'Right answers among the answered requests, scored against their true labels.' },
    { key: 'errors', label: 'Error rate', value: `${share(e.errorRateBefore)} before, ${share(e.errorRateAfter)} after${e.topErrorKind ? ` (mostly "${e.topErrorKind}")` : ''}`, meaning: 'Requests that got an error instead of an answer.' },
    { key: 'labels', label: 'Labels joined', value: `${e.labelsJoinedBefore} before, ${e.labelsJoinedAfter} after (each ${e.labelDelaySeconds} s after its answer)`, meaning: 'True answers that arrived late and were matched to the predictions they judge.' },
    { key: 'requests', label: 'Requests after the fault', value: String(e.requestsAfter), meaning: 'Traffic kept flowing for this many requests after the fault.' },
    { key: 'alerts', label: 'Alerts and drift signals after', value: `${e.alertsAfter} alert${e.alertsAfter === 1 ? '' : 's'}, ${e.driftSignalsAfter} drift signal${e.driftSignalsAfter === 1 ? '' : 's'}${e.firstSignalAt !== null ? ` (the first${e.worldChangeAt !== null ? ' after the change' : ''} at request ${e.firstSignalAt}${e.worldChangeAt !== null ? `, ${e.firstSignalAt - e.worldChangeAt} requests after it` : ''})` : ''}`, meaning: `Alerts raised, and drift signals of the detectors on production's error stream, after the fault; the ${e.policy} policy ${e.policy === 'manual' ? 'retrains only when asked' : 'retrains on either'}.` },
    {
      key: 'inputs',
      label: 'Input statistics at the end',
      value: e.inputDrift ? `largest PSI ${e.inputDrift.psi.toFixed(3)} (${e.inputDrift.feature}); ${e.inputDrift.drifting} features drifting` : 'not measured',
      meaning: "Recent inputs against production's training data; PSI under 0.1 means the inputs did not move.",
    },
    {
      key: 'deploys',
      label: 'Deploys after',
      value: e.movesAfter.length ? e.movesAfter.map((m) => `${m.version ?? 'none'} by ${m.actor}${m.gated ? ' (gate checked)' : ' (no gate result)'}`).join('; ') : 'none',
      meaning: 'Which versions went live after the fault, who moved them, and whether the promotion gate judged them.',
    },
    {
      key: 'versions',
      label: 'New versions',
      value: e.versionsAfter.length ? e.versionsAfter.map((v) => `${v.id}: newest training row from t = ${v.newestRowT.toFixed(0)} s, held-out accuracy ${share(v.heldOutAccuracy)}`).join('; ') : 'none',
      meaning: `Versions registered after the fault (the fault came at t = ${e.injectedT.toFixed(0)} s).`,
    },
  ];
  if (e.gatesAfter.length)
    rows.push({
      key: 'gate',
      label: 'Promotion gate after',
      value: e.gatesAfter.map((g) => `${g.version}: ${g.sentence}${g.rows ? `; the two versions disagree on ${g.disagree} of ${g.rows} paired rows` : ''}`).join('; '),
      meaning: 'The retrained candidate against production on the same recent labelled rows neither trained on.',
    });
  if (e.trainingFailures.length) rows.push({ key: 'training', label: 'Training failures', value: e.trainingFailures.join(' '), meaning: 'Training runs that stopped without a version.' });
  rows.push({ key: 'production', label: 'In production at the end', value: e.production ?? 'nothing', meaning: 'The version answering users when the drill stopped.' });
  return rows;
}

/** Looks a drill up by id (a LabCommandError naming the known ones for anything else). */
export function drillChoice(drill: unknown): DrillChoice {
  const kind = checkIncident(drill);
  return { drill: kind, ...CHOICES[kind] };
}

/** A hint after a wrong answer: where to look in the evidence, without naming the station. */
export interface DrillHint {
  /** One or two sentences that point at the evidence. */
  text: string;
  /** The evidence rows (EvidenceRow.key) the hint points at; the view marks them. */
  rows: readonly string[];
}

const HINTS: Readonly<Record<IncidentKind, DrillHint>> = {
  'silent-accuracy-drop': {
    text: 'Compare the accuracy of answers with the alerts and drift signals after the fault: the signals were there. Which part of the loop should have turned them into an alarm or an action?',
    rows: ['accuracy', 'alerts'],
  },
  'regression-after-deploy': {
    text: 'Read the deploys after the fault and the new version’s held-out accuracy: what should have stopped this version before it reached users?',
    rows: ['deploys', 'versions'],
  },
  'stale-training-data': {
    text: 'Compare when the new version’s newest training row is from with when the fault came: what did the retrain actually learn from?',
    rows: ['fault', 'versions'],
  },
  'schema-break': {
    text: 'Look at the error rate and its main kind: the failing requests are refused before any model sees them. What changed between the clients and the model?',
    rows: ['errors', 'deploys'],
  },
  'label-stall': {
    text: 'Compare the labels joined before and after the fault while requests kept flowing: what does the accuracy chart need to move?',
    rows: ['labels', 'requests'],
  },
  'training-diverges': {
    text: 'Look at the new versions and any training failures after the fault: the retrain ran, so where did its version go?',
    rows: ['versions', 'training'],
  },
  'label-noise': {
    text: 'The inputs did not move, yet accuracy fell and a retrain on fresh rows did not help. Where do the true answers that score the model and teach the next one come from?',
    rows: ['inputs', 'accuracy', 'gate'],
  },
};

/** The hint shown after a wrong answer to `drill` (a LabCommandError for an unknown drill). */
export function drillHint(drill: unknown): DrillHint {
  return HINTS[checkIncident(drill)];
}

/**
 * The verdict's first line. A wrong answer names only the station answered ("Not observe.") until
 * the learner asks to see the answer; a right one, or a revealed one, names the station that failed.
 */
export function verdictLine(grade: { correct: boolean; answer: Station; expected: Station }, revealed: boolean): string {
  if (grade.correct) return `Right: the ${grade.expected} station failed.`;
  return revealed ? `Not ${grade.answer}: the ${grade.expected} station failed.` : `Not ${grade.answer}.`;
}
