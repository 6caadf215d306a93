/**
 * `<mlops-drill>`, `<mlops-traffic>` and `<mlops-dataset>` in real Chromium: each renders alone,
 * follows a Lab handed in through `.lab`, fires its typed events, and has no serious or critical
 * axe-core violation; together they pass axe's landmark-unique rule. Kept fast: the Labs run in the
 * page (createInPageLabClient) on TF.js's cpu backend, with a short stream and 3 training epochs.
 */
import axe from 'axe-core';
import { describe, expect, test } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../../components/dataset/mlops-dataset';
import '../../../components/drill/mlops-drill';
import '../../../components/traffic/mlops-traffic';
import type { MlopsDrillGradedEvent, MlopsDrillStartEvent, MlopsRoutingChangeEvent } from '../../../components/shared/events';
import type { LabEvent, Policy } from '../../../src/loop/index';
import { rendered, waitFor } from '../../support/wait';
import { axeViolations, mount, useComponentLabs } from '../../support/component-labs';

/**
 * A learner's policy that leaves a retrained version in a canary: any candidate passes the gate,
 * the canary starts at 1% and is promoted once the candidate answered 30 labelled requests (never
 * rolled back), so how fast it is promoted depends only on how much traffic the routing sends it.
 */
const CANARY_POLICY: Policy = {
  name: 'test-canary',
  description: 'Manual retrains, any candidate passes, a 1% canary promoted after 30 labelled answers.',
  trigger: { kind: 'manual' },
  data: { kind: 'recent', rows: 800 },
  gate: { minImprovement: -1, minSamples: 1, holdout: 0.25 },
  rollout: { kind: 'canary', steps: [1], stepLabels: 30, maxErrorRate: 1, maxAccuracyDrop: 1, maxLatencyRatio: 1000 },
};

const { newLab, blankLab } = useComponentLabs();

function part(el: Element, name: string): HTMLElement {
  const found = el.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}

