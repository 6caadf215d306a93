/** The status line of `<mlops-registry>` in words: what it is doing, what failed, or what the last command did. */
import type { LabError, SerializedLabError } from '../../src/errors';

/** A command of the registry view. */
export type RegistryAction = 'promote' | 'rollback' | 'retrain' | 'export' | 'import';

/** What the status line reads. */
export interface RegistryStatus {
  state: 'waiting' | 'idle' | 'busy' | 'error';
  /** The command running (null: none). */
  busy: RegistryAction | null;
  /** The last command's failure. */
  failure: SerializedLabError | null;
  /** The Lab's own failure. */
  labError: LabError | null;
  /** What the last command did, in words (null: nothing to say). */
  note: string | null;
  versions: number;
  production: string | null;
}

/** The status line. */
export function registryStatusText({ state, busy, failure, labError, note, versions, production }: RegistryStatus): string {
  return state === 'busy'
    ? busy === 'promote'
      ? 'Promoting…'
      : busy === 'retrain'
        ? 'Training a new version on the latest labelled requests…'
        : busy === 'export'
          ? 'Exporting the version…'
          : busy === 'import'
            ? 'Checking the file before anything is registered…'
            : 'Rolling back…'
    : failure
      ? `That did not work: ${failure.message}`
      : labError
        ? `The lab failed: ${labError.message}`
        : state === 'waiting'
          ? 'Waiting for the lab (training its first version)…'
          : (note ?? `${versions} version${versions === 1 ? '' : 's'}; production is ${production ?? 'empty'}.`);
}
