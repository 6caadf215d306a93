/**
 * When the policy retrains: the one home of the trigger logic. It hears the signals (a detector's
 * drift on production's error stream, the accuracy alert raised or still raised, a learner's request,
 * the schedule) and, once per tick, says whether a retrain starts now and why — after the policy's
 * cooldown, and never while a trial runs (a learner's request excepted).
 *
 *   off        never (a learner's request still retrains)
 *   manual     only on a learner's request
 *   on-alert   on `trigger.detector`'s drift (source detector or either) or the accuracy-drop alert
 *              (source alert or either), then again each cooldown while that alert stays raised
 *   schedule   every `everySeconds` of simulated time
 */
import type { DriftSignal } from '../../monitoring/index';
import type { Trigger } from '../../registry/index';
import type { Policy } from './policy';

/** The alert rule an on-alert policy retrains on. */
export const RETRAIN_ALERT = 'accuracy-drop';

/** The reason a learner's request carries. */
export const LEARNER_ASKED = 'learner asked';

/** A retrain to start now. */
export interface RetrainDue {
  trigger: Trigger;
  reason: string;
}

/** The trigger of the lab's policy; see the file comment. */
export class RetrainTrigger {
  private wanted: string | null = null;
  private lastRetrainT = -Infinity;
  private lastScheduleT = 0;

  constructor(private readonly policy: () => Policy) {}

  /** A detector signal on production's error stream (`muted`: a drill muted the trigger). */
  onDetector(signal: DriftSignal, muted: boolean): void {
    const trig = this.policy().trigger;
    if (signal.kind !== 'drift' || muted) return;
    if (trig.kind === 'on-alert' && trig.source !== 'alert' && signal.detector === trig.detector) this.wanted ??= `${signal.detector} flagged drift on ${signal.version}'s error stream`;
  }

  /** An alert was raised (rule id, metric and its value at the raise). */
  onAlertRaised(ruleId: string, metric: string, value: number): void {
    const trig = this.policy().trigger;
    if (trig.kind === 'on-alert' && trig.source !== 'detector' && ruleId === RETRAIN_ALERT) this.wanted ??= `alert ${ruleId} raised (${metric} ${value.toFixed(3)})`;
  }

  /** The alerts still raised after a tick: while the retrain alert stays raised, ask again (the cooldown paces it). */
  onAlertsActive(ruleIds: readonly string[]): void {
    const trig = this.policy().trigger;
    if (trig.kind === 'on-alert' && trig.source !== 'detector' && ruleIds.includes(RETRAIN_ALERT)) this.wanted ??= `${RETRAIN_ALERT} alert still raised`;
  }

  /** A learner asked for a retrain (works under any policy). */
  request(reason = LEARNER_ASKED): void {
    this.wanted = reason;
  }

  /** The policy changed at simulated time `t`: the schedule counts from now. */
  policyChanged(t: number): void {
    this.lastScheduleT = t;
  }

  /** Whether a retrain starts at simulated time `t` (consumes the pending wish; records the retrain time). */
  due(t: number, trialRunning: boolean): RetrainDue | null {
    const trig = this.policy().trigger;
    let reason: string | null = null;
    let trigger: Trigger = 'manual';
    if (trig.kind === 'schedule' && t - this.lastScheduleT >= trig.everySeconds) {
      this.lastScheduleT = t;
      reason = `scheduled retrain (every ${trig.everySeconds} s)`;
      trigger = 'schedule';
    }
    if (this.wanted) {
      const manual = this.wanted === LEARNER_ASKED || trig.kind === 'manual' || trig.kind === 'off';
      if (manual && trig.kind !== 'on-alert' && trig.kind !== 'schedule') trigger = 'manual';
      else if (trig.kind === 'on-alert') trigger = 'alert';
      reason = this.wanted;
      if (trig.kind === 'off' && this.wanted !== LEARNER_ASKED) reason = null;
      this.wanted = null;
    }
    if (!reason) return null;
    const cooldown = trig.kind === 'on-alert' || trig.kind === 'schedule' ? trig.cooldownSeconds : 0;
    if (trigger !== 'manual' && t - this.lastRetrainT < cooldown) return null;
    if (trialRunning && trigger !== 'manual') return null;
    this.lastRetrainT = t;
    return { trigger, reason };
  }
}
