/**
 * Where the page keeps the latest lab session: one record in an IndexedDB database (through `idb`),
 * read when the page starts and replaced after each state-changing event. When IndexedDB is missing,
 * throws on open, stays blocked by another tab, or refuses a write (over quota, private mode), the
 * storage falls back to this page's memory and says why in `problem`: the lab keeps working, and the
 * page shows the notice. The record is any structured-clone-safe value (the session file object);
 * this adapter does not look inside it.
 */
import { openDB, type IDBPDatabase } from 'idb';

/** The database the lab page uses by default. */
export const SESSION_DB_NAME = 'mlops-lab-session';
/** The database layout version. */
export const SESSION_DB_VERSION = 1;
const STORE = 'sessions';
const KEY = 'latest';
/** How long an open may stay blocked by another tab before the storage gives up on IndexedDB. */
export const OPEN_TIMEOUT_MS = 3000;

/** Options of `SessionStorage.open`. */
export interface SessionStorageOptions {
  /** The database name (default SESSION_DB_NAME). */
  name?: string;
  /** Milliseconds an open may stay blocked (default OPEN_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** Why an IndexedDB failure happened, in plain words. */
function explain(error: unknown): string {
  const name = error instanceof Error || (typeof DOMException !== 'undefined' && error instanceof DOMException) ? (error as Error).name : '';
  if (name === 'QuotaExceededError') return 'the browser refused to store more (storage quota exceeded)';
  const message = error instanceof Error ? error.message : String(error);
  return `IndexedDB failed (${name ? `${name}: ` : ''}${message})`;
}

/** The latest session: in IndexedDB when it works, else in memory (`mode` and `problem` say which and why). */
export class SessionStorage<T> {
  private memory: T | null = null;

  private constructor(
    private db: IDBPDatabase | null,
    /** Why the storage is in memory (null while IndexedDB works). */
    public problem: string | null,
  ) {}

  /** 'indexeddb' while the database works, 'memory' once it could not be opened or refused a write. */
  get mode(): 'indexeddb' | 'memory' {
    return this.db ? 'indexeddb' : 'memory';
  }

  /** Opens the storage; never rejects (an unusable IndexedDB gives a memory storage with its `problem`). */
  static async open<T>(options: SessionStorageOptions = {}): Promise<SessionStorage<T>> {
    if (typeof indexedDB === 'undefined' || !indexedDB) return new SessionStorage<T>(null, 'this browser has no IndexedDB');
    const name = options.name ?? SESSION_DB_NAME;
    const timeoutMs = options.timeoutMs ?? OPEN_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let opening: Promise<IDBPDatabase> | null = null;
    try {
      opening = openDB(name, SESSION_DB_VERSION, {
        upgrade(database) {
          if (!database.objectStoreNames.contains(STORE)) database.createObjectStore(STORE);
        },
        blocked() {
          // Another tab holds an older version open; the timeout below decides.
        },
      });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the database stayed blocked for ${timeoutMs} ms (another tab may hold it open)`)), timeoutMs);
      });
      const db = await Promise.race([opening, timeout]);
      return new SessionStorage<T>(db, null);
    } catch (error) {
      // A late open (after the timeout) is closed at once.
      void opening?.then(
        (db) => db.close(),
        () => undefined,
      );
      return new SessionStorage<T>(null, explain(error));
    } finally {
      clearTimeout(timer);
    }
  }

  /** The saved session, or null (none, or unreadable: then `problem` says why and memory is used). */
  async load(): Promise<T | null> {
    if (!this.db) return this.memory;
    try {
      return ((await this.db.get(STORE, KEY)) as T | undefined) ?? null;
    } catch (error) {
      this.fallBack(error);
      return this.memory;
    }
  }

  /** Replaces the saved session. Resolves true when it reached IndexedDB, false when it is kept in memory only. */
  async save(session: T): Promise<boolean> {
    if (!this.db) {
      this.memory = session;
      return false;
    }
    try {
      await this.db.put(STORE, session, KEY);
      // Saved where it belongs: no second copy (every version's weights) stays in the page's memory.
      this.memory = null;
      return true;
    } catch (error) {
      this.memory = session;
      this.fallBack(error);
      return false;
    }
  }

  /** Forgets the saved session (IndexedDB and memory). */
  async clear(): Promise<void> {
    this.memory = null;
    if (!this.db) return;
    try {
      await this.db.delete(STORE, KEY);
    } catch (error) {
      this.fallBack(error);
    }
  }

  /** Closes the database connection (the storage keeps working in memory). */
  close(): void {
    this.db?.close();
    this.db = null;
  }

  private fallBack(error: unknown): void {
    this.problem = explain(error);
    this.db?.close();
    this.db = null;
  }
}

