/**
 * The URL hash on an element alone on a page (its own Lab, in a Web Worker): with `sync-url` it takes
 * its run from the hash and writes its run there; a garbage hash gives the defaults and a plain
 * message; without `sync-url` the hash is neither read nor written. And a bad attribute shows as the
 * element's notice while the default Lab runs. Elements with the same `lab-group` share one own Lab.
 */
import { afterEach, describe, expect, test } from 'vitest';
import '../../../components/index';
import { DEFAULT_LAB_CONFIG } from '../../../components/shared/lab-controller';
import { labGroups } from '../../../components/shared/lab-group';
import { configToState, decodeState, encodeState, DEFAULT_SHARE_STATE } from '../../../src/loop/persistence/share-state';
import type { LabSnapshot } from '../../../src/loop/index';

const originalHash = location.hash;
afterEach(() => {
  document.body.replaceChildren();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${originalHash}`);
});

function mount(attributes: Record<string, string>): HTMLElementTagNameMap['mlops-traffic'] {
  const el = document.createElement('mlops-traffic');
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  document.body.append(el);
  return el;
}

/** The first snapshot of the element's own Lab (after it was created and its first version deployed). */
async function firstSnapshot(el: HTMLElementTagNameMap['mlops-traffic']): Promise<LabSnapshot> {
  await expect.poll(() => el.activeLab, { timeout: 20_000 }).not.toBeNull();
  const lab = el.activeLab;
  if (!lab) throw new Error('no lab');
  let snapshot: LabSnapshot | null = null;
  await expect
    .poll(
      async () => {
        snapshot = await lab.snapshot().catch(() => null);
        return snapshot?.deployed.production ?? null;
      },
      { timeout: 60_000, interval: 250 },
    )
    .not.toBeNull();
  return snapshot as unknown as LabSnapshot;
}

const part = (el: Element, name: string): string => el.shadowRoot?.querySelector(`[part="${name}"]`)?.textContent ?? '';

describe('sync-url on an element alone on a page', () => {
  test('a link names the run of the element: scenario, seed and policy come from the hash, which keeps them', async () => {
    const state = { ...DEFAULT_SHARE_STATE, scenario: 'sea-sudden', seed: 11, policy: 'manual', requests: 2000, epochs: 3 };
    history.replaceState(null, '', encodeState(state));
    const el = mount({ 'sync-url': '' });
    const snapshot = await firstSnapshot(el);
    expect(snapshot.policy).toBe('manual');
    expect(snapshot.schema?.features.map((f) => f.name)).toEqual(['f1', 'f2', 'f3']);
    expect(decodeState(location.hash)).toEqual({ state, problems: [] });
    expect(part(el, 'notice')).toBe('');
  }, 90_000);

  test('a garbage hash: the default run, the problem in plain words, and the hash rewritten to the run in use', async () => {
    history.replaceState(null, '', '#v=1&seed=abc&colour=red');
    const el = mount({ 'sync-url': '' });
    const snapshot = await firstSnapshot(el);
    expect(snapshot.policy).toBe('on-alert');
    await expect.poll(() => part(el, 'notice')).toBe("The link has an unknown setting 'colour'; it was ignored. The link's seed 'abc' is not a number; using 7.");
    // The settings were not usable, but the Lab is: the view is live, not failed.
    expect(part(el, 'status')).not.toContain('failed');
    expect(el.shadowRoot?.querySelector('[part="status"]')?.getAttribute('data-state')).not.toBe('error');
    expect(decodeState(location.hash).state.seed).toBe(DEFAULT_SHARE_STATE.seed);
    expect(decodeState(location.hash).problems).toEqual([]);
  }, 90_000);

  test('without sync-url the element ignores the hash and leaves it alone', async () => {
    history.replaceState(null, '', '#v=1&scenario=sea-sudden&seed=11');
    const el = mount({});
    const snapshot = await firstSnapshot(el);
    expect(snapshot.schema?.features.map((f) => f.name)).toEqual(['x1', 'x2']);
    expect(location.hash).toBe('#v=1&scenario=sea-sudden&seed=11');
    expect(configToState(DEFAULT_LAB_CONFIG).scenario).toBe('moons-rotation');
  }, 90_000);
});

describe('the notice of an element alone', () => {
  test('the loop diagram says which attribute was wrong and runs the default lab', async () => {
    const el = document.createElement('mlops-loop');
    el.setAttribute('scenario', 'no-such-scenario');
    document.body.append(el);
    await expect.poll(() => part(el, 'notice'), { timeout: 20_000 }).toMatch(/^Check this element's attributes: scenario "no-such-scenario" is not one of .*The lab runs with the defaults instead \(using moons-rotation, seed 7, policy on-alert\)\.$/);
    await expect.poll(() => part(el, 'centre'), { timeout: 60_000 }).toContain('The lab is at');
  }, 90_000);
});

describe('lab-group: elements alone that share one Lab', () => {
  test('a traffic view and a monitor in one group see the same Lab; another group has its own; the last to leave disposes it', async () => {
    const traffic = document.createElement('mlops-traffic');
    traffic.setAttribute('lab-group', 'sea');
    traffic.setAttribute('scenario', 'sea-sudden');
    const monitor = document.createElement('mlops-monitor');
    monitor.setAttribute('lab-group', 'sea');
    const other = document.createElement('mlops-monitor');
    other.setAttribute('lab-group', 'moons');
    document.body.append(traffic, monitor, other);
    await expect.poll(() => (traffic.activeLab !== null && monitor.activeLab !== null && other.activeLab !== null), { timeout: 20_000 }).toBe(true);
    expect(monitor.activeLab).toBe(traffic.activeLab);
    expect(other.activeLab).not.toBe(traffic.activeLab);
    expect(labGroups()).toEqual({ sea: 2, moons: 1 });
    const shared = traffic.activeLab;
    if (!shared) throw new Error('no lab');
    // The first member's attributes configure the group: SEA's three features, for the monitor too.
    await firstSnapshot(traffic);
    expect((await shared.snapshot()).schema?.features.map((f) => f.name)).toEqual(['f1', 'f2', 'f3']);
    // Play from the traffic view: the monitor follows the same stream.
    (traffic.shadowRoot?.querySelector('[part="play-button"]') as HTMLButtonElement).click();
    await expect.poll(() => monitor.chartData.position, { timeout: 60_000 }).toBeGreaterThan(300);
    await shared.pause();
    // The traffic view leaves: the monitor keeps the Lab; when the monitor leaves too, the group is gone.
    traffic.remove();
    await expect.poll(() => labGroups()).toEqual({ sea: 1, moons: 1 });
    expect((await shared.snapshot()).position).toBeGreaterThan(300);
    monitor.remove();
    other.remove();
    await expect.poll(() => labGroups()).toEqual({});
    await expect(shared.snapshot()).rejects.toThrow();
  }, 120_000);
});

