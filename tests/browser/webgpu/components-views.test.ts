/**
 * `<mlops-monitor>`, `<mlops-alerts>` and `<mlops-registry>` in real Chromium: each renders alone,
 * follows a Lab handed in through `.lab`, fires its typed events, and has no serious or critical
 * axe-core violation. Kept fast: the Lab runs in the page (createInPageLabClient) on TF.js's cpu
 * backend (the software-emulated GPU of these machines is far slower for this tiny model), with a
 * 600 initial rows, 3 epochs and a short stream.
 */
import { describe, expect, test } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../../components/alerts/mlops-alerts';
import '../../../components/monitor/mlops-monitor';
import '../../../components/registry/mlops-registry';
import type { MlopsAlertChangeEvent, MlopsMonitorMarkerEvent, MlopsPromoteEvent, MlopsRollbackEvent } from '../../../components/shared/events';
import { rendered, waitFor } from '../../support/wait';
import { axeViolations, mount, useComponentLabs } from '../../support/component-labs';
import { findPolicy, type Policy } from '../../../src/loop/decisions/policy';

/** Manual retrains with a gate that lets any candidate through (no alpha: the paired test is reported, not applied). */
const ANY_GATE: Policy = { ...(findPolicy('manual') as Policy), name: 'test-any-gate', gate: { minImprovement: -1, minSamples: 1, holdout: 0.25 } };

const { newLab } = useComponentLabs();

describe('mlops-monitor', () => {
  test('renders alone with a waiting status and a text summary', async () => {
    const el = mount('mlops-monitor', null);
    await el.updateComplete;
    const root = el.shadowRoot as ShadowRoot;
    expect(root.querySelector('canvas')?.getAttribute('role')).toBe('img');
    expect(root.querySelector('[part="summary"]')?.textContent).toContain('Realized accuracy is the share of right answers');
    el.remove(); // before its own Lab is made (one macrotask after connecting)
  });

  test('plots a Lab: per-version lines, the drift band, release markers; fires mlops-monitor-marker; axe clean', async () => {
    const lab = await newLab({ requests: 7000 });
    const el = mount('mlops-monitor', lab); // no scenario given: the shading comes from the run the snapshots name
    const markers: MlopsMonitorMarkerEvent[] = [];
    el.addEventListener('mlops-monitor-marker', (e) => markers.push(e));
    await lab.run(1500);
    await lab.retrain('component test');
    await lab.run(5000); // past the drift (requests 4500 to 5500)
    await waitFor('the monitor to see 6500 requests', () => el.chartData.position >= 6500);
    const data = el.chartData;
    const realized = data.lines.filter((l) => l.kind === 'realized');
    expect(realized.length).toBeGreaterThanOrEqual(1);
    expect(realized[0]?.version).toBe('v1');
    expect(data.lines.some((l) => l.kind === 'estimated' && l.points.length > 0)).toBe(true);
    for (const l of data.lines) for (const p of l.points) expect(p.y).toBeGreaterThanOrEqual(0);
    expect(data.markers.some((m) => m.kind === 'retrain' && m.version === 'v2')).toBe(true);
    expect(markers.some((e) => e.detail.kind === 'retrain' && e.detail.version === 'v2')).toBe(true);
    expect(data.truth.length).toBeGreaterThanOrEqual(1);
    // (the shape, "gradual", shows once the run's ground truth carries it; see truthBands)
    expect(data.truth[0]).toMatchObject({ from: 4500, transitionEnd: 5500, kind: 'concept', open: true });
    // From the plotted data: accuracy before the drift band is clearly above accuracy at its end.
    const mean = (ys: number[]) => ys.reduce((a, b) => a + b, 0) / ys.length;
    const realizedPoints = realized.flatMap((l) => l.points);
    const before = mean(realizedPoints.filter((p) => p.x < 4500).map((p) => p.y));
    const after = mean(realizedPoints.filter((p) => p.x > 5500).map((p) => p.y));
    expect(before).toBeGreaterThan(0.8);
    expect(after).toBeLessThan(before - 0.01); // seeded cpu run: 90% before, 88% after (a 3-epoch model; the turn is only partly felt)
    expect(el.summary.before).toMatch(/^The concept drift \(gradual\) began at request 4,500; accuracy before it was \d+%\.$/);
    expect(el.summary.now).toMatch(/^Now \(requests [\d,]+ to [\d,]+, production v\d\): realized accuracy \d+%/);
    await rendered(el);
    const summary = (el.shadowRoot as ShadowRoot).querySelector('[part="summary"]')?.textContent ?? '';
    expect(summary).toContain(el.summary.now);
    expect((el.shadowRoot as ShadowRoot).querySelectorAll('[part="markers"] tbody tr[data-kind]').length).toBeGreaterThan(0);
    expect(await axeViolations(el)).toEqual([]);
  });

  test('keeps the plotted points bounded (max-points)', async () => {
    const lab = await newLab({ seed: 8, window: 20 });
    const el = mount('mlops-monitor', lab);
    el.maxPoints = 11;
    await lab.run(1200);
    await waitFor('60 windows', () => el.chartData.position >= 1200 && el.chartData.decimated);
    for (const l of ['realized', 'estimated'] as const) {
      const total = el.chartData.lines.filter((x) => x.kind === l).reduce((n, x) => n + x.points.length, 0);
      expect(total).toBeLessThanOrEqual(11);
    }
  });
});