describe('mlops-dataset', () => {
  test('renders alone: the scenario, the schema from the catalogue, waiting for the ground truth', async () => {
    const el = mount('mlops-dataset', null);
    await el.updateComplete;
    const rows = [...part(el, 'features').querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-feature'));
    expect(rows).toEqual(['x1', 'x2']);
    expect(part(el, 'features').textContent).toContain('-1.5 to 2.5');
    expect(part(el, 'classes').textContent).toContain('upper moon, lower moon');
    expect(part(el, 'status').getAttribute('data-state')).toBe('waiting');
    el.remove(); // before its own Lab is made (one macrotask after connecting)
  });

  test('shows the ground truth of a Lab against the stream position; an unknown scenario is a clear error; axe clean', async () => {
    const lab = await newLab({ requests: 7000 });
    const el = mount('mlops-dataset', lab);
    await waitFor('a snapshot', () => el.truth.length > 0);
    await rendered(el);
    expect(el.truth.map((r) => [r.kind, r.phase])).toEqual([['concept', 'ahead']]);
    expect(part(el, 'truth').querySelector('tr[data-kind="concept"]')?.textContent).toContain('Concept drift: the same inputs now get other labels.');
    await lab.run(5000 - (await lab.snapshot()).position + 100);
    await waitFor('the change under way', () => el.truth[0]?.phase === 'under way');
    await rendered(el);
    expect(part(el, 'truth').querySelector('tr[data-phase="under way"]')).not.toBeNull();
    expect(await axeViolations(el)).toEqual([]);

    // Once the Lab named its run, the view describes that run, whatever the `scenario` property says.
    el.scenario = 'loans-policy-change';
    await el.updateComplete;
    expect(el.scenarioInfo?.name).toBe('moons-rotation');
    const schema = (await lab.snapshot()).run.schema;
    expect(el.scenarioInfo?.dataset?.features.map((f) => f.name)).toEqual(schema.features.map((f) => f.name));
    expect(el.scenarioInfo?.dataset?.classes).toEqual(schema.classes);
    el.remove();

    // Before any run, the property's scenario is described from the catalogue (a preview).
    const preview = mount('mlops-dataset', null);
    preview.scenario = 'loans-policy-change';
    await preview.updateComplete;
    expect(preview.scenarioInfo?.dataset?.id).toBe('loans');
    expect(part(preview, 'features').querySelector('tr[data-feature="salary"]')?.textContent).toContain('EUR/year');
    preview.scenario = 'no-such-story';
    await preview.updateComplete;
    expect(part(preview, 'status').getAttribute('data-state')).toBe('error');
    expect(part(preview, 'status').textContent).toContain('unknown scenario "no-such-story"');
    preview.remove(); // before its own Lab is made
  });
});

describe('mlops-traffic', () => {
  test('renders alone with zero counters and every split but all-to-production disabled, with the reason', async () => {
    const el = mount('mlops-traffic', null);
    await el.updateComplete;
    const counters = [...part(el, 'counters').querySelectorAll('[data-counter]')].map((d) => d.getAttribute('data-counter'));
    expect(counters).toEqual(['requests', 'answered', 'errors', 'labels', 'labelsDropped']);
    expect(part(el, 'status').getAttribute('data-state')).toBe('waiting');
    expect((part(el, 'play-button') as HTMLButtonElement).disabled).toBe(true);
    el.remove();
  });

  test('step and play/pause drive the Lab; counters follow; no candidate disables the splits with a reason; axe clean', async () => {
    const lab = await newLab();
    const el = mount('mlops-traffic', lab);
    await waitFor('a snapshot', () => el.trafficState === 'paused');
    await rendered(el);
    const radio = (mode: string) => el.shadowRoot?.querySelector<HTMLInputElement>(`input[name="mode"][value="${mode}"]`) as HTMLInputElement;
    expect(radio('production').disabled).toBe(false);
    expect(radio('canary').disabled).toBe(true);
    expect(radio('ab').disabled).toBe(true);
    expect(radio('shadow').disabled).toBe(true);
    expect(radio('canary').getAttribute('aria-describedby')).toBe('blocked');
    expect(el.shadowRoot?.getElementById('blocked')?.textContent).toContain('There is no candidate version to send traffic to.');

    const before = (await lab.snapshot()).totals.requests;
    await userEvent.click(part(el, 'step-button'));
    await waitFor('a step', () => (el.activeLab ? true : false) && el.trafficState === 'paused' && part(el, 'counters').querySelector('[data-counter="requests"] .value')?.textContent !== String(before));
    const afterStep = (await lab.snapshot()).totals.requests;
    expect(afterStep).toBeGreaterThan(before); // 25 simulated seconds at 10 requests per second
    await rendered(el);
    expect(part(el, 'counters').querySelector('[data-counter="requests"] .value')?.textContent).toBe(afterStep.toLocaleString('en-US'));

    await el.play();
    expect(el.isPlaying).toBe(true);
    await waitFor('traffic while playing', () => (el.activeLab !== null && part(el, 'counters').querySelector('[data-counter="requests"] .value')?.textContent) !== afterStep.toLocaleString('en-US'));
    await el.pause();
    expect(el.isPlaying).toBe(false);
    expect(el.trafficState).toBe('paused');
    expect((await lab.snapshot()).totals.requests).toBeGreaterThan(afterStep);
    await rendered(el);
    expect(await axeViolations(el)).toEqual([]);

    // All to production is always allowed; a canary is refused by the view (no candidate), with a typed error.
    const fired: MlopsRoutingChangeEvent['detail'][] = [];
    document.addEventListener('mlops-routing-change', (e) => fired.push((e as MlopsRoutingChangeEvent).detail), { once: true });
    await userEvent.click(part(el, 'apply-button'));
    expect(fired).toEqual([{ routing: { mode: 'production' }, previous: null }]);
    await el.applyRouting({ mode: 'canary', percent: 50 });
    expect(part(el, 'status').getAttribute('data-state')).toBe('error');
    expect(part(el, 'status').textContent).toContain('routing.mode: There is no candidate version');
    expect(el.routing).toEqual({ mode: 'production' });
  });

  test('a split set in the view reaches the Lab: 100% to the candidate gets its canary promoted, 1% does not', async () => {
    const lab = await newLab({ policy: CANARY_POLICY, scenario: 'stable' });
    await lab.run(400);
    const outcome = await lab.retrain('a candidate for the split');
    expect(outcome).toMatchObject({ version: 'v2', deployed: false, gate: { passed: true } }); // in its canary, not promoted yet
    const el = mount('mlops-traffic', lab);
    await waitFor('the candidate', () => el.shadowRoot?.querySelector<HTMLInputElement>('input[name="mode"][value="canary"]')?.disabled === false);
    const candidate = outcome.version as string;
    const events: LabEvent[] = [];
    lab.onLabEvent((e) => events.push(e));

    // At the rollout's own 1%, 300 requests give the candidate too few labelled answers to be promoted.
    await lab.run(300);
    expect((await lab.snapshot()).deployed).toMatchObject({ candidate, production: 'v1' });

    // The learner sends everything to the candidate (A/B weights 0 : 1) from the view, by keyboard.
    const ab = el.shadowRoot?.querySelector<HTMLInputElement>('input[name="mode"][value="ab"]') as HTMLInputElement;
    await userEvent.click(ab);
    el.setForm({ production: 0, candidate: 1 });
    await el.updateComplete;
    const fired: MlopsRoutingChangeEvent['detail'][] = [];
    document.addEventListener('mlops-routing-change', (e) => fired.push((e as MlopsRoutingChangeEvent).detail), { once: true });
    part(el, 'apply-button').focus();
    await userEvent.keyboard('{Enter}');
    await waitFor('the routing event', () => fired.length === 1);
    expect(fired[0]).toEqual({ routing: { mode: 'ab', weights: { production: 0, candidate: 1 } }, previous: null });
    expect(part(el, 'status').textContent).toBe('A/B test: 0% of requests to production, 100% to the candidate.');

    await lab.run(300);
    expect((await lab.snapshot()).deployed.production).toBe(candidate);
    expect(events.some((e) => e.type === 'alias' && e.alias === 'production' && e.version === candidate)).toBe(true);
  });
});

describe('mlops-drill', () => {
  test('renders alone: seven drills and a Run button, no evidence yet', async () => {
    const el = mount('mlops-drill', null);
    await el.updateComplete;
    expect(el.shadowRoot?.querySelectorAll('input[name="drill"]')).toHaveLength(7);
    expect(el.shadowRoot?.querySelectorAll('input[name="station"]')).toHaveLength(0);
    expect(part(el, 'drills').querySelector('input:checked')?.getAttribute('value')).toBe('silent-accuracy-drop');
    expect(el.drillState).toBe('choose');
    el.remove();
  });

  test('runs a drill on the Lab, shows its evidence; a wrong answer gets only a hint until Show the answer; grades a right answer (keyboard); axe clean', async () => {
    const lab = blankLab();
    const el = mount('mlops-drill', lab);
    await el.updateComplete;
    const started: MlopsDrillStartEvent['detail'][] = [];
    const graded: MlopsDrillGradedEvent['detail'][] = [];
    el.addEventListener('mlops-drill-start', (e) => started.push(e.detail));
    document.addEventListener('mlops-drill-graded', (e) => graded.push((e as MlopsDrillGradedEvent).detail));

    await userEvent.click(el.shadowRoot?.querySelector('input[name="drill"][value="label-stall"]') as HTMLInputElement);
    el.seed = 3;
    await el.updateComplete;
    await userEvent.click(part(el, 'start-button'));
    expect(started).toEqual([{ drill: 'label-stall', seed: 3 }]);
    expect(el.drillState).toBe('running');
    await waitFor('the drill run', () => el.drillState === 'answer', 150_000);
    await el.updateComplete;
    const run = el.run;
    expect(run?.drill).toBe('label-stall');
    expect(part(el, 'evidence').querySelector('tr[data-key="labels"] td')?.textContent).toBe(`${run?.evidence.labelsJoinedBefore} before, ${run?.evidence.labelsJoinedAfter} after (each ${run?.evidence.labelDelaySeconds} s after its answer)`);
    expect(run?.evidence.labelsJoinedAfter).toBeLessThan(run?.evidence.labelsJoinedBefore ?? 0);
    const stations = [...(el.shadowRoot?.querySelectorAll<HTMLInputElement>('input[name="station"]') ?? [])];
    expect(stations.map((s) => s.value)).toEqual(['data', 'train', 'evaluate', 'deploy', 'observe', 'feedback']);
    expect(stations.every((s) => (s.closest('label')?.textContent ?? '').trim().length > 10)).toBe(true);
    expect((part(el, 'answer-button') as HTMLButtonElement).disabled).toBe(true);

    // Wrong: observe.
    await userEvent.click(stations[4] as HTMLInputElement);
    await userEvent.click(part(el, 'answer-button'));
    await waitFor('the first grade', () => graded.length === 1);
    await el.updateComplete;
    expect(graded[0]).toMatchObject({ drill: 'label-stall', correct: false, answer: 'observe', expected: 'feedback' });
    expect(part(el, 'verdict').getAttribute('data-correct')).toBe('false');
    // Only "Not observe." and a hint: neither the station that failed, nor the fault, nor the explanation.
    const wrong = part(el, 'verdict').textContent ?? '';
    expect(part(el, 'verdict').querySelector('strong')?.textContent).toBe('Not observe.');
    expect(wrong).not.toMatch(/feedback/i);
    expect(wrong).not.toContain(graded[0]?.fault ?? '?');
    expect(wrong).not.toContain(graded[0]?.explanation ?? '?');
    expect(part(el, 'hint').textContent).toContain('Compare the labels joined before and after the fault');
    expect([...part(el, 'evidence').querySelectorAll('tr[data-hint]')].map((r) => r.getAttribute('data-key'))).toEqual(['labels', 'requests']);
    expect(part(el, 'status').textContent).toBe('Not this one. Read the hint and try another answer, or show the answer.');
    expect(el.revealed).toBe(false);
    expect(await axeViolations(el)).toEqual([]);

    // Show the answer (keyboard): the station, the fault and the explanation appear; focus moves to them.
    part(el, 'reveal-button').focus();
    await userEvent.keyboard('{Enter}');
    await waitFor('the answer shown', () => el.revealed);
    await el.updateComplete;
    expect(part(el, 'verdict').getAttribute('data-revealed')).toBe('true');
    expect(part(el, 'verdict').textContent).toContain('Not observe: the feedback station failed.');
    expect(part(el, 'verdict').textContent).toContain(graded[0]?.fault ?? '?');
    expect(part(el, 'verdict').textContent).toContain(graded[0]?.explanation ?? '?');
    expect(el.shadowRoot?.querySelector('[part~="hint"], [part~="reveal-button"]')).toBeNull();
    expect(el.shadowRoot?.activeElement).toBe(part(el, 'verdict'));
    expect(part(el, 'status').textContent).toBe('The answer is shown below with why. Run another drill when you are ready.');

    // Right: the arrow key moves the choice from observe to feedback; Enter on the button grades it.
    (stations[4] as HTMLInputElement).focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(el.answer).toBe('feedback');
    part(el, 'answer-button').focus();
    await userEvent.keyboard('{Enter}');
    await waitFor('the second grade', () => graded.length === 2);
    await el.updateComplete;
    expect(graded[1]).toMatchObject({ drill: 'label-stall', correct: true, answer: 'feedback', expected: 'feedback' });
    expect(part(el, 'verdict').getAttribute('data-correct')).toBe('true');
    expect(part(el, 'verdict').textContent).toContain(graded[1]?.explanation ?? '?');
    expect(graded[1]?.explanation).toContain(`only ${run?.evidence.labelsJoinedAfter} labels were joined`);
    expect(await axeViolations(el)).toEqual([]);
  });

  test('a bad seed is refused with a clear message, no drill started', async () => {
    const el = mount('mlops-drill', blankLab());
    await el.updateComplete;
    el.seed = -2;
    expect(await el.start()).toBeNull();
    await el.updateComplete;
    expect(el.drillState).toBe('error');
    expect(part(el, 'status').textContent).toContain('runDrill: the seed must be a whole number of at least 0; got -2');
  });
});

describe('together', () => {
  test("axe's landmark-unique rule passes with the three views on one page, and none is serious", async () => {
    const lab = await newLab({ requests: 7000 });
    const dataset = mount('mlops-dataset', lab);
    const traffic = mount('mlops-traffic', lab);
    const drill = mount('mlops-drill', lab);
    await waitFor('snapshots', () => dataset.truth.length === 1 && traffic.trafficState === 'paused');
    for (const v of [dataset, traffic, drill]) await rendered(v);
    const result = await axe.run(document, { runOnly: { type: 'rule', values: ['landmark-unique', 'region'] }, resultTypes: ['violations', 'passes'] });
    expect(result.violations.filter((v) => v.id === 'landmark-unique')).toEqual([]);
    expect(result.passes.some((p) => p.id === 'landmark-unique')).toBe(true);
    expect(await axeViolations(document.body)).toEqual([]);
  });
});
