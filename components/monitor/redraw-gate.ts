/**
 * Rate-limits the redraws of secondary charts (health panels, the detectors' timeline): their data
 * moves by one report window at a time, so redrawing them on every animation frame would only spend
 * the frame budget the main chart and the page need while a stream runs. A redraw happens when its
 * key (what the chart shows, e.g. the stream position) changed, at most once per `minMs`; a request
 * that comes too early is kept and drawn when the interval is over (the latest one wins), so the
 * final state is always drawn.
 */

/** Coalesces chart redraws; see the file comment. */
export class RedrawGate {
  private lastKey: string | null = null;
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: (() => void) | null = null;

  constructor(
    readonly minMs = 250,
    private readonly now: () => number = () => performance.now(),
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
    const wait = this.last + this.minMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  }

  /** Draws the pending request now, if any. */
  flush(): void {
    const draw = this.pending;
    this.cancel();
    draw?.();
  }

  /** Drops the pending request (the element disconnected, or its chart is gone). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  /** Forgets what was drawn (a new chart: the next request draws at once). */
  reset(): void {
    this.cancel();
    this.lastKey = null;
    this.last = -Infinity;
  }
}
