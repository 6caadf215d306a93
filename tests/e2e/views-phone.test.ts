/**
 * End to end (issue 15, 2): on a phone (360 px wide) nothing scrolls the page sideways.
 * - every element alone on a page (the embed bundle), once its own Lab is up: the page's
 *   scrollWidth stays within 360 px and no element's box overflows it (a wide table scrolls inside
 *   its own box);
 * - a page that embeds the bundle from another origin (its notice carries a long worker URL);
 * - the lab page (index.html) before a run and while the guided run streams (every view filled).
 * Every scrolling box is one a keyboard can reach (axe scrollable-region-focusable).
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { axeViolations, openPage, screenshot, type E2ePage } from './browser.ts';

const baseUrl = inject('baseUrl');
const WIDTH = 360;
const ELEMENTS = ['mlops-loop', 'mlops-dataset', 'mlops-trainer', 'mlops-boundary', 'mlops-registry', 'mlops-endpoint', 'mlops-traffic', 'mlops-monitor', 'mlops-drift', 'mlops-alerts', 'mlops-drill'];

let open: E2ePage | null = null;
afterEach(async () => {
  await open?.browser.close();
  open = null;
});

async function phone(): Promise<E2ePage> {
  open = await openPage([]);
  await open.page.setViewportSize({ width: WIDTH, height: 800 });
  return open;
}

/**
 * How the page overflows 360 px: its scrollWidth, and the boxes (in the document and every shadow
 * root) whose right edge passes the viewport without a scrolling box around them that stays inside.
 */
function overflow(page: Page): Promise<{ scrollWidth: number; boxes: string[] }> {
  return page.evaluate((width) => {
    const boxes: string[] = [];
    const insideScroller = (el: Element) => {
      let node: Node | null = el.parentNode;
      while (node) {
        if (node instanceof ShadowRoot) {
          node = node.host;
          continue;
        }
        if (!(node instanceof Element)) break;
        const style = getComputedStyle(node);
        // Content may pass the edge only inside a box that scrolls and itself fits (hidden or clipped content would be lost).
        if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && node.getBoundingClientRect().right <= width + 0.5) return true;
        node = node.parentNode;
      }
      return false;
    };
    const walk = (root: Document | ShadowRoot, path: string) => {
      for (const el of root.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > width + 0.5 && !insideScroller(el)) boxes.push(`${path}${el.localName}${el.getAttribute('part') ? `[part=${el.getAttribute('part')}]` : ''} right=${Math.round(r.right)}`);
        if (el.shadowRoot) walk(el.shadowRoot, `${path}${el.localName} >> `);
      }
    };
    walk(document, '');
    return { scrollWidth: document.documentElement.scrollWidth, boxes: boxes.slice(0, 20) };
  }, WIDTH);
}

/** Scrolling boxes a keyboard cannot reach (axe scrollable-region-focusable): a wide table must scroll in its focusable region. */
const unreachableScrollers = async (page: Page) => (await axeViolations(page, true)).filter((v) => v.startsWith('scrollable-region-focusable'));

async function expectFits(page: Page): Promise<void> {
  const seen = await overflow(page);
  expect(seen.boxes).toEqual([]);
  expect(seen.scrollWidth).toBeLessThanOrEqual(WIDTH);
  expect(await unreachableScrollers(page)).toEqual([]);
}

describe('at 360 px', () => {
  it('every element alone on a page fits, once its own lab is up', async () => {
    const { page, pageErrors } = await phone();
    const url = new URL('views-phone.html', baseUrl).href;
    let tag = '';
    await page.route(url, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>${tag}</title><script type="module" src="/dist/embed/mlops-lab.js"></script></head><body><main><${tag}></${tag}></main></body></html>`,
      }),
    );
    for (tag of ELEMENTS) {
      await page.goto(url);
      await page.waitForFunction((t) => customElements.get(t) !== undefined, tag);
      // Wait until the element's own Lab answered (the trainer has none: its form is all there is).
      if (tag !== 'mlops-trainer') await expect.poll(() => page.evaluate((t) => (document.querySelector(t) as unknown as { activeLab: unknown }).activeLab !== null, tag), { timeout: 120_000 }).toBe(true);
      await page.waitForTimeout(tag === 'mlops-trainer' ? 500 : 3000);
      if (tag === 'mlops-endpoint') {
        // A long answer: the raw JSON blocks and the explanation must stay inside.
        await page.locator('mlops-endpoint [part="send-button"]:not([disabled])').waitFor({ timeout: 120_000 });
        await page.locator('mlops-endpoint [part="send-button"]').click();
        await page.locator('mlops-endpoint [part="explanation"]').waitFor({ timeout: 60_000 });
      }
      const seen = await overflow(page);
      expect({ tag, ...seen }).toEqual({ tag, scrollWidth: seen.scrollWidth, boxes: [] });
      expect(seen.scrollWidth, tag).toBeLessThanOrEqual(WIDTH);
      expect({ tag, unreachable: await unreachableScrollers(page) }).toEqual({ tag, unreachable: [] });
    }
    expect(pageErrors).toEqual([]);
  });

  it('a page embedding the bundle from another origin fits, long worker URL in its notice included', async () => {
    const { page } = await phone();
    await page.goto(new URL('fixtures/cross-origin.html', baseUrl).href);
    await page.locator('mlops-endpoint [part="notice"]').waitFor({ timeout: 240_000 });
    await expectFits(page);
  });

  it('the lab page fits before a run and while the guided run streams', async () => {
    const { page, pageErrors } = await phone();
    await page.goto(new URL('index.html', baseUrl).href);
    const run = page.locator('mlops-lab [part="run-button"]');
    await expect.poll(() => run.isEnabled(), { timeout: 120_000 }).toBe(true);
    await expectFits(page);
    await run.click();
    // The guided run trains, deploys and streams: wait for requests in the monitor's markers and the registry's rows.
    await expect
      .poll(() => page.evaluate(() => (document.querySelector('mlops-lab') as unknown as { activeLab: { snapshot(): Promise<{ position: number }> } | null }).activeLab?.snapshot().then((s) => s.position) ?? 0), { timeout: 240_000 })
      .toBeGreaterThan(1500);
    await page.waitForTimeout(1000);
    await screenshot(page, 'views-phone-lab');
    await expectFits(page);
    expect(pageErrors).toEqual([]);
  });
});
