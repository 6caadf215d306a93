/**
 * Errors the endpoint THROWS: only to the operator, for a bad configuration or a failed deploy.
 * Requests never throw; they get an ErrorResponse (protocol.ts).
 */
import { LabError } from '../errors';

/** A bad endpoint option or routing policy; names the field. */
export class EndpointConfigError extends LabError {
  constructor(field: string, reason: string) {
    super('invalid-endpoint-config', `${field}: ${reason}`, { field, reason });
    this.name = 'EndpointConfigError';
  }
}

/** Where a deploy, promotion or rollback stopped. */
export type DeployStage = 'schema' | 'load' | 'warm-up' | 'registry';

/**
 * A deploy, promotion or rollback that did not happen: what was live stays live and the history is
 * unchanged. `stage` says where it stopped: the version's schema differs from the endpoint's, its
 * weights did not load, its warm-up failed (an error or non-finite output at some bucket size), or
 * the registry refused the move.
 */
export class DeployError extends LabError {
  readonly stage: DeployStage | undefined;

  constructor(version: string, reason: string, stage?: DeployStage, cause?: unknown) {
    super('deploy-failed', `could not deploy ${version}: ${reason}`, { version, reason, ...(stage ? { stage } : {}), ...(cause instanceof LabError ? { cause: cause.toJSON() } : {}) });
    this.name = 'DeployError';
    this.stage = stage;
  }
}
