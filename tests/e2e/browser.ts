/**
 * Launching Debian Chromium for end-to-end tests, with every request that would leave localhost
 * blocked and recorded (the lab must work offline), and screenshots kept under test-results/e2e/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { BASE_FLAGS, chromiumPath } from '../support/chromium.ts';

/** A page plus what it tried to fetch from elsewhere and what it logged as errors. */
export interface E2ePage {
  browser: Browser;
  page: Page;
  /** URLs of requests that tried to leave localhost (blocked). */
  external: string[];
  /** Uncaught page errors. */
  pageErrors: string[];
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for URLs that stay on this machine (or never touch a network: data:, blob:). */
export function isLocal(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
  return LOCAL_HOSTS.has(u.hostname);
}

/** Launches Chromium with extra flags and opens a page that blocks and records non-local requests. */
export async function openPage(extraFlags: string[]): Promise<E2ePage> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...BASE_FLAGS, ...extraFlags] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const external: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    external.push(url);
    return route.abort('blockedbyclient');
  });
  // Workers' requests are seen by the context too; record any that slip past routing.
  context.on('request', (request) => {
    if (!isLocal(request.url()) && !external.includes(request.url())) external.push(request.url());
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { browser, page, external, pageErrors };
}

/** Saves a full-page screenshot under test-results/e2e/ (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync('test-results/e2e', { recursive: true });
  const path = `test-results/e2e/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** How a training run on the trainer panel ended, as its `mlops-train-end` event reports it. */
export interface TrainOutcome {
  /** The backend the run really ended on (the worker's `tf.getBackend()`). */
  backend: string;
  testAccuracy: number;
}

/**
 * Presses the trainer panel's Train button (after setting a few epochs, as the software GPU is slow;
 * the learner's path is otherwise untouched) and waits for the end event and the `done` status.
 */
export async function trainOnce(page: Page, epochs: number): Promise<TrainOutcome> {
  await page.waitForFunction(() => customElements.get('mlops-trainer') !== undefined);
  const trainer = page.locator('mlops-trainer');
  await trainer.evaluate((el, n) => el.setAttribute('epochs', String(n)), epochs);
  const ended = trainer.evaluate(
    (el) =>
      new Promise<TrainOutcome>((resolve, reject) => {
        el.addEventListener('mlops-train-end', (e) => {
          const detail = (e as CustomEvent<{ backend: string; summary: { test: { accuracy: number } } }>).detail;
          resolve({ backend: detail.backend, testAccuracy: detail.summary.test.accuracy });
        });
        el.addEventListener('mlops-train-error', (e) => reject(new Error(JSON.stringify((e as CustomEvent).detail))));
      }),
  );
  await trainer.getByRole('button', { name: 'Train', exact: true }).click();
  const outcome = await ended;
  await expect.poll(() => trainer.locator('[part="status"]').getAttribute('data-state')).toBe('done');
  return outcome;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the whole page (shadow roots included; injected once per page) and returns its
 * violations as `id: targets`: only the serious and critical ones unless `all` is set.
 */
export async function axeViolations(page: Page, all = false): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (every) => {
    type Result = { violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<Result> } }).axe;
    const result = await axe.run(document);
    return result.violations.filter((v) => every || v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  }, all);
}

/** The serious and critical axe-core violations on the page. */
export function seriousViolations(page: Page): Promise<string[]> {
  return axeViolations(page, false);
}
