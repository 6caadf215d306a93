/**
 * The CSV reader (src/worker/csv-host.ts) without a worker: what it answers to read, import and
 * cancel — progress, then the outcome whose encoded table equals the library's import in one go,
 * the refusal with its problems by line, column and reason, the drift defaults it worked out, a new
 * import of the table it kept, a cancelled command, and a newer command replacing the running one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { importCsv, suggestDrift } from '../../datasets/csv/index';
import { CsvReaderHost } from '../../src/worker/csv-host';
import type { CsvReadChoices, CsvReaderCommand, CsvReaderEvent } from '../../src/worker/csv-protocol';

const GREENHOUSE = readFileSync(new URL('../fixtures/greenhouse.csv', import.meta.url), 'utf8');
const CHOICES: CsvReadChoices = { ignore: [], countHeader: 'classes', skipBadRows: false };

/** A host whose events are collected; `run` resolves when the command has answered. */
function host(): { events: CsvReaderEvent[]; run: (command: CsvReaderCommand) => Promise<void>; h: CsvReaderHost } {
  const events: CsvReaderEvent[] = [];
  const h = new CsvReaderHost((event) => events.push(structuredClone(event)));
  return { events, run: (command) => h.handle(command), h };
}

describe('the CSV reader host', () => {
  test('read: refused with every problem; imported again with rows left out, equal to the library; drift defaults', async () => {
    const { events, run } = host();
    await run({ type: 'read', id: 1, file: GREENHOUSE, name: 'greenhouse', choices: CHOICES });
    const refused = events.at(-1);
    expect(refused).toMatchObject({ type: 'done', id: 1, outcome: { refused: true, total: 2, encoded: null, message: 'line 97: this row has 4 values, the header has 5 (and 1 more problem)', facts: { header: ['temperature_c', 'humidity_pct', 'soil', 'light_klux', 'state'] } } });
    await run({ type: 'import', id: 2, name: 'greenhouse', choices: { ...CHOICES, skipBadRows: true } });
    const done = events.at(-1);
    if (done?.type !== 'done' || !done.outcome.encoded) throw new Error(`no import: ${JSON.stringify(done)}`);
    const once = importCsv(GREENHOUSE, { name: 'greenhouse', skipBadRows: true });
    expect(done.outcome.encoded).toEqual(once.table);
    expect(done.outcome).toMatchObject({ refused: false, total: 2, notes: ['2 rows were left out for 2 problems (listed below); 598 rows were imported.'], seconds: { read: 0 } });
    expect(done.outcome.suggestions).toEqual({ covariate: suggestDrift(once, 'covariate'), prior: suggestDrift(once, 'prior'), concept: suggestDrift(once, 'concept') });
  });

  test('a file that cannot be read, an import before any read, a cancel, and a newer command', async () => {
    const { events, run, h } = host();
    await run({ type: 'read', id: 1, file: new Uint8Array([0, 1, 2]), name: 'x', choices: CHOICES });
    expect(events.at(-1)).toMatchObject({ type: 'done', outcome: { facts: null, refused: true, message: 'this looks like a binary file (it contains NUL bytes), not CSV text' } });
    await run({ type: 'import', id: 2, name: 'x', choices: CHOICES });
    expect(events.at(-1)).toEqual({ type: 'failed', id: 2, message: 'no file has been read: read one before importing it again' });

    const big = `a,b,label\n${Array.from({ length: 30_000 }, (_, i) => `${i},${i % 7},${i % 3}`).join('\n')}\n`;
    const reading = h.handle({ type: 'read', id: 3, file: big, name: 'big', choices: CHOICES });
    await h.handle({ type: 'cancel', id: 3 });
    await reading;
    expect(events.at(-1)).toEqual({ type: 'cancelled', id: 3 });

    const first = h.handle({ type: 'read', id: 4, file: big, name: 'big', choices: CHOICES });
    const second = h.handle({ type: 'read', id: 5, file: GREENHOUSE, name: 'greenhouse', choices: { ...CHOICES, skipBadRows: true } });
    await Promise.all([first, second]);
    // The older read stops at its next pause, which may come after the newer one is done.
    const answers = events.filter((e) => e.type !== 'progress').slice(-2);
    expect(answers.map((e) => [e.type, e.id]).sort((a, b) => (a[1] as number) - (b[1] as number))).toEqual([
      ['cancelled', 4],
      ['done', 5],
    ]);
  });
});
