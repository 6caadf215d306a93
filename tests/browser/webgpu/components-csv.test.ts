/**
 * `<mlops-csv>` alone in real Chromium (no Lab needed: it reads and checks the file in the page):
 * scikit-learn's iris.csv with its count header explained and the class-name choice; a dropped file
 * with problems listed by line, column and reason, then left out; the label column changed; the
 * drift form's defaults and a bad value; "Run the loop" alone fires `mlops-csv-run` with the config
 * and, with no lab page to take it, runs the loop in the Lab handed in (an in-page one here) and lists
 * what happened. No serious or critical axe-core violation.
 */
import { describe, expect, test } from 'vitest';
import '../../../components/csv/mlops-csv';
import type { MlopsCsvLoadEvent, MlopsCsvRunEvent } from '../../../components/csv/csv-events';
import { axeViolations, mount, useComponentLabs } from '../../support/component-labs';
import IRIS from '../../fixtures/sklearn-iris.csv?raw';
import GREENHOUSE from '../../fixtures/greenhouse.csv?raw';

function part(el: HTMLElement, name: string): HTMLElement | null {
  return (el.shadowRoot as ShadowRoot).querySelector(`[part="${name}"]`);
}

async function pick(el: HTMLElementTagNameMap['mlops-csv'], field: string, value: string): Promise<void> {
  const select = (el.shadowRoot as ShadowRoot).querySelector(`[data-field="${field}"]`) as HTMLSelectElement | HTMLInputElement;
  select.value = value;
  select.dispatchEvent(new Event('change'));
  await el.updateComplete;
}

const { blankLab } = useComponentLabs();

describe('mlops-csv', () => {
  test('iris.csv: the count header explained, its class names used or not; axe clean', async () => {
    const el = mount('mlops-csv', null);
    const loads: MlopsCsvLoadEvent[] = [];
    el.addEventListener('mlops-csv-load', (e) => loads.push(e));
    await el.load(IRIS, 'iris.csv');
    await el.updateComplete;
    expect(part(el, 'status')?.getAttribute('data-state')).toBe('ready');
    expect(part(el, 'status')?.textContent).toMatch(/^iris\.csv: 150 rows, 4 features, 3 classes \(label "target"\); checked in [\d.]+ s\.$/);
    expect(part(el, 'notes')?.textContent).toContain('is a scikit-learn count header: 150 rows, 4 features, classes setosa, versicolor, virginica. It was skipped, and the class names were read from it');
    expect(part(el, 'classes')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('Classes: setosa 50 rows (33%), versicolor 50 rows (33%), virginica 50 rows (33%)');
    expect(loads.map((e) => e.detail)).toEqual([{ fileName: 'iris.csv', rows: 150, features: 4, classes: ['setosa', 'versicolor', 'virginica'], problems: 0, refused: false }]);
    await pick(el, 'count-header', 'skip');
    expect(part(el, 'classes')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('Classes: 0 50 rows (33%), 1 50 rows (33%), 2 50 rows (33%)');
    expect(await axeViolations(el)).toEqual([]);
    el.remove();
  });

  test('a dropped file: problems by line, column and reason; rows left out; another label; the drift; run alone', async () => {
    const lab = blankLab();
    const el = mount('mlops-csv', lab);
    await el.updateComplete;
    const drop = new DataTransfer();
    drop.items.add(new File([GREENHOUSE], 'greenhouse.csv', { type: 'text/csv' }));
    part(el, 'drop-zone')?.dispatchEvent(new DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }));
    await expect.poll(() => part(el, 'status')?.getAttribute('data-state')).toBe('error');
    const items = [...((el.shadowRoot as ShadowRoot).querySelectorAll('[part="problems"] li') as NodeListOf<HTMLElement>)].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual(['line 97: this row has 4 values, the header has 5', 'line 42, column “humidity_pct”: "n/a" is not a number, but this column is numeric']);
    expect(part(el, 'status')?.textContent).toBe('greenhouse.csv cannot be used: line 97: this row has 4 values, the header has 5 (and 1 more problem)');
    expect(part(el, 'drift')).toBeNull();
    expect(await axeViolations(el)).toEqual([]);

    const skip = (el.shadowRoot as ShadowRoot).querySelector('[data-field="skip-bad-rows"]') as HTMLInputElement;
    skip.click();
    await el.updateComplete;
    expect(part(el, 'status')?.getAttribute('data-state')).toBe('ready');
    expect(el.data?.source.rows).toBe(598);
    await pick(el, 'label', 'soil');
    expect(el.data?.schema.classes).toEqual(['clay', 'loam', 'sand']);
    await pick(el, 'label', 'state');

    // The drift: defaults, a bad value refused in words, then run alone.
    expect((el.shadowRoot as ShadowRoot).querySelector<HTMLSelectElement>('[data-field="kind"]')?.value).toBe('concept');
    await pick(el, 'kind', 'prior');
    expect((el.shadowRoot as ShadowRoot).querySelector<HTMLInputElement>('[data-field="mix"]')?.value).toBe('0.15, 0.7, 0.15');
    await pick(el, 'at', '9000');
    const runs: MlopsCsvRunEvent[] = [];
    el.addEventListener('mlops-csv-run', (e) => runs.push(e));
    (part(el, 'run-button') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(runs).toHaveLength(0);
    expect(part(el, 'status')?.textContent).toBe('The drift cannot be used: the drift must happen at a request from 1 to 5999, got 9000');
    await pick(el, 'at', '2000');
    (part(el, 'run-button') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(runs).toHaveLength(1);
    const config = runs[0]?.detail.config;
    expect(config?.requests).toBe(6000);
    expect(config?.dataset?.rows).toBe(598);
    expect(config?.scenario).toMatchObject({ name: 'greenhouse-prior', changes: [{ at: 2000, effect: { type: 'class-mix', mix: [0.15, 0.7, 0.15] } }] });
    expect(runs[0]?.detail.drift).toBe('The class mix becomes 0.15 / 0.7 / 0.15.');
    expect(runs[0]?.handled).toBe(false);
    expect(part(el, 'status')?.textContent).toBe('Running the loop on greenhouse.csv in the Lab given to this element: The class mix becomes 0.15 / 0.7 / 0.15.');
    expect(part(el, 'link-note')?.textContent).toContain('A share link cannot carry a local file');
    expect(el.activeLab).toBe(lab);
    const lines = () => [...((el.shadowRoot as ShadowRoot).querySelectorAll('[part="progress"] li') as NodeListOf<HTMLElement>)].map((li) => li.textContent ?? '');
    await expect.poll(lines, { timeout: 60_000, interval: 250 }).toContainEqual(expect.stringMatching(/^request 0: v1 serves production/));
    expect(lines()[0]).toMatch(/^request 0: v1 trained \(manual\), \d+\.\d% on its held-out rows$/);
    expect(part(el, 'progress')?.getAttribute('data-state')).toMatch(/^(running|done)$/);
    expect((await lab.snapshot()).run.scenario).toMatchObject({ name: 'greenhouse-prior' });
    expect(await axeViolations(el)).toEqual([]);
    el.remove();
  });
});
