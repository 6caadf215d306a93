/**
 * Rate-limits the redraws of a chart: its data moves by one report window at a time, so redrawing it
 * on every animation frame would only spend the frame budget the page needs while a stream runs. A
 * redraw happens when its key (what the chart shows, e.g. the stream position) changed, at most once
 * per `minMs`; a request that comes too early is kept and drawn when the interval is over (the latest
 * one wins), so the final state is always drawn.
 *
 * Two options make it a good citizen of the page: `visible` (a chart scrolled out of view keeps its
 * latest request and draws it when `wake()` says it is back) and `schedule` (the draw is handed to the
 * page's render queue, which gives each chart draw a frame of its own, instead of running inside the
 * caller's task). Without them it draws at once, in the caller's task.
 */

/** Options of a gate; see the file comment. */
export interface RedrawGateOptions {
  /** False while the chart is out of view: requests wait for `wake()`. */
  visible?: () => boolean;
  /** Runs `draw` soon (e.g. in a coming animation frame); the gate is the job's owner. */
  schedule?: (owner: object, draw: () => void) => void;
  /** Drops a scheduled draw (reset, cancel). */
  unschedule?: (owner: object) => void;
}

/** Coalesces chart redraws; see the file comment. */
export class RedrawGate {
  private lastKey: string | null = null;
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: (() => void) | null = null;

  constructor(
    readonly minMs = 250,
    private readonly now: () => number = () => performance.now(),
    private readonly options: RedrawGateOptions = {},
  ) {}

  /** Draws now, later, or not at all (`key` already drawn); see the file comment. */
  request(key: string, draw: () => void): void {
    if (key === this.lastKey) {
      this.cancel();
      return;
    }
    this.pending = () => {
      this.lastKey = key;
      this.last = this.now();
      draw();
    };
    this.arm();
  }

  /** True while a request waits (for its interval, a frame, or the chart to come into view). */
  get waiting(): boolean {
    return this.pending !== null;
  }

  /** The chart came into view (or may have): a waiting request goes on. */
  wake(): void {
    if (this.pending) this.arm();
  }

  private arm(): void {
    if (this.options.visible && !this.options.visible()) {
      this.clearTimer();
      return;
    }
    const wait = this.last + this.minMs - this.now();
    if (wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.fire();
      }, wait);
      return;
    }
    this.clearTimer();
    this.fire();
  }

  private fire(): void {
    const schedule = this.options.schedule;
    if (!schedule) return this.flush();
    schedule(this, () => {
      if (this.options.visible && !this.options.visible()) return; // left the view meanwhile: wait for wake()
      this.flush();
    });
  }

  /** Draws the pending request now, if any (whether in view or not). */
  flush(): void {
    const draw = this.pending;
    this.cancel();
    draw?.();
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Drops the pending request (the element disconnected, or its chart is gone). */
  cancel(): void {
    this.clearTimer();
    this.options.unschedule?.(this);
    this.pending = null;
  }

  /** Forgets what was drawn (a new chart: the next request draws at once). */
  reset(): void {
    this.cancel();
    this.lastKey = null;
    this.last = -Infinity;
  }
}
