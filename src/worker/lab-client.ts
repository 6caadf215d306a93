/**
 * The page side of the Lab: commands as methods returning promises, lab events and snapshots by
 * subscription. It talks to a LabHost in a dedicated module Worker (the browser default, so training
 * and a fast stream never freeze the page) or in this realm (Node, tests, pages without workers).
 * The client and the worker transport live in lab-client-core.ts (no Lab, no tfjs) and are re-exported
 * here; this module adds the in-page host, which brings the Lab and tfjs with it.
 */
import { LabClient, type LabTransport } from './lab-client-core';
import type { LabHostEvent } from './lab-protocol';
import { LabHost } from './lab-host';

export { LabClient, createWorkerLabClient, labWorkerTransport, type LabTransport } from './lab-client-core';

/** A transport to a LabHost in this realm; messages are structured-cloned and delivered asynchronously, as through a Worker. */
export function labInPageTransport(): LabTransport {
  let deliver: ((event: LabHostEvent) => void) | null = null;
  let open = true;
  const host = new LabHost((event) => {
    const copy = structuredClone(event);
    queueMicrotask(() => open && deliver?.(copy));
  });
  return {
    send: (command) => void host.handle(structuredClone(command)),
    listen: (onEvent) => {
      deliver = onEvent;
    },
    close: () => {
      if (!open) return;
      open = false;
      // Queued behind the command running now (a create finishes, then its lab is freed).
      void host.handle({ type: 'dispose', requestId: -1 });
    },
  };
}

/** Starts the Lab in this realm (Node, tests, pages that cannot start workers). */
export function createInPageLabClient(): LabClient {
  return new LabClient(labInPageTransport());
}
