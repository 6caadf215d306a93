/**
 * The lab's default alert rules, judged on production's open monitoring window (times in simulated
 * ms). `accuracy_drop` is the lab's own metric: how far production's accuracy on its last 200 labels
 * is below its own live baseline (its first 200 labels in production), beyond sampling noise
 * (alerting.ts), so one rule fits every version.
 * `latency_p95` is the simulated latency (deterministic), not the one the health view measures.
 */
import type { AlertRule } from '../../monitoring/index';

/** Default rules: quality, errors, latency and the label backlog. */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  { id: 'accuracy-drop', metric: 'accuracy_drop', comparator: '>', threshold: 0.05, windowMs: 0, forMs: 0, severity: 'critical', hysteresis: 0.025, cooldownMs: 60_000, description: 'Production\'s accuracy on its last 200 labelled answers is more than 5 points below its own live baseline (its first 200 labelled answers in production), beyond sampling noise (two standard errors).' },
  { id: 'error-rate', metric: 'error_rate', comparator: '>', threshold: 0.05, windowMs: 10_000, forMs: 0, severity: 'critical', hysteresis: 0.02, cooldownMs: 60_000, description: 'More than 5% of requests get an error.' },
  { id: 'latency-p95', metric: 'latency_p95', comparator: '>', threshold: 50, windowMs: 10_000, forMs: 10_000, severity: 'warning', hysteresis: 5, cooldownMs: 60_000, description: 'Simulated p95 latency (a version\'s cost from its trainable parameters, with seeded jitter, so every machine gives the same run) above 50 ms for 10 s.' },
  { id: 'label-backlog', metric: 'label_backlog', comparator: '>', threshold: 2000, windowMs: 0, forMs: 30_000, severity: 'warning', hysteresis: 200, cooldownMs: 300_000, description: 'More than 2000 answers wait for their label.' },
];
