// @ts-check
/* global window -- the page.waitForFunction / page.evaluate callbacks run in the page */
/**
 * Bench runner: `node bench/run.mjs <name>` (or `npm run bench -- <name>`). A bench has a Node part
 * (`bench/node/<name>.ts`, whose default export resolves with an object), a browser part
 * (`bench/pages/<name>.html`), or both. The Node part runs first, through Vite's module runner (so it
 * is plain TypeScript importing datasets/ and src/). The browser part is served by Vite on 127.0.0.1
 * and opened in headless Chromium, which sees the Node part's result as `window.__benchNode`; the
 * runner waits for the page's `window.__benchResult`. The two results are merged (the page's keys
 * win), the machine's facts added, and the whole written to bench/results/<name>.json (also printed
 * on stdout). Progress goes to stderr. Without a name it lists the benches.
 *
 * It exits non-zero only when something crashed (no browser, the page threw, a timeout), never
 * because a number was slow: benches compare, they do not judge.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath, URL } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer, runnerImport } from 'vite';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PAGES = join(ROOT, 'bench', 'pages');
const NODE_PARTS = join(ROOT, 'bench', 'node');
const RESULTS = join(ROOT, 'bench', 'results');
const HOST = '127.0.0.1';
const RESULT_TIMEOUT_MS = 15 * 60 * 1000;
// Precise memory info and gc() let the ui bench read the page's heap after a full collection.
const CHROMIUM_ARGS = ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info', '--js-flags=--expose-gc'];

/** @param {string} message */
function log(message) {
  process.stderr.write(`${message}\n`);
}

/**
 * @param {string} dir
 * @param {string} ext
 * @returns {string[]} base names of the files in `dir` ending in `ext`
 */
function namesIn(dir, ext) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .map((f) => f.slice(0, -ext.length));
}

/** @returns {string[]} the benches: one per bench/pages/<name>.html or bench/node/<name>.ts */
function listBenches() {
  return [...new Set([...namesIn(PAGES, '.html'), ...namesIn(NODE_PARTS, '.ts')])].sort();
}

/**
 * Runs bench/node/<name>.ts in this Node process and returns its result.
 * @param {string} name
 * @returns {Promise<Record<string, unknown>>}
 */
async function runNodePart(name) {
  log(`bench ${name}: running the Node part`);
  const { module } = await runnerImport(join(NODE_PARTS, `${name}.ts`), { root: ROOT, configFile: false, logLevel: 'warn' });
  const run = /** @type {{ default?: () => Promise<unknown> }} */ (module).default;
  if (typeof run !== 'function') throw new Error(`bench/node/${name}.ts has no default export to run`);
  const result = await run();
  if (typeof result !== 'object' || result === null) throw new Error(`bench/node/${name}.ts resolved with ${JSON.stringify(result)}, not an object`);
  return /** @type {Record<string, unknown>} */ (result);
}

/** @returns {string} the Chromium to drive, or exits with how to get one */
function chromiumPath() {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    log(
      `Chromium not found at ${path}.\n` +
        'Install it (Debian/Ubuntu: apt-get update && apt-get install -y chromium),\n' +
        'or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    );
    process.exit(1);
  }
  return path;
}

/** @returns {Promise<number>} a TCP port that was free on HOST a moment ago */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createNetServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolvePort(port) : reject(new Error('no free port'))));
    });
  });
}

/** @param {string} url */
function isLocal(url) {
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} what
 * @returns {Promise<T>}
 */
function withTimeout(promise, ms, what) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return /** @type {Promise<T>} */ (Promise.race([promise, timeout])).finally(() => clearTimeout(timer));
}

function machineFacts() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_gb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    /** Other work on the machine skews every figure: the 1-minute load average when the run began. */
    load_average_1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

/**
 * Runs bench/pages/<name>.html in Chromium; the page sees `nodeResult` as `window.__benchNode`.
 * @param {string} name
 * @param {Record<string, unknown> | null} nodeResult
 * @returns {Promise<{ fromPage: Record<string, unknown>, browserFacts: Record<string, unknown>, blocked: string[], pageErrors: string[] }>}
 */
