/**
 * Alert rules: "when <metric> <comparator> <threshold>, averaged over <window>, for at least
 * <for-duration>, raise a <severity> alert". Hysteresis and cooldown keep a noisy metric from making a
 * noisy pager:
 * - hysteresis h: a rule raised at `value > T` resolves only once `value <= T - h` (for `<`, once
 *   `value >= T + h`), so a value hovering at the threshold does not raise and resolve on every tick;
 * - cooldown c: after a resolve, the same rule (for the same scope) does not raise again for c ms of
 *   simulated time; a breach that is still there when the cooldown ends raises then.
 */
import { MonitoringInputError } from '../errors';

/** How a value is compared with the threshold. */
export type Comparator = '>' | '>=' | '<' | '<=';

/** Alert severities. */
export type Severity = 'info' | 'warning' | 'critical';

/** A rule. Times are simulated milliseconds. */
export interface AlertRule {
  /** Stable id (de-duplication key together with the scope). */
  id: string;
  /** Name of the metric value the rule reads (e.g. `error_rate`, `accuracy`, `latency_p95`). */
  metric: string;
  comparator: Comparator;
  threshold: number;
  /** The value judged is the mean of the metric's samples of the last `windowMs` (0: the latest sample). */
  windowMs: number;
  /** How long the condition must hold before the alert is raised (0: at once). */
  forMs: number;
  severity: Severity;
  /** Margin past the threshold needed to resolve (>= 0). */
  hysteresis: number;
  /** Quiet time after a resolve (>= 0). */
  cooldownMs: number;
  /** One sentence for the alert log. */
  description?: string;
}

const COMPARATORS: readonly Comparator[] = ['>', '>=', '<', '<='];
const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

/** Validates a rule (throws MonitoringInputError naming the bad field); fills defaults. */
export function checkRule(rule: Partial<AlertRule> & Pick<AlertRule, 'id' | 'metric' | 'comparator' | 'threshold'>): AlertRule {
  const r: AlertRule = { windowMs: 0, forMs: 0, severity: 'warning', hysteresis: 0, cooldownMs: 0, ...rule };
  const field = (name: string) => `rule ${String(r.id)}.${name}`;
  if (typeof r.id !== 'string' || r.id === '') throw new MonitoringInputError('rule.id', 'must be a non-empty string');
  if (typeof r.metric !== 'string' || r.metric === '') throw new MonitoringInputError(field('metric'), 'must be a non-empty string');
  if (!COMPARATORS.includes(r.comparator)) throw new MonitoringInputError(field('comparator'), `must be one of ${COMPARATORS.join(' ')}, got ${String(r.comparator)}`);
  if (!SEVERITIES.includes(r.severity)) throw new MonitoringInputError(field('severity'), `must be one of ${SEVERITIES.join(', ')}, got ${String(r.severity)}`);
  if (!Number.isFinite(r.threshold)) throw new MonitoringInputError(field('threshold'), `must be finite, got ${String(r.threshold)}`);
  for (const key of ['windowMs', 'forMs', 'hysteresis', 'cooldownMs'] as const) {
    if (!Number.isFinite(r[key]) || r[key] < 0) throw new MonitoringInputError(field(key), `must be a finite number >= 0, got ${String(r[key])}`);
  }
  return r;
}

/** Does `value` breach the rule's threshold? */
export function breaches(rule: AlertRule, value: number): boolean {
  switch (rule.comparator) {
    case '>':
      return value > rule.threshold;
    case '>=':
      return value >= rule.threshold;
    case '<':
      return value < rule.threshold;
    case '<=':
      return value <= rule.threshold;
  }
}

/** Is `value` back past the threshold by the hysteresis margin (so a raised alert may resolve)? */
export function clears(rule: AlertRule, value: number): boolean {
  const h = rule.hysteresis;
  switch (rule.comparator) {
    case '>':
      return value <= rule.threshold - h;
    case '>=':
      return value < rule.threshold - h;
    case '<':
      return value >= rule.threshold + h;
    case '<=':
      return value > rule.threshold + h;
  }
}
