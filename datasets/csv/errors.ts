/**
 * CSV import errors: one error for the whole file, carrying up to `MAX_ISSUES` row-level issues, each
 * with the line (1-based, as an editor shows it), the column (by header name, when known) and why.
 */
import { DatasetError } from '../errors';

/** One problem in a CSV file. */
export interface CsvIssue {
  /** 1-based line in the file; null for a problem with the whole file. */
  line: number | null;
  /** Column name (from the header), or null. */
  column: string | null;
  reason: string;
}

/** Most issues an import reports (the count says how many there were in all). */
export const MAX_ISSUES = 200;

/** A CSV file that cannot be imported, and why. */
export class CsvImportError extends DatasetError {
  readonly issues: CsvIssue[];

  constructor(issues: CsvIssue[], total = issues.length) {
    const first = issues[0];
    const where = first ? [first.line !== null ? `line ${first.line}` : '', first.column !== null ? `column "${first.column}"` : ''].filter(Boolean).join(', ') : '';
    const more = total > 1 ? ` (and ${total - 1} more problem${total > 2 ? 's' : ''})` : '';
    super('invalid-csv', `${where ? `${where}: ` : ''}${first?.reason ?? 'the file cannot be read'}${more}`, { issues: issues.slice(0, MAX_ISSUES), total });
    this.name = 'CsvImportError';
    this.issues = issues.slice(0, MAX_ISSUES);
  }
}

/** Throws a CsvImportError about the whole file. */
export function fileError(reason: string): never {
  throw new CsvImportError([{ line: null, column: null, reason }]);
}