async function runPage(name, nodeResult) {
  const executablePath = chromiumPath();
  const port = await freePort();
  const server = await createServer({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    // Its own dependency cache, so a bench never races a dev server or a browser test over node_modules/.vite.
    cacheDir: join(ROOT, 'node_modules', '.vite', 'bench'),
    // No HMR and no file watching: others editing src/ must not reload the page mid-run.
    server: { host: HOST, port, strictPort: true, hmr: false, watch: null },
  });
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;
  try {
    await server.listen();
    const base = `http://${HOST}:${port}`;
    log(`bench ${name}: serving ${ROOT} at ${base}`);
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext();
    /** @type {string[]} */
    const blocked = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (isLocal(url)) return route.continue();
      blocked.push(url);
      log(`blocked a request off this machine: ${url}`);
      return route.abort('blockedbyclient');
    });
    if (nodeResult) await context.addInitScript((value) => Object.assign(window, { __benchNode: value }), nodeResult);
    const page = await context.newPage();
    page.on('console', (msg) => log(`  page ${msg.type() === 'log' ? '' : `${msg.type()}: `}${msg.text()}`));
    /** @type {Error[]} */
    const pageErrors = [];
    page.on('pageerror', (error) => {
      pageErrors.push(error);
      log(`  page error: ${error.message}`);
    });
    const crashed = new Promise((_, reject) => page.on('crash', () => reject(new Error('the page crashed'))));

    await page.goto(`${base}/bench/pages/${name}.html`, { waitUntil: 'load' });
    const pageResult = await withTimeout(
      Promise.race([
        (async () => {
          await page.waitForFunction(() => window.__benchResult !== undefined, undefined, { timeout: 60_000 });
          return page.evaluate(() => window.__benchResult);
        })(),
        crashed,
      ]),
      RESULT_TIMEOUT_MS,
      `bench ${name}`,
    );
    if (typeof pageResult !== 'object' || pageResult === null) throw new Error(`the page resolved with ${JSON.stringify(pageResult)}, not an object`);
    const fromPage = /** @type {Record<string, unknown>} */ (pageResult);
    const browserFacts = {
      version: browser.version(),
      executable: executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      ...(typeof fromPage.browser === 'object' ? fromPage.browser : {}),
    };
    return { fromPage, browserFacts, blocked, pageErrors: pageErrors.map((e) => e.message) };
  } finally {
    await browser?.close().catch(() => {});
    await server.close().catch(() => {});
  }
}

/** @param {string} name */
async function runBench(name) {
  const started = Date.now();
  const machine = machineFacts();
  const nodeResult = existsSync(join(NODE_PARTS, `${name}.ts`)) ? await runNodePart(name) : null;
  const pageRun = existsSync(join(PAGES, `${name}.html`)) ? await runPage(name, nodeResult) : null;
  const result = {
    name,
    created: pageRun?.fromPage.created ?? nodeResult?.created ?? new Date().toISOString(),
    machine,
    ...(nodeResult ?? {}),
    ...(pageRun?.fromPage ?? {}),
    ...(pageRun ? { browser: pageRun.browserFacts } : {}),
    run: {
      duration_s: Math.round((Date.now() - started) / 100) / 10,
      load_average_1m_at_end: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
      blocked_requests: pageRun?.blocked ?? [],
      page_errors: pageRun?.pageErrors ?? [],
    },
  };
  mkdirSync(RESULTS, { recursive: true });
  const json = JSON.stringify(result, null, 2);
  writeFileSync(join(RESULTS, `${name}.json`), `${json}\n`);
  process.stdout.write(`${json}\n`);
  log(`bench ${name}: done in ${result.run.duration_s} s; wrote ${join('bench', 'results', `${name}.json`)}`);
}

async function main() {
  const name = process.argv[2];
  const benches = listBenches();
  if (!name) {
    process.stdout.write(`Usage: npm run bench -- <name>\nBenches: ${benches.join(', ') || '(none)'}\n`);
    return;
  }
  if (!benches.includes(name)) {
    log(`No bench called "${name}". Benches: ${benches.join(', ') || '(none)'}`);
    process.exit(2);
  }
  await runBench(name);
}

main().catch((error) => {
  log(`bench crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