describe('mlops-alerts', () => {
  test('shows the alert a burst of bad requests raises, explains it, fires mlops-alert-change; axe clean', async () => {
    const lab = await newLab({ seed: 9, badRequestShare: 0.3 });
    const el = mount('mlops-alerts', lab);
    const changes: MlopsAlertChangeEvent[] = [];
    el.addEventListener('mlops-alert-change', (e) => changes.push(e));
    await lab.run(600);
    await waitFor('an error-rate alert', () => el.activeAlerts.some((a) => a.rule === 'error-rate'));
    const raised = changes.find((c) => c.detail.change === 'raised' && c.detail.alert.ruleId === 'error-rate');
    expect(raised?.detail.explanation).toMatch(/of requests got an error instead of an answer \(the limit is 5%\)/);
    expect(el.entries.some((e) => e.rule === 'error-rate' && e.valueAtRaise > 0.05)).toBe(true);
    expect(el.rate.raised).toBeGreaterThanOrEqual(1);
    await rendered(el);
    const root = el.shadowRoot as ShadowRoot;
    expect(root.querySelector('[part="active"]')?.textContent).toContain('error-rate');
    expect(root.querySelector('[part="rate"]')?.textContent).toMatch(/per simulated day/);
    expect(root.querySelectorAll('[part="log"] tbody tr').length).toBeGreaterThanOrEqual(1);
    expect(await axeViolations(el)).toEqual([]);
  });

  test('renders alone (no Lab yet) with an empty log', async () => {
    const el = mount('mlops-alerts', null);
    await el.updateComplete;
    expect((el.shadowRoot as ShadowRoot).textContent).toContain('No alert yet.');
    el.remove();
  });
});

describe('mlops-registry', () => {
  test('lists versions; Promote and Roll back (keyboard) move production and fire typed events; axe clean', async () => {
    const lab = await newLab({ seed: 11, policy: ANY_GATE });
    const el = mount('mlops-registry', lab);
    await lab.run(800);
    const outcome = await lab.retrain('component test');
    expect(outcome.version).toBe('v2');
    await waitFor('two versions', () => el.versions.length === 2);
    const root = el.shadowRoot as ShadowRoot;
    expect(el.versions.map((v) => v.id)).toEqual(['v2', 'v1']);
    expect(el.versions[0]).toMatchObject({ parent: 'v1', trigger: 'manual' });

    const events: (MlopsPromoteEvent | MlopsRollbackEvent)[] = [];
    el.addEventListener('mlops-promote', (e) => events.push(e));
    el.addEventListener('mlops-rollback', (e) => events.push(e));

    // The manual policy deploys directly when the gate passes: seed 11's v2 passes and goes live.
    expect(outcome.deployed).toBe(true);
    await waitFor('v2 in production', () => el.production === 'v2');
    await rendered(el);
    expect(root.querySelector('tr[data-version="v2"] .tag[data-alias="production"]')).not.toBeNull();
    const promote = root.querySelector<HTMLButtonElement>('button.promote[data-version="v1"]');
    expect(promote?.getAttribute('aria-label')).toBe('Promote v1 to production');
    expect(root.querySelector('button.promote[data-version="v2"]')).toBeNull();
    promote?.click();
    await waitFor('v1 in production', () => el.production === 'v1' && el.registryState === 'idle');
    expect(events.at(-1)).toMatchObject({ type: 'mlops-promote', detail: { version: 'v1', previous: 'v2' } });

    const rollback = root.querySelector<HTMLButtonElement>('button.rollback');
    expect(rollback?.disabled).toBe(false);
    expect(rollback?.getAttribute('aria-label')).toMatch(/^Roll back production one step/);
    // Keyboard only: focus the button and press Enter (a real key press through the browser driver).
    rollback?.focus();
    expect(root.activeElement).toBe(rollback);
    await userEvent.keyboard('{Enter}');
    await waitFor('v2 back in production', () => el.production === 'v2' && el.registryState === 'idle');
    expect(events.at(-1)).toMatchObject({ type: 'mlops-rollback', detail: { version: 'v2', previous: 'v1' } });
    expect(events).toHaveLength(2);
    expect((await lab.snapshot()).deployed.production).toBe('v2');
    await rendered(el);
    expect(root.querySelector('[part="status"]')?.textContent).toContain('v2 is in production again');
    expect(root.querySelector('[part="history"]')?.textContent).toContain('rolled back from the registry view');
    expect(await axeViolations(el)).toEqual([]);
  });

  test('a failing command shows the error and fires mlops-registry-error', async () => {
    const lab = await newLab({ seed: 12 });
    const el = mount('mlops-registry', lab);
    await waitFor('the first snapshot', () => el.versions.length === 1);
    const errors: Event[] = [];
    el.addEventListener('mlops-registry-error', (e) => errors.push(e));
    await el.promote('v9');
    expect(errors).toHaveLength(1);
    expect((errors[0] as unknown as { detail: { code: string; action: string } }).detail).toMatchObject({ code: 'version-not-found', action: 'promote' });
    await rendered(el);
    const status = (el.shadowRoot as ShadowRoot).querySelector('[part="status"]');
    expect(status?.getAttribute('data-state')).toBe('error');
    expect(status?.textContent).toMatch(/That did not work: .*v9/);
  });
});
