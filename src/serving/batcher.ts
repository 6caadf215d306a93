/**
 * Micro-batching: requests wait in a queue for at most `windowMs` or until `maxRows` rows are
 * queued, then run together as one batch. While a batch runs, new requests queue up; when it ends,
 * whatever queued meanwhile runs at once (it has already waited). Each request gets its own slice of
 * the batch's output, its queue time (enqueue to batch start) and the batch's compute time.
 *
 * Failures stay with the request that caused them: a request whose slice of the output is not
 * finite is rejected alone (NonFiniteOutput) while its neighbours are answered, and when a batch of
 * several requests throws as a whole, each request runs again by itself, so only the requests that
 * fail alone are rejected.
 */
import type { Clock, Scheduler } from './scheduler';

/** A request whose rows got a non-finite probability from the model (it alone fails). */
export class NonFiniteOutput extends Error {
  constructor(readonly row: number) {
    super(`the model returned a non-finite probability for row ${row} of this request`);
    this.name = 'NonFiniteOutput';
  }
}

/** Runs one batch: probabilities for `n` rows, row-major. */
export type BatchRun = (rows: Float32Array, n: number) => Promise<Float32Array>;

/** What one request gets back. */
export interface BatchResult {
  probs: Float32Array;
  queueMs: number;
  computeMs: number;
  /** Rows in the batch this request ran in. */
  batchRows: number;
  /**
   * A block entry only (`submitBlock`): per row, the error of the row when its batch failed as a whole
   * and the row, run alone, failed too (undefined: the row was answered). Its probabilities are left
   * as the model gave them: the caller checks each row for non-finite values.
   */
  rowErrors?: unknown[];
}

/** Options of a MicroBatcher. */
export interface BatcherOptions {
  cols: number;
  classes: number;
  /** Flush as soon as this many rows are queued. */
  maxRows: number;
  /** Longest a queued request waits for company (0: flush on the next tick). */
  windowMs: number;
  scheduler: Scheduler;
  now: Clock;
}

interface Entry {
  rows: Float32Array;
  n: number;
  at: number;
  /** A block of single-row requests (`submitBlock`): settled row by row by the caller. */
  block: boolean;
  resolve: (r: BatchResult) => void;
  reject: (e: unknown) => void;
}

/** Batches requests for one model. */
export class MicroBatcher {
  private queue: Entry[] = [];
  private queuedRows = 0;
  private busy = false;
  private cancelTimer: (() => void) | null = null;
  private idleWaiters: Array<() => void> = [];
  /** Batches run so far and their total rows (for the mean batch size). */
  batches = 0;
  batchedRows = 0;

  constructor(
    private readonly run: BatchRun,
    private readonly options: BatcherOptions,
  ) {}

  /** Rows waiting. */
  get pending(): number {
    return this.queuedRows;
  }

  /** Whether nothing is queued or running. */
  get idle(): boolean {
    return !this.busy && this.queue.length === 0;
  }

  /** Queues `n` rows; resolves with their probabilities, or rejects if the batch failed. */
  submit(rows: Float32Array, n: number): Promise<BatchResult> {
    return this.enqueue(rows, n, false);
  }

  /**
   * Queues a block of `n` single-row requests as one entry (the loop's fast path: one promise per
   * block, not per request). Batched exactly as `n` one-row submits would be when the block holds at
   * most `maxRows` rows (the caller cuts larger blocks). The result's probabilities are not checked:
   * the caller fails a row with a non-finite value alone. When the batch fails as a whole, each row
   * runs again alone (as each one-row request would) and `rowErrors` names the rows that failed.
   */
  submitBlock(rows: Float32Array, n: number): Promise<BatchResult> {
    return this.enqueue(rows, n, true);
  }

  private enqueue(rows: Float32Array, n: number, block: boolean): Promise<BatchResult> {
    return new Promise<BatchResult>((resolve, reject) => {
      this.queue.push({ rows, n, at: this.options.now(), block, resolve, reject });
      this.queuedRows += n;
      if (this.queuedRows >= this.options.maxRows) this.flush();
      else if (!this.cancelTimer && !this.busy) this.cancelTimer = this.options.scheduler.schedule(() => this.flush(), this.options.windowMs);
    });
  }

