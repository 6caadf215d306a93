/**
 * The IndexedDB registry store (browser), through `idb`. Four object stores in one database:
 * `versions` (metadata, key = id), `weights` (TF.js artifacts with their ArrayBuffer, key = id),
 * `history` and `releases` (append-only, key = seq). A version's weights and metadata are written in
 * ONE readwrite transaction over `versions` + `weights`: if anything fails in between, the
 * transaction is aborted and IndexedDB rolls both back.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { RegistryError, StorageError } from './errors';
import type { RegistryStore, StoreFaults } from './store';
import type { AliasMove, ReleaseRecord, StoredArtifacts, Version } from './types';

interface RegistrySchemaDb extends DBSchema {
  versions: { key: string; value: Version };
  weights: { key: string; value: StoredArtifacts };
  history: { key: number; value: AliasMove };
  releases: { key: number; value: ReleaseRecord };
}

/** The database layout version (bump with an upgrade step when the stores change). */
export const REGISTRY_DB_VERSION = 1;

/** A RegistryStore in an IndexedDB database of the given name. */
export class IndexedDbStore implements RegistryStore {
  readonly kind = 'indexeddb';

  private constructor(
    private readonly db: IDBPDatabase<RegistrySchemaDb>,
    private readonly faults: StoreFaults,
  ) {}

  /** Opens (creating if needed) the registry database `name`. */
  static async open(name: string, faults: StoreFaults = {}): Promise<IndexedDbStore> {
    try {
      const db = await openDB<RegistrySchemaDb>(name, REGISTRY_DB_VERSION, {
        upgrade(database) {
          database.createObjectStore('versions', { keyPath: 'id' });
          database.createObjectStore('weights');
          database.createObjectStore('history', { keyPath: 'seq' });
          database.createObjectStore('releases', { keyPath: 'seq' });
        },
      });
      return new IndexedDbStore(db, faults);
    } catch (error) {
      throw new StorageError(`could not open the registry database "${name}": ${String(error)}`, { database: name });
    }
  }

  async putVersion(version: Version, artifacts: StoredArtifacts): Promise<void> {
    const tx = this.db.transaction(['versions', 'weights'], 'readwrite');
    const done = tx.done.catch((error: unknown) => error);
    let failure: unknown = null;
    try {
      if ((await tx.objectStore('versions').getKey(version.id)) !== undefined) {
        failure = new RegistryError('version-exists', `version ${version.id} already exists; it is never overwritten`, { version: version.id });
      } else {
        await tx.objectStore('weights').add(artifacts, version.id);
        this.faults.afterWeights?.(version.id);
        await tx.objectStore('versions').add(version);
      }
    } catch (error) {
      failure = error;
    }
    if (failure !== null) {
      try {
        tx.abort();
      } catch {
        // already finished or aborted: nothing was committed
      }
      await done;
      if (failure instanceof RegistryError) throw failure;
      throw new StorageError(`storing ${version.id} failed; nothing was written`, { version: version.id, cause: String(failure) });
    }
    const result = await done;
    if (result !== undefined) throw new StorageError(`storing ${version.id} failed; nothing was written`, { version: version.id, cause: String(result) });
  }

  async getArtifacts(id: string): Promise<StoredArtifacts | undefined> {
    return this.db.get('weights', id);
  }

  async listVersions(): Promise<Version[]> {
    return (await this.db.getAll('versions')).sort((a, b) => a.seq - b.seq);
  }

  async appendMove(move: AliasMove): Promise<void> {
    await this.write(() => this.db.add('history', move), `alias move ${move.seq}`);
  }

  async listMoves(): Promise<AliasMove[]> {
    return this.db.getAll('history');
  }

  async appendRelease(record: ReleaseRecord): Promise<void> {
    await this.write(() => this.db.add('releases', record), `release record ${record.seq}`);
  }

  async appendPromotion(move: AliasMove, record: ReleaseRecord): Promise<void> {
    await this.write(async () => {
      const tx = this.db.transaction(['history', 'releases'], 'readwrite');
      await Promise.all([tx.objectStore('history').add(move), tx.objectStore('releases').add(record), tx.done]);
    }, `promotion (alias move ${move.seq} and release record ${record.seq})`);
  }

  async listReleases(): Promise<ReleaseRecord[]> {
    return this.db.getAll('releases');
  }

  close(): void {
    this.db.close();
  }

  private async write(op: () => Promise<unknown>, what: string): Promise<void> {
    try {
      await op();
    } catch (error) {
      throw new StorageError(`storing ${what} failed: ${String(error)}`);
    }
  }
}
