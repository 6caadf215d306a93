/**
 * Sharing and persistence in real Chromium: the session saved to real IndexedDB and restored into a
 * new Lab (by the storage, and by `<mlops-lab>` on load, without retraining); export -> import round
 * trip through the element's file input; Reset lab behind a keyboard-operable dialog; IndexedDB
 * unavailable (open throws) or full (a write over quota) -> the lab works in memory and says so; the
 * URL hash on the real element (a good link, garbage, an outdated layout, no `sync-url`), Copy link
 * and its fallback; the traffic log and the charts as files.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../../components/index';
import type { MlopsLab } from '../../../components/lab/mlops-lab';
import { chartPng, findCharts } from '../../../components/shared/chart-png';
import { shareLink } from '../../../components/shared/url-sync';
import type { LabConfig } from '../../../src/loop/index';
import type { SessionFile } from '../../../src/loop/persistence/session';
import { decodeState, encodeState, stateToConfig, DEFAULT_SHARE_STATE } from '../../../src/loop/persistence/share-state';
import { SessionStorage } from '../../../src/registry/session-idb';
import { createInPageLabClient, type LabClient } from '../../../src/worker/lab-client';
import { axeViolations, FAST_LAB } from '../../support/component-labs';

const clients: LabClient[] = [];
const inPageLab = (): LabClient => {
  const c = createInPageLabClient();
  clients.push(c);
  return c;
};
let dbCount = 0;
/** A fresh database name per use, so tests never see each other's sessions. */
const freshDb = (): string => `mlops-lab-session-test-${Date.now()}-${++dbCount}`;

/** A session with two versions (v1, then a retrained v2), exported once for the file. */
let session: SessionFile;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  const lab = inPageLab();
  await lab.create(FAST_LAB);
  await lab.run(400);
  await lab.retrain('second version for the session tests');
  session = await lab.exportSession();
}, 120_000);

