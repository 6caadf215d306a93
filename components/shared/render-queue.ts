/**
 * One queue of view re-renders and chart draws for the whole page, run in animation frames with a
 * time budget. Every LabController asks here instead of calling requestAnimationFrame itself, and the
 * charts queue their redraws here too: in a frame the queued work runs one item after the other (each
 * awaited, so the cost of each is known) until FRAME_BUDGET_MS is spent, and the rest waits for the
 * next frame. So a snapshot that makes the monitor, the drift view and the boundary all redraw costs
 * several short frames, not one long task that blocks input and drops frames while the Lab streams.
 * A chart draw (a "heavy" job: a Chart.js update lays out and paints a whole canvas) runs only at
 * the start of a frame's turn, so it never lands after other work in the same frame. An item asked
 * for twice before it runs runs once (the latest job wins); every item runs in order of asking (none
 * starves). A view far off screen (visibility.ts) re-renders at most once per OFFSCREEN_MS, always
 * with the latest state, and at once when it comes back into view.
 */
import { isVisible, watchVisibility } from './visibility';

/** Main-thread time the queued re-renders may take in one frame before the rest move to the next (ms). */
export const FRAME_BUDGET_MS = 8;

/** An off-screen view re-renders at most this often (ms); nobody sees it, and its text catches up on return. */
export const OFFSCREEN_MS = 250;

/** A heavy job still starts in a frame whose turn has spent at most this much (ms). */
const HEAVY_START_MS = 1;

/** What the queue renders: a Lit element (or anything with the same update contract). */
export interface Renderable {
  requestUpdate(): void;
  readonly updateComplete: Promise<boolean>;
  /** False until the first render (Lit's); a view whose first render waits for its turn here is not awaited. */
  readonly hasUpdated?: boolean;
}

interface Item {
  run: () => unknown;
  heavy: boolean;
  /** A first render's turn: never cancelled (the view's update waits for it). */
  pinned?: boolean;
}

const queue = new Map<object, Item>();
let frame = 0;
/** Off-screen views waiting for their turn, their last render, and how to stop watching them. */
const later = new Map<Renderable, ReturnType<typeof setTimeout>>();
const lastRender = new WeakMap<Renderable, number>();
const watched = new Map<Renderable, () => void>();

function schedule(): void {
  if (frame === 0) frame = requestAnimationFrame(() => void flush());
}

/** Renders `host` in a coming animation frame (at most once however often it is asked before). */
export function queueRender(host: Renderable): void {
  if (queue.has(host) || later.has(host)) return;
  if (host instanceof Element) {
    if (!watched.has(host)) watched.set(host, watchVisibility(host, (visible) => visible && later.has(host) && enqueue(host)));
    const wait = (lastRender.get(host) ?? -Infinity) + OFFSCREEN_MS - performance.now();
    if (!isVisible(host) && wait > 0) {
      later.set(host, setTimeout(() => enqueue(host), wait));
      return;
    }
  }
  enqueue(host);
}

function enqueue(host: Renderable): void {
  const timer = later.get(host);
  if (timer !== undefined) clearTimeout(timer);
  later.delete(host);
  if (!queue.has(host))
    queue.set(host, {
      run: () => {
        lastRender.set(host, performance.now());
        host.requestUpdate();
        // Not awaited before the first render: that render may itself wait for a later turn of this queue.
        return host.hasUpdated === false ? undefined : host.updateComplete;
      },
      heavy: false,
    });
  schedule();
}

/**
 * Runs `job` in a coming animation frame, as the only heavy item of that frame (`heavy`, the default:
 * a chart draw) or like a re-render. A job queued again under the same `owner` before it ran replaces
 * the earlier one and keeps its place in the queue.
 */
export function queueJob(owner: object, job: () => void, heavy = true): void {
  const item = queue.get(owner);
  if (item) {
    item.run = job;
    item.heavy = heavy;
  } else queue.set(owner, { run: job, heavy });
  schedule();
}

/**
 * Resolves in a coming frame's turn of the queue (at once when the page is hidden, where frames do
 * not run). A view awaits it before its first render (`scheduleUpdate`), so the first renders of a
 * page full of views spread over a few frames within the budget instead of all landing in the task
 * that loaded the page.
 */
export function firstRenderTurn(host: Renderable): Promise<void> {
  if (typeof document === 'undefined' || typeof requestAnimationFrame === 'undefined' || document.visibilityState === 'hidden') return Promise.resolve();
  // Owned by the host: a re-render asked for meanwhile is the same render (the first one shows the latest state).
  return new Promise<void>((resolve) => {
    queueJob(host, resolve, false);
    const item = queue.get(host);
    if (item) item.pinned = true;
  });
}

/** Forgets a queued re-render or job (the host left the page, the chart is gone). */
export function cancelRender(owner: object): void {
  if (!queue.get(owner)?.pinned) queue.delete(owner);
  const host = owner as Renderable;
  const timer = later.get(host);
  if (timer !== undefined) clearTimeout(timer);
  later.delete(host);
  watched.get(host)?.();
  watched.delete(host);
}

/** Items waiting for a frame now (for tests). */
export function queuedRenders(): number {
  return queue.size + later.size;
}

async function flush(): Promise<void> {
  const start = performance.now();
  try {
    for (const [owner, item] of queue) {
      if (item.heavy && performance.now() - start > HEAVY_START_MS) break;
      queue.delete(owner);
      try {
        await item.run(); // a microtask: still this frame's task
      } catch {
        // the view reports its own failure; the queue goes on
      }
      if (performance.now() - start >= FRAME_BUDGET_MS) break;
    }
  } finally {
    frame = 0;
    if (queue.size > 0) schedule();
  }
}
