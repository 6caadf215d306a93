/**
 * End to end, on the built files: `<mlops-csv>` reads in its own Web Worker on the lab page (the
 * worker is a separate file of the build), and on a page of another origin that loads the embed
 * bundle (tests/e2e/global-setup.ts: `fixtures/cross-origin.html`) the browser refuses that worker, so
 * the element reads in the page, in slices, and its status says so. The one-file build inlines the
 * worker like the others (checked by hand; see README).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openPage, type E2ePage } from './browser.ts';

const baseUrl = inject('baseUrl');
const GREENHOUSE = readFileSync(new URL('../fixtures/greenhouse.csv', import.meta.url), 'utf8');

interface Read {
  place: string | null;
  status: string;
  rows: number | null;
  places: string[];
}

/** Makes a `<mlops-csv>` in the page, reads the greenhouse file with bad rows left out, and reports. */
function readInPage(open: E2ePage): Promise<Read> {
  return open.page.evaluate(async (text) => {
    const el = document.createElement('mlops-csv') as HTMLElementTagNameMap['mlops-csv'];
    document.body.append(el);
    const places = new Set<string>();
    el.addEventListener('mlops-csv-progress', (e) => places.add(e.detail.place));
    await el.load(new Blob([text], { type: 'text/csv' }), 'greenhouse.csv');
    (el.shadowRoot?.querySelector('[data-field="skip-bad-rows"]') as HTMLInputElement).click();
    await el.updateComplete;
    return { place: el.readerPlace, status: el.shadowRoot?.querySelector('[part="status"]')?.textContent ?? '', rows: el.data?.source.rows ?? null, places: [...places] };
  }, GREENHOUSE);
}

describe('the CSV reader in the built files', () => {
  let open: E2ePage | null = null;
  afterEach(async () => {
    await open?.browser.close();
    open = null;
  });

  it('on the lab page: read in the CSV worker, a file of the build', async () => {
    open = await openPage([]);
    await open.page.goto(baseUrl);
    await open.page.waitForFunction(() => customElements.get('mlops-csv') !== undefined);
    const read = await readInPage(open);
    expect(read).toEqual({ place: 'worker', status: 'greenhouse.csv: 598 rows, 4 features, 3 classes (label "state"); checked in ' + read.status.match(/checked in ([\d.]+) s/)?.[1] + ' s.', rows: 598, places: read.places });
    expect(open.page.workers().some((w) => /\/assets\/csv-worker-[\w-]+\.js$/.test(w.url()))).toBe(true);
    expect(open.external).toEqual([]);
    expect(open.pageErrors).toEqual([]);
  });

  it('on a page of another origin: the worker is refused, the file is read in the page in slices, and the status says so', async () => {
    open = await openPage([]);
    await open.page.goto(new URL('fixtures/cross-origin.html', baseUrl).href);
    await open.page.waitForFunction(() => customElements.get('mlops-csv') !== undefined, null, { timeout: 120_000 });
    const read = await readInPage(open);
    expect(read.place).toBe('page');
    expect(read.rows).toBe(598);
    expect(read.status).toMatch(/^greenhouse\.csv: 598 rows, 4 features, 3 classes \(label "state"\); checked in [\d.]+ s\. Read in the page, in slices of at most 30 ms: the browser refused to start the CSV worker \(.+[^.]\)\.$/);
    expect(open.page.workers().some((w) => w.url().includes('csv-worker'))).toBe(false);
    expect(open.external).toEqual([]);
    expect(open.pageErrors).toEqual([]);
  });
});
