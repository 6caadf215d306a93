/** Typed errors of recorded runs: a bad recording file, and a command a recorded run cannot run. */
import { LabError } from '../../errors';

/** A recording file is too big, not JSON, of another format or version, or malformed (the field is named). */
export class RecordingError extends LabError {
  constructor(reason: string, details: Record<string, unknown> = {}) {
    super('invalid-recording', `This recorded run cannot be read: ${reason}`, { reason, ...details });
    this.name = 'RecordingError';
  }
}

/** A command that needs a live Lab (train, serve, retrain...) sent to a recorded run. */
export class RecordedRunError extends LabError {
  constructor(command: string) {
    super('recorded-run', `This is a recorded run: ${command} is not available.`, { command });
    this.name = 'RecordedRunError';
  }
}
