/**
 * Incident drills, headless: a lab runs the moons stream (world.ts: for some drills the boundary turns
 * at the fault), a real fault is injected into the running lab, the stream goes on, and the evidence a
 * learner would look at is measured. The learner answers which station failed; `gradeDrill` says
 * whether that is right and explains from the measured evidence, quoting only numbers the evidence
 * table shows (tests/unit/loop/drill-truth.test.ts), why the failure points to that station.
 */
import { Lab } from '../engine/lab';
import { LabCommandError } from '../engine/errors';
import { explainGate, gateComparison } from '../decisions/gate';
import { INCIDENT_DESCRIPTIONS, INCIDENT_KINDS, INCIDENT_STATION, checkIncident, type IncidentKind } from './incidents';
import { isStation, type Station } from '../engine/stations';
import { DRILL_AFTER, DRILL_BEFORE, DRILL_WORLD_AT, WORLD_CHANGES, drillScenario, worldChange } from './world';

/** What a learner is told before answering. */
export const DRILL_BRIEFS: Readonly<Record<IncidentKind, { title: string; symptom: string }>> = {
  'silent-accuracy-drop': { title: 'Quiet night', symptom: 'A customer says the model has been wrong a lot lately. The dashboards are green.' },
  'regression-after-deploy': { title: 'Friday hotfix', symptom: 'Complaints started this afternoon. Something was released today.' },
  'stale-training-data': { title: 'Retrain that does not help', symptom: 'Accuracy fell; the retrain ran on time, but the new version is no better.' },
  'label-noise': { title: 'Fresh labels, same errors', symptom: 'Measured accuracy fell; a retrain on this week\'s labels is no better, and the inputs look as they always did.' },
  'schema-break': { title: 'Red error graph', symptom: 'The error rate jumped right after the release; the models look healthy.' },
  'label-stall': { title: 'Frozen quality chart', symptom: 'The accuracy chart stopped moving; traffic looks normal.' },
  'training-diverges': { title: 'Missing version', symptom: 'The scheduled retrain ran, but no new version appeared in the registry.' },
};

/** The measured evidence of a drill. Positions are stream indices; rates are fractions. */
export interface DrillEvidence {
  injectedAt: number;
  accuracyBefore: number | null;
  accuracyAfter: number | null;
  errorRateBefore: number;
  errorRateAfter: number;
  /** The most common error kind after the injection, and the field it named. */
  topErrorKind: string | null;
  alertsAfter: number;
  driftSignalsAfter: number;
  labelsJoinedBefore: number;
  labelsJoinedAfter: number;
  requestsAfter: number;
  /** Alias moves after the injection: version, actor, and whether a gate result was recorded. */
  movesAfter: { version: string | null; actor: string; gated: boolean }[];
  /** Versions registered after the injection, with the simulated time of their newest training row. */
  versionsAfter: { id: string; newestRowT: number; heldOutAccuracy: number }[];
  injectedT: number;
  trainingFailures: string[];
  production: string | null;
  /** The drill world's change at the fault, in words (null: the world stayed as it was). */
  worldChange: string | null;
  /** The retraining policy the drill's lab ran. */
  policy: string;
  /** Gate results after the injection: the version, the gate's sentence and its paired numbers. */
  gatesAfter: { version: string; passed: boolean; sentence: string; comparison: string | null; rows: number; disagree: number; candidateAccuracy: number; productionAccuracy: number }[];
  /** Stream position at which the drill world changed (null: it did not). */
  worldChangeAt: number | null;
  /** Stream position of the first drift signal after the world changed, else after the injection (null: none). */
  firstSignalAt: number | null;
  /** Simulated seconds between an answer and its label in the drill's lab. */
  labelDelaySeconds: number;
  /** Input statistics at the end against production's training data: the largest PSI of a numeric feature, and how many features drift. */
  inputDrift: { feature: string; psi: number; drifting: number } | null;
}

