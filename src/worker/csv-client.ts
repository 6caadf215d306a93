/**
 * The page side of the CSV reader: `read` and `reimport` as promises with progress callbacks, and
 * `cancel`. The reader runs in a dedicated module Worker, so a 50,000-row file never freezes the
 * page. Where the worker cannot start (no Worker, a page that loaded this script from another origin:
 * the constructor throws a SecurityError; a Content-Security-Policy without `worker-src`: the
 * worker fails to load) the same reader runs in the page, in slices that give the event loop its turn
 * every 30 ms, and `place`/`why` say so. A command running when the worker fails is sent again to the
 * in-page reader (a new import after reading the file again, since the table stayed in the worker).
 */
import type { CsvProgress } from '../../datasets/csv/index';
import { CsvReaderHost } from './csv-host';
import type { CsvReadChoices, CsvReaderCommand, CsvReaderEvent, CsvReadInput, CsvReadOutcome } from './csv-protocol';

/** Moves messages between the client and a reader. */
interface CsvTransport {
  send(command: CsvReaderCommand): void;
  close(): void;
}

/** Where the reader runs. */
export type CsvReaderPlace = 'worker' | 'page';

type Pending = { command: Exclude<CsvReaderCommand, { type: 'cancel' }>; resolve: (outcome: CsvReadOutcome | null) => void; reject: (error: Error) => void; onProgress?: ((progress: CsvProgress) => void) | undefined };

/** A reader in this realm: commands handled by a CsvReaderHost, events delivered asynchronously. */
function inPageTransport(onEvent: (event: CsvReaderEvent) => void): CsvTransport {
  let open = true;
  const host = new CsvReaderHost((event) => queueMicrotask(() => open && onEvent(event)));
  return {
    send: (command) => void host.handle(command),
    close: () => {
      open = false;
    },
  };
}

/** A reader in a dedicated module Worker; throws when the browser refuses to construct it. */
function workerTransport(onEvent: (event: CsvReaderEvent) => void, onFatal: (why: string) => void): CsvTransport {
  const worker = new Worker(new URL('./csv-worker.ts', import.meta.url), { type: 'module', name: 'mlops-csv' });
  worker.addEventListener('message', (e: MessageEvent<CsvReaderEvent>) => onEvent(e.data));
  worker.addEventListener('error', (e: ErrorEvent) => {
    e.preventDefault();
    onFatal(`the CSV worker failed (${e.message || 'it could not start'})`);
  });
  worker.addEventListener('messageerror', () => onFatal('the CSV worker sent a message that could not be read'));
  return { send: (command) => worker.postMessage(command), close: () => worker.terminate() };
}

/** Reads CSV files off the page's main thread (or, failing that, in slices in the page). */
export class CsvReaderClient {
  private transport: CsvTransport;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The file read last, kept to read it again in the page if the worker fails. */
  private lastFile: { file: CsvReadInput } | null = null;
  private where: CsvReaderPlace;
  private reason: string;
  /** The reader has not the table read last (it was in the worker that failed): read the file again. */
  private tableLost = false;

  /** `page`: read in the page from the start (no worker is started). */
  constructor(mode: 'auto' | 'page' = 'auto') {
    const onEvent = (event: CsvReaderEvent) => this.onEvent(event);
    if (mode === 'page' || typeof Worker === 'undefined') {
      this.transport = inPageTransport(onEvent);
      this.where = 'page';
      this.reason = mode === 'page' ? 'the element was asked to read in the page' : 'this browser has no Web Workers';
      return;
    }
    try {
      this.transport = workerTransport(onEvent, (why) => this.fallBack(why));
      this.where = 'worker';
      this.reason = 'in a dedicated Web Worker';
    } catch (error) {
      this.transport = inPageTransport(onEvent);
      this.where = 'page';
      this.reason = `the browser refused to start the CSV worker (${(error instanceof Error ? error.message : String(error)).replace(/\.$/, '')})`;
    }
  }

  /** Where the reader runs now. */
  get place(): CsvReaderPlace {
    return this.where;
  }

  /** Why it runs there, in words. */
  get why(): string {
    return this.reason;
  }

  /** Reads `file` and imports it with `choices`; resolves null when cancelled (or replaced by a newer command). */
  read(file: CsvReadInput, name: string, choices: CsvReadChoices, onProgress?: (progress: CsvProgress) => void): Promise<CsvReadOutcome | null> {
    this.lastFile = { file };
    this.tableLost = false;
    return this.request({ type: 'read', id: this.nextId++, file, name, choices }, onProgress);
  }

  /** Imports the file read last again with other choices; resolves null when cancelled. */
  reimport(name: string, choices: CsvReadChoices, onProgress?: (progress: CsvProgress) => void): Promise<CsvReadOutcome | null> {
    if (this.tableLost && this.lastFile) return this.read(this.lastFile.file, name, choices, onProgress);
    return this.request({ type: 'import', id: this.nextId++, name, choices }, onProgress);
  }

  /** Whether a read or import is running. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** Cancels what is running: its promise resolves null at the reader's next pause. */
  cancel(): void {
    for (const id of this.pending.keys()) this.transport.send({ type: 'cancel', id });
  }

  /** Stops the reader; pending promises resolve null. */
  dispose(): void {
    this.transport.close();
    for (const p of this.pending.values()) p.resolve(null);
    this.pending.clear();
    this.lastFile = null;
  }

  private request(command: Pending['command'], onProgress?: (progress: CsvProgress) => void): Promise<CsvReadOutcome | null> {
    // A newer command replaces the running one (the reader cancels it too).
    for (const p of this.pending.values()) p.resolve(null);
    this.pending.clear();
    return new Promise((resolve, reject) => {
      this.pending.set(command.id, { command, resolve, reject, onProgress });
      this.transport.send(command);
    });
  }

  private onEvent(event: CsvReaderEvent): void {
    const waiter = this.pending.get(event.id);
    if (!waiter) return;
    if (event.type === 'progress') return waiter.onProgress?.(event.progress);
    this.pending.delete(event.id);
    if (event.type === 'done') waiter.resolve(event.outcome);
    else if (event.type === 'cancelled') waiter.resolve(null);
    else waiter.reject(new Error(event.message));
  }

  /** The worker failed: go on in the page, sending what was running again. */
  private fallBack(why: string): void {
    if (this.where === 'page') return;
    this.transport.close();
    this.transport = inPageTransport((event) => this.onEvent(event));
    this.where = 'page';
    this.reason = why;
    this.tableLost = true;
    for (const p of this.pending.values()) {
      this.tableLost = false;
      if (p.command.type === 'read' || !this.lastFile) this.transport.send(p.command);
      else this.transport.send({ type: 'read', id: p.command.id, file: this.lastFile.file, name: p.command.name, choices: p.command.choices });
    }
  }
}
