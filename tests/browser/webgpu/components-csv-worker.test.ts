/**
 * `<mlops-csv>` reads in a dedicated Web Worker, in real Chromium: a generated 50,000 x 50 file
 * (the size issue 13 requires) is read there with progress events (rows read, then the check), and
 * the dataset equals the one the in-page reader (`reader="page"`, slices that give the event loop
 * its turn) makes of the same file; Cancel stops a read (nothing imported, the worker reads the next
 * file) and a new import (the previous choices and result come back); a file with problems lists the
 * same problems, by line, column and reason, as the library read in one go. How long the page's
 * main thread is held is measured in `npm run bench -- csv` (`element_long_tasks`), not asserted.
 */
import { describe, expect, test } from 'vitest';
import '../../../components/csv/mlops-csv';
import type { CsvProgressDetail, MlopsCsvLoadEvent } from '../../../components/csv/csv-events';
import { CsvImportError, importCsv, type ImportedDataset } from '../../../datasets/csv/index';
import { createRng } from '../../../datasets/random';
import { mount } from '../../support/component-labs';

/** A seeded CSV of numbers (6 significant digits) and a 3-class label; `bad` rows get a word in f2. */
function wideCsv(rows: number, columns: number, bad: (r: number) => boolean = () => false): string {
  const rng = createRng(11);
  const lines = [[...Array.from({ length: columns }, (_, j) => `f${j + 1}`), 'label'].join(',')];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: columns }, () => (rng.next() * 1000).toPrecision(6));
    const sum = Number(row[0]) + Number(row[1]);
    if (bad(r)) row[1] = 'n/a';
    lines.push([...row, sum < 800 ? 'low' : sum < 1200 ? 'mid' : 'high'].join(','));
  }
  return `${lines.join('\n')}\n`;
}

function part(el: HTMLElement, name: string): HTMLElement | null {
  return (el.shadowRoot as ShadowRoot).querySelector(`[part="${name}"]`);
}

/** How many values differ between two datasets' tables (schema, labels and every encoded feature). */
function differences(a: ImportedDataset | null, b: ImportedDataset | null): number {
  if (!a || !b) return Number.POSITIVE_INFINITY;
  expect(a.schema).toEqual(b.schema);
  expect(a.source).toEqual(b.source);
  expect(a.table.notes).toEqual(b.table.notes);
  expect(a.table.skipped).toEqual(b.table.skipped);
  let diff = Math.abs(a.table.features.length - b.table.features.length) + Math.abs(a.table.labels.length - b.table.labels.length);
  for (let i = 0; i < a.table.features.length; i++) if (!Object.is(a.table.features[i], b.table.features[i])) diff++;
  for (let i = 0; i < a.table.labels.length; i++) if (a.table.labels[i] !== b.table.labels[i]) diff++;
  return diff;
}

function nextProgress(el: HTMLElement, phase: 'read' | 'check'): Promise<CsvProgressDetail> {
  return new Promise((resolve) => {
    const on = (e: Event) => {
      const detail = (e as CustomEvent<CsvProgressDetail>).detail;
      if (detail.phase !== phase) return;
      el.removeEventListener('mlops-csv-progress', on);
      resolve(detail);
    };
    el.addEventListener('mlops-csv-progress', on);
  });
}

const WIDE = wideCsv(50_000, 50);

