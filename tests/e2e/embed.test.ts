/**
 * End to end: the embed bundle (`dist/embed/mlops-lab.js`) and the example pages in real headless
 * Chromium, served from 127.0.0.1 with every request that leaves localhost blocked and recorded.
 * - examples/monitor-only.html: one `<mlops-monitor recording>` replays (its chart grows) while the
 *   page loads only the embed entry, the chunks it imports statically and the recording: no tfjs
 *   chunk, no Lab chunk, no wasm, no worker;
 * - examples/course.html: two elements with their own Labs and scenarios both run (the traffic view
 *   streams, the endpoint answers from the model its Lab trained) in Web Workers, so the page itself
 *   still loads no tfjs or Lab chunk; the recorded run replays beside them; axe finds nothing serious;
 * - the bundle loaded twice, from the same URL and from two URLs (two copies), throws nothing.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openPage, screenshot, seriousViolations, type E2ePage } from './browser.ts';

const baseUrl = inject('baseUrl');
type Manifest = Record<string, { file: string; imports?: string[]; css?: string[]; isEntry?: boolean }>;
const manifest = JSON.parse(inject('embedManifest')) as Manifest;

/** The files (relative to dist/embed/) the entry loads statically: what a viewing-only page may fetch. */
function staticFiles(): Set<string> {
  const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry) as string;
  const seen = new Set([entry]);
  const todo = [entry];
  while (todo.length > 0) {
    for (const next of manifest[todo.pop() as string]?.imports ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      todo.push(next);
    }
  }
  return new Set([...seen].flatMap((k) => [manifest[k]?.file as string, ...(manifest[k]?.css ?? [])]));
}


/** Points the monitor's chart holds now (all lines). */
const chartPoints = (page: Page, selector = 'mlops-monitor') =>
  page.locator(selector).evaluate((el) => (el as unknown as { chartData: { lines: { points: unknown[] }[] } }).chartData.lines.reduce((n, l) => n + l.points.length, 0));

let open: E2ePage | null = null;
afterEach(async () => {
  await open?.browser.close();
  open = null;
});

/** Opens `path` under the server, recording every request the page (and its workers) made. */
async function visit(path: string): Promise<E2ePage & { requests: string[]; workers: string[] }> {
  open = await openPage([]);
  const requests: string[] = [];
  const workers: string[] = [];
  open.page.context().on('request', (r) => requests.push(r.url()));
  open.page.on('worker', (w) => workers.push(w.url()));
  await open.page.goto(new URL(path, baseUrl).href);
  return { ...open, requests, workers };
}

/** The path of `url` under dist/embed/, or null for anything else. */
const embedPath = (url: string) => {
  const m = /\/dist\/embed\/(.+)$/.exec(new URL(url).pathname);
  return m ? (m[1] as string) : null;
};

