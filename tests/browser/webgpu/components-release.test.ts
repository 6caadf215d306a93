/**
 * Chromium component tests of what issue 7's slice Q added to three views: the registry's release
 * records (one `<details>` per promotion: why, data, metrics, gate, approver, simulated time), the
 * endpoint's "routing now" line, and the traffic view following the shared Lab's play state (a stream
 * another view started can be held from here, and two views of one Lab agree). In-page Labs on the cpu
 * backend (tests/support/component-labs.ts), axe-clean.
 */
import { describe, expect, test } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../../components/registry/mlops-registry';
import '../../../components/endpoint/mlops-endpoint';
import '../../../components/traffic/mlops-traffic';
import { rendered, waitFor } from '../../support/wait';
import { axeViolations, mount, useComponentLabs } from '../../support/component-labs';
import { findPolicy, type Policy } from '../../../src/loop/decisions/policy';

/** Manual retrains with a gate that lets any candidate through (no alpha: the paired test is reported, not applied): before any change no retrain really beats production, and the truthful gate would refuse it. */
const ANY_GATE: Policy = { ...(findPolicy('manual') as Policy), name: 'test-any-gate', gate: { minImprovement: -1, minSamples: 1, holdout: 0.25 } };

const { newLab } = useComponentLabs();

function part(el: Element, name: string): HTMLElement {
  const found = el.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}

describe('mlops-registry: Retrain now', () => {
  test('trains a new version from the view: the gate decides, the status says what happened, mlops-retrain fires', async () => {
    const lab = await newLab({ seed: 11, policy: ANY_GATE });
    const el = mount('mlops-registry', lab);
    await lab.run(800);
    await waitFor('production known', () => el.production === 'v1');
    await rendered(el);
    const fired: { version: string | null; gatePassed: boolean | null; deployed: boolean }[] = [];
    el.addEventListener('mlops-retrain', (e) => fired.push(e.detail));
    const button = part(el, 'retrain-button') as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    expect(button.getAttribute('aria-label')).toMatch(/^Retrain now: train a new version on the latest labelled requests/);
    button.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor('the retrain finished', () => fired.length === 1);
    await rendered(el);
    // Same seed and stream as the release test above: seed 11's v2 passes the gate and is deployed.
    expect(fired).toEqual([{ version: 'v2', gatePassed: true, deployed: true }]);
    expect(el.versions.map((v) => v.id)).toEqual(['v2', 'v1']); // newest first
    expect(part(el, 'status').textContent).toMatch(/^Trained v2 on the latest labelled requests\. The gate passed: candidate (better by \d+\.\d points?|worse by \d+\.\d points?|as accurate), p [=<] [\d.]+ on \d+ paired rows/);
    expect(await axeViolations(el)).toEqual([]);
    el.remove();
  });
});

describe('mlops-registry: release records', () => {
  test('renders alone with no release yet', async () => {
    const el = mount('mlops-registry', null);
    await el.updateComplete;
    expect(el.releases).toEqual([]);
    expect(el.shadowRoot?.querySelector('#releases-title')?.textContent).toBe('Release records');
    expect(el.shadowRoot?.querySelector('[part="releases"]')).toBeNull();
    el.remove();
  });

  test('one closed <details> per promotion, newest first; it opens by keyboard into why, data, metrics, gate, approver, when; a rollback adds none; axe clean', async () => {
    const lab = await newLab({ seed: 11, policy: ANY_GATE });
    const el = mount('mlops-registry', lab);
    await lab.run(800);
    const outcome = await lab.retrain('component test');
    expect(outcome).toMatchObject({ version: 'v2', deployed: true }); // seed 11's v2 passes the gate (components-views.test.ts)
    await waitFor('two releases', () => el.releases.length === 2);
    await rendered(el);
    expect(el.releases.map((r) => [r.record.version, r.record.replaced, r.record.approver])).toEqual([
      ['v2', 'v1', 'learner'],
      ['v1', null, 'lab'],
    ]);
    const items = () => [...part(el, 'releases').querySelectorAll(':scope > li')];
    expect(items().map((li) => li.getAttribute('data-version'))).toEqual(['v2', 'v1']);
    const newest = items()[0] as HTMLElement;
    const details = newest.querySelector('details') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    const summary = details.querySelector('summary') as HTMLElement;
    expect(summary.textContent).toMatch(/^v2 went live at \d+ (s|min), replacing v1; gate passed; approved by you \(the learner\)\.$/);

    // Open it from the keyboard.
    summary.focus();
    await userEvent.keyboard('{Enter}');
    expect(details.open).toBe(true);
    const field = (name: string) => newest.querySelector(`[data-field="${name}"]`)?.textContent ?? '';
    const snapshot = await lab.snapshot();
    const record = snapshot.releases?.at(-1);
    expect(record?.version).toBe('v2');
    expect(field('why')).toBe(record?.why);
    expect(field('why')).toMatch(/^gate passed: candidate /);
    expect(field('data')).toMatch(/^\d+ labelled rows from the traffic of .+ of simulated time \(recent window: requests [\d,]+ to [\d,]+\); moons, scenario moons-rotation, seed 11\.$/);
    expect(field('metrics')).toBe(`Accuracy ${(Math.round((record?.metrics.accuracy ?? 0) * 1000) / 10).toFixed(1)}% on ${record?.metrics.rows} held-out rows, loss ${record?.metrics.loss.toFixed(3)}.`);
    expect(newest.querySelector('[data-field="gate"]')?.getAttribute('data-passed')).toBe('true');
    expect(field('gate')).toMatch(/^Passed: (better by \d+\.\d points?|worse by \d+\.\d points?|as accurate), p [=<] [\d.]+ on \d+ paired rows \(candidate \d+\.\d% vs production \d+\.\d% on the same recent rows neither had trained on; needed -100\.0 points\)\.$/);
    expect(field('approver')).toBe('you (the learner)');
    expect(field('when')).toMatch(/ into the run \(simulated\)$/);
    expect(items()[1]?.querySelector('[data-field="data"]')?.textContent).toMatch(/rows drawn from the base concept before any traffic/);

    // Promote v1 from the view: a third record, no gate, the view's reason; the rollback after adds none.
    el.shadowRoot?.querySelector<HTMLButtonElement>('button.promote[data-version="v1"]')?.click();
    await waitFor('v1 released again', () => el.releases.length === 3 && el.registryState === 'idle');
    await rendered(el);
    expect(el.releases[0]?.record).toMatchObject({ version: 'v1', replaced: 'v2', why: 'promoted from the registry view', gate: null });
    expect(items()[0]?.querySelector('[data-field="gate"]')?.textContent).toBe('No gate: promoted without comparing it with production.');
    await el.rollback();
    await waitFor('v2 back', () => el.production === 'v2' && el.registryState === 'idle');
    expect((await lab.snapshot()).releases).toHaveLength(3);
    await rendered(el);
    expect(items()).toHaveLength(3);
    expect(await axeViolations(el)).toEqual([]);
  });
});

