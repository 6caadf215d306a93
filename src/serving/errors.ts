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

/** A deploy or rollback that did not happen; what was live stays live. */
export class DeployError extends LabError {
  constructor(version: string, reason: string) {
    super('deploy-failed', `could not deploy ${version}: ${reason}`, { version, reason });
    this.name = 'DeployError';
  }
}
