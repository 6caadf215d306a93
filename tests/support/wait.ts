/** Waiting helpers for component tests in the browser. */

/** Polls `check` every 20 ms until it holds; throws, naming `what`, after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits for the element's next frame-batched render (the Lab controller re-renders on animation frames). */
export async function rendered(el: HTMLElement & { updateComplete: Promise<boolean> }): Promise<void> {
  await new Promise((r) => requestAnimationFrame(r));
  await el.updateComplete;
}
