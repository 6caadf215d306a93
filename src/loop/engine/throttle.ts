/**
 * Snapshot throttling for views: at most `perSecond` snapshots per second of the caller's clock,
 * with a trailing one so the last state is always delivered. The clock is injected (wall time in a
 * page or worker); the lab's decisions never depend on it.
 */

/** Calls `deliver` at most `perSecond` times a second; `request()` marks that a new state exists. */
export class Throttle {
  private last = -Infinity;
  private dirty = false;
  private readonly gapMs: number;

  constructor(
    perSecond: number,
    private readonly now: () => number,
    private readonly deliver: () => void,
  ) {
    if (!(perSecond > 0 && perSecond <= 1000)) throw new RangeError(`perSecond must be in (0, 1000], got ${perSecond}`);
    this.gapMs = 1000 / perSecond;
  }

  /** A new state exists: deliver it now if the last delivery is old enough, else later (`flush`). */
  request(): void {
    this.dirty = true;
    const t = this.now();
    if (t - this.last >= this.gapMs) this.fire(t);
  }

  /** Delivers a pending state whatever the time (end of a run, pause). */
  flush(): void {
    if (this.dirty) this.fire(this.now());
  }

  private fire(t: number): void {
    this.last = t;
    this.dirty = false;
    this.deliver();
  }
}
