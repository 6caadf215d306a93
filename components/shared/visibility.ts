/**
 * Which canvases are on screen (or near it), from one IntersectionObserver for the whole page. Charts
 * ask here before they redraw: a chart scrolled out of view keeps its latest data and draws it when it
 * comes back (a margin of MARGIN_PX around the viewport, so it is ready before it shows). Without
 * IntersectionObserver (Node, old browsers) everything counts as visible.
 */

/** How far outside the viewport an element still counts as visible (CSS px). */
export const MARGIN_PX = 200;

type Listener = (visible: boolean) => void;

const listeners = new Map<Element, Set<Listener>>();
const state = new WeakMap<Element, boolean>();
let observer: IntersectionObserver | null = null;

function watcher(): IntersectionObserver | null {
  if (typeof IntersectionObserver === 'undefined') return null;
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        state.set(entry.target, entry.isIntersecting);
        for (const listener of listeners.get(entry.target) ?? []) listener(entry.isIntersecting);
      }
    },
    { rootMargin: `${MARGIN_PX}px` },
  );
  return observer;
}

/**
 * True when `element` is on screen or within MARGIN_PX of it; true as well before the observer has
 * said anything about it, and always without IntersectionObserver.
 */
export function isVisible(element: Element): boolean {
  return state.get(element) ?? true;
}

/**
 * Calls `listener` whenever `element` comes into view or leaves it (the first call comes soon after,
 * with where it is now). Returns the function that stops watching.
 */
export function watchVisibility(element: Element, listener: Listener): () => void {
  const io = watcher();
  if (!io) return () => undefined;
  let set = listeners.get(element);
  if (!set) {
    set = new Set();
    listeners.set(element, set);
    io.observe(element);
  }
  set.add(listener);
  return () => {
    const now = listeners.get(element);
    if (!now) return;
    now.delete(listener);
    if (now.size === 0) {
      listeners.delete(element);
      state.delete(element);
      io.unobserve(element);
    }
  };
}
