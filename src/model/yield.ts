/**
 * Gives the event loop a turn, so a Stop click or an abort message is handled between two batches
 * even when the backend computes synchronously (cpu, wasm). Uses setImmediate in Node and a
 * MessageChannel in browsers and workers (setTimeout would be clamped to 4 ms).
 */
let channel: MessageChannel | null = null;
const waiting: Array<() => void> = [];

/** Resolves on the next macrotask. */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  return new Promise((resolve) => {
    waiting.push(resolve);
    (channel as MessageChannel).port2.postMessage(null);
  });
}
