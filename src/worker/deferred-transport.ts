/**
 * A transport whose real transport arrives later: commands sent before it arrives wait in order and go
 * out as soon as it does. It lets a client be made synchronously while the code behind it is still
 * loading (the in-page Lab, which brings tfjs, or a recorded run being fetched). If loading fails,
 * the client's pending and later commands fail with that error (as a fatal error of the transport).
 */
import { LabError, toLabError } from '../errors';
import type { LabTransport } from './lab-client-core';
import type { LabCommand, LabHostEvent } from './lab-protocol';

/** Most commands kept while the transport loads (a client sends a handful; more means a runaway loop). */
const MAX_QUEUED = 1000;

/** A transport that forwards to the one `load` resolves with. */
export function deferredTransport(load: Promise<LabTransport>): LabTransport {
  const queue: LabCommand[] = [];
  let target: LabTransport | null = null;
  let failure: LabError | null = null;
  let closed = false;
  let listeners: { onEvent: (event: LabHostEvent) => void; onFatal: (error: LabError) => void } | null = null;

  const ready = load.then(
    (transport) => {
      if (closed) return transport.close();
      target = transport;
      if (listeners) transport.listen(listeners.onEvent, listeners.onFatal);
      for (const command of queue.splice(0)) transport.send(command);
    },
    (error: unknown) => {
      failure = toLabError(error);
      queue.length = 0;
      if (!closed) listeners?.onFatal(failure);
    },
  );
  void ready;

  return {
    send: (command) => {
      if (target) return target.send(command);
      if (failure) return listeners?.onFatal(failure);
      if (queue.length >= MAX_QUEUED) return listeners?.onFatal(new LabError('busy', `more than ${MAX_QUEUED} commands were sent before the lab finished loading`));
      queue.push(command);
    },
    listen: (onEvent, onFatal) => {
      listeners = { onEvent, onFatal };
      target?.listen(onEvent, onFatal);
    },
    close: () => {
      closed = true;
      queue.length = 0;
      target?.close();
    },
  };
}
