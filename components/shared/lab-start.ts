/**
 * Starting a Lab client for an element that has none given: a live Lab in a dedicated Web Worker (in
 * the page where workers are missing or refused), or a recorded run replayed. Remembers where each
 * client it started runs and why, for the views' notices.
 */
import { deferredTransport } from '../../src/worker/deferred-transport';
import { createWorkerLabClient, LabClient } from '../../src/worker/lab-client-core';
import { createReplayLabClient } from '../../src/worker/replay-load';

/** Where a Lab client started by `startLabClient` runs; `recording` for a replayed recorded run. */
export type LabPlace = 'worker' | 'page' | 'recording';

const places = new WeakMap<LabClient, { place: LabPlace; why: string }>();

/** Where `lab` runs, when `startLabClient` or `startReplayClient` started it (null for a Lab made elsewhere). */
export function labPlace(lab: LabClient): LabPlace | null {
  return places.get(lab)?.place ?? null;
}

/** Why `lab` runs where it does, in plain words (null for a Lab made elsewhere). */
export function labPlaceReason(lab: LabClient): string | null {
  return places.get(lab)?.why ?? null;
}

/**
 * Starts a Lab client: in a dedicated Worker, or in the page where Worker is missing or refused (a
 * page that loaded this script from another origin cannot start a module worker from the script's
 * URL: the constructor throws a SecurityError). The in-page Lab (with tfjs) is imported on demand, so
 * a page whose Lab runs in a worker never loads tfjs itself; the client is usable at once, commands
 * wait until the Lab is there.
 */
export function startLabClient(): LabClient {
  let refused = 'this browser has no Web Workers';
  if (typeof Worker !== 'undefined') {
    try {
      const lab = createWorkerLabClient();
      places.set(lab, { place: 'worker', why: 'in a dedicated Web Worker' });
      return lab;
    } catch (error) {
      refused = `the browser refused to start the lab's Web Worker (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  const lab = new LabClient(deferredTransport(import('../../src/worker/lab-client-browser').then((m) => m.browserLabInPageTransport())));
  places.set(lab, { place: 'page', why: `in the page: ${refused}` });
  return lab;
}

/** Starts a client replaying the recorded run at `url` (same origin as the page); no Lab, no tfjs. */
export function startReplayClient(url: string): LabClient {
  const lab = createReplayLabClient(url);
  places.set(lab, { place: 'recording', why: `a recorded run replayed from ${url}` });
  return lab;
}

/** Default speed of a replayed recording, in simulated seconds per real second. */
export const DEFAULT_REPLAY_SPEED = 20;

/** The host's `replay-speed` attribute when it is a number in (0, 1e6], else DEFAULT_REPLAY_SPEED. */
export function replaySpeed(host: Element): number {
  const speed = Number(host.getAttribute('replay-speed') ?? NaN);
  return speed > 0 && speed <= 1e6 ? speed : DEFAULT_REPLAY_SPEED;
}
