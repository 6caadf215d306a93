/**
 * The words and rules of `<mlops-traffic>`: the request counters with what each means, a routing
 * policy built from the form (validated by the endpoint's own rules), the policy in plain words,
 * and why a split is not possible right now. Pure: no DOM, no Lab.
 */
import type { LabSnapshot } from '../../src/loop/engine/snapshot';
import { validatePolicy, type RoutingPolicy } from '../../src/serving/router';

/** The routing modes, in the order the form offers them. */
export const ROUTING_MODES: readonly RoutingPolicy['mode'][] = ['production', 'canary', 'shadow', 'ab'];

/** A mode's name on its radio button. */
export const MODE_LABELS: Readonly<Record<RoutingPolicy['mode'], string>> = {
  production: 'All to production',
  canary: 'Canary',
  shadow: 'Shadow',
  ab: 'A/B test',
};

/** One counter of the stream: its value and what it counts. */
export interface CounterRow {
  key: keyof LabSnapshot['totals'];
  label: string;
  value: number;
  meaning: string;
}

const COUNTERS: readonly Omit<CounterRow, 'value'>[] = [
  { key: 'requests', label: 'Requests', meaning: 'Requests users sent to the endpoint.' },
  { key: 'answered', label: 'Answered', meaning: 'Requests that got a prediction back.' },
  { key: 'errors', label: 'Errors', meaning: 'Requests that got an error instead (a bad field, a broken deploy).' },
  { key: 'labels', label: 'Labels', meaning: 'True answers that arrived later and were joined to their prediction.' },
  { key: 'labelsDropped', label: 'Labels dropped', meaning: 'True answers that arrived but could not be used (lost, or too late to join).' },
];

/** The stream's counters from a snapshot's totals (zeros before the first snapshot). */
export function counterRows(totals: LabSnapshot['totals'] | null): CounterRow[] {
  return COUNTERS.map((c) => ({ ...c, value: totals ? totals[c.key] : 0 }));
}

/** What the routing form holds. */
export interface RoutingForm {
  mode: RoutingPolicy['mode'];
  /** Canary: percent of requests to the candidate, 0 to 100. */
  percent: number;
  /** A/B: relative weights of production and candidate (non-negative, positive sum). */
  production: number;
  candidate: number;
}

/** The form a fresh view starts with. */
export const DEFAULT_FORM: RoutingForm = { mode: 'production', percent: 10, production: 50, candidate: 50 };

/** The policy the form describes; throws the endpoint's EndpointConfigError naming the bad field. */
export function routingFromForm(form: RoutingForm): RoutingPolicy {
  switch (form.mode) {
    case 'canary':
      return validatePolicy({ mode: 'canary', percent: form.percent });
    case 'ab':
      return validatePolicy({ mode: 'ab', weights: { production: form.production, candidate: form.candidate } });
    default:
      return validatePolicy({ mode: form.mode });
  }
}

/** Rounds a share in [0, 1] to a percentage with at most one decimal. */
function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

/** The policy in one plain sentence. */
export function routingText(policy: RoutingPolicy): string {
  switch (policy.mode) {
    case 'production':
      return 'Every request is answered by the production version.';
    case 'canary':
      return `${pct(policy.percent / 100)} of requests are answered by the candidate, the rest by production.`;
    case 'shadow':
      return 'Production answers every request; the shadow version gets a copy whose answer is logged and compared, never returned.';
    case 'ab': {
      const sum = policy.weights.production + policy.weights.candidate;
      const c = sum > 0 ? policy.weights.candidate / sum : 0;
      return `A/B test: ${pct(1 - c)} of requests to production, ${pct(c)} to the candidate.`;
    }
  }
}

/**
 * Why `mode` cannot be set now, in plain words; null when it can. Canary and A/B need a candidate
 * to send traffic to; shadow needs a shadow or a candidate to copy requests to.
 */
export function blockedReason(mode: RoutingPolicy['mode'], deployed: LabSnapshot['deployed'] | null): string | null {
  if (mode === 'production') return null;
  if (!deployed) return 'The lab is not running yet.';
  if (mode === 'shadow') return deployed.shadow || deployed.candidate ? null : 'There is no candidate or shadow version to copy requests to. Retrain to make one first.';
  return deployed.candidate ? null : 'There is no candidate version to send traffic to. Retrain to make one first; a candidate is deployed beside production during a canary or shadow rollout.';
}

/** What an automatic rollout is doing, in words (null when none runs). */
export function rolloutText(rollout: LabSnapshot['rollout'] | null): string | null {
  if (!rollout || rollout.phase === 'idle') return null;
  if (rollout.phase === 'canary') return `An automatic canary of ${rollout.candidate} is running at ${rollout.percent}% (step ${rollout.step + 1}); the rollout sets the split itself as it goes.`;
  return `An automatic shadow trial of ${rollout.candidate} is running; the rollout decides when it ends.`;
}

/** Play speeds offered, in simulated seconds per real second (the stream sends about 10 requests per simulated second). */
export const TRAFFIC_SPEEDS: readonly number[] = [5, 10, 20, 40, 80];

/** Simulated seconds one press of Step advances. */
export const TRAFFIC_STEP_SECONDS = 25;