/** A finished drill, ready to be answered. */
export interface DrillRun {
  drill: IncidentKind;
  seed: number;
  title: string;
  symptom: string;
  evidence: DrillEvidence;
}

/** The grade of an answer. */
export interface DrillGrade {
  correct: boolean;
  answer: Station;
  expected: Station;
  /** What the fault was. */
  fault: string;
  /** The evidence that points to the expected station, in plain words with the measured numbers. */
  explanation: string;
}

/** Every drill id. */
export const DRILLS: readonly IncidentKind[] = INCIDENT_KINDS;

const BEFORE = DRILL_BEFORE;
const AFTER = DRILL_AFTER;

/** Options of a drill run. */
export interface DrillOptions {
  /**
   * Run the same drill without injecting its fault (the control: same world, same seed, same
   * retrain), to check that the fault, and not something else, causes what the grading says.
   */
  withoutFault?: boolean;
}

/** Runs a drill: warm up, inject the fault into the running lab, keep streaming, measure. */
export async function runDrill(kind: IncidentKind, seed = 1, options: DrillOptions = {}): Promise<DrillRun> {
  checkIncident(kind);
  // The muted-alerting drill runs a policy that would act on alerts and detector signals, so the mute has something to silence.
  const policy = kind === 'silent-accuracy-drop' ? 'on-alert' : 'manual';
  const lab = await Lab.create({ scenario: drillScenario(kind, BEFORE + AFTER + 200), seed, requests: BEFORE + AFTER + 200, policy });
  try {
    await lab.bootstrap();
    await lab.runRequests(BEFORE);
    const at = lab.position;
    const injectedT = lab.time;
    const joinedBefore = lab.totals.labels;
    const eventsBefore = lab.log().length;
    if (!options.withoutFault) await lab.injectIncident(kind);
    if (kind === 'stale-training-data' || kind === 'label-noise') {
      await lab.runRequests(AFTER);
      await lab.retrain({ trigger: 'schedule', reason: 'nightly retrain' });
    } else if (kind === 'training-diverges') {
      await lab.runRequests(200);
      await lab.retrain({ trigger: 'schedule', reason: 'nightly retrain' });
      await lab.runRequests(AFTER - 200);
    } else await lab.runRequests(AFTER);
    const after = lab.log().slice(eventsBefore);
    const points = lab.series.points();
    const pool = (from: number, to: number) => {
      let answered = 0;
      let correct = 0;
      let requests = 0;
      let errors = 0;
      for (const w of points) {
        if (w.start < from || w.end > to) continue;
        const n = w.requests * (1 - w.error_rate);
        answered += n;
        correct += (w.realized ?? 0) * n;
        requests += w.requests;
        errors += w.requests * w.error_rate;
      }
      return { accuracy: answered ? correct / answered : null, errorRate: requests ? errors / requests : 0 };
    };
    const pre = pool(0, at);
    const post = pool(at, lab.position);
    const stats = lab.endpointStats();
    const errorKinds = Object.entries(stats.totals.errors).sort((a, b) => b[1] - a[1]);
    const top = errorKinds[0] && errorKinds[0][1] > 0 ? errorKinds[0][0] : null;
    const evidence: DrillEvidence = {
      injectedAt: at,
      injectedT,
      accuracyBefore: pre.accuracy,
      accuracyAfter: post.accuracy,
      errorRateBefore: pre.errorRate,
      errorRateAfter: post.errorRate,
      topErrorKind: top,
      alertsAfter: after.filter((e) => e.type === 'alert' && e.change === 'raised').length,
      driftSignalsAfter: after.filter((e) => e.type === 'drift').length,
      labelsJoinedBefore: joinedBefore,
      labelsJoinedAfter: lab.totals.labels - joinedBefore,
      requestsAfter: lab.position - at,
      movesAfter: after.flatMap((e) => (e.type === 'alias' ? [{ version: e.version, actor: e.actor, gated: lab.registry.releases().some((r) => r.version === e.version && r.gate !== null) }] : [])),
      versionsAfter: after.flatMap((e) => (e.type === 'version' ? [{ id: e.version.id, newestRowT: e.version.data.window?.to ?? 0, heldOutAccuracy: e.version.evaluation.accuracy }] : [])),
      trainingFailures: after.flatMap((e) => (e.type === 'training-failed' ? [e.message] : [])),
      production: lab.deployed().production,
      worldChange: worldChange(kind),
      worldChangeAt: WORLD_CHANGES.has(kind) ? DRILL_WORLD_AT : null,
      policy,
      gatesAfter: after.flatMap((e) => {
        if (e.type !== 'decision' || e.kind !== 'gate' || !e.gate || !e.version) return [];
        const m = e.gate.metrics;
        return [{ version: e.version, passed: e.gate.passed, sentence: explainGate(e.gate), comparison: gateComparison(e.gate), rows: m.rows ?? 0, disagree: (m.candidateOnly ?? 0) + (m.productionOnly ?? 0), candidateAccuracy: m.candidateAccuracy ?? 0, productionAccuracy: m.productionAccuracy ?? 0 }];
      }),
      inputDrift: largestPsi(lab),
      firstSignalAt: after.find((e) => e.type === 'drift' && e.index >= (WORLD_CHANGES.has(kind) ? DRILL_WORLD_AT : 0))?.index ?? null,
      labelDelaySeconds: lab.config.labelDelay,
    };
    return { drill: kind, seed, ...DRILL_BRIEFS[kind], evidence };
  } finally {
    await lab.dispose();
  }
}

