/**
 * Reading and importing a CSV file in slices: the same reader (`csvRowReader`) and the same schema
 * inference (`inferAndEncodeSteps`) as `readCsv` and `importTable`, but the work stops every
 * `sliceMs` milliseconds, reports its progress, waits for `pause()` (by default a macrotask: the
 * event loop runs, a page repaints and takes clicks, a worker reads its messages) and checks the
 * abort signal. The result, and every error, are exactly those of the one-go functions.
 *
 * The parser is paused between two rows (papaparse's `pause`/`resume`): it goes on with the rest of
 * the text, whose positions it counts from 0, so the reader adds where the rest begins. Papaparse's
 * fast mode (for text without quotes) is off: it splits all the text left into lines each time it
 * starts, which would make every resume cost as much as the whole file; the rows are the same.
 */
import Papa from 'papaparse';
import { DatasetError } from '../errors';
import { importedDataset, type ImportedDataset } from './imported';
import { inferAndEncodeSteps } from './infer';
import { fileError } from './errors';
import { checkBytes, csvRowReader, DEFAULT_CSV_LIMITS, NOT_UTF8, type CsvLimits, type CsvTable, type ReadOptions } from './read';
import type { ImportOptions } from './index';

/** Where a read in slices is. */
export interface CsvProgress {
  /** `read`: parsing the text into rows; `check`: the schema inference and encoding. */
  phase: 'read' | 'check';
  /** Data rows read so far (in `check`: every row of the file). */
  rows: number;
  /** Share of the phase done, 0 to 1 (read: of the text's characters). */
  done: number;
}

/** How to slice the work. */
export interface SliceOptions {
  /** Called between slices (and once at the end of each phase). */
  onProgress?: (progress: CsvProgress) => void;
  /** Stops the work at the next pause with a CsvReadCancelled. */
  signal?: AbortSignal;
  /** Longest stretch of work between two pauses, in ms (default 30). */
  sliceMs?: number;
  /** Rows read between two looks at the clock (default 128; 1 with `sliceMs: 0` pauses after every row). */
  everyRows?: number;
  /** What a pause waits for (default: a new macrotask, `yieldToEventLoop`). */
  pause?: () => Promise<void>;
}

/** A read or import stopped by its abort signal. */
export class CsvReadCancelled extends Error {
  constructor(message = 'the read was cancelled') {
    super(message);
    this.name = 'CsvReadCancelled';
  }
}

/** Default longest slice of work, in ms: well under the 50 ms that makes a long task. */
export const DEFAULT_SLICE_MS = 30;

/**
 * Resolves in a new macrotask: a MessageChannel message where there is one (no 4 ms clamp as for
 * nested `setTimeout`s), else `setTimeout(0)`. Pending input and rendering get their turn first.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel === 'undefined') {
      setTimeout(resolve, 0);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

const now = (): number => performance.now();

function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CsvReadCancelled();
}

/**
 * Runs `steps` (a generator that yields the share of its work done, 0 to 1) to its end, pausing
 * every `sliceMs` and reporting progress as `phase` with `rows`; returns what it returns.
 */
export async function runStepsInSlices<T>(steps: Generator<number, T, void>, phase: CsvProgress['phase'], rows: number, slices: SliceOptions = {}): Promise<T> {
  checkSignal(slices.signal);
  const sliceMs = slices.sliceMs ?? DEFAULT_SLICE_MS;
  const pause = slices.pause ?? yieldToEventLoop;
  let sliceStart = now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (now() - sliceStart < sliceMs) continue;
    slices.onProgress?.({ phase, rows, done: next.value });
    await pause();
    checkSignal(slices.signal);
    sliceStart = now();
  }
}

/** Bytes decoded between two pauses. */
const DECODE_BYTES = 1 << 20;

