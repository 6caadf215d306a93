/**
 * Questions drawn from the learner's own run: three to five short questions whose answers are in that
 * run's events (its report), each graded with the evidence and placed on a station of the loop.
 * - where the drift began (data): a number, right within one report window;
 * - which signal noticed it first, and how late (observe): a choice among the run's detectors, the
 *   accuracy alert and "nothing";
 * - why a candidate was rejected (evaluate), or, when none was, how many versions were promoted (deploy);
 * - which policy lost the fewest correct answers after the drift (feedback), when runs were compared;
 * - how many labelled rows that policy's retrains used (train), when runs were compared.
 * Pure: the same report gives the same questions, on any machine.
 */
import type { Station } from '../engine/stations';
import type { SimulationReport } from '../commands/simulate';
import { driftOnset, lostCorrect } from './summary';

/** A question. `answer` is what grading compares with; a view shows it only after an answer. */
export interface RunQuestion {
  id: 'drift-onset' | 'first-signal' | 'rejected' | 'promotions' | 'fewest-lost' | 'labels-used';
  station: Station;
  prompt: string;
  kind: 'number' | 'choice';
  /** The choices (kind `choice`). */
  choices: string[];
  /** Every answer that counts as right (choices; or one number). */
  accepted: (string | number)[];
  /** For numbers: how far off still counts. */
  tolerance: number;
  /** The events that give the answer, in words. */
  evidence: string;
}

/** A graded answer. */
export interface QuestionGrade {
  id: RunQuestion['id'];
  correct: boolean;
  expected: string;
  evidence: string;
}

/** A compared run, as the questions need it. */
export interface QuestionRun {
  policy: string;
  report: SimulationReport;
}

const DETECTOR_NAMES: Record<string, string> = { adwin: 'ADWIN', ddm: 'DDM', eddm: 'EDDM', 'page-hinkley': 'Page-Hinkley', kswin: 'KSWIN', 'hddm-a': 'HDDM_A' };
const ALERT = 'the accuracy alert';
const NOTHING = 'nothing noticed it';

/** Reasons a candidate is not deployed, as choices, with how a decision's reason is matched to one. */
export const REJECT_REASONS: readonly { choice: string; test: RegExp }[] = [
  { choice: 'the gate: not enough better than production on the same recent rows', test: /gate refused: candidate/ },
  { choice: 'the gate: too few held-out labelled rows to judge', test: /gate refused: only \d+|too few/ },
  { choice: 'the canary: it did worse than production on live traffic and was rolled back', test: /canary/ },
  { choice: 'the shadow trial: its shadow answers were worse than production’s', test: /shadow/ },
  { choice: 'training failed', test: /train(ing)? failed|diverge|NaN/ },
];

function firstSignal(report: SimulationReport, onset: number): { name: string; index: number } | null {
  const signals = [
    ...report.alarms.map((a) => ({ name: DETECTOR_NAMES[a.detector] ?? a.detector, index: a.index })),
    ...report.alerts.filter((a) => a.rule === 'accuracy-drop' && a.change === 'raised').map((a) => ({ name: ALERT, index: a.index })),
  ].filter((s) => s.index >= onset);
  signals.sort((a, b) => a.index - b.index);
  return signals[0] ?? null;
}

/**
 * The questions of a run (`main`: the learner's run; `runs`: every run of a compare, main included,
 * for the policy questions). Three to five, in the loop's order.
 */
