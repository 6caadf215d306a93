/**
 * The messages between a page and its CSV reader (`CsvReaderHost`, in a dedicated Worker or in the
 * page): read a file, import the read table again with other choices, cancel. The reader keeps the
 * parsed table (every value as text) on its side; only the encoded result crosses (typed arrays,
 * transferred), with the problems by line, column and reason.
 */
import type { CountHeader, CountHeaderUse, CsvDrift, CsvDriftKind, CsvIssue, CsvProgress, EncodedTable } from '../../datasets/csv/index';

/** The learner's choices for an import. */
export interface CsvReadChoices {
  /** The label column (undefined: inferred). */
  label?: string;
  /** Columns left out. */
  ignore: string[];
  countHeader: CountHeaderUse;
  skipBadRows: boolean;
}

/** What the reader reads: text, UTF-8 bytes, or a Blob (a picked or dropped File crosses to the worker without a copy). */
export type CsvReadInput = string | Uint8Array | ArrayBuffer | Blob;

/** A command to the reader. Every command has its own id; a read or import cancels the one running. */
export type CsvReaderCommand =
  /** Reads `file` (text, UTF-8 bytes, or a Blob/File: read by the reader itself), then imports it with `choices` as the dataset `name`. */
  | { type: 'read'; id: number; file: CsvReadInput; name: string; choices: CsvReadChoices }
  /** Imports the table read last again with other choices. */
  | { type: 'import'; id: number; name: string; choices: CsvReadChoices }
  /** Stops command `id` at its next pause (it then answers `cancelled`). */
  | { type: 'cancel'; id: number };

/** What a read or import came to: the dataset's encoded table, or the refusal with its problems. */
export interface CsvReadOutcome {
  /** The header and count header of the table read (null: the file could not be read at all). */
  facts: { header: string[]; countHeader?: CountHeader } | null;
  /** The encoded table (null when the import failed). */
  encoded: EncodedTable | null;
  /** The dataset's name. */
  name: string;
  /** Problems by line, column and reason: the refusal's, or the rows left out. */
  issues: CsvIssue[];
  /** How many problems in all (more than listed when the list is capped). */
  total: number;
  /** Whether the problems refused the file. */
  refused: boolean;
  /** The refusal in one sentence, or null. */
  message: string | null;
  /** What the import did that the learner should know. */
  notes: string[];
  /** The default drift of each kind that applies to the data (`suggestDrift`, worked out by the reader). */
  suggestions: Partial<Record<CsvDriftKind, CsvDrift>>;
  /** Seconds of reading (0 for a new import of a table read before) and of checking. */
  seconds: { read: number; check: number };
}

/** An event from the reader. */
export type CsvReaderEvent =
  | { type: 'progress'; id: number; progress: CsvProgress }
  | { type: 'done'; id: number; outcome: CsvReadOutcome }
  | { type: 'cancelled'; id: number }
  /** Something other than a bad file went wrong (a bug, or no table to import again). */
  | { type: 'failed'; id: number; message: string };