describe('mlops-endpoint: the routing in force', () => {
  test('shows how requests are routed now and follows a change made elsewhere; axe clean', async () => {
    const lab = await newLab();
    const el = mount('mlops-endpoint', lab);
    await waitFor('the routing', () => el.routing !== null);
    await rendered(el);
    expect(el.routing).toEqual({ mode: 'production' });
    expect(part(el, 'routing').getAttribute('data-mode')).toBe('production');
    expect(part(el, 'routing').textContent).toContain('Every request is answered by the production version.');
    expect(part(el, 'routing').textContent).toContain('Production: v1; candidate: none; shadow: none.');

    await lab.setRouting({ mode: 'ab', weights: { production: 3, candidate: 1 } });
    await waitFor('the A/B split', () => el.routing?.mode === 'ab');
    await rendered(el);
    expect(part(el, 'routing').getAttribute('data-mode')).toBe('ab');
    expect(part(el, 'routing').textContent).toContain('A/B test: 75% of requests to production, 25% to the candidate.');
    expect(await axeViolations(el)).toEqual([]);
  });
});

describe('mlops-traffic: the shared Lab play state', () => {
  test('a stream started elsewhere shows as playing and Hold pauses it for every view; Play here shows in the other view', async () => {
    const lab = await newLab({ requests: 4000 });
    const a = mount('mlops-traffic', lab);
    const b = mount('mlops-traffic', lab);
    await waitFor('both views paused', () => a.trafficState === 'paused' && b.trafficState === 'paused');

    // Another part of the page (the guided run, say) plays the Lab.
    await lab.play(5);
    await waitFor('both views see it playing', () => a.isPlaying && b.isPlaying);
    await rendered(a);
    expect(a.playingFromHere).toBe(false);
    expect(part(a, 'status').getAttribute('data-state')).toBe('playing');
    expect(part(a, 'status').textContent).toContain('the lab is playing at 5 simulated seconds per second (started elsewhere on the page');
    expect((part(a, 'pause-button') as HTMLButtonElement).disabled).toBe(false);
    expect((part(a, 'play-button') as HTMLButtonElement).disabled).toBe(true);

    // Hold in view a: the Lab stops, and view b says so too.
    part(a, 'pause-button').click();
    await waitFor('both views held', () => !a.isPlaying && !b.isPlaying && a.trafficState === 'paused');
    expect((await lab.snapshot()).playing).toBe(false);
    const held = (await lab.snapshot()).position;
    await new Promise((r) => setTimeout(r, 300));
    expect((await lab.snapshot()).position).toBe(held);
    await rendered(b);
    expect((part(b, 'play-button') as HTMLButtonElement).disabled).toBe(false);

    // Play in view b: view a follows, and knows it did not start it.
    await b.play();
    expect(b.playingFromHere).toBe(true);
    await waitFor('view a sees it playing', () => a.isPlaying);
    expect(a.playingFromHere).toBe(false);
    await a.pause();
    await waitFor('view b held', () => !b.isPlaying);
    expect(b.playingFromHere).toBe(false);
    await rendered(a);
    expect(await axeViolations(a)).toEqual([]);
  });
});
