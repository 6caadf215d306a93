/**
 * End to end (issue 15, 8): the small things a learner feels.
 * - a lone `<mlops-boundary>` has a Play control and its surface moves with the stream;
 * - the traffic view's Rate select shows the speed the guided run really plays at;
 * - the loop diagram's arrowheads are long, notched and point along the ring (clockwise);
 * - the trainer's dataset select shows "Circles (one ring inside another)" whole;
 * - two endpoint views and two dataset views on one page name their regions uniquely (axe landmark-unique).
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { axeViolations, openPage, type E2ePage } from './browser.ts';

const baseUrl = inject('baseUrl');

let open: E2ePage | null = null;
afterEach(async () => {
  await open?.browser.close();
  open = null;
});

/** Opens a page holding `body` with the embed bundle. */
async function pageWith(body: string, width = 1280): Promise<Page> {
  open = await openPage([]);
  await open.page.setViewportSize({ width, height: 900 });
  const url = new URL('views-small.html', baseUrl).href;
  await open.page.route(url, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>small</title><script type="module" src="/dist/embed/mlops-lab.js"></script></head><body><main>${body}</main></body></html>` }),
  );
  await open.page.goto(url);
  return open.page;
}

describe('small but felt', () => {
  it('a lone boundary plays its own traffic and its surface moves', async () => {
    const page = await pageWith('<mlops-boundary></mlops-boundary>');
    const play = page.locator('mlops-boundary [part="play-button"]');
    await play.and(page.locator('[data-playing="false"]:not([disabled])')).waitFor({ timeout: 180_000 });
    await play.click();
    await expect.poll(() => play.getAttribute('data-playing'), { timeout: 30_000 }).toBe('true');
    const at = () => page.locator('mlops-boundary [part="status"]').innerText().then((t) => Number(/request ([\d,]+)/.exec(t)?.[1]?.replace(/,/g, '') ?? 0));
    await expect.poll(at, { timeout: 60_000 }).toBeGreaterThan(100);
    await play.click();
    await expect.poll(() => play.getAttribute('data-playing'), { timeout: 30_000 }).toBe('false');
    expect(open?.pageErrors).toEqual([]);
  });

  it('the traffic Rate select shows the speed the guided run plays at', async () => {
    open = await openPage([]);
    const page = open.page;
    await page.goto(new URL('index.html', baseUrl).href);
    const run = page.locator('mlops-lab [part="run-button"]');
    await expect.poll(() => run.isEnabled(), { timeout: 120_000 }).toBe(true);
    const guided = Number(await page.locator('mlops-lab [part="speed"]').first().inputValue());
    const rate = page.locator('mlops-lab mlops-traffic [part="speed"]');
    expect(guided).not.toBe(Number(await rate.inputValue())); // the traffic view's own default differs
    await run.click();
    await expect.poll(() => page.locator('mlops-lab mlops-traffic [part="status"]').getAttribute('data-state'), { timeout: 180_000 }).toBe('playing');
    await expect.poll(async () => Number(await rate.inputValue()), { timeout: 30_000 }).toBe(guided);
  });

  it('the loop diagram: long notched arrowheads pointing clockwise along the ring', async () => {
    const page = await pageWith('<mlops-loop></mlops-loop>');
    await page.locator('mlops-loop .arrow').first().waitFor();
    const arrows = await page.locator('mlops-loop').evaluate((el) =>
      [...(el.shadowRoot as ShadowRoot).querySelectorAll<SVGPathElement>('path.arrow')].map((p) => {
        const box = p.getBBox(); // in the arrow's own frame: x along its direction
        const m = /translate\(([-\d.]+) ([-\d.]+)\) rotate\(([-\d.]+)\)/.exec(p.getAttribute('transform') ?? '');
        return { length: box.width, width: box.height, x: Number(m?.[1]), y: Number(m?.[2]), angle: Number(m?.[3]) };
      }),
    );
    expect(arrows).toHaveLength(6);
    for (const a of arrows) {
      expect(a.length / a.width).toBeGreaterThanOrEqual(1.3);
      // On the ring (centre 50,50, radius 38), pointing along the clockwise tangent.
      const theta = Math.atan2(a.x - 50, -(a.y - 50));
      expect(Math.hypot(a.x - 50, a.y - 50)).toBeCloseTo(38, 1);
      const tangent = ((theta * 180) / Math.PI + 360) % 360;
      expect(Math.abs(((a.angle - tangent + 540) % 360) - 180)).toBeLessThan(0.5);
    }
  });

  it('the trainer dataset select shows its longest choice whole', async () => {
    for (const width of [1280, 360]) {
      const page = await pageWith('<mlops-trainer></mlops-trainer>', width);
      const select = page.locator('mlops-trainer select#f-dataset');
      await select.selectOption('circles');
      const fit = await select.evaluate((el) => {
        const s = el as HTMLSelectElement;
        const style = getComputedStyle(s);
        const ctx = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
        ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const text = ctx.measureText(s.selectedOptions[0]?.textContent ?? '').width;
        // The room for text: the box minus its padding and the drop-down arrow (about 24 px).
        const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24;
        return { text, room, label: s.selectedOptions[0]?.textContent };
      });
      expect(fit.label).toBe('Circles (one ring inside another)');
      expect(fit.text, `at ${width} px`).toBeLessThanOrEqual(fit.room);
      await open?.browser.close();
      open = null;
    }
  });

  it('two endpoint views and two dataset views on one page: every region has its own name', async () => {
    const page = await pageWith('<h1>Two of each</h1><mlops-endpoint lab-group="g"></mlops-endpoint><mlops-endpoint lab-group="g"></mlops-endpoint><mlops-dataset lab-group="g"></mlops-dataset><mlops-dataset lab-group="g"></mlops-dataset>');
    for (const i of [0, 1]) {
      const send = page.locator('mlops-endpoint').nth(i).locator('[part="send-button"]:not([disabled])');
      await send.waitFor({ timeout: 180_000 });
      await send.click();
      await page.locator('mlops-endpoint').nth(i).locator('[part="response-json"]').waitFor({ timeout: 60_000 });
    }
    await page.locator('mlops-dataset').nth(1).locator('[part="truth"]').waitFor({ timeout: 60_000 });
    const names = await page.locator('mlops-endpoint').nth(1).locator('[part="health"]').getAttribute('aria-label');
    expect(names).toBe('Health and metadata (2)');
    const clashes = (await axeViolations(page, true)).filter((v) => v.startsWith('landmark-unique'));
    expect(clashes).toEqual([]);
  });
});
