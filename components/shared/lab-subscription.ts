/** Listening to what a Lab broadcasts (events, snapshots, errors), as one subscription that one call ends. */
import type { LabError } from '../../src/errors';
import type { LabEvent, LabSnapshot } from '../../src/loop/index';
import type { LabClient } from '../../src/worker/lab-client-core';

/** What to do with each broadcast. */
export interface LabListeners {
  event(event: LabEvent): void;
  snapshot(snapshot: LabSnapshot): void;
  error(error: LabError): void;
}

/** Listens to `lab`'s events, snapshots and errors; returns the function that stops all three. */
export function subscribeLab(lab: LabClient, listeners: LabListeners): () => void {
  const offEvent = lab.onLabEvent((event) => listeners.event(event));
  const offSnapshot = lab.onSnapshot((snapshot) => listeners.snapshot(snapshot));
  const offError = lab.onError((error) => listeners.error(error));
  return () => {
    offEvent();
    offSnapshot();
    offError();
  };
}

/** Appends `event` to `events`, dropping the oldest so that at most `limit` remain. */
export function keepRecent(events: LabEvent[], event: LabEvent, limit: number): void {
  events.push(event);
  if (events.length > limit) events.splice(0, events.length - limit);
}
