/**
 * Chromium component tests of the endpoint and boundary views: each renders alone, reacts to a real
 * in-page Lab, dispatches its events, and has no serious or critical axe-core violation (and no
 * duplicate landmark). Kept fast like components-views.test.ts: the Lab runs in the page on TF.js's
 * cpu backend with 600 initial rows, 3 epochs and a short stream.
 */
import { describe, expect, test } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../../components/endpoint/mlops-endpoint';
import '../../../components/boundary/mlops-boundary';
import type { MlopsRequestSentEvent, MlopsResponseEvent } from '../../../components/shared/events';
import { rendered, waitFor } from '../../support/wait';
import { axeViolations, mount, useComponentLabs } from '../../support/component-labs';
import { findPolicy, type Policy } from '../../../src/loop/decisions/policy';

/** A shadow trial after a gate that lets any candidate through: at request 600 nothing has changed, so the paired gate would (rightly) refuse the retrain. */
const SHADOW_ANY_GATE: Policy = { ...(findPolicy('on-alert-shadow') as Policy), name: 'test-shadow-any-gate', gate: { minImprovement: -1, minSamples: 1, holdout: 0.25 } };

const { newLab } = useComponentLabs();

/** Serious or critical violations, plus landmark-unique whatever its impact. */

describe('mlops-endpoint', () => {
  test('renders alone, waiting for the lab', async () => {
    const el = mount('mlops-endpoint', null);
    await el.updateComplete;
    const root = el.shadowRoot as ShadowRoot;
    expect(root.querySelector('h2')?.textContent).toBe('Send a request to the endpoint');
    expect(root.querySelector('label[for="body"]')).not.toBeNull();
    expect(el.viewState).toBe('waiting');
    el.remove(); // before its own Lab is made
  });

  test('prefilled with a valid request; a good request gets an answer, bad ones a 422 naming the field; events; counters; axe clean', async () => {
    const lab = await newLab();
    const el = mount('mlops-endpoint', lab);
    const sent: MlopsRequestSentEvent[] = [];
    const answers: MlopsResponseEvent[] = [];
    el.addEventListener('mlops-request-sent', (e) => sent.push(e));
    el.addEventListener('mlops-response', (e) => answers.push(e));
    const streamed = (await lab.run(200)).position;
    await waitFor('the schema', () => el.requestText !== null);
    await rendered(el);
    const root = el.shadowRoot as ShadowRoot;
    const textarea = root.querySelector('textarea') as HTMLTextAreaElement;
    expect(JSON.parse(textarea.value)).toMatchObject({ inputs: [{ name: 'x1', datatype: 'FP32' }, { name: 'x2', datatype: 'FP32' }] });

    // Send by click: the valid request.
    (root.querySelector('[part="send-button"]') as HTMLButtonElement).click();
    await waitFor('an answer', () => answers.length === 1);
    await rendered(el);
    expect(answers[0]?.detail.response).toMatchObject({ model_name: 'lab', model_version: 'v1', id: 'my-request-1' });
    expect(sent[0]?.detail.request).toMatchObject({ id: 'my-request-1' });
    expect(root.querySelector('[part="explanation"]')?.getAttribute('data-status')).toBe('200');
    expect(root.querySelector('[part="explanation"]')?.textContent).toMatch(/^Answered by v1 via the production route: class "[^"]+" with probability \d+\.\d%\.$/);
    expect(JSON.parse(root.querySelector('[part="response-json"]')?.textContent ?? '')).toMatchObject({ model_version: 'v1' });

    // Missing field, loaded by its button (keyboard) and sent with Ctrl+Enter.
    const missing = root.querySelector('[data-example="missing-field"]') as HTMLButtonElement;
    missing.focus();
    await userEvent.keyboard('{Enter}');
    expect(JSON.parse(el.requestText ?? '').inputs).toHaveLength(1);
    textarea.focus();
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await waitFor('the 422', () => answers.length === 2);
    await rendered(el);
    expect(answers[1]?.detail.response).toMatchObject({ status: 422, kind: 'schema', field: 'x1' });
    const explanation = root.querySelector('[part="explanation"]');
    expect(explanation?.getAttribute('data-status')).toBe('422');
    expect(explanation?.textContent).toContain("Error 422: the request is well formed but does not fit the model’s schema. The field 'x1' is missing.");

    // NaN: the form reads the bare NaN token and the endpoint refuses it.
    (root.querySelector('[data-example="nan"]') as HTMLButtonElement).click();
    await rendered(el);
    expect(el.requestText).toContain('NaN');
    expect(await el.send()).toMatchObject({ status: 422, field: 'x1' });
    await rendered(el);
    expect(root.querySelector('[part="explanation"]')?.textContent).toContain("The field 'x1' is not a finite number (NaN or infinity).");
    expect(root.querySelector('[part="request-json"]')?.textContent).toContain('NaN');

    // Wrong type, and text that is not JSON at all.
    el.loadExample('wrong-type');
    expect(await el.send()).toMatchObject({ status: 422, field: 'x1' });
    await rendered(el);
    expect(root.querySelector('[part="explanation"]')?.textContent).toContain("The field 'x1' has the wrong type.");
    expect(await el.send('{"inputs": [')).toMatchObject({ status: 400, kind: 'malformed', field: 'request' });

    await waitFor('the counters', () => el.stats?.learner.requests === 5);
    await rendered(el);
    expect(el.stats?.learner).toEqual({ requests: 5, errors: 4 });
    expect(el.stats?.requests).toBe(streamed + 5); // the stream's requests and the learner's
    expect(root.querySelector('[data-field="learner"]')?.textContent).toBe('5 (4 errors)');
    // The latency of the last window's answers, ordered p50 <= p95 <= p99.
    const latency = ['p50', 'p95', 'p99'].map((q) => Number(/([\d.]+) ms/.exec(root.querySelector(`[part="latency"] [data-field="${q}"]`)?.textContent ?? '')?.[1]));
    expect(latency.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
    expect(latency).toEqual([...latency].sort((a, b) => a - b));
    expect(sent).toHaveLength(5);
    expect(answers).toHaveLength(5);
    expect(await axeViolations(el)).toEqual([]);
  });
});

describe('mlops-boundary', () => {
  test('renders alone, waiting for the lab', async () => {
    const el = mount('mlops-boundary', null);
    await el.updateComplete;
    expect((el.shadowRoot as ShadowRoot).querySelector('h2')?.textContent).toBe('Decision boundary');
    expect(el.boundaryState).toBe('waiting');
    el.remove();
  });

  test('draws production, then production and candidate side by side; points follow the stream; summary; axe clean', async () => {
    const lab = await newLab();
    const el = mount('mlops-boundary', lab);
    el.size = 24;
    el.refreshPerSecond = 10;
    const at = (await lab.run(600)).position; // whole ticks: a few requests past 600
    await waitFor('the surface at the run\'s end', () => el.surface?.position === at);
    await rendered(el);
    const s = el.surface;
    expect(s?.production?.version).toBe('v1');
    expect(s?.candidate).toBeNull();
    expect(s?.production?.probabilities).toHaveLength(24 * 24);
    expect(s?.points).toHaveLength(300);
    expect(s?.points.at(-1)?.index).toBe(at - 1);
    const root = el.shadowRoot as ShadowRoot;
    expect(root.querySelectorAll('canvas[data-role]')).toHaveLength(1);
    expect((root.querySelector('canvas[data-role="production"]') as HTMLCanvasElement).width).toBeGreaterThan(0);
    expect(el.summary).toMatch(/^Plotted: x1 across, x2 up; 300 recent requests \(\d+ still waiting for their label\)\. Production v1 predicts "[^"]+" on \d+% and "[^"]+" on \d+% of the area\. \d+ of \d+ labelled requests \(\d+%\) lie in the region of their label's class\.$/);
    expect(root.querySelector('[part="summary"]')?.textContent).toBe(el.summary);
    // A well-trained model: most labelled points lie on their side.
    const m = /(\d+) of (\d+) labelled/.exec(el.summary);
    expect(Number(m?.[1]) / Number(m?.[2])).toBeGreaterThan(0.8);

    // A shadow trial: the candidate is drawn beside production.
    await lab.setPolicy(SHADOW_ANY_GATE);
    await lab.retrain('component test');
    const snap = await lab.snapshot();
    expect(snap.deployed.shadow ?? snap.deployed.candidate).toBe('v2');
    await lab.run(20);
    await waitFor('the candidate surface', () => el.surface?.candidate?.version === 'v2');
    await rendered(el);
    expect(root.querySelectorAll('canvas[data-role]')).toHaveLength(2);
    expect(el.summary).toContain('Candidate v2 predicts');
    expect(el.surfaceCount).toBeLessThan(20);
    expect(await axeViolations(el)).toEqual([]);
  });

  test('a dataset that is not 2-D says so in plain words', async () => {
    const lab = await newLab({ scenario: 'sea-sudden' });
    const el = mount('mlops-boundary', lab);
    await waitFor('the typed error', () => el.boundaryState === 'unavailable');
    await rendered(el);
    expect((el.shadowRoot as ShadowRoot).querySelector('[part="status"]')?.textContent).toMatch(/No decision surface for this dataset: surface: the decision surface needs exactly 2 numeric features; this dataset has 3/);
    expect(await axeViolations(el)).toEqual([]);
  });
});
