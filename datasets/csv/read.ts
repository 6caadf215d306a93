/**
 * Reading a CSV file into header + rows of trimmed strings, with the line each row starts on.
 * Parsing is papaparse's (quotes, embedded newlines, delimiter detection). Before parsing, the input
 * is checked: size limit, binary content (NUL bytes, invalid UTF-8, control characters), emptiness.
 * The row limit stops the parser as soon as it is passed, so a huge file costs little.
 */
import Papa from 'papaparse';
import { countHeaderColumns, countHeaderOf, looksLikeCountHeader, type CountHeader } from './count-header';
import { CsvImportError, fileError, MAX_ISSUES, type CsvIssue } from './errors';

/** Limits of an import. */
export interface CsvLimits {
  /** Largest input, in bytes (strings: UTF-16 code units). Default 50 MB (50,000 rows of 50 values of up to 19 characters). */
  maxBytes: number;
  /** Most data rows. Default 200 000. */
  maxRows: number;
  /** Most columns. Default 1000. */
  maxColumns: number;
}

/** The default limits: generous for a browser tab, small enough to stay responsive. */
export const DEFAULT_CSV_LIMITS: CsvLimits = { maxBytes: 50 * 1024 * 1024, maxRows: 200_000, maxColumns: 1000 };

/** A parsed table: the header and the data rows (values trimmed), with each row's first line. */
export interface CsvTable {
  header: string[];
  rows: string[][];
  lines: number[];
  /** A scikit-learn count header the file started with (skipped; see count-header.ts). */
  countHeader?: CountHeader;
  /** Whether a line named the columns (false: a count-header file without names, the reader named them). */
  named?: boolean;
  /** With `skipBadRows`: the rows left out (ragged, or the parser's complaints), line by line, and how many in all. */
  rejected?: { issues: CsvIssue[]; total: number };
}

/** Options of the reader. */
export interface ReadOptions {
  /** Leave out the rows that cannot be read (listed in `rejected`) instead of refusing the file. */
  skipBadRows?: boolean;
}

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Share of control characters (other than tab, CR, LF) above which text is taken for binary. */
const CONTROL_SHARE = 0.01;

/** Why bytes that are not UTF-8 are refused. */
export const NOT_UTF8 = 'this is not UTF-8 text (a binary file, or another encoding: save it as UTF-8 CSV)';

/** Checks bytes before they are decoded: the size limit, NUL bytes (binary). */
export function checkBytes(input: Uint8Array | ArrayBuffer, limits: CsvLimits): Uint8Array {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteLength > limits.maxBytes) fileError(`the file is too large (${bytes.byteLength} bytes; the limit is ${limits.maxBytes})`);
  if (bytes.subarray(0, 8192).includes(0)) fileError('this looks like a binary file (it contains NUL bytes), not CSV text');
  return bytes;
}

/** Turns the input into text, refusing binary content. */
function toText(input: string | Uint8Array | ArrayBuffer, limits: CsvLimits): string {
  if (typeof input === 'string') {
    if (input.length > limits.maxBytes) fileError(`the file is too large (${input.length} characters; the limit is ${limits.maxBytes})`);
    return input;
  }
  const bytes = checkBytes(input, limits);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fileError(NOT_UTF8);
  }
}

/** Refuses text that is binary in disguise. */
function checkText(text: string): string {
  const head = text.slice(0, 8192);
  if (head.includes('\u0000')) fileError('this looks like a binary file (it contains NUL characters), not CSV text');
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  if (head.length > 0 && control / head.length > CONTROL_SHARE) fileError(`this looks like a binary file (${control} control or undecodable characters in the first ${head.length}), not CSV text`);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') fileError('the file is empty');
  return body;
}

/** Parses CSV text or bytes into a table, or throws a CsvImportError with line-level issues. */
export function readCsv(input: string | Uint8Array | ArrayBuffer, limits: CsvLimits = DEFAULT_CSV_LIMITS, options: ReadOptions = {}): CsvTable {
  const reader = csvRowReader(input, limits, options);
  Papa.parse<string[]>(reader.text, { skipEmptyLines: 'greedy', step: (result, parser) => reader.step(result, result.meta.cursor, parser) });
  return reader.finish();
}

/**
 * The reader of one input, row by row: `readCsv` feeds it every row of one parse; a reader in
 * slices (sliced.ts) pauses the parser between rows and resumes it later, so the same rows arrive
 * in several runs of the parser. Either way the table (or the CsvImportError) is the same.
 */
export interface CsvRowReader {
  /** The checked text (binary refused, BOM dropped). */
  readonly text: string;
  /** Data rows kept so far. */
  readonly rows: number;
  /** Whether the reader stopped the parser (a limit was passed). */
  readonly stopped: boolean;
  /** One parsed row; `end` is the text position just after it (Papa's `meta.cursor` in the whole text). */
  step(result: Papa.ParseStepResult<string[]>, end: number, parser: Papa.Parser): void;
  /** The table once every row was read, or the CsvImportError. */
  finish(): CsvTable;
}

