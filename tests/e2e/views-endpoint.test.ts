/**
 * End to end (issue 15, 6): the endpoint view alone on a page (embed bundle, its own Lab on
 * moons-rotation) explains what the endpoint really answered:
 * - a 3-row batch: each row's own class and probability, not row 0's class with the batch's highest;
 * - a body that is not JSON: the JSON parser's own message, not "its shape is wrong";
 * - x1 = 1e9: answered, and the out-of-range flag in the response said in words;
 * - a model name or version the endpoint does not serve: 404 with the field at fault; the deployed
 *   version by name: 200 from that version.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPage, seriousViolations, type E2ePage } from './browser.ts';

const baseUrl = inject('baseUrl');

let open: E2ePage;
let page: Page;
const el = () => page.locator('mlops-endpoint');

beforeAll(async () => {
  open = await openPage([]);
  page = open.page;
  const url = new URL('views-endpoint.html', baseUrl).href;
  const body = `<!doctype html><html lang="en"><head><title>endpoint</title><meta name="viewport" content="width=device-width, initial-scale=1"><script type="module" src="/dist/embed/mlops-lab.js"></script></head><body><main><mlops-endpoint scenario="moons-rotation" seed="7"></mlops-endpoint></main></body></html>`;
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body }));
  await page.goto(url);
  await el().locator('[part="send-button"]:not([disabled])').waitFor({ timeout: 180_000 });
});
afterAll(async () => {
  await open?.browser.close();
});

/** Types `text` as the request body, addresses it, sends it and returns the explanation and its status. */
async function send(text: string, address: { model?: string; version?: string } = {}): Promise<{ status: string | null; words: string; response: string }> {
  await el().locator('[part="model-input"]').fill(address.model ?? 'lab');
  await el().locator('[part="version-input"]').fill(address.version ?? '');
  await el().locator('[part="request-input"]').fill(text);
  const before = await el().evaluate((e) => (e as unknown as { lastExchange: unknown }).lastExchange);
  await el().locator('[part="send-button"]').click();
  await expect.poll(() => el().evaluate((e, b) => (e as unknown as { lastExchange: unknown }).lastExchange !== b, before), { timeout: 60_000 }).toBe(true);
  await expect.poll(() => el().locator('[part="status"]').getAttribute('data-state')).not.toBe('sending');
  const explanation = el().locator('[part="explanation"]');
  return { status: await explanation.getAttribute('data-status'), words: await explanation.innerText(), response: await el().locator('[part="response-json"]').innerText() };
}

const request = (x1: number[], x2: number[]) =>
  JSON.stringify({ inputs: [{ name: 'x1', shape: [x1.length], datatype: 'FP32', data: x1 }, { name: 'x2', shape: [x2.length], datatype: 'FP32', data: x2 }] });

describe('the endpoint view', () => {
  it('explains each row of a batch with its own class and probability', async () => {
    const { status, words, response } = await send(request([-1, 0.5, 2], [1, 0.2, -0.5]));
    expect(status).toBe('200');
    const answer = JSON.parse(response) as { outputs: { name: string; shape: number[]; data: unknown[] }[] };
    const labels = answer.outputs.find((o) => o.name === 'label')?.data as string[];
    const probs = (answer.outputs.find((o) => o.name === 'probabilities')?.data as unknown[]).flat() as number[];
    const classes = probs.length / 3;
    expect(labels).toHaveLength(3);
    expect(words).toMatch(/3 rows, each with its own answer/);
    for (let row = 0; row < 3; row++) {
      const p = Math.max(...probs.slice(row * classes, (row + 1) * classes));
      expect(words).toContain(`row ${row}: class "${labels[row]}" with probability ${(p * 100).toFixed(1)}%`);
    }
  });

  it('passes the JSON parser\'s own message for a body that is not JSON', async () => {
    const text = '{ "inputs": [ }';
    const parserSays = await page.evaluate((t) => {
      try {
        JSON.parse(t);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    }, text);
    const { status, words } = await send(text);
    expect(status).toBe('400');
    expect(words).toContain(`The JSON parser said: ${parserSays}`);
    expect(words).not.toMatch(/shape is wrong/);
  });

  it('says so when the response flags a value out of range', async () => {
    const { status, words, response } = await send(request([1e9], [0.2]));
    expect(status).toBe('200');
    expect(JSON.parse(response)).toMatchObject({ parameters: { out_of_range: [{ row: 0, feature: 'x1', value: 1e9 }] } });
    expect(words).toMatch(/flags a value outside the range seen in normal operation \(parameters\.out_of_range\): x1 = 1e\+9 \(normal range -?[\d.]+ to -?[\d.]+\)/);
    expect(words).toMatch(/treat the answer \(and its probability\) as a guess/);
  });

  it('addresses a model and version: 404 for one it does not serve, 200 from the deployed version by name', async () => {
    const valid = request([0.5], [0.2]);
    const wrongModel = await send(valid, { model: 'no-such-model' });
    expect(wrongModel.status).toBe('404');
    expect(wrongModel.words).toMatch(/^Error 404: no such model or version\. The field 'model' names a model this endpoint does not serve\. The endpoint said: there is no model "no-such-model"/);
    expect(await el().locator('[part="call"]').innerText()).toBe('POST v2/models/no-such-model/infer');
    const wrongVersion = await send(valid, { version: 'v99' });
    expect(wrongVersion.status).toBe('404');
    expect(wrongVersion.words).toMatch(/The field 'version' names a version this endpoint does not serve\. The endpoint said: version "v99" of "lab" is not deployed \(deployed: v1\)/);
    const byName = await send(valid, { version: 'v1' });
    expect(byName.status).toBe('200');
    expect(byName.words).toMatch(/^Answered by v1 /);
    expect(await el().locator('[part="call"]').innerText()).toBe('POST v2/models/lab/versions/v1/infer');
    expect(await seriousViolations(page)).toEqual([]);
    expect(open.pageErrors).toEqual([]);
    expect(open.external).toEqual([]);
  });

  it('a pinned non-production version answers itself; production still answers routed requests', async () => {
    // A shadow trial keeps v2 deployed beside production v1 (gate passes anything; the trial never ends here).
    await el().evaluate(async (e) => {
      const lab = (e as unknown as { controller: { lab: { pause(): Promise<unknown>; setPolicy(p: unknown): Promise<unknown>; run(n: number): Promise<unknown>; retrain(r: string): Promise<unknown> } } }).controller.lab;
      await lab.pause();
      await lab.setPolicy({ name: 'pin-test', description: 'e2e', trigger: { kind: 'manual' }, data: { kind: 'recent', rows: 800 }, gate: { minImprovement: -1, minSamples: 1, holdout: 0.3 }, rollout: { kind: 'shadow', requests: 100000, maxAccuracyDrop: 0.01 } });
      await lab.run(400);
      await lab.retrain('e2e: a second deployed version');
    });
    const valid = request([0.5], [0.2]);
    const pinned = await send(valid, { version: 'v2' });
    expect(pinned.status).toBe('200');
    expect(JSON.parse(pinned.response)).toMatchObject({ model_version: 'v2' });
    expect(pinned.words).toMatch(/^Answered by v2 /);
    const routed = await send(valid);
    expect(JSON.parse(routed.response)).toMatchObject({ model_version: 'v1' });
    const gone = await send(valid, { version: 'v3' });
    expect(gone.status).toBe('404');
    expect(open.pageErrors).toEqual([]);
  });
});
