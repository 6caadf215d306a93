/**
 * End to end: the learner's own CSV through the whole loop, on the built lab page in real headless
 * Chromium. The file is tests/fixtures/greenhouse.csv (600 rows written by make-greenhouse-csv.mjs,
 * seeded; two rows have problems on purpose). The learner picks it, reads the two problems by line,
 * column and reason, leaves those rows out, looks at the inferred schema and tries another label
 * column, keeps the suggested drift (the rule changes for the humid half of the inputs) and presses
 * "Run the loop on this data": the lab trains, deploys, streams with that drift, alerts and retrains.
 * The page says a share link cannot carry the file; the exported session and the saved session
 * (IndexedDB, after a reload) keep the data. No request leaves localhost.
 */
import { fileURLToPath } from 'node:url';
import type { Locator } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openPage, screenshot, seriousViolations, type E2ePage } from './browser.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/greenhouse.csv', import.meta.url));

interface RunState {
  phase: string;
  steps: string[];
  versions: string[];
  dataset: { name: string; rows: number } | null;
  scenario: string;
}

function readRun(lab: Locator): Promise<RunState> {
  return lab.evaluate((el) => {
    const page = el as HTMLElementTagNameMap['mlops-lab'];
    const scenario = page.config.scenario;
    return JSON.parse(
      JSON.stringify({
        phase: page.phase,
        steps: page.guide.steps.map((s) => s.id),
        versions: page.guide.versions,
        dataset: page.config.dataset ? { name: page.config.dataset.name, rows: page.config.dataset.rows } : null,
        scenario: typeof scenario === 'string' ? scenario : scenario.name,
      }),
    ) as RunState;
  });
}

describe('your own CSV through the whole loop', () => {
  let open: E2ePage | null = null;
  afterEach(async () => {
    await open?.browser.close();
    open = null;
  });

  it('pick a file, see its problems and schema, choose a drift, run: drift, alert, retrain; the session keeps the data', async () => {
    open = await openPage([]);
    const { page } = open;
    await page.goto(inject('baseUrl'));
    await page.waitForFunction(() => customElements.get('mlops-lab') !== undefined && customElements.get('mlops-csv') !== undefined);
    const lab = page.locator('mlops-lab');
    const csv = lab.locator('mlops-csv');
    const status = csv.locator('[part="status"]');

    // The file has two problems: listed by line, column and reason; the file is refused as it is.
    await csv.locator('input[type="file"]').setInputFiles(FIXTURE);
    await expect.poll(() => status.getAttribute('data-state')).toBe('error');
    const problems = csv.locator('[part="problems"] li');
    expect(await problems.allInnerTexts()).toEqual(['line 97: this row has 4 values, the header has 5', 'line 42, column “humidity_pct”: "n/a" is not a number, but this column is numeric']);
    await screenshot(page, 'csv-loop-problems');

    // Leave those rows out: 598 rows, the inferred schema, the label column "state" and its classes.
    await csv.getByLabel('Leave out rows with problems').check();
    await expect.poll(() => status.getAttribute('data-state')).toBe('ready');
    expect(await status.innerText()).toMatch(/^greenhouse\.csv: 598 rows, 4 features, 3 classes \(label "state"\)/);
    expect(await csv.locator('[part="notes"]').innerText()).toContain('2 rows were left out for 2 problems');
    const schema = csv.locator('[part="schema"] tbody tr');
    expect(await schema.evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-column'), r.getAttribute('data-role'), r.children[2]?.textContent]))).toEqual([
      ['temperature_c', 'feature', 'numeric'],
      ['humidity_pct', 'feature', 'numeric'],
      ['soil', 'feature', 'categorical (3)'],
      ['light_klux', 'feature', 'numeric'],
      ['state', 'label', '3 classes'],
    ]);
    expect(await csv.locator('[part="classes"]').innerText()).toMatch(/^Classes: healthy \d+ rows \(\d+%\), mould \d+ rows \(\d+%\), wilting \d+ rows \(\d+%\)$/);

    // Another label column, then back.
    const labelPick = csv.getByLabel('Label column (what to predict)');
    await labelPick.selectOption('soil');
    await expect.poll(() => csv.locator('[part="schema"] tr[data-role="label"]').getAttribute('data-column')).toBe('soil');
    expect(await csv.locator('[part="classes"]').innerText()).toMatch(/^Classes: clay .*, loam .*, sand /);
    await labelPick.selectOption('state');
    await expect.poll(() => csv.locator('[part="schema"] tr[data-role="label"]').getAttribute('data-column')).toBe('state');

    // The suggested drift: the rule changes where humidity_pct is in its upper half ("healthy" becomes "mould").
    expect(await csv.getByLabel('What changes').inputValue()).toBe('concept');
    expect(await csv.locator('select[data-field="feature"]').inputValue()).toBe('humidity_pct');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'csv-loop-ready');

    await lab.getByLabel('Speed').selectOption('80');
    await csv.getByRole('button', { name: 'Run the loop on this data' }).click();
    await expect.poll(() => readRun(lab).then((s) => s.dataset)).toEqual({ name: 'greenhouse', rows: 598 });
    expect((await readRun(lab)).scenario).toBe('greenhouse-concept');
    expect(await lab.locator('[part="own-data-note"]').innerText()).toContain('A share link cannot carry a local file');
    await expect.poll(() => readRun(lab).then((s) => s.steps), { timeout: 120_000 }).toContain('deploy');
    await expect.poll(() => readRun(lab).then((s) => s.steps), { timeout: 240_000, interval: 1000 }).toContain('retrain');
    await expect.poll(() => readRun(lab).then((s) => s.phase), { timeout: 240_000, interval: 1000 }).toBe('done');
    const run = await readRun(lab);
    for (const step of ['train', 'deploy', 'stream', 'drift', 'alert', 'retrain', 'end']) expect(run.steps).toContain(step);
    expect(run.versions.length).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'csv-loop-end');

    // The exported session holds the data; the saved one restores it after a reload, without the file.
    const exported = await lab.evaluate(async (el) => {
      const file = await (el as HTMLElementTagNameMap['mlops-lab']).activeLab?.exportSession();
      return { rows: file?.config.dataset?.rows ?? null, features: file?.config.dataset?.features.length ?? null, versions: file?.registry.versions.length ?? 0 };
    });
    expect(exported).toEqual({ rows: 598, features: 598 * 4, versions: run.versions.length });
    await page.waitForTimeout(3000);
    await page.reload();
    await page.waitForFunction(() => customElements.get('mlops-lab') !== undefined);
    const sessionStatus = () => page.locator('mlops-lab').evaluate((el) => (el.shadowRoot as ShadowRoot).querySelector('[part="session-status"]')?.textContent ?? '');
    await expect.poll(sessionStatus, { timeout: 90_000, interval: 500 }).toMatch(/Restored your saved session|could not be restored|was not restored/);
    expect(await sessionStatus()).toContain('Restored your saved session');
    expect((await readRun(page.locator('mlops-lab'))).dataset).toEqual({ name: 'greenhouse', rows: 598 });
    expect(await page.locator('mlops-lab [part="own-data-note"]').innerText()).toContain('A share link cannot carry a local file');
    expect(open.external).toEqual([]);
    expect(open.pageErrors).toEqual([]);
  });
});
