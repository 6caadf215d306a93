/**
 * End to end (issue 15, 4): the built app works from any sub-path and tells the learner when it
 * cannot start, never a blank page.
 * - the build (served by the e2e server) is mirrored under `/course/week-6/lab/` of another server
 *   that answers 404 for everything else: the page, its workers and its wasm binaries all load
 *   from the sub-path and the guided run's lab starts;
 * - the same mirror with one script missing: the page says which file could not be loaded;
 * - index.html opened from `file://`: the page says why it cannot run there and what to open instead.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromium } from 'playwright-core';
import { BASE_FLAGS, chromiumPath } from '../support/chromium.ts';
import { openPage, type E2ePage } from './browser.ts';

const baseUrl = inject('baseUrl');
const SUB = '/course/week-6/lab/';

let server: Server;
let mirror = '';
/** Paths (under the sub-path) the mirror answers 404 for, as a missing file would be. */
const missing = new Set<string>();
/** Every path the mirror was asked for, with its status. */
const served: { path: string; status: number }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const rest = path.startsWith(SUB) ? path.slice(SUB.length) : null;
    const finish = (status: number, type: string | null, body: Buffer | string) => {
      served.push({ path, status });
      res.writeHead(status, type ? { 'content-type': type } : {});
      res.end(body);
    };
    if (rest === null || missing.has(rest)) return finish(404, 'text/plain', 'not found');
    fetch(new URL(rest || 'index.html', baseUrl)).then(
      async (upstream) => finish(upstream.status, upstream.headers.get('content-type'), Buffer.from(await upstream.arrayBuffer())),
      () => finish(502, 'text/plain', 'upstream failed'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the mirror has no port');
  mirror = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

let open: E2ePage | null = null;
afterEach(async () => {
  await open?.browser.close();
  open = null;
  missing.clear();
  served.length = 0;
});

const problemText = () => open!.page.locator('#load-problem').innerText();

describe('the build under a sub-path', () => {
  it('loads the page, its workers and its wasm binaries from the sub-path and starts the lab', async () => {
    open = await openPage([]);
    const workers: string[] = [];
    open.page.on('worker', (w) => workers.push(w.url()));
    await open.page.goto(`${mirror}${SUB}index.html`);
    await open.page.waitForFunction(() => customElements.get('mlops-lab') !== undefined, undefined, { timeout: 60_000 });
    const run = open.page.locator('mlops-lab [part="run-button"]');
    await expect.poll(() => run.isEnabled(), { timeout: 180_000 }).toBe(true);
    await run.click();
    // The guided run's first version is trained (in the worker, with the wasm binaries when that backend is chosen) and deployed.
    await expect
      .poll(
        () =>
          open!.page.evaluate(() => {
            const lab = (document.querySelector('mlops-lab') as unknown as { activeLab: { snapshot(): Promise<{ deployed: { production: string | null } }> } | null }).activeLab;
            return lab ? lab.snapshot().then((s) => s.deployed.production, () => null) : null;
          }),
        { timeout: 180_000 },
      )
      .not.toBeNull();
    expect(workers.length).toBeGreaterThan(0);
    for (const w of workers) expect(new URL(w).pathname.startsWith(SUB)).toBe(true);
    expect(served.some((s) => s.path.endsWith('.wasm'))).toBe(true);
    expect(served.filter((s) => s.status !== 200)).toEqual([]);
    expect(served.every((s) => s.path.startsWith(SUB))).toBe(true);
    expect(await open.page.locator('#load-problem').isHidden()).toBe(true);
    expect(open.pageErrors).toEqual([]);
    expect(open.external).toEqual([]);
  });

  it('a missing script: the page names the file instead of staying blank', async () => {
    const html = await (await fetch(new URL('index.html', baseUrl))).text();
    const script = /<script type="module"[^>]*src="\.\/([^"]+)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    missing.add(script as string);
    open = await openPage([]);
    await open.page.goto(`${mirror}${SUB}index.html`);
    await expect.poll(() => open!.page.locator('#load-problem').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await problemText()).toContain(`${SUB}${script}`);
    expect(await problemText()).toMatch(/The lab could not start\..*could not be loaded.*copy the whole dist\/ folder/s);
  });

  it('index.html opened from file:// says why it cannot run there and what to open instead', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlops-subpath-'));
    try {
      writeFileSync(join(dir, 'index.html'), await (await fetch(new URL('index.html', baseUrl))).text());
      // A browser without request routing: routing does not handle file: pages.
      const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: BASE_FLAGS });
      open = { browser, page: await browser.newPage(), external: [], pageErrors: [] };
      await open.page.goto(pathToFileURL(join(dir, 'index.html')).href);
      await expect.poll(() => open!.page.locator('#load-problem').isVisible(), { timeout: 30_000 }).toBe(true);
      expect(await problemText()).toMatch(/opened from a file \(file:\/\/\).*open mlops-lab\.html \(the one-file build\)/s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
