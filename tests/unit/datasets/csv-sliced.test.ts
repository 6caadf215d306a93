/**
 * Reading and importing a CSV in slices (datasets/csv/sliced.ts) gives exactly what the one-go
 * functions give — the same table, the same dataset, the same error with the same issues by line,
 * column and reason — with the parser paused after every row (the hardest case for line numbers:
 * quoted fields over several lines, blank lines, CRLF); progress is reported; an aborted signal stops
 * the work with a CsvReadCancelled at the next pause.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CsvImportError, CsvReadCancelled, importCsv, importCsvInSlices, importTable, importTableInSlices, readCsv, readCsvInSlices, type CsvProgress, type ImportedDataset } from '../../../datasets/csv/index';
import { createRng } from '../../../datasets/random';

const GREENHOUSE = readFileSync(new URL('../../fixtures/greenhouse.csv', import.meta.url));
const IRIS = readFileSync(new URL('../../fixtures/sklearn-iris.csv', import.meta.url), 'utf8');
const EVERY_ROW = { sliceMs: 0, everyRows: 1 };

/** A seeded file with quoted multi-line text, blank lines, CRLF line ends and, optionally, bad rows. */
function awkwardCsv(rows: number, bad: boolean, seed = 3): string {
  const rng = createRng(seed);
  const out = ['x,"note, with comma",kind,label'];
  for (let r = 0; r < rows; r++) {
    const x = (rng.next() * 100).toFixed(2);
    const note = rng.next() < 0.2 ? `"two\nlines ""quoted"""` : rng.next() < 0.5 ? 'a' : 'b';
    const kind = ['red', 'green', 'blue'][rng.int(3)];
    let line = `${x},${note},${kind},${Number(x) > 50 ? 'high' : 'low'}`;
    if (bad && r % 97 === 50) line = `${x},${note}`;
    if (bad && r % 89 === 60) line = `oops,${note},${kind},low`;
    out.push(line);
    if (rng.next() < 0.05) out.push('');
  }
  return `${out.join(rng.next() < 0.5 ? '\r\n' : '\n')}\n`;
}

function outcome<T>(f: () => T): { value: T } | { error: { name: string; message: string; issues: unknown } } {
  try {
    return { value: f() };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return { error: { name: error.name, message: error.message, issues: error instanceof CsvImportError ? error.issues : null } };
  }
}

async function outcomeAsync<T>(f: () => Promise<T>): Promise<{ value: T } | { error: { name: string; message: string; issues: unknown } }> {
  try {
    return { value: await f() };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return { error: { name: error.name, message: error.message, issues: error instanceof CsvImportError ? error.issues : null } };
  }
}

/** A dataset's comparable parts (its functions aside). */
function plain(data: ImportedDataset): unknown {
  return { source: data.source, table: data.table };
}

