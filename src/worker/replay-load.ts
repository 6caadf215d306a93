/**
 * Loading a recorded run for a page: the URL is resolved against the page and must stay on the page's
 * own origin (a recording is data the page ships beside itself; nothing is fetched from elsewhere),
 * the response must be OK and within the size limit, and the text is validated (parseRecording)
 * before anything is replayed. Every failure is a RecordingError saying what went wrong.
 */
import { RecordingError } from '../loop/persistence/record-errors';
import type { Recording } from '../loop/persistence/record-format';
import { MAX_RECORDING_BYTES, parseRecording } from '../loop/persistence/record-validate';
import { LabClient } from './lab-client-core';
import { deferredTransport } from './deferred-transport';
import { replayTransport, type ReplayOptions } from './replay-transport';

/** Where the page is (the base URLs are resolved against, and the one origin allowed). */
export interface PageLocation {
  baseURI: string;
  origin: string;
}

const pageLocation = (): PageLocation => ({ baseURI: document.baseURI, origin: location.origin });

/** Fetches and validates the recording at `url` (relative to the page). */
export async function loadRecording(url: string, fetcher: typeof fetch = fetch, where: PageLocation = pageLocation()): Promise<Recording> {
  let resolved: URL;
  try {
    resolved = new URL(url, where.baseURI);
  } catch {
    throw new RecordingError(`${JSON.stringify(url)} is not a URL`, { url });
  }
  if (resolved.origin !== where.origin) throw new RecordingError(`${resolved.href} is on another site; a recording must be served by the page's own site (${where.origin})`, { url: resolved.href });
  let response: Response;
  try {
    response = await fetcher(resolved.href, { credentials: 'same-origin' });
  } catch (error) {
    throw new RecordingError(`${resolved.href} could not be fetched (${error instanceof Error ? error.message : String(error)})`, { url: resolved.href });
  }
  if (!response.ok) throw new RecordingError(`${resolved.href} answered HTTP ${response.status}`, { url: resolved.href, status: response.status });
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > MAX_RECORDING_BYTES) throw new RecordingError(`${resolved.href} is ${declared} bytes, more than the ${MAX_RECORDING_BYTES} accepted`, { url: resolved.href });
  return parseRecording(await response.text());
}

/** A LabClient replaying the recording at `url`; a failure to load reaches the client as a fatal error (its `create` rejects with it). */
export function createReplayLabClient(url: string, options: ReplayOptions & { fetcher?: typeof fetch; where?: PageLocation } = {}): LabClient {
  return new LabClient(deferredTransport(loadRecording(url, options.fetcher, options.where).then((recording) => replayTransport(recording, options))));
}
