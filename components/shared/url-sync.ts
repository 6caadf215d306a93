/**
 * The run's state in the page's URL hash, for elements that are asked to keep it there. An element
 * reads and writes the hash ONLY when it has a `sync-url` attribute: a course page that embeds an
 * element keeps its own URL unless the author opts in. Reading never throws (share-state.ts
 * `decodeState`): a garbage or outdated hash gives the default state and problems in plain words.
 *
 * Use as a Lit ReactiveController:
 *
 *     private readonly url = new UrlSync(this, { onState: (decoded) => this.applyState(decoded) });
 *     // later, after the state changed:
 *     this.url.write(state);
 *
 * `onState` is called once when the host connects (only with `sync-url` and a non-empty hash), and
 * again when the hash changes by navigation (back/forward, a pasted link).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { decodeState, encodeState, type DecodedState, type ShareState } from '../../src/loop/persistence/share-state';

/** The attribute that lets an element read and write the URL hash. */
export const SYNC_URL_ATTRIBUTE = 'sync-url';

/** What a UrlSync needs from its host element. */
export type UrlSyncHost = ReactiveControllerHost & HTMLElement;

/** Options of a UrlSync. */
export interface UrlSyncOptions {
  /** Called with the decoded hash (state + problems) on connect and on navigation. */
  onState: (decoded: DecodedState) => void;
}

/** Whether `host` may touch the URL. */
export function syncsUrl(host: Element): boolean {
  return host.hasAttribute(SYNC_URL_ATTRIBUTE);
}

/** The decoded hash of `location`, or null when the host has no `sync-url` or the hash is empty. */
export function readUrlState(host: Element, location: Pick<Location, 'hash'> = window.location): DecodedState | null {
  if (!syncsUrl(host)) return null;
  const hash = location.hash;
  if (!hash || hash === '#') return null;
  return decodeState(hash);
}

/** The link that replays `state`: this page's address with the state's hash. */
export function shareLink(state: ShareState, location: Pick<Location, 'href' | 'hash'> = window.location): string {
  const base = location.hash ? location.href.slice(0, location.href.length - location.hash.length) : location.href.replace(/#$/, '');
  return `${base}${encodeState(state)}`;
}

/**
 * Writes `state` into the hash (replacing the history entry, so Back leaves the lab rather than
 * walking through every setting) when the host has `sync-url`. Returns whether it wrote.
 */
export function writeUrlState(host: Element, state: ShareState): boolean {
  if (!syncsUrl(host)) return false;
  const hash = encodeState(state);
  if (window.location.hash === hash) return true;
  history.replaceState(history.state, '', hash);
  return true;
}

/** Reads the hash on connect and on navigation, and writes it on demand, only for a host with `sync-url`. */
export class UrlSync implements ReactiveController {
  /** The hash this controller wrote last (a `hashchange` to it is not news). */
  private written: string | null = null;
  private readonly onHashChange = (): void => {
    if (window.location.hash === this.written) return;
    const decoded = readUrlState(this.host);
    if (decoded) this.options.onState(decoded);
  };

  constructor(
    private readonly host: UrlSyncHost,
    private readonly options: UrlSyncOptions,
  ) {
    host.addController(this);
  }

  /** Whether the host may touch the URL now. */
  get enabled(): boolean {
    return syncsUrl(this.host);
  }

  hostConnected(): void {
    window.addEventListener('hashchange', this.onHashChange);
    const decoded = readUrlState(this.host);
    if (decoded) this.options.onState(decoded);
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.onHashChange);
  }

  /** Writes `state` to the hash (only with `sync-url`); returns whether it wrote. */
  write(state: ShareState): boolean {
    const wrote = writeUrlState(this.host, state);
    if (wrote) this.written = window.location.hash;
    return wrote;
  }
}