  /** Runs what is queued now (the window ends early). */
  flush(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (!this.busy && this.queue.length > 0) void this.pump();
  }

  /** Resolves once nothing is queued or running. */
  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    this.flush();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Takes queued requests up to `maxRows` rows (at least one request, however large). */
  private take(): Entry[] {
    let count = 0;
    let rows = 0;
    while (count < this.queue.length) {
      const next = this.queue[count] as Entry;
      if (count > 0 && rows + next.n > this.options.maxRows) break;
      rows += next.n;
      count += 1;
    }
    this.queuedRows -= rows;
    return this.queue.splice(0, count);
  }

  /**
   * Hands each request its slice of the batch's output. A slice holding a non-finite probability
   * fails that request alone (its neighbours' slices are whole and finite, so they are answered).
   */
  private settle(batch: Entry[], probs: Float32Array, start: number, n: number): void {
    const computeMs = this.options.now() - start;
    this.batches += 1;
    this.batchedRows += n;
    let offset = 0;
    const c = this.options.classes;
    for (const e of batch) {
      // A view, not a copy: the batch's output buffer is never written again once settled.
      const slice = probs.subarray(offset * c, (offset + e.n) * c);
      offset += e.n;
      if (e.block) {
        e.resolve({ probs: slice, queueMs: start - e.at, computeMs, batchRows: n });
        continue;
      }
      let bad = -1;
      for (let i = 0; i < slice.length; i++) {
        if (!Number.isFinite(slice[i])) {
          bad = i;
          break;
        }
      }
      if (bad >= 0) e.reject(new NonFiniteOutput(Math.floor(bad / c)));
      else e.resolve({ probs: slice, queueMs: start - e.at, computeMs, batchRows: n });
    }
  }

  /** A batch of several requests failed as a whole: each runs again alone, so only a request that fails by itself fails. */
  private async isolate(batch: Entry[], start: number): Promise<void> {
    for (const e of batch) {
      if (e.block) {
        await this.isolateRows(e, start);
        continue;
      }
      try {
        this.settle([e], await this.run(e.rows.subarray(0, e.n * this.options.cols), e.n), start, e.n);
      } catch (error) {
        e.reject(error);
      }
    }
  }

  /** A block entry of a failed batch: each of its rows runs alone, as a one-row request would. */
  private async isolateRows(e: Entry, start: number): Promise<void> {
    const c = this.options.classes;
    const cols = this.options.cols;
    const probs = new Float32Array(e.n * c);
    const rowErrors: unknown[] = new Array<unknown>(e.n);
    for (let r = 0; r < e.n; r++) {
      try {
        const out = await this.run(e.rows.subarray(r * cols, (r + 1) * cols), 1);
        this.batches += 1;
        this.batchedRows += 1;
        probs.set(out.subarray(0, c), r * c);
      } catch (error) {
        rowErrors[r] = error;
      }
    }
    e.resolve({ probs, queueMs: start - e.at, computeMs: this.options.now() - start, batchRows: 1, rowErrors });
  }

  private async pump(): Promise<void> {
    this.busy = true;
    while (this.queue.length > 0) {
      const batch = this.take();
      const n = batch.reduce((s, e) => s + e.n, 0);
      const rows = batch.length === 1 ? (batch[0] as Entry).rows : new Float32Array(n * this.options.cols);
      if (batch.length > 1) {
        let offset = 0;
        for (const e of batch) {
          rows.set(e.rows.subarray(0, e.n * this.options.cols), offset * this.options.cols);
          offset += e.n;
        }
      }
      const start = this.options.now();
      try {
        const probs = await this.run(rows, n);
        this.settle(batch, probs, start, n);
      } catch (error) {
        const only = batch[0] as Entry;
        // A lone one-row request (or block of one) fails with its batch; a block of several rows is isolated row by row.
        if (batch.length === 1 && !(only.block && only.n > 1)) only.reject(error);
        else await this.isolate(batch, start);
      }
    }
    this.busy = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
