/**
 * End to end: the lab page's backend policy, built and served on 127.0.0.1, in real headless
 * Chromium. A link with `backend=webgpu` makes the guided run train every version on WebGPU in the
 * Lab worker (SwiftShader here: gpu-first would skip it, so naming it is how a test reaches it),
 * checked from the exported session's lineage and from the badge. Without any GPU the same run
 * trains on WebAssembly and the badge says why. Kept short: few epochs, one extra retrain.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { NO_WEBGL_FLAGS, WEBGPU_FLAG } from '../support/chromium.ts';
import { openPage, screenshot, type E2ePage } from './browser.ts';

const RUN = 'v=1&scenario=moons-rotation&seed=7&policy=on-alert&requests=8000&epochs=4&batch=32&lr=0.01&hidden=16-16';

/** One version's lineage as the exported session holds it. */
interface Lineage {
  id: string;
  backend: string;
  backendChoice?: { policy: string; message: string; fallbackReason?: string };
}

/** Presses "Run the whole loop" and waits until the first version serves. */
async function runUntilDeployed(page: Page): Promise<void> {
  await page.waitForFunction(() => customElements.get('mlops-lab') !== undefined);
  await page.locator('mlops-lab').getByRole('button', { name: 'Run the whole loop', exact: true }).click();
  await expect
    .poll(() => page.locator('mlops-lab').evaluate((el) => (el as HTMLElementTagNameMap['mlops-lab']).guide.steps.map((s) => s.id)), { timeout: 120_000 })
    .toContain('deploy');
}

/**
 * Once the stream has labelled rows to train on, a manual retrain through the page's Lab (what the
 * registry's "Retrain" does), then the exported session's lineage.
 */
async function retrainAndExport(page: Page): Promise<Lineage[]> {
  const lab = page.locator('mlops-lab');
  await expect.poll(() => lab.evaluate((el) => (el as HTMLElementTagNameMap['mlops-lab']).guide.snapshot?.totals.labels ?? 0), { timeout: 120_000 }).toBeGreaterThanOrEqual(200);
  return lab.evaluate(async (el) => {
    const lab = (el as HTMLElementTagNameMap['mlops-lab']).activeLab;
    if (!lab) throw new Error('no lab');
    const outcome = await lab.retrain('a second version, for the test');
    if (!outcome.version) throw new Error(`the retrain registered nothing: ${outcome.error ?? 'no version'}`);
    const session = await lab.exportSession();
    return session.registry.versions.map((b) => ({ id: b.metadata.id, backend: b.metadata.backend, ...(b.metadata.backendChoice ? { backendChoice: b.metadata.backendChoice } : {}) }));
  });
}

describe('the lab trains on its backend policy, built and served', () => {
  let open: E2ePage | null = null;
  afterEach(async () => {
    await open?.browser.close();
    open = null;
  });

  it('backend=webgpu in the link: every version of the guided run trains on WebGPU, in the worker', async () => {
    open = await openPage([WEBGPU_FLAG]);
    const { page } = open;
    await page.goto(`${inject('baseUrl')}#${RUN}&backend=webgpu`);
    await runUntilDeployed(page);
    const versions = await retrainAndExport(page);
    expect(versions.length).toBeGreaterThanOrEqual(2);
    for (const v of versions) {
      expect(v.backend).toBe('webgpu');
      expect(v.backendChoice).toMatchObject({ policy: 'webgpu', message: 'Training on WebGPU, as you asked' });
    }
    const badge = page.locator('mlops-lab [part="backend-badge"]');
    await expect.poll(() => badge.getAttribute('data-backend')).toBe('webgpu');
    expect(await badge.getAttribute('data-policy')).toBe('webgpu');
    expect(await badge.innerText()).toContain('WebGPU, in a Web Worker');
    expect(await badge.innerText()).toContain('Training on WebGPU, as you asked.');
    await expect.poll(() => page.locator('mlops-lab [part="backend-versions"] [data-version]').count()).toBeGreaterThanOrEqual(versions.length);
    const perVersion = await page.locator('mlops-lab [part="backend-versions"] [data-version]').evaluateAll((spans) => spans.map((s) => s.getAttribute('data-backend')));
    expect(new Set(perVersion)).toEqual(new Set(['webgpu']));
    // The link keeps the policy: it is part of the run's settings.
    expect(await page.evaluate(() => location.hash)).toContain('backend=webgpu');
    await screenshot(page, 'lab-backend-webgpu');
    expect(open.external).toEqual([]);
  });

  it('with no GPU at all, the default policy trains on WebAssembly and the badge says why', async () => {
    open = await openPage(NO_WEBGL_FLAGS);
    const { page } = open;
    await page.goto(`${inject('baseUrl')}#${RUN}`);
    await runUntilDeployed(page);
    const versions = await retrainAndExport(page);
    expect(versions.length).toBeGreaterThanOrEqual(2);
    for (const v of versions) {
      expect(v.backend).toBe('wasm');
      expect(v.backendChoice?.policy).toBe('gpu-first');
      expect(v.backendChoice?.fallbackReason).toMatch(/WebGL unavailable \(no WebGL context\).*training on WASM/);
    }
    const badge = page.locator('mlops-lab [part="backend-badge"]');
    await expect.poll(() => badge.getAttribute('data-backend')).toBe('wasm');
    const text = await badge.innerText();
    expect(text).toContain('WASM, in a Web Worker');
    expect(text).toMatch(/WebGL unavailable \(no WebGL context\)/);
    await screenshot(page, 'lab-backend-no-gpu');
    expect(open.external).toEqual([]);
  });
});