describe('the embed bundle', () => {
  it('monitor only: replays the recorded run and loads no tfjs, no Lab chunk and no worker', async () => {
    const { page, requests, workers, external, pageErrors } = await visit('examples/monitor-only.html');
    await expect.poll(() => chartPoints(page), { timeout: 60_000 }).toBeGreaterThan(0);
    const first = await chartPoints(page);
    await expect.poll(() => chartPoints(page), { timeout: 60_000 }).toBeGreaterThan(first);
    expect(await page.locator('mlops-monitor [part="status"]').getAttribute('data-state')).not.toBe('error');
    const allowed = staticFiles();
    const fetched = requests.map(embedPath).filter((p): p is string => p !== null);
    expect(fetched).toContain('mlops-lab.js');
    expect(fetched.filter((p) => !allowed.has(p))).toEqual([]);
    expect(requests.filter((u) => /\.wasm$|worker/i.test(u))).toEqual([]);
    expect(requests.some((u) => u.endsWith('/examples/recorded-run.json'))).toBe(true);
    expect(workers).toEqual([]);
    expect(page.workers()).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'embed-monitor-only');
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('course page: two elements with their own Labs and scenarios run side by side, the recording replays', async () => {
    const { page, requests, workers, external, pageErrors } = await visit('examples/course.html');
    // Left: the traffic view streams its own Lab (sea-sudden) once Play is pressed.
    const traffic = page.locator('mlops-traffic');
    const play = traffic.locator('[part="play-button"]');
    await expect.poll(() => play.isEnabled(), { timeout: 120_000 }).toBe(true);
    await play.click();
    const requestsCounter = traffic.locator('[data-counter="requests"] .value');
    await expect.poll(async () => Number((await requestsCounter.innerText()).replace(/,/g, '')), { timeout: 60_000 }).toBeGreaterThan(100);
    // The monitor beside it shares that Lab (lab-group="sea"): its chart follows the same stream.
    const grouped = 'mlops-monitor[lab-group="sea"]';
    await expect.poll(() => chartPoints(page, grouped), { timeout: 60_000 }).toBeGreaterThan(0);
    const sameLab = await page.evaluate(() => {
      const t = document.querySelector('mlops-traffic') as unknown as { activeLab: unknown };
      const m = document.querySelector('mlops-monitor[lab-group="sea"]') as unknown as { activeLab: unknown };
      return t.activeLab !== null && t.activeLab === m.activeLab;
    });
    expect(sameLab).toBe(true);
    // Right: the endpoint answers from the model its own Lab (loans-policy-change) trained.
    const endpoint = page.locator('mlops-endpoint');
    const send = endpoint.locator('[part="send-button"]');
    await expect.poll(() => send.isEnabled(), { timeout: 120_000 }).toBe(true);
    await send.click();
    await expect.poll(() => endpoint.locator('[part="explanation"]').getAttribute('data-status'), { timeout: 60_000 }).toBe('200');
    expect(await endpoint.locator('[part="response-json"]').innerText()).toMatch(/"outputs"/);
    // Two separate Labs, on two scenarios: the traffic view's schema is SEA's, the endpoint's the loans'.
    expect(await endpoint.locator('[part="request-input"]').inputValue()).not.toBe('');
    // Below: the recorded run replays.
    await expect.poll(() => chartPoints(page, 'mlops-monitor[recording]'), { timeout: 60_000 }).toBeGreaterThan(0);
    const first = await chartPoints(page, 'mlops-monitor[recording]');
    await expect.poll(() => chartPoints(page, 'mlops-monitor[recording]'), { timeout: 60_000 }).toBeGreaterThan(first);
    // The Labs run in two Web Workers (the grouped monitor adds none); the page itself loaded no tfjs or Lab chunk.
    expect(workers.filter((w) => /lab-worker/.test(w))).toHaveLength(2);
    const allowed = staticFiles();
    const pageChunks = requests.map(embedPath).filter((p): p is string => p !== null && p.startsWith('chunks/'));
    expect(pageChunks.filter((p) => !allowed.has(p))).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'embed-course');
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('the bundle loaded twice, from the same URL and from two copies at different URLs, throws nothing; bad attributes give a message and the default Lab', async () => {
    const html = (scripts: string[]) =>
      `<!doctype html><html lang="en"><head><title>twice</title>${scripts.map((s) => `<script type="module" src="${s}"></script>`).join('')}</head>` +
      `<body><main><mlops-monitor recording="/examples/recorded-run.json"></mlops-monitor>` +
      `<mlops-traffic scenario="no-such-scenario" seed="1.5"></mlops-traffic></main></body></html>`;
    const pages = {
      'embed-twice-same.html': html(['/dist/embed/mlops-lab.js', '/dist/embed/mlops-lab.js']),
      'embed-twice-different.html': html(['/dist/embed/mlops-lab.js', '/dist/embed-copy/mlops-lab.js']),
    };
    open = await openPage([]);
    const consoleErrors: string[] = [];
    open.page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    for (const [name, body] of Object.entries(pages)) await open.page.route(new URL(name, baseUrl).href, (route) => route.fulfill({ status: 200, contentType: 'text/html', body }));
    for (const name of Object.keys(pages)) {
      const loaded: string[] = [];
      const onRequest = (r: { url: () => string }) => loaded.push(r.url());
      open.page.on('request', onRequest);
      await open.page.goto(new URL(name, baseUrl).href);
      await open.page.waitForFunction(() => customElements.get('mlops-monitor') !== undefined);
      await expect.poll(() => chartPoints(open?.page as Page), { timeout: 60_000 }).toBeGreaterThan(0);
      if (name.includes('different')) expect(loaded.some((u) => u.includes('/dist/embed-copy/'))).toBe(true);
      // Bad attributes: a plain message, and the element runs the default Lab all the same.
      const traffic = open.page.locator('mlops-traffic');
      await expect.poll(() => traffic.locator('[part="notice"]').innerText(), { timeout: 120_000 }).toMatch(/Check this element's attributes: scenario "no-such-scenario" is not one of .*seed "1.5" is not a whole number/);
      await expect.poll(() => traffic.locator('[part="play-button"]').isEnabled(), { timeout: 120_000 }).toBe(true);
      open.page.off('request', onRequest);
    }
    expect(open.pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(open.external).toEqual([]);
  });

  it('on a page of another origin the Lab worker is refused, and the element falls back to a Lab in the page and says so', async () => {
    open = await openPage([]);
    const requests: string[] = [];
    open.page.context().on('request', (r) => requests.push(r.url()));
    await open.page.goto(new URL('fixtures/cross-origin.html', baseUrl).href);
    const bundle = await open.page.waitForFunction(() => (window as unknown as { bundleUrl?: string }).bundleUrl).then((h) => h.jsonValue() as Promise<string>);
    expect(new URL(bundle).origin).not.toBe(new URL(open.page.url()).origin);
    const endpoint = open.page.locator('mlops-endpoint');
    const send = endpoint.locator('[part="send-button"]');
    await expect.poll(() => send.isEnabled(), { timeout: 240_000 }).toBe(true);
    await send.click();
    await expect.poll(() => endpoint.locator('[part="explanation"]').getAttribute('data-status'), { timeout: 60_000 }).toBe('200');
    // A string, so the test runner does not rewrite the page's dynamic import.
    const where = (await open.page.evaluate(`import(${JSON.stringify(bundle)}).then((m) => {
      const lab = document.querySelector('mlops-endpoint').activeLab;
      return { place: m.labPlace(lab), reason: m.labPlaceReason(lab) };
    })`)) as { place: string | null; reason: string | null };
    expect(where.place).toBe('page');
    expect(where.reason).toMatch(/refused to start the lab's Web Worker/);
    // The learner is told too, beside the view's status.
    expect(await endpoint.locator('[part="notice"]').innerText()).toMatch(/^This lab runs in the page: the browser refused to start the lab's Web Worker \(.+\); the page may pause while it trains\.$/);
    expect(open.page.workers()).toEqual([]);
    // The in-page Lab came as the lazily imported chunk (from the bundle's origin).
    expect(requests.some((u) => /\/dist\/embed\/chunks\/lab-client-/.test(u))).toBe(true);
    expect(open.external).toEqual([]);
    expect(open.pageErrors).toEqual([]);
  });
});