describe('CSV in slices: the same result as in one go', () => {
  test('tables and datasets are identical, paused after every row, for awkward, scikit-learn and greenhouse files', async () => {
    for (const input of [awkwardCsv(700, false), awkwardCsv(700, true), IRIS, GREENHOUSE]) {
      for (const skipBadRows of [false, true]) {
        const once = outcome(() => readCsv(input, undefined, { skipBadRows }));
        const sliced = await outcomeAsync(() => readCsvInSlices(input, undefined, { skipBadRows }, EVERY_ROW));
        expect(sliced).toEqual(once);
        if (!('value' in once)) continue;
        for (const options of [{ name: 'x' }, { name: 'x', skipBadRows }, { name: 'x', label: (once.value.header[0] as string), skipBadRows: true }]) {
          const a = outcome(() => plain(importTable(once.value, options)));
          const b = await outcomeAsync(async () => plain(await importTableInSlices(once.value, options, { sliceMs: 0 })));
          expect(b).toEqual(a);
        }
      }
    }
  });

  test('bytes over a megabyte are decoded in slices: a character split between two slices, and bytes that are not UTF-8, as in one go', async () => {
    // Long rows (few of them), with a two-byte character placed across the first megabyte's end.
    const body = new TextEncoder().encode(Array.from({ length: 2000 }, (_, i) => `${i},${'é'.repeat(300)},${i % 2 ? 'x' : 'y'}\n`).join(''));
    let j = (1 << 20) - 20;
    while (body[j] !== 0xc3) j--;
    const head = `${'a'.repeat((1 << 20) - 1 - j - ',b,label\n'.length)},b,label\n`;
    const bytes = new Uint8Array([...new TextEncoder().encode(head), ...body]);
    expect(bytes[(1 << 20) - 1]).toBe(0xc3);
    expect(await outcomeAsync(() => readCsvInSlices(bytes, undefined, {}, { sliceMs: 0 }))).toEqual(outcome(() => readCsv(bytes)));
    const broken = bytes.slice();
    broken[(1 << 20) + 5] = 0xff;
    const once = outcome(() => readCsv(broken));
    expect(once).toMatchObject({ error: { message: 'this is not UTF-8 text (a binary file, or another encoding: save it as UTF-8 CSV)' } });
    expect(await outcomeAsync(() => readCsvInSlices(broken, undefined, {}, { sliceMs: 0 }))).toEqual(once);
    const big = new Uint8Array(60 * 1024 * 1024);
    expect(await outcomeAsync(() => readCsvInSlices(big))).toEqual(outcome(() => readCsv(big)));
  });

  test('the awkward file: problems at the right lines after many pauses', async () => {
    const error = await importCsvInSlices(awkwardCsv(700, true), { name: 'awkward' }, EVERY_ROW).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CsvImportError);
    expect(error).toMatchObject({ code: 'invalid-csv' });
    const once = outcome(() => importCsv(awkwardCsv(700, true), { name: 'awkward' }));
    expect('error' in once && once.error.message).toBe((error as CsvImportError).message);
    expect((error as CsvImportError).issues).toEqual('error' in once ? once.error.issues : null);
  });

  test('any text gives the same outcome in slices as in one go (seeded property test)', async () => {
    const cell = fc.oneof(fc.string({ maxLength: 6 }), fc.double().map(String), fc.constantFrom('', '"', '""', ',', '\n', '\r\n', 'NaN', '1e400'));
    const csvLike = fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 12 }).map((rows) => rows.map((r) => r.join(',')).join('\n'));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), csvLike), async (text) => {
        const once = outcome(() => plain(importCsv(text)));
        const sliced = await outcomeAsync(async () => plain(await importCsvInSlices(text, {}, EVERY_ROW)));
        expect(sliced).toEqual(once);
      }),
      { seed: 45, numRuns: 200 },
    );
  });

  test('progress: rows read grow, each phase ends at 1', async () => {
    const seen: CsvProgress[] = [];
    const data = await importCsvInSlices(awkwardCsv(2000, false), { name: 'awkward' }, { sliceMs: 0, everyRows: 100, onProgress: (p) => seen.push(p) });
    const reads = seen.filter((p) => p.phase === 'read');
    expect(reads.length).toBeGreaterThan(10);
    expect(reads.map((p) => p.rows)).toEqual([...reads.map((p) => p.rows)].sort((a, b) => a - b));
    expect(reads.at(-1)).toEqual({ phase: 'read', rows: 2000, done: 1 });
    expect(seen.filter((p) => p.phase === 'check').at(-1)).toEqual({ phase: 'check', rows: 2000, done: 1 });
    expect(data.source.rows).toBe(2000);
  });

  test('an aborted signal stops the read and the import at the next pause', async () => {
    const controller = new AbortController();
    const seen: CsvProgress[] = [];
    const read = readCsvInSlices(awkwardCsv(2000, false), undefined, {}, { sliceMs: 0, everyRows: 100, signal: controller.signal, onProgress: (p) => {
      seen.push(p);
      if (seen.length === 3) controller.abort();
    } });
    await expect(read).rejects.toBeInstanceOf(CsvReadCancelled);
    expect(seen).toHaveLength(3);
    expect(seen[2]?.rows).toBe(299); // 300 lines parsed: the header and 299 rows
    const table = readCsv(awkwardCsv(2000, false));
    const checking = new AbortController();
    const imported = importTableInSlices(table, {}, { sliceMs: 0, signal: checking.signal, onProgress: () => checking.abort() });
    await expect(imported).rejects.toThrow('the read was cancelled');
    checking.abort();
    await expect(readCsvInSlices('a,b\n1,2\n', undefined, {}, { signal: checking.signal })).rejects.toBeInstanceOf(CsvReadCancelled);
  });
});