/** A row reader over `input` (checks the input first: size, binary, emptiness). */
export function csvRowReader(input: string | Uint8Array | ArrayBuffer, limits: CsvLimits = DEFAULT_CSV_LIMITS, options: ReadOptions = {}): CsvRowReader {
  if (typeof input !== 'string' && !(input instanceof Uint8Array) && !(input instanceof ArrayBuffer)) fileError('expected the file as text or bytes');
  const text = checkText(toText(input, limits));
  const rows: string[][] = [];
  const lines: number[] = [];
  const issues: CsvIssue[] = [];
  let total = 0;
  let header: string[] | null = null;
  let first: { values: string[]; line: number } | null = null;
  let countHeader: CountHeader | undefined;
  let named = true;
  const rejected: CsvIssue[] = [];
  let rejectedTotal = 0;
  let line = 1;
  let prev = 0;
  let tooMany = false;
  let stopped = false;
  const issue = (i: CsvIssue) => {
    total++;
    if (issues.length < MAX_ISSUES) issues.push(i);
  };
  const stop = (parser: Papa.Parser) => {
    stopped = true;
    parser.abort();
  };
  const step = (result: Papa.ParseStepResult<string[]>, end: number, parser: Papa.Parser): void => {
    // The row starts after any blank lines that follow the previous row.
    let pos = prev;
    while (pos < text.length && (text[pos] === '\n' || text[pos] === '\r')) {
      if (text[pos] === '\n') line++;
      pos++;
    }
    const rowLine = line;
    for (let i = pos; i < end; i++) if (text.charCodeAt(i) === 10) line++;
    prev = end;
    const values = (result.data as string[]).map((v) => v.trim());
    const skip = options.skipBadRows === true && header !== null;
    const rowIssue = (i: CsvIssue) => {
      if (!skip) return issue(i);
      rejectedTotal++;
      if (rejected.length < MAX_ISSUES) rejected.push(i);
    };
    // An undetectable delimiter only means one column (papaparse then uses a comma): not an error.
    const parseErrors = result.errors.filter((e) => e.code !== 'UndetectableDelimiter');
    for (const e of parseErrors) rowIssue({ line: rowLine, column: null, reason: `${e.message.replace(/\.$/, '')} (${e.code})` });
    if (!header) {
      if (!first && looksLikeCountHeader(values)) {
        // Decided on the next line: a count header only when that line has features + 1 values.
        first = { values, line: rowLine };
        return;
      }
      if (first) {
        // After a count header come the data (all numbers) or a line of names (no numbers at all).
        const numbers = values.filter((v) => PLAIN_NUMBER.test(v)).length;
        countHeader = numbers === 0 || numbers === values.length ? (countHeaderOf(first.values, first.line, values) ?? undefined) : undefined;
        if (countHeader && numbers === 0) {
          header = values;
          if (values.length > limits.maxColumns) {
            issue({ line: rowLine, column: null, reason: `${values.length} columns; the limit is ${limits.maxColumns}` });
            stop(parser);
          }
          return;
        }
        header = countHeader ? countHeaderColumns(countHeader.features) : first.values;
        named = !countHeader;
        if (header.length > limits.maxColumns) {
          issue({ line: first.line, column: null, reason: `${header.length} columns; the limit is ${limits.maxColumns}` });
          stop(parser);
          return;
        }
      } else {
        header = values;
        if (values.length > limits.maxColumns) {
          issue({ line: rowLine, column: null, reason: `${values.length} columns; the limit is ${limits.maxColumns}` });
          stop(parser);
        }
        return;
      }
    }
    if (rows.length >= limits.maxRows) {
      tooMany = true;
      stop(parser);
      return;
    }
    if (values.length !== header.length) {
      rowIssue({ line: rowLine, column: null, reason: `this row has ${values.length} value${values.length === 1 ? '' : 's'}, the header has ${header.length}` });
      if (skip) return;
    }
    if (skip && parseErrors.length) return;
    rows.push(values);
    lines.push(rowLine);
  };
  const finish = (): CsvTable => {
    if (tooMany) fileError(`the file has more than ${limits.maxRows} data rows (the limit); import a sample of it`);
    if (total > 0) throw new CsvImportError(issues, total);
    // A lone first line that looked like a count header is the header after all.
    const lone = first as { values: string[] } | null;
    if (!header && lone) header = lone.values;
    if (!header) fileError('the file is empty');
    if (rows.length === 0) fileError(rejectedTotal ? `no row of the file could be read (${rejectedTotal} left out; the first: line ${rejected[0]?.line}: ${rejected[0]?.reason})` : 'the file has a header but no data rows');
    return { header, rows, lines, named, ...(countHeader ? { countHeader } : {}), ...(options.skipBadRows ? { rejected: { issues: rejected, total: rejectedTotal } } : {}) };
  };
  return {
    text,
    get rows() {
      return rows.length;
    },
    get stopped() {
      return stopped;
    },
    step,
    finish,
  };
}
