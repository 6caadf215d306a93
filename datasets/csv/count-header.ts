/**
 * scikit-learn's count header. The CSV files shipped with scikit-learn (iris.csv, wine_data.csv,
 * breast_cancer.csv, ...) start with one line of counts instead of column names:
 *
 *   150,4,setosa,versicolor,virginica      <- rows, features, then the class names
 *   5.1,3.5,1.4,0.2,0                      <- features..., then the class as an index
 *
 * Read as an ordinary header, "150" and "4" become feature names and every row looks ragged or
 * wrongly named. This file recognises such a line: its first two values are whole numbers and the
 * next line has exactly `features + 1` values (the features and the target), all numbers or all names. The reader then skips
 * it, names the columns itself (`feature_1` ... and `target`, scikit-learn's name for the label) or
 * takes the names from a second header line when there is one, and the class names can be read
 * from it (an index k in the target column means the k-th name).
 */

/** What a count header says. */
export interface CountHeader {
  /** The 1-based line it is on. */
  line: number;
  /** The line as read (values joined by commas). */
  text: string;
  /** Rows it declares. */
  rows: number;
  /** Features it declares. */
  features: number;
  /** Class names it lists (may be empty: a regression file, or one without names). */
  classNames: string[];
}

const WHOLE = /^\d+$/;

/** Whether a first line could be a count header: two whole numbers (rows >= 1, features >= 1), then names. */
export function looksLikeCountHeader(values: readonly string[]): boolean {
  if (values.length < 2) return false;
  const [rows, features] = values as [string, string];
  if (!WHOLE.test(rows) || !WHOLE.test(features) || Number(rows) < 1 || Number(features) < 1) return false;
  // Names, then (as in scikit-learn's boston_house_prices.csv) only empty values.
  const names = values.slice(2);
  const end = names.findIndex((v) => v === '');
  return end < 0 || names.slice(end).every((v) => v === '');
}

/**
 * The count header a first line is, given the next line's values (its length must be features + 1),
 * or null when it is an ordinary header.
 */
export function countHeaderOf(first: readonly string[], line: number, next: readonly string[]): CountHeader | null {
  if (!looksLikeCountHeader(first)) return null;
  const features = Number(first[1]);
  if (next.length !== features + 1) return null;
  const classNames = first.slice(2).filter((v) => v !== '');
  return { line, text: first.join(',').replace(/,+$/, ''), rows: Number(first[0]), features, classNames };
}

/** The column names a count-header file gets when no line names them: feature_1 ... feature_n, target. */
export function countHeaderColumns(features: number): string[] {
  return [...Array.from({ length: features }, (_, j) => `feature_${j + 1}`), 'target'];
}

/** How the import used a count header. */
export type CountHeaderUse = 'classes' | 'skip';

/** One sentence for a learner: what the first line was and what the import did with it. */
export function explainCountHeader(header: CountHeader, use: CountHeaderUse, dataRows: number, named: boolean): string {
  const names = header.classNames.length ? `, classes ${header.classNames.join(', ')}` : '';
  const said = `Line ${header.line} ("${header.text.length > 80 ? `${header.text.slice(0, 77)}...` : header.text}") is a scikit-learn count header: ${header.rows} rows, ${header.features} features${names}.`;
  const did =
    use === 'classes' && header.classNames.length
      ? ' It was skipped, and the class names were read from it (class index k in the target column is its k-th name).'
      : ' It was skipped; the classes are the target column\'s own values.';
  const columns = named ? '' : ' The file has no column names, so the columns are called feature_1 ... and target.';
  const count = header.rows !== dataRows ? ` It declares ${header.rows} rows, but the file has ${dataRows}.` : '';
  return `${said}${did}${columns}${count}`;
}
