/**
 * The CSV reader: reads a file in slices (`readCsvInSlices`: progress between slices, a cancel is
 * seen at the next pause), keeps the parsed table, and imports it with the learner's choices
 * (`importTableInSlices`) as often as they change. The same class runs in the CSV worker
 * (csv-worker.ts) and, where no worker can start, in the page (csv-client.ts), where the slices
 * give the event loop its turn so the page never freezes. No DOM.
 */
import { CSV_DRIFT_KINDS, CsvImportError, CsvReadCancelled, DEFAULT_CSV_LIMITS, featureRelevanceSteps, importTableInSlices, readCsvInSlices, runStepsInSlices, suggestDrift, type CsvDrift, type CsvDriftKind, type CsvProgress, type CsvTable, type ImportedDataset } from '../../datasets/csv/index';
import { DatasetError } from '../../datasets/errors';
import type { CsvReadChoices, CsvReaderCommand, CsvReaderEvent, CsvReadInput, CsvReadOutcome } from './csv-protocol';

/** Sends an event (with the buffers it may transfer). */
export type CsvReaderPost = (event: CsvReaderEvent, transfer: Transferable[]) => void;

const seconds = (ms: number): number => Math.round(ms) / 1000;

/** A refusal as an outcome; anything but a DatasetError is rethrown. */
function refusal(error: unknown, facts: CsvReadOutcome['facts'], name: string, time: CsvReadOutcome['seconds']): CsvReadOutcome {
  if (error instanceof CsvImportError) {
    const total = (error.details?.total as number | undefined) ?? error.issues.length;
    return { facts, encoded: null, name, issues: error.issues, total, refused: true, message: error.message, notes: [], suggestions: {}, seconds: time };
  }
  if (error instanceof DatasetError) return { facts, encoded: null, name, issues: [], total: 0, refused: true, message: error.message, notes: [], suggestions: {}, seconds: time };
  throw error;
}

/** Reads and imports CSV files on behalf of a page. */
export class CsvReaderHost {
  private table: CsvTable | null = null;
  private running: { id: number; controller: AbortController } | null = null;

  constructor(private readonly post: CsvReaderPost) {}

  /** Handles one command; resolves when it has answered. */
  async handle(command: CsvReaderCommand): Promise<void> {
    if (command.type === 'cancel') {
      if (this.running?.id === command.id) this.running.controller.abort();
      return;
    }
    this.running?.controller.abort();
    const controller = new AbortController();
    const run = { id: command.id, controller };
    this.running = run;
    const onProgress = (progress: CsvProgress) => this.post({ type: 'progress', id: command.id, progress }, []);
    try {
      const outcome = command.type === 'read' ? await this.read(command.file, command.name, command.choices, controller.signal, onProgress) : await this.reimport(command.name, command.choices, controller.signal, onProgress);
      const transfer = outcome.encoded ? [outcome.encoded.features.buffer, outcome.encoded.labels.buffer] : [];
      this.post({ type: 'done', id: command.id, outcome }, transfer as Transferable[]);
    } catch (error) {
      if (error instanceof CsvReadCancelled) this.post({ type: 'cancelled', id: command.id }, []);
      else this.post({ type: 'failed', id: command.id, message: error instanceof Error ? error.message : String(error) }, []);
    } finally {
      if (this.running === run) this.running = null;
    }
  }

  private async read(file: CsvReadInput, name: string, choices: CsvReadChoices, signal: AbortSignal, onProgress: (p: CsvProgress) => void): Promise<CsvReadOutcome> {
    this.table = null;
    const t0 = performance.now();
    let table: CsvTable;
    try {
      // Rows the reader cannot use are set aside, not refused: the import lists them with every other problem.
      const input = typeof Blob !== 'undefined' && file instanceof Blob ? new Uint8Array(await file.arrayBuffer()) : (file as Exclude<CsvReadInput, Blob>);
      table = await readCsvInSlices(input, DEFAULT_CSV_LIMITS, { skipBadRows: true }, { signal, onProgress });
    } catch (error) {
      if (error instanceof CsvReadCancelled) throw error;
      return refusal(error, null, name, { read: seconds(performance.now() - t0), check: 0 });
    }
    this.table = table;
    return this.importTable(table, name, choices, signal, onProgress, seconds(performance.now() - t0));
  }

  private reimport(name: string, choices: CsvReadChoices, signal: AbortSignal, onProgress: (p: CsvProgress) => void): Promise<CsvReadOutcome> {
    if (!this.table) throw new Error('no file has been read: read one before importing it again');
    return this.importTable(this.table, name, choices, signal, onProgress, 0);
  }

  /** The default drift of each kind that applies (the features' relevance worked out once, in slices). */
  private async suggest(data: ImportedDataset, signal: AbortSignal): Promise<Partial<Record<CsvDriftKind, CsvDrift>>> {
    const relevance = await runStepsInSlices(featureRelevanceSteps(data), 'check', data.source.rows, { signal });
    const out: Partial<Record<CsvDriftKind, CsvDrift>> = {};
    for (const kind of CSV_DRIFT_KINDS) {
      try {
        out[kind] = suggestDrift(data, kind, relevance);
      } catch (error) {
        if (!(error instanceof DatasetError)) throw error;
      }
    }
    return out;
  }

  private async importTable(table: CsvTable, name: string, choices: CsvReadChoices, signal: AbortSignal, onProgress: (p: CsvProgress) => void, read: number): Promise<CsvReadOutcome> {
    const facts = { header: table.header, ...(table.countHeader ? { countHeader: table.countHeader } : {}) };
    const t0 = performance.now();
    try {
      const options = { name, ...(choices.label !== undefined ? { label: choices.label } : {}), ignore: choices.ignore, countHeader: choices.countHeader, skipBadRows: choices.skipBadRows };
      const data = await importTableInSlices(table, options, { signal, onProgress });
      const suggestions = await this.suggest(data, signal);
      const skipped = data.table.skipped;
      return { facts, encoded: data.table, name, issues: skipped.issues, total: skipped.total, refused: false, message: null, notes: data.table.notes, suggestions, seconds: { read, check: seconds(performance.now() - t0) } };
    } catch (error) {
      if (error instanceof CsvReadCancelled) throw error;
      return refusal(error, facts, name, { read, check: seconds(performance.now() - t0) });
    }
  }
}
