/** Typed errors of the closed loop: a bad policy, and a command the lab cannot run in its state. */
import { LabError } from '../../errors';

/** A retraining policy (trigger, data window, gate, rollout) is malformed. */
export class PolicyError extends LabError {
  constructor(field: string, reason: string) {
    super('invalid-policy', `${field}: ${reason}`, { field, reason });
    this.name = 'PolicyError';
  }
}

/** A lab command is malformed or not possible now (e.g. promote with no candidate). */
export class LabCommandError extends LabError {
  constructor(command: string, reason: string, details: Record<string, unknown> = {}) {
    super('invalid-lab-command', `${command}: ${reason}`, { command, reason, ...details });
    this.name = 'LabCommandError';
  }
}
