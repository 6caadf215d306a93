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
    return new Promise<BatchResult>((resolve, reject) => {
      this.queue.push({ rows, n, at: this.options.now(), resolve, reject });
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
      try {
        this.settle([e], await this.run(e.rows.subarray(0, e.n * this.options.cols), e.n), start, e.n);
      } catch (error) {
        e.reject(error);
      }
    }
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
        if (batch.length === 1) (batch[0] as Entry).reject(error);
        else await this.isolate(batch, start);
      }
    }
    this.busy = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
