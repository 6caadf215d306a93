/**
 * End to end (issue 15, 1): a `lab-group` is configured by its FIRST member in document order, not
 * by whichever element type registers first. The course example (`<mlops-traffic lab-group="sea"
 * scenario="sea-sudden">` then `<mlops-monitor lab-group="sea">`) runs sea-sudden in both views; a
 * monitor placed first makes the group run the defaults, and a later member whose own attributes
 * disagree shows a notice naming the conflict.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openPage, type E2ePage } from './browser.ts';

const baseUrl = inject('baseUrl');

let open: E2ePage | null = null;
afterEach(async () => {
  await open?.browser.close();
  open = null;
});

/** The run (scenario, seed, policy) the element at `selector` shows, once its Lab has one. */
async function runOf(page: Page, selector: string): Promise<string | null> {
  return page.evaluate(async (sel) => {
    const el = document.querySelector(sel) as unknown as { activeLab: { snapshot(): Promise<{ run: { scenario: { name: string }; seed: number; policy: string } }> } | null } | null;
    const lab = el?.activeLab;
    if (!lab) return null;
    try {
      const { run } = await lab.snapshot();
      return `${run.scenario.name}/${run.seed}/${run.policy}`;
    } catch {
      return null;
    }
  }, selector);
}

/** Whether the two elements use the very same Lab client. */
const sameLab = (page: Page, a: string, b: string) =>
  page.evaluate(([x, y]) => {
    const first = (document.querySelector(x as string) as unknown as { activeLab: unknown }).activeLab;
    const second = (document.querySelector(y as string) as unknown as { activeLab: unknown }).activeLab;
    return first !== null && first === second;
  }, [a, b]);

/** A member's notice, as text with its white space collapsed (its text content: an off-screen panel's content-visibility: auto leaves no innerText). */
const notice = (page: Page, selector: string) =>
  page
    .locator(`${selector} [part="notice"]`)
    .count()
    .then(async (n) => (n === 0 ? '' : ((await page.locator(`${selector} [part="notice"]`).textContent()) ?? '').replace(/\s+/g, ' ').trim()));

describe('lab-group', () => {
  it('the course example runs sea-sudden in the traffic view and the monitor (the first member configures the group)', async () => {
    open = await openPage([]);
    await open.page.goto(new URL('examples/course.html', baseUrl).href);
    const traffic = 'mlops-traffic[lab-group="sea"]';
    const monitor = 'mlops-monitor[lab-group="sea"]';
    await expect.poll(() => runOf(open!.page, monitor), { timeout: 180_000 }).toBe('sea-sudden/3/on-alert');
    expect(await runOf(open.page, traffic)).toBe('sea-sudden/3/on-alert');
    expect(await sameLab(open.page, traffic, monitor)).toBe(true);
    expect(await notice(open.page, monitor)).toBe('');
    expect(await notice(open.page, traffic)).toBe('');
    expect(open.pageErrors).toEqual([]);
    expect(open.external).toEqual([]);
  });

  it('document order decides, whatever registers first; a member that disagrees is told what the group runs', async () => {
    const body =
      `<!doctype html><html lang="en"><head><title>groups</title><script type="module" src="/dist/embed/mlops-lab.js"></script></head><body><main>` +
      // Group a: the traffic view comes first and configures it (mlops-monitor registers before mlops-traffic).
      `<mlops-traffic id="a-traffic" lab-group="a" scenario="hyperplane-incremental" policy="schedule" seed="4"></mlops-traffic>` +
      `<mlops-monitor id="a-monitor" lab-group="a"></mlops-monitor>` +
      // Group b: the monitor comes first, with no settings: the group runs the defaults and the traffic view says so.
      `<mlops-monitor id="b-monitor" lab-group="b"></mlops-monitor>` +
      `<mlops-traffic id="b-traffic" lab-group="b" scenario="sea-sudden" policy="schedule"></mlops-traffic>` +
      `</main></body></html>`;
    open = await openPage([]);
    const url = new URL('views-group.html', baseUrl).href;
    await open.page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body }));
    await open.page.goto(url);
    await expect.poll(() => runOf(open!.page, '#a-monitor'), { timeout: 180_000 }).toBe('hyperplane-incremental/4/schedule');
    expect(await runOf(open.page, '#a-traffic')).toBe('hyperplane-incremental/4/schedule');
    expect(await sameLab(open.page, '#a-traffic', '#a-monitor')).toBe(true);
    expect(await notice(open.page, '#a-traffic')).toBe('');
    expect(await notice(open.page, '#a-monitor')).toBe('');

    await expect.poll(() => runOf(open!.page, '#b-traffic'), { timeout: 180_000 }).toBe('moons-rotation/7/on-alert');
    expect(await sameLab(open.page, '#b-traffic', '#b-monitor')).toBe(true);
    expect(await notice(open.page, '#b-monitor')).toBe('');
    const told = await notice(open.page, '#b-traffic');
    expect(told).toMatch(/scenario="sea-sudden" \(the group runs moons-rotation\)/);
    expect(told).toMatch(/policy="schedule" \(the group runs on-alert\)/);
    expect(told).toMatch(/lab group "b".*<mlops-monitor>/);
    expect(open.pageErrors).toEqual([]);
    expect(open.external).toEqual([]);
  });
});
