/**
 * End to end: the one-file offline build (`dist/mlops-lab.html`, vite.single.config.ts) in real
 * headless Chromium, opened from `file://` and from a bare static server on 127.0.0.1, with every
 * request other than the page itself blocked and recorded. A learner presses Train; the run ends on
 * the backend the badge names: WebGPU when Chromium has it, and wasm with no GPU at all, which can
 * only work if the wasm binaries inside the file load (nothing else may be fetched). The training
 * runs in the inlined classic worker, started from a blob URL, not in the page.
 * Then the whole guided loop runs from the same file, in its inlined Lab worker, to recovery.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, mergeConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SINGLE_FILE_NAME } from '../../build/single-file-plugin.ts';
import singleFileConfig from '../../vite.single.config.ts';
import { BASE_FLAGS, chromiumPath, NO_WEBGL_FLAGS, WEBGPU_FLAG } from '../support/chromium.ts';
import { screenshot, trainOnce } from './browser.ts';


/** What a page asked for besides itself and data:/blob: URLs, plus its uncaught errors. */
interface Isolated {
  page: Page;
  strayRequests: string[];
  pageErrors: string[];
}

let outDir = '';
let server: Server | null = null;
let httpUrl = '';
let fileUrl = '';
const browsers: Browser[] = [];