export function runQuestions(main: SimulationReport, runs: readonly QuestionRun[] = []): RunQuestion[] {
  const out: RunQuestion[] = [];
  const onset = driftOnset(main);
  const drift = main.ground_truth.find((e) => e.onset === onset);
  if (onset !== null && drift) {
    out.push({
      id: 'drift-onset',
      station: 'data',
      prompt: `At which request did the drift begin? (the stream had ${main.requests} requests)`,
      kind: 'number',
      choices: [],
      accepted: [onset],
      tolerance: main.window,
      evidence: `The scenario's ground truth: ${drift.kind} drift (${drift.shape}) from request ${onset}${drift.end !== null && drift.end !== onset ? ` to ${drift.end}` : ''}: ${drift.description} Within ${main.window} requests (one report window) counts as right.`,
    });
    const first = firstSignal(main, onset);
    const names = [...new Set([...main.alarms.map((a) => DETECTOR_NAMES[a.detector] ?? a.detector), 'ADWIN', 'DDM'])];
    const early = main.alarms.filter((a) => a.index < onset);
    out.push({
      id: 'first-signal',
      station: 'observe',
      prompt: 'Which signal noticed the drift first (at or after its start)?',
      kind: 'choice',
      choices: [...names, ALERT, NOTHING],
      accepted: [first?.name ?? NOTHING],
      tolerance: 0,
      evidence: first
        ? `${first.name} fired at request ${first.index}, ${first.index - onset} requests after the drift began.${early.length ? ` Before the drift, ${early.length} detector alarm(s) fired (${early.map((a) => `${DETECTOR_NAMES[a.detector] ?? a.detector} at ${a.index}`).join(', ')}): false alarms.` : ''}`
        : 'No detector alarm and no accuracy alert fired after the drift began.',
    });
  }
  const reject = main.decisions.find((d) => d.kind === 'reject');
  if (reject) {
    const match = REJECT_REASONS.find((r) => r.test.test(reject.reason));
    out.push({
      id: 'rejected',
      station: 'evaluate',
      prompt: `Why was ${reject.version ?? 'the candidate'} not deployed (request ${reject.index})?`,
      kind: 'choice',
      choices: REJECT_REASONS.map((r) => r.choice),
      accepted: [match?.choice ?? (REJECT_REASONS[0] as { choice: string }).choice],
      tolerance: 0,
      evidence: `The decision log: ${reject.reason}`,
    });
  } else {
    const promoted = main.promotions.filter((p) => p.index >= 0).length;
    out.push({
      id: 'promotions',
      station: 'deploy',
      prompt: 'How many versions were promoted to production after the first one?',
      kind: 'number',
      choices: [],
      accepted: [promoted],
      tolerance: 0,
      evidence: promoted ? `The deployment history: ${main.promotions.filter((p) => p.index >= 0).map((p) => `${p.version} at request ${p.index}`).join(', ')}.` : 'The deployment history has only the first version.',
    });
  }
  if (runs.length >= 2 && onset !== null) {
    const lost = runs.map((r) => ({ policy: r.policy, lost: lostCorrect(r.report), labels: r.report.versions.slice(1).reduce((n, v) => n + v.train_rows, 0) }));
    const fewest = Math.min(...lost.map((l) => l.lost));
    out.push({
      id: 'fewest-lost',
      station: 'feedback',
      prompt: 'Which policy lost the fewest correct answers after the drift began?',
      kind: 'choice',
      choices: lost.map((l) => l.policy),
      accepted: lost.filter((l) => l.lost === fewest).map((l) => l.policy),
      tolerance: 0,
      evidence: `Correct answers lost against the accuracy before the drift: ${lost.map((l) => `${l.policy} ${l.lost}`).join(', ')}.`,
    });
    const best = lost.find((l) => l.lost === fewest) as (typeof lost)[0];
    out.push({
      id: 'labels-used',
      station: 'train',
      prompt: `How many labelled rows did the retrains of ${best.policy} read?`,
      kind: 'number',
      choices: [],
      accepted: [best.labels],
      tolerance: 0,
      evidence: `Its versions after the first trained on ${best.labels} labelled rows in all (${lost.map((l) => `${l.policy} ${l.labels}`).join(', ')}): labels are the cost of retraining.`,
    });
  }
  return out;
}

/** Grades an answer (a choice's text, or a number as number or text). */
export function gradeQuestion(q: RunQuestion, answer: string | number): QuestionGrade {
  let correct: boolean;
  if (q.kind === 'number') {
    const n = typeof answer === 'number' ? answer : Number(String(answer).trim());
    correct = Number.isFinite(n) && q.accepted.some((a) => Math.abs(n - (a as number)) <= q.tolerance);
  } else correct = q.accepted.includes(String(answer));
  return { id: q.id, correct, expected: q.accepted.join(' or '), evidence: q.evidence };
}
