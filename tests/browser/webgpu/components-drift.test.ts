/**
 * `<mlops-drift>` and the health panels of `<mlops-monitor>` in real Chromium: the drift element
 * renders alone, follows an in-page Lab (a row per feature, the drifted feature marked after a sudden
 * covariate shift, an ADWIN alarm after the onset in the timeline's data, the text summary saying so),
 * fires `mlops-feature-drift`; the monitor's health panels show non-empty latency, error and volume
 * data; axe-core finds no serious or critical violation. Kept fast: in-page Labs on TF.js's cpu
 * backend (tests/support/component-labs.ts).
 */
import { describe, expect, test } from 'vitest';
import '../../../components/drift/mlops-drift';
import '../../../components/lab/mlops-lab';
import '../../../components/monitor/mlops-monitor';
import type { MlopsFeatureDriftEvent } from '../../../components/shared/events';
import { DriftHistory, type DriftTimeline } from '../../../components/drift/drift-history';
import { driftSentence, formatValue, timelineSentences, verdict } from '../../../components/drift/drift-summary';
import { HealthHistory } from '../../../components/monitor/health-history';
import { summarizeHealth } from '../../../components/monitor/health-summary';
import { RedrawGate } from '../../../components/monitor/redraw-gate';
import { healthWindow } from '../../support/health-window';
import { axeViolations, mount, useComponentLabs } from '../../support/component-labs';
import { rendered, waitFor } from '../../support/wait';

const { newLab } = useComponentLabs();

/** Blobs whose points all move 0.8 to the right (x1) at request 4000; the off policy keeps v1 in production. */
const SHIFT = { scenario: 'blobs-covariate-shift', policy: 'off', requests: 6000 } as const;

describe('mlops-drift', () => {
  test('renders alone: an empty table with its caption, the timeline canvas with a text summary, a waiting status', async () => {
    const el = mount('mlops-drift', null);
    await el.updateComplete;
    const root = el.shadowRoot as ShadowRoot;
    expect(root.querySelector('[part="table"] caption')?.textContent).toContain('Feature drift: waiting for the lab.');
    expect(root.querySelector('canvas')?.getAttribute('role')).toBe('img');
    expect(root.querySelector('[part="summary"]')?.textContent).toContain('No detector has alarmed yet');
    expect(root.querySelector('[part="status"]')?.getAttribute('data-state')).toBe('waiting');
    el.remove(); // before its own Lab is made
  });

  test('follows a Lab: a row per feature, x1 drifting after the shift, an ADWIN alarm after the onset; fires mlops-feature-drift; axe clean', async () => {
    const lab = await newLab(SHIFT);
    const el = mount('mlops-drift', lab);
    el.scenario = SHIFT.scenario;
    const events: MlopsFeatureDriftEvent[] = [];
    el.addEventListener('mlops-feature-drift', (e) => events.push(e));
    await lab.run(3000);
    await waitFor('the table before the shift', () => (el.driftTable?.position ?? 0) >= 3000);
    expect(el.driftTable?.features?.map((f) => [f.feature, f.drifting])).toEqual([
      ['x1', false],
      ['x2', false],
    ]);
    await lab.run(3000);
    await waitFor('the table after the shift', () => (el.driftTable?.position ?? 0) >= 6000);
    const table = el.driftTable;
    expect(table?.reference).toMatchObject({ source: 'training-data', version: 'v1' });
    expect(table?.features?.find((f) => f.feature === 'x1')).toMatchObject({ statistic: 'PSI', drifting: true, level: 'major', threshold: 0.1 });
    expect(table?.features?.find((f) => f.feature === 'x2')?.drifting).toBe(false);
    expect(events.map((e) => e.detail.drifting)).toContainEqual(['x1']);

    const t = el.timeline;
    expect(t.truth[0]).toMatchObject({ from: 4000, kind: 'covariate' });
    expect(t.lines.map((l) => [l.detector, l.axis, l.threshold])).toEqual([
      ['adwin', 'rate', null],
      ['ddm', 'sigma', 3],
    ]);
    expect(t.lines[0]?.points.length).toBeGreaterThan(50);
    const adwin = t.alarms.find((a) => a.detector === 'adwin' && a.position >= 4000);
    expect(adwin).toBeDefined();
    expect(t.alarms.filter((a) => a.position < 4000)).toEqual([]);
    const sentence = `ADWIN flagged a drift at request ${(adwin?.position ?? 0).toLocaleString('en-US')}, ${((adwin?.position ?? 0) - 4000).toLocaleString('en-US')} after the drift began (after the change was complete).`; // a sudden shift is complete at its onset
    expect(el.summary).toContain(sentence);

    await rendered(el);
    const root = el.shadowRoot as ShadowRoot;
    const rows = [...root.querySelectorAll('[part="table"] tbody tr[data-feature]')];
    expect(rows.map((r) => r.getAttribute('data-feature'))).toEqual(['x1', 'x2']);
    expect(rows[0]?.querySelector('.verdict')?.textContent?.trim()).toBe('Yes (major shift)');
    expect(rows[1]?.querySelector('.verdict')?.textContent?.trim()).toBe('No');
    expect(rows[0]?.querySelectorAll('td')[3]?.textContent).toMatch(/^-?[\d.]+ → [\d.]+$/);
    expect(root.querySelector('[part="table"] caption')?.textContent).toContain('training rows of production version v1');
    expect(root.querySelector('[part="method"]')?.textContent).toContain('Population Stability Index');
    expect(root.querySelector('[part="summary"]')?.textContent).toContain(sentence);
    expect(await axeViolations(el)).toEqual([]);
  });
});

