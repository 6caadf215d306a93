/**
 * End to end on the built lab page (served on 127.0.0.1, real headless Chromium, the Lab in its Web
 * Worker): the "What if?" view.
 *
 * 1. The guided run (moons-rotation, seed 7) at top speed, paused past the drift's start.
 * 2. Compare three policies (off, on-alert, schedule) on the same stream: one row and one line each.
 * 3. "Fork here": the main run replayed to its current request, then the off policy takes over,
 *    beside what really happened.
 * 4. The alert sandbox: moving the threshold slider moves the current point of the trade-off.
 * 5. The questions from the run: each answered, graded right with its evidence; a wrong one graded wrong.
 *
 * 6. Alone on a page from the embed bundle, and in the one-file offline build opened from file://.
 *
 * Screenshots under test-results/e2e/compare-*.png; axe-core: no serious or critical violation; no
 * request leaves localhost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { build, mergeConfig } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { SINGLE_FILE_NAME } from '../../build/single-file-plugin.ts';
import singleFileConfig from '../../vite.single.config.ts';
import { BASE_FLAGS, chromiumPath } from '../support/chromium.ts';
import { openPage, screenshot, seriousViolations, type E2ePage } from './browser.ts';

interface CompareView {
  state: string;
  policies: string[];
  forkAt: number | null;
  forked: (number | null)[];
  questions: { id: string; kind: string; accepted: (string | number)[] }[];
}

function readCompare(compare: Locator): Promise<CompareView> {
  return compare.evaluate((el) => {
    const c = el as HTMLElementTagNameMap['mlops-compare'];
    return {
      state: c.compareState,
      policies: c.result?.runs.map((r) => r.policy) ?? [],
      forkAt: c.result?.forkAt ?? null,
      forked: c.result?.runs.map((r) => r.forkedAt) ?? [],
      questions: c.runQuestions.map((q) => ({ id: q.id, kind: q.kind, accepted: q.accepted })),
    };
  });
}

async function point(compare: Locator): Promise<string> {
  const p = compare.locator('[part="tradeoff-point"]');
  return `${await p.getAttribute('cx')},${await p.getAttribute('cy')},${await p.getAttribute('data-false')},${await p.getAttribute('data-delay')}`;
}

describe('the lab page: policies and alert settings compared on the same stream', () => {
  let open: E2ePage | null = null;
  afterEach(async () => {
    await open?.browser.close();
    open = null;
  });

  it('compares three policies, forks the main run, moves the alert threshold and answers the questions', async () => {
    open = await openPage([]);
    const { page } = open;
    await page.goto(inject('baseUrl'));
    await page.waitForFunction(() => ['mlops-lab', 'mlops-compare'].every((t) => customElements.get(t) !== undefined));
    const lab = page.locator('mlops-lab');
    const compare = lab.locator('mlops-compare');

    // 1. The guided run, paused after the drift began (request 4500).
    await lab.getByLabel('Speed').selectOption('80');
    await lab.getByRole('button', { name: 'Run the whole loop', exact: true }).click();
    const forkButton = compare.locator('[part="fork-button"]');
    const position = async () => Number(((await forkButton.textContent()) ?? '').replace(/\D+/g, ''));
    await expect.poll(position, { timeout: 120_000, interval: 250 }).toBeGreaterThan(5000);
    await lab.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect.poll(() => lab.evaluate((el) => (el as HTMLElementTagNameMap['mlops-lab']).phase)).toBe('paused');
    // Where the paused run really is (the Lab's own snapshot); the compare view, off screen while the run
    // played, re-renders at its own pace, and shows that position once it is in view.
    const at = await lab.evaluate(async (el) => (await (el as HTMLElementTagNameMap['mlops-lab']).activeLab?.snapshot())?.position ?? -1);
    expect(at).toBeGreaterThan(5000);
    await compare.scrollIntoViewIfNeeded();
    await expect.poll(position, { timeout: 10_000 }).toBe(at);

    // 2. Three policies on the same stream.
    await compare.scrollIntoViewIfNeeded();
    await compare.getByRole('button', { name: 'Compare 3 policies', exact: true }).click();
    await expect.poll(() => readCompare(compare).then((c) => c.state), { timeout: 300_000, interval: 500 }).toBe('done');
    expect((await readCompare(compare)).policies).toEqual(['off', 'on-alert', 'schedule']);
    expect(await compare.locator('[part="table"] tbody tr').count()).toBe(3);
    expect(await compare.locator('[part="verdict"]').innerText()).toMatch(/^From request 4500 on, \S+ lost the fewest correct answers/);
    expect(await compare.locator('[part="table"] tr[data-policy="off"] td').nth(4).innerText()).toBe('0');
    await screenshot(page, 'compare-three');

    // 3. Fork the main run here into "off", beside what really happened.
    await compare.getByLabel('Fork here into').selectOption('off');
    await forkButton.click();
    await expect.poll(() => readCompare(compare).then((c) => [c.state, c.forkAt]), { timeout: 300_000, interval: 500 }).toEqual(['done', at]);
    const fork = await readCompare(compare);
    expect(fork.policies).toEqual(['on-alert', 'off']);
    expect(fork.forked).toEqual([null, at]);
    expect(await compare.locator('[part="table"] tr[data-policy="on-alert"]').innerText()).toContain('what really happened');

    // 4. The alert threshold slider moves the trade-off point.
    const slider = compare.locator('[part="threshold"]');
    await slider.scrollIntoViewIfNeeded();
    await slider.fill('0.01');
    const tight = await point(compare);
    await slider.fill('0.2');
    const loose = await point(compare);
    expect(loose).not.toBe(tight);
    const [, , tightFalse] = tight.split(',');
    const [, , looseFalse, looseDelay] = loose.split(',');
    expect(Number(tightFalse)).toBeGreaterThanOrEqual(Number(looseFalse));
    expect(looseDelay === 'missed' || Number(looseDelay) >= 0).toBe(true);
    const ms = await compare.evaluate((el) => (el as HTMLElementTagNameMap['mlops-compare']).sandbox.ms);
    expect(ms).not.toBeNull();
    await screenshot(page, 'compare-sandbox');

    // 5. The questions from the run.
    const questions = fork.questions;
    expect(questions.length).toBeGreaterThanOrEqual(3);
    expect(questions.length).toBeLessThanOrEqual(5);
    for (const q of questions) {
      const box = compare.locator(`[data-question="${q.id}"]`);
      if (q.kind === 'number') await box.locator('input[type="number"]').fill(String(q.accepted[0]));
      else await box.getByRole('radio', { name: String(q.accepted[0]), exact: true }).check();
      await box.getByRole('button', { name: 'Check', exact: true }).click();
      await expect.poll(() => box.getAttribute('data-correct')).toBe('true');
      expect(await box.innerText()).toMatch(/Right\./);
    }
    const onset = compare.locator('[data-question="drift-onset"]');
    await onset.locator('input[type="number"]').fill('100');
    await onset.getByRole('button', { name: 'Check', exact: true }).click();
    await expect.poll(() => onset.getAttribute('data-correct')).toBe('false');
    expect(await compare.locator('.station-map').innerText()).toContain('data: Q1');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'compare-questions');

    // Questions from the learner's run alone: the main run replayed, no other policy.
    await compare.getByRole('button', { name: 'Questions from my run', exact: true }).click();
    await expect.poll(() => readCompare(compare).then((c) => [c.state, c.policies.join(',')]), { timeout: 300_000, interval: 500 }).toEqual(['done', 'on-alert']);
    const own = await readCompare(compare);
    expect(own.questions.map((q) => q.id).slice(0, 2)).toEqual(['drift-onset', 'first-signal']);
    expect(own.questions.length).toBeGreaterThanOrEqual(3);
    expect(await compare.locator('[part="verdict"]').innerText()).toMatch(/^From request 4500 on, on-alert lost \d+ correct answers/);

    expect(open.external).toEqual([]);
    expect(open.pageErrors).toEqual([]);
  });

  it('works alone on a page (the embed bundle): its own Lab in a worker, the policies and run from its attributes', async () => {
    open = await openPage([]);
    const { page } = open;
    await page.goto(new URL('examples/monitor-only.html', inject('baseUrl')).href);
    await page.waitForFunction(() => customElements.get('mlops-compare') !== undefined);
    await page.evaluate(() => {
      const el = document.createElement('mlops-compare');
      el.setAttribute('scenario', 'moons-rotation');
      el.setAttribute('seed', '7');
      el.setAttribute('policies', 'off,on-alert');
      el.setAttribute('requests', '5200');
      document.body.append(el);
    });
    const compare = page.locator('mlops-compare');
    await compare.getByRole('button', { name: 'Compare 2 policies', exact: true }).click();
    await expect.poll(() => readCompare(compare).then((c) => c.state), { timeout: 300_000, interval: 500 }).toBe('done');
    const view = await readCompare(compare);
    expect(view.policies).toEqual(['off', 'on-alert']);
    expect(await compare.locator('[part="status"]').innerText()).toMatch(/^2 runs of moons-rotation \(seed 7, 5200 requests\)/);
    expect(page.workers().length).toBeGreaterThan(0);
    const first = view.questions[0];
    expect(first?.id).toBe('drift-onset');
    const box = compare.locator('[data-question="drift-onset"]');
    await box.locator('input[type="number"]').fill(String(first?.accepted[0]));
    await box.getByRole('button', { name: 'Check', exact: true }).click();
    await expect.poll(() => box.getAttribute('data-correct')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'compare-alone');
    expect(open.external).toEqual([]);
    expect(open.pageErrors).toEqual([]);
  });
});

describe('the one-file offline build: the compare view in its inlined Lab worker', () => {
  let outDir = '';
  let browser: Browser | null = null;
  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'mlops-lab-compare-single-'));
    await build(mergeConfig(singleFileConfig, { configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true } }));
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('compares two policies from file:// with nothing fetched', async () => {
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: BASE_FLAGS });
    const url = pathToFileURL(join(outDir, SINGLE_FILE_NAME)).href;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const stray: string[] = [];
    const pageErrors: string[] = [];
    context.on('request', (r) => {
      const u = r.url();
      if (u !== url && !u.startsWith('data:') && !u.startsWith('blob:')) stray.push(u);
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => customElements.get('mlops-compare') !== undefined);
    const compare = page.locator('mlops-lab mlops-compare');
    await compare.evaluate((el) => {
      const c = el as HTMLElementTagNameMap['mlops-compare'];
      c.policies = 'off,schedule';
      c.requests = 5200;
    });
    await compare.getByRole('button', { name: 'Compare 2 policies', exact: true }).click();
    await expect.poll(() => readCompare(compare).then((c) => c.state), { timeout: 300_000, interval: 500 }).toBe('done');
    expect((await readCompare(compare)).policies).toEqual(['off', 'schedule']);
    expect(page.workers().map((w) => w.url().split(':')[0])).toContain('blob');
    await screenshot(page, 'compare-single-file');
    expect(stray).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