/** Serves the one file at /mlops-lab.html and answers 404 to anything else. */
function serveOneFile(path: string): Promise<Server> {
  const body = readFileSync(path);
  const srv = createServer((request, response) => {
    if (request.url === `/${SINGLE_FILE_NAME}`) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
      response.end(body);
    } else {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}

const isInline = (url: string) => url.startsWith('data:') || url.startsWith('blob:');

/** Opens `url` in a fresh context where every other request is aborted and recorded. */
async function openIsolated(browser: Browser, url: string): Promise<Isolated> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const strayRequests: string[] = [];
  const pageErrors: string[] = [];
  const stray = (requested: string) => {
    if (requested !== url && !isInline(requested) && !strayRequests.includes(requested)) strayRequests.push(requested);
  };
  await context.route('**/*', (route) => {
    const requested = route.request().url();
    if (requested === url || isInline(requested)) return route.continue();
    stray(requested);
    return route.abort('blockedbyclient');
  });
  // Requests routing does not see (file: URLs, workers' own) are still recorded here.
  context.on('request', (request) => stray(request.url()));
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  return { page, strayRequests, pageErrors };
}


/** Trains once and checks: the backend, the badge, the worker from a blob URL, no other request. */
async function trainsOffline(browser: Browser, url: string, backend: 'webgpu' | 'wasm', badgeWord: RegExp, shot: string): Promise<void> {
  const { page, strayRequests, pageErrors } = await openIsolated(browser, url);
  if (backend === 'webgpu') {
    // gpu-first skips a software GPU (SwiftShader here); naming webgpu still uses it.
    await page.waitForFunction(() => customElements.get('mlops-trainer') !== undefined);
    await page.locator('mlops-trainer').evaluate((el) => el.setAttribute('backend', 'webgpu'));
  }
  const outcome = await trainOnce(page, 6);
  expect(outcome.backend).toBe(backend);
  expect(outcome.testAccuracy).toBeGreaterThanOrEqual(0.8);
  const badge = page.locator('mlops-trainer [part="backend-badge"]');
  await expect.poll(() => badge.getAttribute('data-backend')).toBe(backend);
  expect(await badge.innerText()).toMatch(badgeWord);
  // Trained in the inlined classic worker, not in the page's fallback.
  expect(page.workers().map((w) => w.url().split(':')[0])).toContain('blob');
  expect(await page.locator('mlops-trainer').innerText()).not.toMatch(/Training runs in this page/);
  await screenshot(page, shot);
  expect(strayRequests).toEqual([]);
  expect(pageErrors).toEqual([]);
  await page.context().close();
}

/** The guided run's public state on `<mlops-lab>`, as plain JSON. */
interface GuidedState {
  phase: string;
  steps: string[];
  versions: string[];
  recoveredAt: number | null;
}

/**
 * Presses "Run the whole loop" at top speed and waits for the end: the Lab trains, deploys, streams,
 * drifts, alerts, retrains, promotes and recovers, in its inlined worker, with nothing else requested.
 */
async function runsTheLoopOffline(browser: Browser, url: string, shot: string): Promise<void> {
  const { page, strayRequests, pageErrors } = await openIsolated(browser, url);
  const lab = page.locator('mlops-lab');
  await lab.getByLabel('Speed').selectOption('80');
  await lab.getByRole('button', { name: 'Run the whole loop', exact: true }).click();
  const read = () =>
    lab.evaluate((el) => {
      const l = el as HTMLElementTagNameMap['mlops-lab'];
      return JSON.parse(JSON.stringify({ phase: l.phase, steps: l.guide.steps.map((st) => st.id), versions: l.guide.versions, recoveredAt: l.guide.outcome().recoveredAt })) as GuidedState;
    });
  await expect.poll(() => read().then((st) => st.phase), { timeout: 150_000, interval: 500 }).toBe('done');
  const end = await read();
  expect(end.steps).toEqual(expect.arrayContaining(['train', 'deploy', 'stream', 'drift', 'alert', 'retrain', 'promote', 'recover']));
  expect(end.versions.length).toBeGreaterThanOrEqual(2);
  expect(end.recoveredAt).not.toBeNull();
  // The Lab ran in an inlined classic worker (blob URL), not in the page.
  expect(page.workers().map((w) => w.url().split(':')[0])).toContain('blob');
  await screenshot(page, shot);
  expect(strayRequests).toEqual([]);
  expect(pageErrors).toEqual([]);
  await page.context().close();
}

async function launch(flags: string[]): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...BASE_FLAGS, ...flags] });
  browsers.push(browser);
  return browser;
}

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'mlops-lab-single-'));
  await build(mergeConfig(singleFileConfig, { configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true } }));
  const file = join(outDir, SINGLE_FILE_NAME);
  expect(statSync(file).isFile()).toBe(true);
  fileUrl = pathToFileURL(file).href;
  server = await serveOneFile(file);
  httpUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${SINGLE_FILE_NAME}`;
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the one-file offline build', () => {
  it('is one HTML file with no reference to another file', () => {
    const html = readFileSync(join(outDir, SINGLE_FILE_NAME), 'utf8');
    expect(html).not.toMatch(/<script[^>]*\ssrc=/);
    expect(html).not.toMatch(/<link[^>]*rel="(stylesheet|modulepreload)"/);
    expect(html).not.toMatch(/assets\//);
    // The three wasm binaries travel inside (in the page for its fallback and in the worker).
    expect(html.match(/data:application\/wasm;base64,/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('from file:// trains on WebGPU in the inlined worker; nothing else is requested', async () => {
    await trainsOffline(await launch([WEBGPU_FLAG]), fileUrl, 'webgpu', /WebGPU/, 'single-file-file-webgpu');
  });

  it('from a static server on 127.0.0.1 with no GPU, trains on the inlined wasm binaries', async () => {
    await trainsOffline(await launch(NO_WEBGL_FLAGS), httpUrl, 'wasm', /WebGPU unavailable/, 'single-file-http-wasm');
  });

  it('from file:// with no GPU, trains on wasm as well', async () => {
    await trainsOffline(browsers[1] ?? (await launch(NO_WEBGL_FLAGS)), fileUrl, 'wasm', /WebGL unavailable/, 'single-file-file-wasm');
  });

  it('from a static server on 127.0.0.1, trains on WebGPU as well', async () => {
    await trainsOffline(browsers[0] ?? (await launch([WEBGPU_FLAG])), httpUrl, 'webgpu', /WebGPU/, 'single-file-http-webgpu');
  });

  it('from file:// runs the whole loop (train, deploy, drift, alert, retrain, recover) with nothing else requested', async () => {
    await runsTheLoopOffline(browsers[0] ?? (await launch([WEBGPU_FLAG])), fileUrl, 'single-file-file-loop');
  }, 180_000);

  it('from a static server on 127.0.0.1 with no GPU, runs the whole loop as well', async () => {
    await runsTheLoopOffline(browsers[1] ?? (await launch(NO_WEBGL_FLAGS)), httpUrl, 'single-file-http-loop');
  }, 180_000);
});
