/**
 * End to end on the built lab page (served on 127.0.0.1, real headless Chromium, the Lab in its Web
 * Worker): a learner's actions beyond the guided run, all through the page's own controls.
 *
 * 1. The guided run at top speed until the on-alert policy retrained and promoted a second version,
 *    then Pause (the traffic view, sharing the Lab, shows it held too).
 * 2. The registry view's Roll back: production goes back to the version before, in the element's
 *    public state and in the visible text (the registry's toolbar and status, the lab's scoreboard);
 *    both promotions have a release record.
 * 3. The endpoint view's "send a request" form: the "Wrong type" example, then a request typed by hand
 *    naming a feature the model does not know: each answered 422, the panel naming the field.
 *
 * Screenshots under test-results/e2e/lab-actions-*.png; axe-core: no serious or critical violation;
 * no request leaves localhost.
 */
import type { Locator } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { WEBGPU_FLAG } from '../support/chromium.ts';
import { openPage, screenshot, seriousViolations, type E2ePage } from './browser.ts';



/** What the test reads from the page's elements: their public state, as plain JSON. */
interface PageState {
  phase: string;
  steps: string[];
  production: string | null;
  versions: string[];
  releases: string[];
  trafficPlaying: boolean;
}

function readState(lab: Locator): Promise<PageState> {
  return lab.evaluate((el) => {
    const page = el as HTMLElementTagNameMap['mlops-lab'];
    const root = page.shadowRoot as ShadowRoot;
    const registry = root.querySelector('mlops-registry') as HTMLElementTagNameMap['mlops-registry'];
    const traffic = root.querySelector('mlops-traffic') as HTMLElementTagNameMap['mlops-traffic'];
    return {
      phase: page.phase,
      steps: page.guide.steps.map((s) => s.id),
      production: registry.production,
      versions: registry.versions.map((v) => v.id),
      releases: registry.releases.map((r) => r.record.version),
      trafficPlaying: traffic.isPlaying,
    };
  });
}

describe('the lab page, built and served: rollback and a bad request through the views', () => {
  let open: E2ePage | null = null;
  afterEach(async () => {
    await open?.browser.close();
    open = null;
  });

  it('rolls production back from the registry view, and the endpoint form shows a 422 naming the field', async () => {
    open = await openPage([WEBGPU_FLAG]);
    const { page } = open;
    await page.goto(inject('baseUrl'));
    await page.waitForFunction(() => ['mlops-lab', 'mlops-registry', 'mlops-endpoint', 'mlops-traffic'].every((t) => customElements.get(t) !== undefined));
    const lab = page.locator('mlops-lab');

    // 1. The guided run at top speed until a retrained version was promoted.
    await lab.getByLabel('Speed').selectOption('80');
    await lab.getByRole('button', { name: 'Run the whole loop', exact: true }).click();
    await expect.poll(() => readState(lab).then((s) => s.trafficPlaying), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => readState(lab).then((s) => s.steps), { timeout: 90_000, interval: 250 }).toContain('promote');
    await lab.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect.poll(() => readState(lab).then((s) => [s.phase, s.trafficPlaying])).toEqual(['paused', false]);
    const before = await readState(lab);
    expect(before.versions.length).toBeGreaterThanOrEqual(2);
    expect(before.production).not.toBeNull();
    expect(before.production).not.toBe('v1');
    expect(before.releases).toContain(before.production);
    expect(before.releases).toContain('v1');

    // 2. Roll back from the registry view.
    const registry = lab.locator('mlops-registry');
    await registry.scrollIntoViewIfNeeded();
    const rollback = registry.getByRole('button', { name: /^Roll back production one step/ });
    await expect.poll(() => rollback.getAttribute('aria-label')).toContain(`(now ${before.production})`);
    await rollback.click();
    await expect.poll(() => readState(lab).then((s) => s.production)).not.toBe(before.production);
    const after = await readState(lab);
    expect(after.production).not.toBeNull();
    expect(before.versions).toContain(after.production);
    const status = registry.locator('[part="status"]');
    await expect.poll(() => status.innerText()).toBe(`Rolled back: ${after.production} is in production again (instead of ${before.production}).`);
    expect(await registry.locator('.toolbar strong').innerText()).toBe(after.production);
    expect(await registry.locator(`tr[data-version="${after.production}"] .tag[data-alias="production"]`).count()).toBe(1);
    await expect.poll(() => lab.locator('[part="scoreboard"] [data-field="production"]').innerText()).toBe(after.production);
    // The release record of the version that was live opens into its details.
    const record = registry.locator(`[part="releases"] > li[data-version="${before.production}"]`).first();
    await record.locator('summary').click();
    expect(await record.locator('[data-field="approver"]').innerText()).toBe('the on-alert policy (automatic)');
    // The paired gate's words: the difference, McNemar's p and the rows neither model trained on.
    expect(await record.locator('[data-field="gate"]').innerText()).toMatch(/^Passed: (better by \d+\.\d points?|as accurate), p [=<] [\d.]+ on \d+ paired rows /);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'lab-actions-rollback');

    // 3. Bad requests from the endpoint view's form.
    const endpoint = lab.locator('mlops-endpoint');
    await endpoint.scrollIntoViewIfNeeded();
    await endpoint.getByRole('button', { name: 'Wrong type', exact: true }).click();
    await endpoint.getByRole('button', { name: 'Send', exact: true }).click();
    const explanation = endpoint.locator('[part="explanation"]');
    await expect.poll(() => explanation.getAttribute('data-status')).toBe('422');
    expect(await explanation.innerText()).toContain("Error 422: the request is well formed but does not fit the model’s schema. The field 'x1' has the wrong type.");
    const response = JSON.parse(await endpoint.locator('[part="response-json"]').innerText()) as Record<string, unknown>;
    expect(response).toMatchObject({ status: 422, kind: 'schema', field: 'x1' });
    expect(await endpoint.getByRole('heading', { name: 'Response (status 422)' }).count()).toBe(1);

    // Typed by hand: a feature the schema does not have.
    const body = { id: 'typed-by-hand', inputs: [{ name: 'x1', shape: [1], datatype: 'FP32', data: [0.5] }, { name: 'x9', shape: [1], datatype: 'FP32', data: [0.25] }] };
    await endpoint.getByLabel(/^Request body/).fill(JSON.stringify(body));
    await endpoint.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => endpoint.locator('[part="request-json"]').innerText()).toContain('typed-by-hand');
    const typed = JSON.parse(await endpoint.locator('[part="response-json"]').innerText()) as { status: number; field?: string };
    expect(typed.status).toBe(422);
    expect(typed.field).toBeDefined();
    expect(await explanation.getAttribute('data-status')).toBe('422');
    expect(await explanation.innerText()).toContain(`The field '${typed.field}'`);
    await expect.poll(() => endpoint.locator('[data-field="learner"]').innerText()).toBe('2 (2 errors)');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'lab-actions-422');

    expect(open.external).toEqual([]);
    expect(open.pageErrors).toEqual([]);
  });
});
