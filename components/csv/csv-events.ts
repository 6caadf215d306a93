/**
 * The events of `<mlops-csv>`: a file was imported (or refused), and the learner asked to run the
 * loop on it. The lab page (`<mlops-lab>`) runs the loop on `mlops-csv-run` and sets `handled`.
 */
import { MlopsEvent } from '../shared/events';
import type { CsvRunConfig } from './csv-state';

/** A file was read: its name, and what came of it. */
export interface CsvLoadDetail {
  fileName: string;
  /** Rows imported (0 when refused). */
  rows: number;
  features: number;
  classes: string[];
  /** Problems found (rows left out, or the refusal's). */
  problems: number;
  refused: boolean;
}

/** A CSV file was read and imported, or refused. */
export class MlopsCsvLoadEvent extends MlopsEvent<CsvLoadDetail> {
  static readonly eventName = 'mlops-csv-load';
  constructor(detail: CsvLoadDetail) {
    super(MlopsCsvLoadEvent.eventName, detail);
  }
}

/** How far a read is: the phase, rows read, the share done, and where the reader runs. */
export interface CsvProgressDetail {
  fileName: string;
  /** `read`: parsing rows; `check`: inferring the schema and encoding. */
  phase: 'read' | 'check';
  /** Data rows read so far. */
  rows: number;
  /** Share of the phase done, 0 to 1. */
  done: number;
  /** `worker`: a dedicated Web Worker; `page`: the page's main thread, in slices. */
  place: 'worker' | 'page';
}

/** A read or a new import made progress (a few dozen times a second at most). */
export class MlopsCsvProgressEvent extends MlopsEvent<CsvProgressDetail> {
  static readonly eventName = 'mlops-csv-progress';
  constructor(detail: CsvProgressDetail) {
    super(MlopsCsvProgressEvent.eventName, detail);
  }
}

/** What a run on the learner's data needs: the config's scenario, data and length, and words for it. */
export interface CsvRunDetail {
  config: CsvRunConfig;
  fileName: string;
  /** The drift in one sentence. */
  drift: string;
}

/** The learner asked to run the loop on the imported data with the chosen drift. A listener that runs it sets `handled`. */
export class MlopsCsvRunEvent extends MlopsEvent<CsvRunDetail> {
  static readonly eventName = 'mlops-csv-run';
  /** Set by the listener that runs the loop (the lab page). */
  handled = false;
  constructor(detail: CsvRunDetail) {
    super(MlopsCsvRunEvent.eventName, detail);
  }
}

declare global {
  interface HTMLElementEventMap {
    'mlops-csv-load': MlopsCsvLoadEvent;
    'mlops-csv-run': MlopsCsvRunEvent;
    'mlops-csv-progress': MlopsCsvProgressEvent;
  }
}
