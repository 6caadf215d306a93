/**
 * End to end: the built app, served on 127.0.0.1, in real headless Chromium. A learner presses
 * Train; the run ends with a test accuracy; the badge names the backend the run really ended on
 * (reported by the worker as `tf.getBackend()`), the page is axe-clean, and no request leaves localhost.
 * Two browser configurations: WebGPU on (a software GPU here: gpu-first skips it for wasm, backend="webgpu"
 * uses it) and no GPU at all (the wasm fallback).
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { NO_WEBGL_FLAGS, WEBGPU_FLAG } from '../support/chromium.ts';
import { axeViolations, openPage, screenshot, trainOnce, type E2ePage } from './browser.ts';





describe('the trainer page, built and served', () => {
  let open: E2ePage | null = null;
  afterEach(async () => {
    await open?.browser.close();
    open = null;
  });

  it('with backend="webgpu" trains on WebGPU (software here); the badge says so; axe-clean; nothing leaves localhost', async () => {
    open = await openPage([WEBGPU_FLAG]);
    const { page } = open;
    await page.goto(inject('baseUrl'));
    expect(await axeViolations(page, true)).toEqual([]);
    await page.waitForFunction(() => customElements.get('mlops-trainer') !== undefined);
    await page.locator('mlops-trainer').evaluate((el) => el.setAttribute('backend', 'webgpu'));
    const outcome = await trainOnce(page, 8);
    expect(outcome.backend).toBe('webgpu');
    expect(outcome.testAccuracy).toBeGreaterThanOrEqual(0.85);
    const badge = page.locator('mlops-trainer [part="backend-badge"]');
    await expect.poll(() => badge.getAttribute('data-backend')).toBe(outcome.backend);
    expect(await badge.innerText()).toContain('WebGPU');
    await expect.poll(() => page.locator('mlops-trainer [part="status"]').innerText()).toMatch(/test/i);
    expect(await axeViolations(page, true)).toEqual([]);
    await screenshot(page, 'trainer-webgpu');
    expect(open.external).toEqual([]);
    expect(open.pageErrors).toEqual([]);
  });

  it('by default (gpu-first) skips the software-emulated GPU, trains on WebAssembly and says so in plain words', async () => {
    open = await openPage([WEBGPU_FLAG]);
    const { page } = open;
    await page.goto(inject('baseUrl'));
    const outcome = await trainOnce(page, 8);
    expect(outcome.backend).toBe('wasm');
    expect(outcome.testAccuracy).toBeGreaterThanOrEqual(0.85);
    const badge = page.locator('mlops-trainer [part="backend-badge"]');
    await expect.poll(() => badge.getAttribute('data-backend')).toBe('wasm');
    expect(await badge.innerText()).toMatch(/Your GPU is emulated in software \(SwiftShader\), so the lab trains on WebAssembly: faster here/);
    await screenshot(page, 'trainer-gpu-first-software');
    expect(open.external).toEqual([]);
    expect(open.pageErrors).toEqual([]);
  });

  it('with no GPU at all, falls back to wasm from the lab\'s own files and says why', async () => {
    open = await openPage(NO_WEBGL_FLAGS);
    const { page } = open;
    await page.goto(inject('baseUrl'));
    const outcome = await trainOnce(page, 8);
    expect(outcome.backend).toBe('wasm');
    expect(outcome.testAccuracy).toBeGreaterThanOrEqual(0.85);
    const badge = page.locator('mlops-trainer [part="backend-badge"]');
    await expect.poll(() => badge.getAttribute('data-backend')).toBe('wasm');
    const words = await badge.innerText();
    expect(words).toMatch(/WebGPU unavailable/);
    expect(words).toMatch(/WebGL unavailable/);
    await screenshot(page, 'trainer-wasm-fallback');
    expect(open.external).toEqual([]);
    expect(open.pageErrors).toEqual([]);
  });
});
