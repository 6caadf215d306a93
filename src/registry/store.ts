/**
 * The persistence contract of the registry. An adapter stores a version whole or not at all:
 * metadata and weights go in one atomic write, and a failed write leaves neither behind.
 */
import type { AliasMove, ReleaseRecord, StoredArtifacts, Version } from './types';

/** Test hooks to prove atomicity: called between writing the weights and writing the metadata. */
export interface StoreFaults {
  /** Throw from here to make the write fail halfway. */
  afterWeights?: (versionId: string) => void;
}

/** Where a registry keeps its versions, weights, deployment history and release records. */
export interface RegistryStore {
  /** "memory" or "indexeddb". */
  readonly kind: string;
  /** Writes metadata and weights atomically; rejects with `version-exists` if the id is taken. */
  putVersion(version: Version, artifacts: StoredArtifacts): Promise<void>;
  getArtifacts(id: string): Promise<StoredArtifacts | undefined>;
  /** Every version, by sequence number. */
  listVersions(): Promise<Version[]>;
  /** Appends one alias move (the history is append-only: there is no update or delete). */
  appendMove(move: AliasMove): Promise<void>;
  /** Every alias move, in order. */
  listMoves(): Promise<AliasMove[]>;
  appendRelease(record: ReleaseRecord): Promise<void>;
  /** Appends a promotion's alias move and its release record together: both or neither. */
  appendPromotion(move: AliasMove, record: ReleaseRecord): Promise<void>;
  listReleases(): Promise<ReleaseRecord[]>;
  /** Releases the connection (IndexedDB); the store is unusable afterwards. */
  close(): void;
}
