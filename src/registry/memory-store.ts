/**
 * The in-memory registry store (Node, tests, and a browser without IndexedDB). Writes are staged and
 * committed together, so an injected failure between weights and metadata leaves nothing behind.
 */
import { RegistryError, StorageError } from './errors';
import type { RegistryStore, StoreFaults } from './store';
import type { AliasMove, ReleaseRecord, StoredArtifacts, Version } from './types';

/** A RegistryStore that lives in this realm's memory (a structured clone of everything it is given). */
export class MemoryStore implements RegistryStore {
  readonly kind = 'memory';
  private readonly versions = new Map<string, Version>();
  private readonly weights = new Map<string, StoredArtifacts>();
  private readonly moves: AliasMove[] = [];
  private readonly releases: ReleaseRecord[] = [];

  constructor(private readonly faults: StoreFaults = {}) {}

  async putVersion(version: Version, artifacts: StoredArtifacts): Promise<void> {
    if (this.versions.has(version.id) || this.weights.has(version.id)) throw new RegistryError('version-exists', `version ${version.id} already exists; it is never overwritten`, { version: version.id });
    const staged = structuredClone(artifacts);
    try {
      this.faults.afterWeights?.(version.id);
    } catch (error) {
      throw new StorageError(`storing ${version.id} failed; nothing was written`, { version: version.id, cause: String(error) });
    }
    this.weights.set(version.id, staged);
    this.versions.set(version.id, structuredClone(version));
  }

  async getArtifacts(id: string): Promise<StoredArtifacts | undefined> {
    const a = this.weights.get(id);
    return a && structuredClone(a);
  }

  async listVersions(): Promise<Version[]> {
    return [...this.versions.values()].sort((a, b) => a.seq - b.seq).map((v) => structuredClone(v));
  }

  async appendMove(move: AliasMove): Promise<void> {
    this.moves.push(structuredClone(move));
  }

  async listMoves(): Promise<AliasMove[]> {
    return structuredClone(this.moves);
  }

  async appendRelease(record: ReleaseRecord): Promise<void> {
    this.releases.push(structuredClone(record));
  }

  async appendPromotion(move: AliasMove, record: ReleaseRecord): Promise<void> {
    const staged = [structuredClone(move), structuredClone(record)] as const;
    this.moves.push(staged[0]);
    this.releases.push(staged[1]);
  }

  async listReleases(): Promise<ReleaseRecord[]> {
    return structuredClone(this.releases);
  }

  close(): void {}
}
