/**
 * The page side of the bench contract: a bench page sets `window.__benchResult` to a promise of its
 * result object, and reports progress on the console (the runner forwards it to stderr).
 */

declare global {
  interface Window {
    /** Set by a bench page at start; resolves with the page's part of the result JSON. */
    __benchResult?: Promise<unknown>;
    /** Set by the runner when the bench also has a Node part (bench/node/<name>.ts): its result. */
    __benchNode?: Record<string, unknown>;
  }
}

/** One progress line, forwarded to the runner's stderr. */
export function progress(message: string): void {
  // eslint-disable-next-line no-console -- the console is the bench page's progress channel
  console.log(message);
}

/** Publishes the bench's result promise where the runner waits for it. */
export function publish(result: Promise<unknown>): void {
  window.__benchResult = result;
}

/** The result of the bench's Node part, when it has one (the runner runs it before the page). */
export function nodeResult(): Record<string, unknown> | null {
  return window.__benchNode ?? null;
}

/** The smallest step `performance.now()` moves by here (0.1 ms unless cross-origin isolated). */
export function timerResolutionMs(): number {
  let smallest = Infinity;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    let t1 = t0;
    while (t1 === t0) t1 = performance.now();
    smallest = Math.min(smallest, t1 - t0);
  }
  return Math.round(smallest * 1000) / 1000;
}

/** Facts about the browser that only the page can see. */
export function browserFacts(): Record<string, unknown> {
  return {
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    timerResolutionMs: timerResolutionMs(),
    navigatorGpu: 'gpu' in navigator,
  };
}
