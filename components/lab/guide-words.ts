/**
 * The guide's plain words: who did a thing (the guided run, a policy, the learner, the lab, a drill),
 * what an alert measured (no rule ids, no raw metric names), which detector spoke, and what kind of
 * change the scenario makes (drift of three kinds, a sensor, or an incident that is not drift). Pure.
 */
import type { AlertRecord } from '../../src/monitoring/alerts/engine';

/** A detector's name as a learner reads it (engine kinds are lower case). */
export function detectorName(kind: string): string {
  const names: Record<string, string> = { adwin: 'ADWIN', ddm: 'DDM', eddm: 'EDDM', 'page-hinkley': 'Page-Hinkley', kswin: 'KSWIN', 'hddm-a': 'HDDM_A' };
  return names[kind] ?? kind.toUpperCase();
}

/**
 * Who an engine actor is, in words: `learner` is "you" (or `starter`, e.g. "the guided run", when
 * the run itself did it), `policy:<name>` "the <name> policy", `lab` "the lab", `release-bot` "the
 * release bot (a drill)".
 */
export function actorWords(actor: string, starter: string | null = null): string {
  if (actor === 'learner') return starter ?? 'you';
  if (actor.startsWith('policy:')) return `the ${actor.slice('policy:'.length)} policy`;
  // The lab's own first version: the guided run (when one started it) or the lab.
  if (actor === 'lab') return starter ?? 'the lab';
  if (actor === 'drill') return 'the drill';
  if (actor === 'release-bot') return 'the release bot (a drill)';
  return actor;
}

/** Who a version's trigger names, in words (`starter` for the run's own first version). */
export function triggerWords(trigger: string, policy: string | null, starter: string | null = null): string {
  switch (trigger) {
    case 'manual':
      return starter ?? 'you';
    case 'alert':
    case 'on-alert':
    case 'schedule':
      return policy ? `the ${policy} policy` : `the ${trigger} trigger`;
    case 'drill':
      return 'a drill';
    case 'trainer':
      return 'you (in the trainer)';
    default:
      return trigger;
  }
}

const points = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)} points`;
const share = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** What an alert measured, in one plain clause (no rule id, no metric name). */
export function alertWords(a: Pick<AlertRecord, 'metric' | 'valueAtRaise' | 'threshold'>): string {
  const v = a.valueAtRaise;
  switch (a.metric) {
    case 'accuracy_drop':
      return `production's accuracy on its latest labelled answers fell ${points(v)} below its own baseline (the alert fires past ${points(a.threshold)})`;
    case 'error_rate':
      return `${share(v)} of requests got an error answer (the alert fires above ${share(a.threshold)})`;
    case 'latency_p95':
      return `the slowest 5% of answers took ${v.toFixed(1)} ms or more (the alert fires above ${a.threshold} ms)`;
    case 'label_backlog':
      return `${count(v)} answers are waiting for their true label (the alert fires above ${count(a.threshold)})`;
    default:
      return `${a.metric.replace(/_/g, ' ')} reached ${Math.round(v * 1000) / 1000} (the alert fires past ${a.threshold})`;
  }
}

/** How the guide opens the story of a scenario's change of kind `kind` (its description follows). */
export function changeWords(kind: string): string {
  switch (kind) {
    case 'concept':
      return 'The world changes (concept drift: the same inputs now mean other labels)';
    case 'covariate':
      return 'The world changes (covariate drift: the inputs move)';
    case 'prior':
      return 'The world changes (prior drift: the mix of classes changes)';
    case 'sensor':
      return 'A sensor degrades (the inputs get noisier, like drift the model never saw)';
    case 'unit-change':
      return 'Incident, not drift: a feature changes its unit';
    case 'missing-field':
      return 'Incident, not drift: a field goes missing';
    case 'out-of-range':
      return 'Incident, not drift: impossible values arrive';
    case 'label-stall':
      return 'Incident, not drift: the true labels stop arriving, so accuracy cannot be measured until they return';
    default:
      return `A change begins (${kind.replace(/-/g, ' ')})`;
  }
}