/** UTF-8 bytes as text, a megabyte at a time (checked as `readCsv` checks them, with the same errors). */
async function decodeInSlices(input: Uint8Array | ArrayBuffer, limits: CsvLimits, slices: SliceOptions): Promise<string> {
  const bytes = checkBytes(input, limits);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const pause = slices.pause ?? yieldToEventLoop;
  const parts: string[] = [];
  try {
    for (let at = 0; at < bytes.byteLength; at += DECODE_BYTES) {
      const end = Math.min(at + DECODE_BYTES, bytes.byteLength);
      parts.push(decoder.decode(bytes.subarray(at, end), { stream: end < bytes.byteLength }));
      if (end < bytes.byteLength) {
        await pause();
        checkSignal(slices.signal);
      }
    }
    parts.push(decoder.decode());
  } catch (error) {
    if (error instanceof CsvReadCancelled) throw error;
    fileError(NOT_UTF8);
  }
  return parts.join('');
}

/** `readCsv` in slices: the same table, or the same CsvImportError, after pauses between rows. */
export async function readCsvInSlices(input: string | Uint8Array | ArrayBuffer, limits: CsvLimits = DEFAULT_CSV_LIMITS, options: ReadOptions = {}, slices: SliceOptions = {}): Promise<CsvTable> {
  checkSignal(slices.signal);
  if (typeof input !== 'string' && (input instanceof Uint8Array || input instanceof ArrayBuffer) && input.byteLength > DECODE_BYTES) input = await decodeInSlices(input, limits, slices);
  const reader = csvRowReader(input, limits, options);
  const text = reader.text;
  const sliceMs = slices.sliceMs ?? DEFAULT_SLICE_MS;
  const pause = slices.pause ?? yieldToEventLoop;
  const report = (done: number) => slices.onProgress?.({ phase: 'read', rows: reader.rows, done });
  let base = 0;
  let sliceStart = now();
  const everyRows = Math.max(1, Math.floor(slices.everyRows ?? 128));
  let count = 0;
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    Papa.parse<string[]>(text, {
      skipEmptyLines: 'greedy',
      // Fast mode splits all the text left into lines at every start, so at every resume: not in slices.
      fastMode: false,
      step(result, parser) {
        const end = base + result.meta.cursor;
        try {
          reader.step(result, end, parser);
        } catch (error) {
          parser.abort();
          fail(error);
          return;
        }
        if (reader.stopped || ++count % everyRows !== 0 || now() - sliceStart < sliceMs) return;
        // The parser goes on from `end` after the pause, counting positions from there.
        base = end;
        parser.pause();
        report(end / text.length);
        pause().then(
          () => {
            if (slices.signal?.aborted) return fail(new CsvReadCancelled());
            sliceStart = now();
            parser.resume();
          },
          (error: unknown) => fail(error),
        );
      },
      complete: () => {
        if (settled) return;
        settled = true;
        resolve();
      },
    });
  });
  report(1);
  return reader.finish();
}

/** `importTable` in slices: the same dataset, or the same error, after pauses between columns and rows. */
export async function importTableInSlices(table: CsvTable, options: Omit<ImportOptions, 'limits'> = {}, slices: SliceOptions = {}): Promise<ImportedDataset> {
  const name = options.name ?? 'imported';
  if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(name)) throw new DatasetError('invalid-csv', `name: must be 1 to 60 lower-case letters, digits or "-", got ${JSON.stringify(name)}`, { field: 'name' });
  const encoded = await runStepsInSlices(inferAndEncodeSteps(table, options), 'check', table.rows.length, slices);
  slices.onProgress?.({ phase: 'check', rows: table.rows.length, done: 1 });
  return importedDataset(encoded, name);
}

/** `importCsv` in slices: read, then import, with one progress stream. */
export async function importCsvInSlices(input: string | Uint8Array | ArrayBuffer, options: ImportOptions = {}, slices: SliceOptions = {}): Promise<ImportedDataset> {
  const name = options.name ?? 'imported';
  if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(name)) throw new DatasetError('invalid-csv', `name: must be 1 to 60 lower-case letters, digits or "-", got ${JSON.stringify(name)}`, { field: 'name' });
  const table = await readCsvInSlices(input, { ...DEFAULT_CSV_LIMITS, ...options.limits }, { skipBadRows: options.skipBadRows === true }, slices);
  const { limits: _limits, ...rest } = options;
  return importTableInSlices(table, rest, slices);
}
