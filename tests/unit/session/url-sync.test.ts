import { describe, expect, test } from 'vitest';
import { readUrlState, shareLink, syncsUrl } from '../../../components/shared/url-sync';
import { DEFAULT_SHARE_STATE, encodeState } from '../../../src/loop/persistence/share-state';

/** Just enough of an element for the attribute check. */
const host = (attributes: string[]): Element => ({ hasAttribute: (name: string) => attributes.includes(name) }) as unknown as Element;

describe('url-sync helpers', () => {
  test('only a host with sync-url reads the hash; an empty hash reads as nothing', () => {
    const hash = '#v=1&seed=3&lr=abc';
    expect(syncsUrl(host(['sync-url']))).toBe(true);
    expect(readUrlState(host([]), { hash })).toBeNull();
    expect(readUrlState(host(['sync-url']), { hash: '' })).toBeNull();
    expect(readUrlState(host(['sync-url']), { hash: '#' })).toBeNull();
    const decoded = readUrlState(host(['sync-url']), { hash });
    expect(decoded?.state.seed).toBe(3);
    expect(decoded?.problems.map((p) => p.key)).toEqual(['lr']);
  });

  test('the share link is the page address with the state hash, replacing any hash it had', () => {
    const state = { ...DEFAULT_SHARE_STATE, seed: 11 };
    expect(shareLink(state, { href: 'http://127.0.0.1:5173/?x=1', hash: '' })).toBe(`http://127.0.0.1:5173/?x=1${encodeState(state)}`);
    expect(shareLink(state, { href: 'http://127.0.0.1:5173/#v=1&seed=3', hash: '#v=1&seed=3' })).toBe(`http://127.0.0.1:5173/${encodeState(state)}`);
    expect(shareLink(state, { href: 'file:///tmp/mlops-lab.html#', hash: '' })).toBe(`file:///tmp/mlops-lab.html${encodeState(state)}`);
  });
});
