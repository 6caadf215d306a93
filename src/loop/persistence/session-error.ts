/** The typed error of a refused session file (import or a saved session that no longer reads). */
import { LabError } from '../../errors';

/** The largest session file read (bytes of text): room for many small versions. Here, not in session.ts, so a page can check a file's size without loading the engine. */
export const MAX_SESSION_BYTES = 64 * 1024 * 1024;

/** Which check refused a session file. */
export type SessionFailure = 'too-large' | 'not-json' | 'bad-format' | 'bad-version' | 'bad-config' | 'bad-model' | 'bad-history' | 'bad-release' | 'mismatch';

/** A session file was refused; nothing was changed. `reason` says which check failed, `field` where. */
export class SessionError extends LabError {
  readonly reason: SessionFailure;

  constructor(reason: SessionFailure, message: string, details: Record<string, unknown> = {}) {
    super('invalid-session', message, { reason, ...details });
    this.name = 'SessionError';
    this.reason = reason;
  }
}