/** The numeric feature whose PSI against production's training data is largest at the end, and how many features drift. */
function largestPsi(lab: Lab): DrillEvidence['inputDrift'] {
  const view = lab.featureDrift.view(lab.deployed().production, lab.position);
  const numeric = (view.features ?? []).filter((f) => f.method === 'psi');
  if (!numeric.length) return null;
  const top = numeric.reduce((a, b) => (b.value > a.value ? b : a));
  return { feature: top.feature, psi: top.value, drifting: view.driftingFeatures };
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The explanation of a drill from its evidence. */
export function explainDrill(run: DrillRun): string {
  const e = run.evidence;
  switch (run.drill) {
    case 'silent-accuracy-drop': {
      const first = e.firstSignalAt !== null && e.worldChangeAt !== null ? ` The first after the change came at request ${e.firstSignalAt}, ${e.firstSignalAt - e.worldChangeAt} requests after the change: the detectors read right and wrong answers, known only once labels arrive (${e.labelDelaySeconds} s after each answer here), so the label delay is part of every detection delay.` : '';
      const seen = e.driftSignalsAfter > 0 ? `The detectors did see it: ${e.driftSignalsAfter} drift signals on production's error stream after the fault.${first}` : 'Not even the error-stream detectors flagged it.';
      return `The alerting change came at request ${e.injectedAt}; ${e.worldChange ?? 'the world changed'}, and accuracy fell from ${pct(e.accuracyBefore)} to ${pct(e.accuracyAfter)}. ${seen} Yet ${plural(e.alertsAfter, 'alert')} were raised and ${plural(e.versionsAfter.length, 'retrain')} ran, although the ${e.policy} policy retrains when the accuracy alert or a detector fires: an alerting change had muted the accuracy alert and made the retrain trigger ignore the signals. Labels kept arriving (${e.labelsJoinedAfter} joined), no version or deploy changed, the error rate stayed ${pct(e.errorRateAfter)}: the loop had the facts, and the observe station did not act on them.`;
    }
    case 'regression-after-deploy': {
      const move = e.movesAfter.find((m) => m.version !== null);
      return `Production moved to ${move?.version ?? '?'} by ${move?.actor ?? '?'} at request ${e.injectedAt} with no gate result in its release record, and accuracy fell from ${pct(e.accuracyBefore)} to ${pct(e.accuracyAfter)} right after. Its own held-out accuracy was ${pct(e.versionsAfter[0]?.heldOutAccuracy ?? null)}: comparing it with production on the same recent labels would have refused it. The evaluate station (the promotion gate) was skipped.`;
    }
    case 'stale-training-data': {
      const v = e.versionsAfter[0];
      const g = e.gatesAfter[0];
      const gate = g ? ` Judged on the store's newest rows, which are from before the change too, the gate ${g.passed ? 'passed' : 'refused'} it (${g.comparison ?? 'nothing to compare'}): it never saw the new boundary.` : '';
      const psi = e.inputDrift ? ` The inputs barely moved (largest PSI ${e.inputDrift.psi.toFixed(3)}, on ${e.inputDrift.feature}): only labels show this change.` : '';
      return `The training store stopped receiving rows at request ${e.injectedAt} (t = ${e.injectedT.toFixed(0)} s); ${e.worldChange ?? 'then the world changed'}. ${e.labelsJoinedAfter} labels arrived after the fault, yet the retrained ${v?.id ?? 'version'} was trained on rows whose newest is from t = ${v ? v.newestRowT.toFixed(0) : '?'} s, before the change.${gate}${psi} Labels flow (feedback is fine) and training worked; the training store stopped receiving rows: the data station failed.`;
    }
    case 'label-noise': {
      const v = e.versionsAfter[0];
      const g = e.gatesAfter[0];
      const psi = e.inputDrift ? ` while the inputs stayed as they were (largest PSI ${e.inputDrift.psi.toFixed(3)}, on ${e.inputDrift.feature})` : '';
      const gate = g
        ? ` The retrained ${g.version}, trained on fresh labelled rows up to t = ${v ? v.newestRowT.toFixed(0) : '?'} s, is no cure: the gate ${g.passed ? 'passed' : 'refused'} it (${g.comparison ?? 'nothing to compare'}). The two versions disagree on only ${g.disagree} of ${g.rows} paired rows, yet production and the candidate are scored right on only ${pct(g.productionAccuracy)} and ${pct(g.candidateAccuracy)} of them: the errors follow no pattern in the inputs that a model could learn.`
        : '';
      return `Measured accuracy fell from ${pct(e.accuracyBefore)} to ${pct(e.accuracyAfter)} after request ${e.injectedAt}${psi}, with no deploy and no error.${gate} The labels are wrong, not the model: the feedback station failed, and retraining cannot fix noisy labels.`;
    }
    case 'schema-break':
      return `Right after ${e.movesAfter.at(-1)?.version ?? 'a new version'} was deployed by ${e.movesAfter.at(-1)?.actor ?? '?'} at request ${e.injectedAt}, the error rate went from ${pct(e.errorRateBefore)} to ${pct(e.errorRateAfter)}, and the errors are "${e.topErrorKind ?? '?'}" errors: requests no longer match the endpoint's schema. The model weights are the same as before; the deploy shipped an endpoint config with a renamed field: the deploy station failed.`;
    case 'label-stall':
      return `Requests kept flowing (${e.requestsAfter} answered, error rate ${pct(e.errorRateAfter)}), but only ${e.labelsJoinedAfter} labels were joined after request ${e.injectedAt} (${e.labelsJoinedBefore} before it). Without labels, realized accuracy and the error-stream detectors cannot move: the feedback station failed.`;
    case 'training-diverges':
      return `The retrain after request ${e.injectedAt} failed: ${e.trainingFailures[0] ?? 'no failure recorded'} No version was registered and production stayed ${e.production ?? '?'}: the train station failed.`;
  }
}

/** Grades an answer (a station name) to a finished drill. */
export function gradeDrill(run: DrillRun, answer: unknown): DrillGrade {
  if (!isStation(answer)) throw new LabCommandError('answerDrill', `the answer must be one of data, train, evaluate, deploy, observe, feedback; got ${JSON.stringify(answer)}`);
  const expected = INCIDENT_STATION[run.drill];
  return { correct: answer === expected, answer, expected, fault: INCIDENT_DESCRIPTIONS[run.drill], explanation: explainDrill(run) };
}
