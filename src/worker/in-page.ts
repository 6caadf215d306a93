/**
 * A trainer host in this realm, behind the same client as the worker. For Node (tests, scripts) and
 * for pages that cannot start workers. Messages are delivered asynchronously and structured-cloned,
 * exactly as through a Worker, so code written against one works against the other.
 */
import { setWasmAssetPaths } from '../compute/backends';
import type { TrainerCommand, TrainerEvent } from './protocol';
import { TrainingClient, type TrainerTransport } from './training-client';
import { TrainingHost } from './training-host';

/** A transport to a host in the same realm. */
export function inPageTransport(): TrainerTransport {
  let deliver: ((event: TrainerEvent) => void) | null = null;
  let open = true;
  const host = new TrainingHost((event) => {
    const copy = structuredClone(event);
    queueMicrotask(() => open && deliver?.(copy));
  });
  return {
    send: (command: TrainerCommand) => void host.handle(structuredClone(command)),
    listen: (onEvent) => {
      deliver = onEvent;
    },
    close: () => {
      open = false;
    },
  };
}

/** Starts the trainer in this realm (no worker). In a browser, pass the bundled wasm file URLs. */
export function createInPageTrainingClient(options: { wasmPaths?: Record<string, string> } = {}): TrainingClient {
  if (options.wasmPaths) setWasmAssetPaths(options.wasmPaths);
  return new TrainingClient(inPageTransport());
}
