/**
 * `<mlops-csv>`'s reading, as a Lit ReactiveController: the CSV reader client (a Web Worker, or the
 * page in slices where none starts), started on the first file and stopped when the element leaves
 * the page; which read is current (an answer to an older one is dropped); the work in progress, for
 * the element's `updateComplete`; and the progress of the current read.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DEFAULT_SLICE_MS, type CsvProgress } from '../../datasets/csv/index';
import { CsvReaderClient, type CsvReaderPlace } from '../../src/worker/csv-client';
import type { CsvReadChoices, CsvReadInput, CsvReadOutcome } from '../../src/worker/csv-protocol';

/** How a read ended: its outcome, cancelled, replaced by a newer one (or the element left), or failed. */
export type CsvReadEnd = { kind: 'done'; outcome: CsvReadOutcome; place: CsvReaderPlace; placeNote: string } | { kind: 'cancelled' } | { kind: 'stale' } | { kind: 'failed'; message: string };

/** Reads files for an element; one read is current at a time. */
export class CsvReading implements ReactiveController {
  /** The current read's last progress (null between reads). */
  progress: CsvProgress | null = null;
  private client: CsvReaderClient | null = null;
  /** Whether `client` holds the table of the file read last (else a new import reads the file again). */
  private hasTable = false;
  private pending: Promise<unknown> | null = null;
  private seq = 0;

  /** `mode()`: where to read (the element's `reader`). */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly mode: () => 'auto' | 'page',
  ) {
    host.addController(this);
  }

  /** Where the reader runs, or null before the first file. */
  get place(): CsvReaderPlace | null {
    return this.client?.place ?? null;
  }

  /** Whether a new import can use the table the reader kept (no second read of the file). */
  get keepsTable(): boolean {
    return this.client !== null && this.hasTable;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.seq++;
    this.client?.dispose();
    this.client = null;
    this.hasTable = false;
    this.progress = null;
  }

  /** Stops the current read at the reader's next pause. */
  cancel(): void {
    this.client?.cancel();
  }

  /** Forgets the table kept (a new file is coming). */
  forgetTable(): void {
    this.hasTable = false;
  }

  /** Resolves when no read is in progress. */
  async settled(): Promise<void> {
    while (this.pending) {
      const pending = this.pending;
      await pending.catch(() => undefined);
      if (this.pending === pending) this.pending = null;
    }
  }

  /**
   * Reads `input` with `choices`, or (`again`, when the reader kept the table) imports the table
   * again; `onProgress` hears the current read's progress and where it runs.
   */
  run(input: CsvReadInput, name: string, choices: CsvReadChoices, again: boolean, onProgress: (progress: CsvProgress, place: CsvReaderPlace) => void): Promise<CsvReadEnd> {
    const work = this.start(input, name, choices, again, onProgress);
    this.pending = work;
    return work;
  }

  private async start(input: CsvReadInput, name: string, choices: CsvReadChoices, again: boolean, onProgress: (progress: CsvProgress, place: CsvReaderPlace) => void): Promise<CsvReadEnd> {
    const seq = ++this.seq;
    this.client ??= new CsvReaderClient(this.mode() === 'page' ? 'page' : 'auto');
    const client = this.client;
    this.progress = null;
    const progress = (p: CsvProgress) => {
      if (seq !== this.seq) return;
      this.progress = p;
      onProgress(p, client.place);
    };
    let outcome: CsvReadOutcome | null;
    try {
      outcome = again && this.hasTable ? await client.reimport(name, choices, progress) : await client.read(input, name, choices, progress);
    } catch (error) {
      if (seq !== this.seq) return { kind: 'stale' };
      this.progress = null;
      return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
    if (seq !== this.seq) return { kind: 'stale' };
    this.progress = null;
    if (outcome === null) return { kind: 'cancelled' };
    this.hasTable = outcome.facts !== null;
    const placeNote = client.place === 'page' ? ` Read in the page, in slices of at most ${DEFAULT_SLICE_MS} ms: ${client.why}.` : '';
    return { kind: 'done', outcome, place: client.place, placeNote };
  }
}
