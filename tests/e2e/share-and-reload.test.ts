/**
 * End to end on the built lab page (`<mlops-lab sync-url>`): a shared link replays the same run in
 * another browser profile (same versions, same markers at the same stream positions), and the
 * session (versions, production, release records) survives a reload in real IndexedDB; "Reset lab"
 * clears it after the confirmation. Nothing leaves localhost.
 */
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { WEBGPU_FLAG } from '../support/chromium.ts';
import { openPage, screenshot, type E2ePage } from './browser.ts';

/** A short run that drifts, alerts and retrains: SEA, its rule jumps at request 5 000; 7 000 requests. */
const LINK = '#v=1&scenario=sea-sudden&seed=5&policy=on-alert&requests=7000&epochs=8&batch=32&lr=0.01&hidden=16-16';

interface RunState {
  phase: string;
  versions: string[];
  production: string | null;
  markers: { kind: string; index: number; version?: string }[];
  status: string;
}

function readRun(lab: Locator): Promise<RunState> {
  return lab.evaluate((el) => {
    const page = el as HTMLElementTagNameMap['mlops-lab'];
    const root = page.shadowRoot as ShadowRoot;
    const registry = root.querySelector('mlops-registry') as HTMLElementTagNameMap['mlops-registry'];
    return JSON.parse(
      JSON.stringify({
        phase: page.phase,
        versions: registry.versions.map((v) => v.id).sort(),
        production: registry.production,
        // Where and what (the stream position is the run's; a marker's simulated time is when a snapshot showed it, which depends on pacing).
        markers: page.guide.markers.map((m) => ({ kind: m.kind, index: m.index, ...(m.version !== undefined ? { version: m.version } : {}) })),
        status: root.querySelector('[part="session-status"]')?.textContent ?? '',
      }),
    ) as RunState;
  });
}

/** Opens the link in a fresh page, checks it was read, runs it at top speed to the end. */
async function runLink(page: Page, url: string): Promise<RunState> {
  await page.goto(url);
  const lab = page.locator('mlops-lab');
  await expect.poll(() => readRun(lab).then((s) => s.status)).toContain("This link's run is ready (sea-sudden, seed 5, policy on-alert, 7,000 requests)");
  await lab.getByLabel('Speed').selectOption('80');
  await lab.getByRole('button', { name: 'Run the whole loop', exact: true }).click();
  await expect.poll(() => readRun(lab).then((s) => s.phase), { timeout: 120_000, interval: 250 }).toBe('done');
  return readRun(lab);
}

describe('the lab page, built and served: share a run, keep a session', () => {
  const opened: E2ePage[] = [];
  afterEach(async () => {
    for (const o of opened.splice(0)) await o.browser.close();
  });

  it('a copied link replays the same run in another browser profile', async () => {
    const first = await openPage([WEBGPU_FLAG]);
    opened.push(first);
    const a = await runLink(first.page, `${inject('baseUrl')}${LINK}`);
    expect(a.versions.length).toBeGreaterThanOrEqual(2);
    expect(a.markers.some((m) => m.kind === 'drift')).toBe(true);
    expect(a.markers.some((m) => m.kind === 'retrain' && m.index >= 5000)).toBe(true);
    // Copy link gives the link of this run (the clipboard may be refused headless: then it is shown selected).
    const lab = first.page.locator('mlops-lab');
    await lab.locator('[part="copy-link"]').click();
    await expect.poll(() => readRun(lab).then((s) => s.status)).toMatch(/Link copied|did not let the lab copy the link/);
    const link = new URL(first.page.url());
    expect(link.hash).toBe(LINK);
    await screenshot(first.page, 'share-first-run');

    const second = await openPage([WEBGPU_FLAG]);
    opened.push(second);
    const b = await runLink(second.page, link.href);
    expect(b.versions).toEqual(a.versions);
    expect(b.production).toBe(a.production);
    expect(b.markers).toEqual(a.markers);
    for (const o of opened) {
      expect(o.external).toEqual([]);
      expect(o.pageErrors).toEqual([]);
    }
  }, 300_000);

  it('the session survives a reload (IndexedDB) and Reset lab clears it after the confirmation', async () => {
    const open = await openPage([WEBGPU_FLAG]);
    opened.push(open);
    const { page } = open;
    const ran = await runLink(page, `${inject('baseUrl')}${LINK}`);
    // Saved after a quiet moment once the last version or alias move happened.
    await page.waitForTimeout(2_000);
    await page.reload();
    const lab = page.locator('mlops-lab');
    await expect.poll(() => readRun(lab).then((s) => s.status), { timeout: 60_000 }).toContain('Restored your saved session');
    await expect.poll(() => readRun(lab).then((s) => [s.versions, s.production]), { timeout: 60_000 }).toEqual([ran.versions, ran.production]);
    await screenshot(page, 'session-restored');

    // Reset lab: a real dialog; Cancel keeps everything, Reset lab clears it.
    await lab.locator('[part="reset-button"]').click();
    const dialog = lab.locator('[part="reset-dialog"]');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect((await readRun(lab)).versions).toEqual(ran.versions);
    await lab.locator('[part="reset-button"]').click();
    await lab.locator('[part="reset-confirm"]').click();
    await expect.poll(() => readRun(lab).then((s) => s.versions.length), { timeout: 60_000 }).toBeLessThan(ran.versions.length);
    await page.reload();
    await page.waitForFunction(() => customElements.get('mlops-lab') !== undefined);
    await page.waitForTimeout(1_000);
    expect((await readRun(lab)).status).not.toContain('Restored your saved session');
    expect(open.external).toEqual([]);
    expect(open.pageErrors).toEqual([]);
  }, 300_000);
});