describe('mlops-drift inside mlops-lab', () => {
  test('takes the Lab the page provides and shows its drift table', async () => {
    const lab = await newLab({ seed: 11, requests: 1000 });
    const page = document.createElement('mlops-lab');
    page.lab = lab;
    const el = document.createElement('mlops-drift');
    page.append(el);
    document.body.append(page);
    await el.updateComplete;
    await waitFor('the provided Lab', () => el.activeLab === lab);
    await lab.run(600);
    await waitFor('a drift table', () => (el.driftTable?.features?.length ?? 0) === 2);
    expect(el.driftTable?.features?.map((f) => f.feature)).toEqual(['x1', 'x2']);
  });
});

describe('mlops-monitor health panels', () => {
  test('latency, error and volume panels show data after some steps, with text summaries; axe clean', async () => {
    const lab = await newLab({ seed: 9, badRequestShare: 0.2 });
    const el = mount('mlops-monitor', lab);
    await lab.run(1500);
    await waitFor('health windows', () => el.healthData.position >= 1500);
    const h = el.healthData;
    expect(h.latency.map((l) => l.label)).toEqual(['p50', 'p95', 'p99']);
    for (const l of h.latency) expect(l.points.length).toBeGreaterThanOrEqual(10);
    for (const p of h.latency[0]?.points ?? []) expect(p.y).toBeGreaterThan(0);
    const p50 = h.latency[0]?.points ?? [];
    const p99 = h.latency[2]?.points ?? [];
    p50.forEach((p, i) => expect(p.y).toBeLessThanOrEqual(p99[i]?.y ?? Infinity));
    const errorPoints = h.errors.flatMap((l) => l.points);
    expect(errorPoints.some((p) => p.y > 0)).toBe(true);
    expect(h.volume[0]?.points.length).toBeGreaterThanOrEqual(10);
    expect(h.volume[0]?.points.every((p) => p.y > 0)).toBe(true);
    await rendered(el);
    const root = el.shadowRoot as ShadowRoot;
    const panels = [...root.querySelectorAll('[part~="health-panel"]')];
    expect(panels).toHaveLength(3);
    for (const p of panels) {
      expect(p.querySelector('canvas')?.getAttribute('role')).toBe('img');
      expect(p.querySelector('figcaption')?.textContent?.trim().length).toBeGreaterThan(20);
    }
    expect(root.querySelector('[part~="health-panel"] figcaption')?.textContent).toMatch(/p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms/);
    // The live Lab measures: the caption says how much of that is the model's own computation.
    expect(h.model?.rows).toBe((await lab.snapshot()).endpoint?.ok);
    expect(h.model?.ms).toBeGreaterThan(0);
    expect(root.querySelector('[part~="health-panel"] figcaption')?.textContent).toMatch(/The model's own computation takes [\d.]+ ms of a micro-batch of about [\d,]+ requests on average \([\d.]+ µs a request, over [\d,]+ micro-batches\)/);
    expect(await axeViolations(el)).toEqual([]);
  });
});

describe('the pure helpers behind the views', () => {
  const window = healthWindow;

  test('snapshots without the new fields (older engines, recordings) leave the views empty, not broken', () => {
    const d = new DriftHistory();
    d.addSnapshot({ position: 500 });
    expect(d.drift).toBeNull();
    expect(d.timeline()).toMatchObject({ position: 500, lines: [], alarms: [], warnings: [], truth: [], decimated: false });
    expect(timelineSentences(d.timeline())).toEqual(['No detector has alarmed yet (500 requests sent).']);
    expect(driftSentence(d.drift)).toBe('No drift figures yet.');
    const h = new HealthHistory();
    h.addSnapshot({ position: 500 });
    expect(h.data().latency.every((l) => l.points.length === 0)).toBe(true);
    expect(summarizeHealth(h.data()).latency).toBe('No request answered yet (500 sent).');
  });

  test('health windows merge by start (a window seen again replaces the older copy), totals add up, lines are decimated', () => {
    const h = new HealthHistory(1000, 5);
    h.addSnapshot({ position: 200, health: [window(0), window(100, { requests: 40, answered: 40, errors: 0, errorsByKind: { malformed: 0, 'unknown-model': 0, schema: 0, 'model-failure': 0, unavailable: 0 } })] });
    h.addSnapshot({ position: 1000, health: [window(100), window(200), window(300), window(400), window(500), window(600), window(700), window(800), window(900)] });
    expect(h.series.map((w) => w.start)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    const data = h.data();
    expect(data.totals).toEqual({ requests: 1000, errors: 20, byKind: { malformed: 20, 'unknown-model': 0, schema: 0, 'model-failure': 0, unavailable: 0 } });
    expect(data.decimated).toBe(true);
    for (const l of [...data.latency, ...data.errors, ...data.volume]) expect(l.points.length).toBeLessThanOrEqual(5);
    expect(data.errors[0]?.points.at(-1)).toEqual({ x: 950, y: 0.02 });
    const text = summarizeHealth(data);
    expect(text.errors).toBe('20 error answers in 1,000 requests (2%): 20 malformed (400). Last window: 2% errors.');
    expect(text.volume).toBe('Traffic in the last window (requests 900 to 1,000): 10.0 requests per simulated second, 100 requests.');
  });

  test('RedrawGate: draws a new key at once, coalesces early requests into one trailing draw of the latest, skips a key already drawn', async () => {
    const drawn: string[] = [];
    const gate = new RedrawGate(40);
    const ask = (k: string) => gate.request(k, () => drawn.push(k));
    ask('a');
    expect(drawn).toEqual(['a']);
    ask('b');
    ask('c');
    expect(drawn).toEqual(['a']);
    await new Promise((r) => setTimeout(r, 120));
    expect(drawn).toEqual(['a', 'c']);
    ask('c');
    await new Promise((r) => setTimeout(r, 60));
    expect(drawn).toEqual(['a', 'c']);
    gate.reset();
    ask('c');
    expect(drawn).toEqual(['a', 'c', 'c']);
  });

  test('the timeline in words: first alarm after the onset, earlier ones called false alarms', () => {
    const t: DriftTimeline = {
      position: 6000,
      lines: [],
      alarms: [
        { detector: 'ddm', kind: 'drift', position: 1200, version: 'v1' },
        { detector: 'adwin', kind: 'drift', position: 4730, version: 'v1' },
        { detector: 'ddm', kind: 'drift', position: 5100, version: 'v1' },
      ],
      warnings: [],
      truth: [{ from: 4500, to: 6000, transitionEnd: 5500, kind: 'concept', shape: 'gradual', incident: false, open: true, description: 'turn' }],
      decimated: false,
    };
    expect(timelineSentences(t)).toEqual([
      'The concept drift (gradual) began at request 4,500.',
      'DDM flagged a drift at request 5,100, 600 after the drift began (while the change was under way). 1 earlier drift alarm came before any real change (false alarm).',
      'ADWIN flagged a drift at request 4,730, 230 after the drift began (while the change was under way).',
    ]);
    expect(formatValue(Number.NaN)).toBe('—');
    expect(formatValue(0.12345)).toBe('0.123');
    expect(verdict({ drifting: true, level: 'moderate' })).toBe('Yes (moderate shift)');
    expect(verdict({ drifting: false, level: 'none' })).toBe('No');
  });
});
