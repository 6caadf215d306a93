/**
 * End to end (the embed bundle, built): the chart legends and the three-class surface as a course
 * page shows them.
 * - examples/monitor-only.html, replaying a recorded run with three production versions: when it
 *   ends, the legend has an entry for every version drawn, the version labels are in the lane above
 *   the plot, and a page accent set on the element changes no series colour;
 * - an `<mlops-boundary scenario="blobs-covariate-shift">` alone on a page (its own Lab in a worker):
 *   the legend names all three blobs, each with its own colour and shape.
 */
import { afterEach, expect, inject, it } from 'vitest';
import { openPage, screenshot, type E2ePage } from './browser.ts';

const baseUrl = inject('baseUrl');

let open: E2ePage | null = null;
afterEach(async () => {
  await open?.browser.close();
  open = null;
});

it('monitor legend: every version drawn, labels in the lane, series colours independent of the accent', async () => {
  open = await openPage([]);
  const { page } = open;
  await page.goto(new URL('examples/monitor-only.html', baseUrl).href);
  await page.locator('mlops-monitor').evaluate((el) => (el as HTMLElement).style.setProperty('--mlops-accent', '#ff0000'));
  type Seen = { versions: string[]; legend: { text: string; colour: string; version?: string }[]; placed: string[]; position: number };
  const seen = () =>
    page.locator('mlops-monitor').evaluate((el) => {
      const m = el as unknown as { chartData: { position: number; lines: { version: string }[] }; legendEntries: { text: string; colour: string; version?: string }[]; laneLabels: { placed: string[] } };
      return { versions: [...new Set(m.chartData.lines.map((l) => l.version))], legend: m.legendEntries.map((e) => ({ ...e })), placed: [...m.laneLabels.placed], position: m.chartData.position };
    }) as Promise<Seen>;
  await expect.poll(async () => (await seen()).versions.length, { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  await new Promise((r) => setTimeout(r, 500));
  const s = await seen();
  for (const v of s.versions) expect(s.legend.some((e) => e.text === v || e.text.startsWith(`${v} (`)), v).toBe(true);
  const colours = s.legend.filter((e) => e.version).map((e) => e.colour);
  expect(new Set(colours).size).toBe(colours.length);
  expect(colours).not.toContain('#ff0000');
  expect(s.placed.some((t) => /^v\d+ (live|trained)$/.test(t))).toBe(true);
  await screenshot(page, 'charts-monitor-legend');
});

it('boundary on three blobs: a legend entry per class with its own colour and shape', async () => {
  open = await openPage([]);
  const { page } = open;
  await page.goto(new URL('examples/monitor-only.html', baseUrl).href);
  await page.evaluate(() => {
    const el = document.createElement('mlops-boundary');
    el.setAttribute('scenario', 'blobs-covariate-shift');
    document.querySelector('main')?.replaceChildren(el);
  });
  const legend = page.locator('mlops-boundary [part="legend"] li');
  await expect.poll(() => legend.count(), { timeout: 180_000 }).toBe(4);
  const texts = (await legend.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  expect(texts).toEqual(['"blob A" (circle): region and points', '"blob B" (square): region and points', '"blob C" (triangle): region and points', 'waiting for its label']);
  const fills = await page.locator('mlops-boundary [part="legend"] li path').evaluateAll((paths) => paths.slice(0, 3).map((p) => p.getAttribute('fill')));
  expect(new Set(fills).size).toBe(3);
  expect(await page.locator('mlops-boundary [part="summary"]').textContent()).toMatch(/predicts "blob A" on \d+%, "blob B" on \d+% and "blob C" on \d+% of the area/);
  await screenshot(page, 'charts-boundary-blobs');
});
