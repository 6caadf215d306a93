/**
 * One queue of view re-renders for the whole page, run in animation frames with a time budget. Every
 * LabController asks here instead of calling requestAnimationFrame itself: in a frame the queued
 * views render one after the other (each awaited, so the cost of each is known) until
 * FRAME_BUDGET_MS is spent, and the rest wait for the next frame. So a snapshot that makes the
 * monitor, the drift view and the boundary all redraw costs three short frames, not one long task
 * that blocks input and drops frames while the Lab streams. A view asked for twice before it renders
 * renders once; every view queued is rendered in order of asking (none starves).
 */

/** Main-thread time the queued re-renders may take in one frame before the rest move to the next (ms). */
export const FRAME_BUDGET_MS = 8;

/** What the queue renders: a Lit element (or anything with the same update contract). */
export interface Renderable {
  requestUpdate(): void;
  readonly updateComplete: Promise<boolean>;
}

const queue = new Set<Renderable>();
let frame = 0;

/** Renders `host` in a coming animation frame (at most once however often it is asked before). */
export function queueRender(host: Renderable): void {
  queue.add(host);
  if (frame === 0) frame = requestAnimationFrame(() => void flush());
}

/** Forgets a queued re-render (the host left the page). */
export function cancelRender(host: Renderable): void {
  queue.delete(host);
}

/** Views waiting for a frame now (for tests). */
export function queuedRenders(): number {
  return queue.size;
}

async function flush(): Promise<void> {
  const start = performance.now();
  try {
    for (const host of queue) {
      queue.delete(host);
      host.requestUpdate();
      try {
        await host.updateComplete; // a microtask: still this frame's task
      } catch {
        // the view reports its own failure; the queue goes on
      }
      if (performance.now() - start >= FRAME_BUDGET_MS) break;
    }
  } finally {
    frame = queue.size > 0 ? requestAnimationFrame(() => void flush()) : 0;
  }
}
