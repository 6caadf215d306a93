/**
 * Keeps the lab's latest session saved: after each state-changing Lab event (a new version, an alias
 * move) it waits a quiet moment (debounced), asks the Lab for the session and writes it to the
 * page's SessionStorage (IndexedDB, else memory). No ML here: the Lab builds the session file.
 */
import { SessionStorage } from '../../src/registry/session-idb';
import type { LabEvent } from '../../src/loop/engine/events';
import type { SessionFile } from '../../src/loop/persistence/session';
import type { LabClient } from '../../src/worker/lab-client-core';

/** Quiet time after the last state-changing event before the session is saved. */
export const SAVE_DEBOUNCE_MS = 1000;

/** Whether a Lab event changes what a session holds (versions, aliases, history, releases). */
export function changesSession(event: LabEvent): boolean {
  return event.type === 'version' || event.type === 'alias';
}

/** Saves a Lab's session (debounced) and reads the saved one back. */
export class SessionKeeper {
  private storage: SessionStorage<SessionFile> | null = null;
  private readonly opening: Promise<SessionStorage<SessionFile>>;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private saving: Promise<unknown> = Promise.resolve();
  private readonly debounceMs: number;

  /** Opens the storage at once (never fails: the storage falls back to memory); `onChange` is called when its mode or problem changes. */
  constructor(
    private readonly onChange: () => void,
    options: { name?: string; debounceMs?: number } = {},
  ) {
    this.debounceMs = options.debounceMs ?? SAVE_DEBOUNCE_MS;
    this.opening = SessionStorage.open<SessionFile>(options.name ? { name: options.name } : {}).then((s) => {
      this.storage = s;
      this.onChange();
      return s;
    });
  }

  /** 'indexeddb', 'memory', or null while still opening. */
  get mode(): 'indexeddb' | 'memory' | null {
    return this.storage?.mode ?? null;
  }

  /** Why the session is kept in memory only (null while IndexedDB works). */
  get problem(): string | null {
    return this.storage?.problem ?? null;
  }

  /** The storage, once open. */
  ready(): Promise<SessionStorage<SessionFile>> {
    return this.opening;
  }

  /** The saved session, or null. */
  async load(): Promise<SessionFile | null> {
    return (await this.opening).load();
  }

  /** Saves `lab`'s session after SAVE_DEBOUNCE_MS of quiet. */
  schedule(lab: LabClient): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.saveNow(lab);
    }, this.debounceMs);
  }

  /** Saves `lab`'s session now (after any save in progress). Resolves true when it reached IndexedDB. */
  saveNow(lab: LabClient): Promise<boolean> {
    const run = this.saving.then(async () => {
      const storage = await this.opening;
      const before = storage.problem;
      let file: SessionFile;
      try {
        file = await lab.exportSession();
      } catch {
        return false; // no lab yet, or it was closed: nothing to save
      }
      const stored = await storage.save(file);
      if (storage.problem !== before) this.onChange();
      return stored;
    });
    this.saving = run.catch(() => undefined);
    return run;
  }

  /** Forgets the saved session (and any save still waiting). */
  async clear(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.saving;
    await (await this.opening).clear();
  }

  /** Stops saving and closes the storage. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.opening.then((s) => s.close());
  }
}
