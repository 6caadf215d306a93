/**
 * End to end: the lab page, built and served on 127.0.0.1, in real headless Chromium. A learner
 * presses "Run the whole loop" and does nothing else (but for trying pause, step and speed): the Lab
 * trains a first version in its Web Worker, deploys it, streams drifting traffic, alerts, retrains and
 * recovers. Everything asserted comes from the element's public state (`phase`, `guide`), not pixels:
 * accuracy drops after the drift marker and is back after a retrain marker, at least two versions
 * exist, the page is axe-clean (no serious or critical violation) and no request leaves localhost.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { WEBGPU_FLAG } from '../support/chromium.ts';
import { openPage, screenshot, seriousViolations, type E2ePage } from './browser.ts';



/** What the test reads from `<mlops-lab>`: its public state, as plain JSON. */
interface LabState {
  phase: string;
  steps: string[];
  versions: string[];
  markers: { kind: string; index: number; version?: string }[];
  series: { start: number; end: number; realized: number | null }[];
  outcome: { driftOnset: number | null; before: number | null; lowestAfter: number | null; recoveredAt: number | null; recoveredWith: string | null; tolerance: number };
  requests: number;
}

function readState(page: Page): Promise<LabState> {
  return page.locator('mlops-lab').evaluate((el) => {
    const lab = el as HTMLElementTagNameMap['mlops-lab'];
    return JSON.parse(
      JSON.stringify({
        phase: lab.phase,
        steps: lab.guide.steps.map((s) => s.id),
        versions: lab.guide.versions,
        markers: lab.guide.markers,
        series: lab.guide.series,
        outcome: lab.guide.outcome(),
        requests: lab.guide.snapshot?.totals.requests ?? 0,
      }),
    ) as LabState;
  });
}

describe('the guided first run, built and served', () => {
  let open: E2ePage | null = null;
  afterEach(async () => {
    await open?.browser.close();
    open = null;
  });

  it('one press runs train -> deploy -> drift -> alert -> retrain -> recovery, from the element\'s state', async () => {
    open = await openPage([WEBGPU_FLAG]);
    const { page } = open;
    await page.goto(inject('baseUrl'));
    await page.waitForFunction(() => customElements.get('mlops-lab') !== undefined && customElements.get('mlops-loop') !== undefined);
    const lab = page.locator('mlops-lab');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'guided-run-start');

    await lab.getByRole('button', { name: 'Run the whole loop', exact: true }).click();
    await expect.poll(() => readState(page).then((s) => s.steps), { timeout: 60_000 }).toContain('deploy');
    const badge = lab.locator('[part="backend-badge"]');
    // gpu-first skips this machine's software GPU (SwiftShader) for WebAssembly, and says so.
    await expect.poll(() => badge.getAttribute('data-backend')).toBe('wasm');
    expect(await badge.innerText()).toContain('in a Web Worker');

    // Pause holds the stream still; Step moves it by one step; Resume goes on.
    await expect.poll(() => readState(page).then((s) => s.phase)).toBe('running');
    await lab.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => readState(page).then((s) => s.phase)).toBe('paused');
    const held = (await readState(page)).requests;
    await page.waitForTimeout(500);
    expect((await readState(page)).requests).toBe(held);
    await lab.getByRole('button', { name: /^Step/ }).click();
    await expect.poll(() => readState(page).then((s) => s.requests)).toBeGreaterThan(held);
    await lab.getByLabel('Speed').selectOption('40');
    await lab.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => readState(page).then((s) => s.phase)).toBe('running');

    await expect.poll(() => readState(page).then((s) => s.steps), { timeout: 120_000 }).toContain('drift');
    await screenshot(page, 'guided-run-drift');
    await expect.poll(() => readState(page).then((s) => s.phase), { timeout: 180_000, interval: 1000 }).toBe('done');
    await expect.poll(() => readState(page).then((s) => s.steps)).toContain('recover');
    const state = await readState(page);

    for (const step of ['train', 'deploy', 'stream', 'drift', 'alert', 'retrain', 'promote', 'recover', 'end']) expect(state.steps).toContain(step);
    expect(state.versions.length).toBeGreaterThanOrEqual(2);
    const { driftOnset, before, lowestAfter, recoveredAt, tolerance } = state.outcome;
    expect(driftOnset).not.toBeNull();
    expect(before).toBeGreaterThan(0.9);
    // The drop: a window after the drift marker at least 5 points under the accuracy before it.
    const drift = state.markers.find((m) => m.kind === 'drift');
    expect(drift?.index).toBe(driftOnset);
    const afterDrift = state.series.filter((w) => w.start >= (driftOnset as number) && w.realized !== null);
    const low = afterDrift.reduce((a, b) => ((b.realized as number) < (a.realized as number) ? b : a));
    expect(low.realized).toBe(lowestAfter);
    expect(low.realized as number).toBeLessThanOrEqual((before as number) - 0.05);
    // The recovery: after a retrain marker that comes after the low point, and the promotion that
    // followed it, two windows in a row are back within `tolerance` of the accuracy before the drift.
    const retrain = state.markers.find((m) => m.kind === 'retrain' && m.index >= (driftOnset as number));
    expect(retrain).toBeDefined();
    const promotion = state.markers.find((m) => m.kind === 'deploy' && m.index >= (retrain?.index ?? Infinity));
    expect(promotion?.version).toBeDefined();
    expect(recoveredAt).not.toBeNull();
    expect(recoveredAt as number).toBeGreaterThan(promotion?.index as number);
    const back = state.series.filter((w) => w.start >= (promotion?.index as number) && w.realized !== null && (w.realized as number) >= (before as number) - tolerance);
    expect(back.length).toBeGreaterThanOrEqual(2);
    expect(state.requests).toBe(8000);

    // The registry's versions (as the lab's snapshot lists them) and the page, after the run.
    expect(await lab.locator('[part="scoreboard"] [data-field="versions"]').innerText()).toBe(String(state.versions.length));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'guided-run-end');
    // The dark theme (prefers-color-scheme: dark) is as readable.
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await lab.evaluate((el) => getComputedStyle(el).getPropertyValue('--mlops-surface').trim())).toBe('#161b22');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'guided-run-end-dark');
    expect(open.external).toEqual([]);
    expect(open.pageErrors).toEqual([]);
  });
});
