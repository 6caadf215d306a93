/**
 * Time for the endpoint: a clock (ms) and a scheduler for the micro-batch window. Real timers by
 * default; tests use ManualScheduler, which runs callbacks only when told, so batching is exact.
 */

/** Runs `fn` after `ms`; returns a function that cancels it. */
export interface Scheduler {
  schedule(fn: () => void, ms: number): () => void;
}

/** A monotonic clock in milliseconds. */
export type Clock = () => number;

/** setTimeout-based scheduling. */
export const realScheduler: Scheduler = {
  schedule(fn, ms) {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};

/** performance.now. */
export const realClock: Clock = () => performance.now();

/** A scheduler and clock that move only when `advance` is called (deterministic tests). */
export class ManualScheduler implements Scheduler {
  private time = 0;
  private seq = 0;
  private readonly tasks: Array<{ at: number; seq: number; fn: () => void }> = [];

  /** The current time in ms. */
  readonly now: Clock = () => this.time;

  schedule(fn: () => void, ms: number): () => void {
    const task = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.tasks.push(task);
    return () => {
      const i = this.tasks.indexOf(task);
      if (i >= 0) this.tasks.splice(i, 1);
    };
  }

  /** Callbacks waiting to run. */
  get pending(): number {
    return this.tasks.length;
  }

  /** Moves time forward by `ms`, running every callback due, in time order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.tasks.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.tasks.splice(this.tasks.indexOf(due), 1);
      this.time = due.at;
      due.fn();
    }
    this.time = end;
  }
}