const originalHash = location.hash;
afterEach(async () => {
  document.body.replaceChildren();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${originalHash}`);
});
afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

function mountLab(attributes: Record<string, string>, lab?: LabClient, config?: LabConfig): MlopsLab {
  const el = document.createElement('mlops-lab');
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  if (lab) el.lab = lab;
  if (config) el.config = config;
  document.body.append(el);
  return el;
}

const part = <T extends Element = HTMLElement>(el: MlopsLab, name: string): T | null => el.shadowRoot?.querySelector<T>(`[part="${name}"]`) ?? null;

describe('session in real IndexedDB', () => {
  test('saved, the database closed and reopened, it restores into a new Lab with the same versions, history and production', async () => {
    const name = freshDb();
    const storage = await SessionStorage.open<SessionFile>({ name });
    expect(storage.mode).toBe('indexeddb');
    expect(await storage.load()).toBeNull();
    expect(await storage.save(session)).toBe(true);
    storage.close();

    const again = await SessionStorage.open<SessionFile>({ name });
    const loaded = await again.load();
    expect(loaded).toEqual(session);
    const lab = inPageLab();
    const snapshot = await lab.importSession(loaded as SessionFile);
    expect(snapshot.versions.map((v) => v.id)).toEqual(session.registry.versions.map((b) => b.metadata.id));
    expect(snapshot.deployed.production).toBe(session.registry.history.filter((m) => m.alias === 'production').at(-1)?.version);
    expect(snapshot.position).toBe(0);
    const reexported = await lab.exportSession();
    expect(reexported.registry.history).toEqual(session.registry.history);
    expect(reexported.registry.releases).toEqual(session.registry.releases);
    await again.clear();
    expect(await again.load()).toBeNull();
    again.close();
  });

  test('<mlops-lab> restores the saved session on load (its own Lab in a Worker, no retraining), says so, and Reset deletes it after a confirmation', async () => {
    const name = freshDb();
    const storage = await SessionStorage.open<SessionFile>({ name });
    await storage.save(session);
    storage.close();
    const changes: string[] = [];
    document.body.addEventListener('mlops-session-change', (e) => changes.push(`${e.detail.action} ${e.detail.versions} ${e.detail.production}`));
    const el = mountLab({ 'session-store': name });
    await el.updateComplete;
    await el.session.restored;
    await el.updateComplete;
    expect(el.phase).toBe('paused');
    expect(changes).toEqual([`restored 2 ${(await (el.activeLab as LabClient).snapshot()).deployed.production}`]);
    const snapshot = await (el.activeLab as LabClient).snapshot();
    expect(snapshot.versions.map((v) => v.id)).toEqual(['v1', 'v2']);
    expect(snapshot.versions.map((v) => v.accuracy)).toEqual(session.registry.versions.map((b) => b.metadata.evaluation.accuracy));
    expect(snapshot.position).toBe(0);
    expect(part(el, 'session-status')?.textContent).toMatch(/Restored your saved session: 2 versions, v\d serves production\. The stream starts again from its beginning/);
    expect(el.config).toEqual(session.config);
    expect(part(el, 'storage-notice')).toBeNull();

    // Reset: a real modal dialog; Escape cancels, "Reset lab" confirms.
    part<HTMLButtonElement>(el, 'reset-button')?.click();
    const dialog = part<HTMLDialogElement>(el, 'reset-dialog') as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(await axeViolations(el)).toEqual([]);
    expect(el.shadowRoot?.activeElement).toBe(part(el, 'reset-cancel'));
    await userEvent.keyboard('{Escape}');
    await expect.poll(() => dialog.open).toBe(false);
    expect(el.phase).toBe('paused');
    part<HTMLButtonElement>(el, 'reset-button')?.click();
    (part(el, 'reset-confirm') as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => el.phase).toBe('idle');
    await expect.poll(() => part(el, 'session-status')?.textContent ?? '').toContain('The lab was reset');
    expect(changes.at(-1)).toBe('reset 0 null');
    const check = await SessionStorage.open<SessionFile>({ name });
    expect(await check.load()).toBeNull();
    check.close();
  }, 60_000);

  test("a run of the element's own Lab is saved after its versions and aliases change, and a new element (a reload) restores it", async () => {
    const name = freshDb();
    const first = mountLab({ 'session-store': name }, undefined, { ...FAST_LAB, requests: 600 });
    first.speed = 400;
    await first.updateComplete;
    await first.session.restored;
    part<HTMLButtonElement>(first, 'run-button')?.click();
    await expect.poll(() => first.phase, { timeout: 60_000 }).toBe('done');
    const ran = await (first.activeLab as LabClient).exportSession();
    const storage = await SessionStorage.open<SessionFile>({ name });
    await expect.poll(async () => (await storage.load())?.registry.history.length ?? 0, { timeout: 10_000 }).toBe(ran.registry.history.length);
    storage.close();
    first.remove();

    const second = mountLab({ 'session-store': name });
    await second.updateComplete;
    await second.session.restored;
    expect(second.phase).toBe('paused');
    const again = await (second.activeLab as LabClient).exportSession();
    expect(again.registry.versions.map((b) => b.metadata)).toEqual(ran.registry.versions.map((b) => b.metadata));
    expect(again.registry.history).toEqual(ran.registry.history);
    expect(second.config).toMatchObject({ scenario: 'moons-rotation', seed: 7, requests: 600 });
    // "Run the whole loop" still starts a fresh run from the restored settings.
    second.speed = 400;
    part<HTMLButtonElement>(second, 'run-button')?.click();
    await expect.poll(() => second.phase, { timeout: 60_000 }).toBe('done');
    expect((await (second.activeLab as LabClient).snapshot()).totals.requests).toBe(600);
  }, 120_000);

  test('export -> import through the element gives the same versions and production; a bad file changes nothing', async () => {
    const el = mountLab({ 'session-store': 'none' }, inPageLab(), FAST_LAB);
    await el.updateComplete;
    const input = el.shadowRoot?.querySelector<HTMLInputElement>('[part="import-session"] input') as HTMLInputElement;
    const choose = (text: string, name: string) => {
      const files = new DataTransfer();
      files.items.add(new File([text], name, { type: 'application/json' }));
      input.files = files.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    };
    choose(JSON.stringify(session), 'session.json');
    await expect.poll(() => part(el, 'session-status')?.textContent ?? '', { timeout: 30_000 }).toContain('Session imported from session.json: 2 versions');
    const lab = el.activeLab as LabClient;
    const before = await lab.snapshot();
    expect(before.versions.map((v) => v.id)).toEqual(['v1', 'v2']);
    expect(el.phase).toBe('paused');
    const exported = await lab.exportSession();
    expect(exported.registry.versions.map((b) => b.metadata)).toEqual(session.registry.versions.map((b) => b.metadata));
    expect(exported.registry.versions.map((b) => b.weights.base64)).toEqual(session.registry.versions.map((b) => b.weights.base64));

    const broken = structuredClone(session) as unknown as { registry: { versions: { weights: { base64: string } }[] } };
    (broken.registry.versions[1] as { weights: { base64: string } }).weights.base64 = 'AAAA';
    choose(JSON.stringify(broken), 'broken.json');
    await expect.poll(() => part(el, 'session-status')?.textContent ?? '', { timeout: 30_000 }).toMatch(/The session file was refused: registry\.versions\[1\] \(v2\).*Nothing was changed\./);
    choose('not json at all', 'notes.txt');
    await expect.poll(() => part(el, 'session-status')?.textContent ?? '').toMatch(/refused: the file is not JSON/);
    const after = await lab.snapshot();
    expect(after.versions).toEqual(before.versions);
    expect(after.deployed).toEqual(before.deployed);
  }, 60_000);
});

describe('IndexedDB unavailable or full', () => {
  test('indexedDB.open throws: the storage is in memory, the element says so politely and still imports a session and runs', async () => {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied storage.', 'SecurityError');
    };
    try {
      const storage = await SessionStorage.open<SessionFile>({ name: freshDb() });
      expect(storage.mode).toBe('memory');
      expect(storage.problem).toContain('SecurityError');
      expect(await storage.save(session)).toBe(false);
      expect(await storage.load()).toBe(session);

      const el = mountLab({ 'session-store': freshDb() });
      await el.updateComplete;
      await el.session.restored;
      await expect.poll(() => el.session.storageMode).toBe('memory');
      await el.updateComplete;
      const notice = part(el, 'storage-notice') as HTMLElement;
      expect(notice.getAttribute('role')).toBe('status');
      expect(notice.getAttribute('aria-live')).toBe('polite');
      expect(notice.textContent).toMatch(/kept in this page's memory only: IndexedDB failed \(SecurityError: The user denied storage\.\)/);
      const snapshot = await (el.activeLab as LabClient).importSession(session);
      expect(snapshot.deployed.production).not.toBeNull();
      const ran = await (el.activeLab as LabClient).run(50);
      expect(ran.totals.answered).toBeGreaterThan(0);
      expect(await axeViolations(el)).toEqual([]);
    } finally {
      IDBFactory.prototype.open = open;
    }
  }, 60_000);

  test('a write over quota: the save falls back to memory with the reason, and the session is still there', async () => {
    const storage = await SessionStorage.open<SessionFile>({ name: freshDb() });
    expect(storage.mode).toBe('indexeddb');
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = () => {
      throw new DOMException('Quota exceeded.', 'QuotaExceededError');
    };
    try {
      expect(await storage.save(session)).toBe(false);
      expect(storage.mode).toBe('memory');
      expect(storage.problem).toBe('the browser refused to store more (storage quota exceeded)');
      expect(await storage.load()).toBe(session);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
  });
});

describe('the URL hash on <mlops-lab>', () => {
  test('with sync-url, a good link sets the run and no problem shows; changing a setting rewrites the hash', async () => {
    const state = { ...DEFAULT_SHARE_STATE, scenario: 'sea-gradual', seed: 42, policy: 'on-alert-canary', requests: 3000, epochs: 5, batchSize: 16, learningRate: 0.003, hidden: [8] };
    history.replaceState(null, '', encodeState(state));
    const el = mountLab({ 'sync-url': '', 'session-store': 'none' }, inPageLab());
    await el.updateComplete;
    expect(el.config).toEqual(stateToConfig(state));
    expect(part(el, 'link-problems')).toBeNull();
    expect(part(el, 'session-status')?.textContent).toBe("This link's run is ready (sea-gradual, seed 42, policy on-alert-canary, 3,000 requests): press “Run the whole loop” to replay it.");
    expect(part<HTMLSelectElement>(el, 'settings')?.querySelector<HTMLSelectElement>('#setting-scenario')?.value).toBe('sea-gradual');
    const seed = el.shadowRoot?.querySelector<HTMLInputElement>('#setting-seed') as HTMLInputElement;
    seed.value = '43';
    seed.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect(decodeState(location.hash).state).toEqual({ ...state, seed: 43 });
    expect(el.config.seed).toBe(43);
    // A bad value typed in the form is refused in plain words and changes nothing.
    const lr = el.shadowRoot?.querySelector<HTMLInputElement>('#setting-lr') as HTMLInputElement;
    lr.value = '50';
    lr.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect(part(el, 'link-problems')?.textContent).toContain("The form's learning rate '50' is out of range (0.000001 to 10); using 0.01");
    expect(el.config.training?.learningRate).toBe(0.003);
  });

  test('a garbage hash gives the defaults and each problem in plain words, never an exception', async () => {
    history.replaceState(null, '', '#v=1&lr=abc&seed=4294967296&scenario=%E0%A4%A&colour=red');
    const el = mountLab({ 'sync-url': '', 'session-store': 'none' }, inPageLab());
    await el.updateComplete;
    expect(el.config).toEqual(stateToConfig(DEFAULT_SHARE_STATE));
    const problems = [...(part(el, 'link-problems')?.querySelectorAll('li') ?? [])].map((li) => li.textContent?.trim());
    expect(problems).toEqual([
      "The link's part 'scenario=%E0%A4%A' is not readable text; it was ignored.",
      "The link has an unknown setting 'colour'; it was ignored.",
      "The link's seed '4294967296' is out of range (-2147483648 to 2147483647); using 7.",
      "The link's learning rate 'abc' is not a number; using 0.01.",
    ]);
    expect(part(el, 'link-problems')?.getAttribute('role')).toBe('alert');
    expect(await axeViolations(el)).toEqual([]);
  });

  test('an outdated layout version gives the default run and says why', async () => {
    history.replaceState(null, '', '#v=0&seed=99');
    const el = mountLab({ 'sync-url': '', 'session-store': 'none' }, inPageLab());
    await el.updateComplete;
    expect(el.config.seed).toBe(7);
    expect(part(el, 'link-problems')?.textContent).toContain("The link was made for layout version '0' of the lab's links; this lab reads version 1, so it uses the default run");
  });

  test('without sync-url the element neither reads nor writes the hash', async () => {
    history.replaceState(null, '', '#v=1&seed=99');
    const el = mountLab({ 'session-store': 'none' }, inPageLab());
    await el.updateComplete;
    expect(el.config.seed).toBe(7);
    expect(part(el, 'link-problems')).toBeNull();
    const seed = el.shadowRoot?.querySelector<HTMLInputElement>('#setting-seed') as HTMLInputElement;
    seed.value = '12';
    seed.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect(el.config.seed).toBe(12);
    expect(location.hash).toBe('#v=1&seed=99');
  });

  test('Copy link copies the link that replays the run; when the clipboard refuses, the link is shown selected', async () => {
    const el = mountLab({ 'session-store': 'none' }, inPageLab());
    await el.updateComplete;
    const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard');
    let copied = '';
    try {
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => void (copied = text) } });
      part<HTMLButtonElement>(el, 'copy-link')?.click();
      await expect.poll(() => part(el, 'session-status')?.textContent ?? '').toContain('Link copied');
      expect(copied).toBe(shareLink(DEFAULT_SHARE_STATE));
      expect(decodeState(new URL(copied).hash)).toEqual({ state: DEFAULT_SHARE_STATE, problems: [] });

      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } });
      part<HTMLButtonElement>(el, 'copy-link')?.click();
      await expect.poll(() => part(el, 'share-link')).not.toBeNull();
      const field = part<HTMLInputElement>(el, 'share-link') as HTMLInputElement;
      expect(field.readOnly).toBe(true);
      expect(field.value).toBe(copied);
      await expect.poll(() => el.shadowRoot?.activeElement).toBe(field);
      expect([field.selectionStart, field.selectionEnd]).toEqual([0, field.value.length]);
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
      if (clipboard) Object.defineProperty(Navigator.prototype, 'clipboard', clipboard);
    }
  });
});

describe('exports', () => {
  test('the traffic log as CSV and JSON Lines, and each chart as an opaque PNG on the theme surface', async () => {
    const lab = inPageLab();
    const el = mountLab({ 'session-store': 'none' }, lab, { ...FAST_LAB, requests: 600 });
    el.speed = 400;
    await el.updateComplete;
    part<HTMLButtonElement>(el, 'run-button')?.click();
    await expect.poll(() => el.phase, { timeout: 60_000 }).toBe('done');
    await el.updateComplete;
    const csv = await lab.exportLog('csv');
    const rows = csv.trimEnd().split('\n');
    expect(rows[0]).toBe('index,id,t,x1,x2,prediction,predicted_class,probability,version,route,label,label_class,label_t');
    expect(rows).toHaveLength((await lab.snapshot()).totals.answered + 1);
    expect((await lab.exportLog('jsonl')).trimEnd().split('\n')).toHaveLength(rows.length - 1);

    const charts = findCharts(el.shadowRoot as ShadowRoot);
    expect(charts.length).toBeGreaterThan(0);
    expect(new Set(charts.map((c) => c.fileName)).size).toBe(charts.length);
    expect(charts.every((c) => c.view.startsWith('mlops-') && c.fileName.endsWith('.png'))).toBe(true);
    const png = await chartPng((charts[0] as { canvas: HTMLCanvasElement }).canvas, 'rgb(10, 20, 30)');
    expect(png.type).toBe('image/png');
    const bitmap = await createImageBitmap(png);
    const probe = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d') as OffscreenCanvasRenderingContext2D;
    probe.drawImage(bitmap, 0, 0);
    expect([...probe.getImageData(0, 0, 1, 1).data]).toEqual([10, 20, 30, 255]);
  }, 90_000);
});