describe('mlops-csv reads in a Web Worker', () => {
  test('50,000 x 50: progress from the worker, then the same dataset as the in-page reader (whose slices let the event loop run)', async () => {
    const el = mount('mlops-csv', null);
    const progress: CsvProgressDetail[] = [];
    el.addEventListener('mlops-csv-progress', (e) => progress.push(e.detail));
    await el.load(WIDE, 'wide.csv');
    expect(el.readerPlace).toBe('worker');
    expect(part(el, 'status')?.getAttribute('data-state')).toBe('ready');
    expect(part(el, 'status')?.textContent).toMatch(/^wide\.csv: 50,000 rows, 50 features, 3 classes \(label "label"\); checked in [\d.]+ s\.$/);
    expect(part(el, 'reading')).toBeNull();
    const reads = progress.filter((p) => p.phase === 'read');
    expect(reads.length).toBeGreaterThan(2);
    expect(progress.every((p) => p.place === 'worker' && p.fileName === 'wide.csv')).toBe(true);
    expect(reads.map((p) => p.rows)).toEqual(reads.map((p) => p.rows).sort((a, b) => a - b));
    expect(reads.at(-1)).toMatchObject({ rows: 50_000, done: 1 });
    expect(progress.at(-1)).toMatchObject({ phase: 'check', rows: 50_000, done: 1 });
    expect(progress.findIndex((p) => p.phase === 'check')).toBeGreaterThan(progress.findLastIndex((p) => p.phase === 'read'));

    const page = mount('mlops-csv', null);
    page.reader = 'page';
    const pageProgress: CsvProgressDetail[] = [];
    page.addEventListener('mlops-csv-progress', (e) => pageProgress.push(e.detail));
    let turns = 0;
    const beat = setInterval(() => turns++, 0);
    await page.load(WIDE, 'wide.csv');
    clearInterval(beat);
    expect(page.readerPlace).toBe('page');
    expect(part(page, 'status')?.textContent).toMatch(/^wide\.csv: 50,000 rows, 50 features, 3 classes \(label "label"\); checked in [\d.]+ s\. Read in the page, in slices of at most 30 ms: the element was asked to read in the page\.$/);
    expect(pageProgress.length).toBeGreaterThan(2);
    expect(pageProgress.every((p) => p.place === 'page')).toBe(true);
    // Timers ran while the page read the file: it gave the event loop its turns (a read in one go gives none).
    expect(turns).toBeGreaterThan(0);
    expect(differences(el.data, page.data)).toBe(0);
    el.remove();
    page.remove();
  });

  test('Cancel stops a read (nothing imported; the next file reads) and a new import (the previous one comes back)', async () => {
    const el = mount('mlops-csv', null);
    const loads: MlopsCsvLoadEvent[] = [];
    el.addEventListener('mlops-csv-load', (e) => loads.push(e));
    const reading = el.load(WIDE, 'wide.csv');
    await nextProgress(el, 'read');
    expect(part(el, 'status')?.textContent).toMatch(/^Reading wide\.csv: [\d,]+ rows read \(\d+% of the file\)…$/);
    (part(el, 'cancel-button') as HTMLButtonElement).click();
    await reading;
    await el.updateComplete;
    expect(part(el, 'status')?.getAttribute('data-state')).toBe('idle');
    expect(part(el, 'status')?.textContent).toMatch(/^Reading wide\.csv was cancelled\. Pick or drop a CSV file/);
    expect(el.data).toBeNull();
    expect(loads).toHaveLength(0);
    expect(part(el, 'schema')).toBeNull();

    await el.load(WIDE, 'wide.csv');
    expect(el.data?.source.rows).toBe(50_000);
    const ready = part(el, 'status')?.textContent;
    const label = (el.shadowRoot as ShadowRoot).querySelector('[data-field="label"]') as HTMLSelectElement;
    label.value = 'f3';
    label.dispatchEvent(new Event('change'));
    await nextProgress(el, 'check');
    expect(part(el, 'status')?.textContent).toMatch(/^Checking wide\.csv with the new choices: 50,000 rows, \d+% done…$/);
    el.cancel();
    await el.updateComplete;
    expect(part(el, 'status')?.textContent).toBe(ready);
    expect(el.data?.source.label).toBe('label');
    expect(label.value).toBe('label');
    expect(loads).toHaveLength(1);
    el.remove();
  });

  test('problems by line, column and reason: the same from the worker as from the library in one go; then rows left out', async () => {
    const text = wideCsv(5000, 10, (r) => r % 1000 === 7);
    const once = (() => {
      try {
        importCsv(text, { name: 'bad' });
      } catch (error) {
        if (error instanceof CsvImportError) return error;
      }
      throw new Error('the file was imported');
    })();
    const el = mount('mlops-csv', null);
    await el.load(text, 'bad.csv');
    expect(el.readerPlace).toBe('worker');
    expect(part(el, 'status')?.textContent).toBe(`bad.csv cannot be used: ${once.message}`);
    const items = [...((el.shadowRoot as ShadowRoot).querySelectorAll('[part="problems"] li') as NodeListOf<HTMLElement>)].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual(once.issues.map((i) => `line ${i.line}, column “${i.column}”: ${i.reason}`));
    expect(items[0]).toBe('line 9, column “f2”: "n/a" is not a number, but this column is numeric');
    ((el.shadowRoot as ShadowRoot).querySelector('[data-field="skip-bad-rows"]') as HTMLInputElement).click();
    await el.updateComplete;
    expect(el.data?.source.rows).toBe(4995);
    expect(differences(el.data, importCsv(text, { name: 'bad', skipBadRows: true }))).toBe(0);
    el.remove();
  });
});
