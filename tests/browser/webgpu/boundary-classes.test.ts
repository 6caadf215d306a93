/**
 * `<mlops-boundary>` on a three-class dataset (blobs-covariate-shift) in Chromium: the legend names
 * every class with its own colour and marker shape, each class's region is painted in its colour, and
 * the summary counts points in their label's region (a share near the accuracy, not ~50%).
 */
import { expect, test } from 'vitest';
import '../../../components/boundary/mlops-boundary';
import { CLASS_COLOURS, CLASS_SHAPES, rgb, tintStrength } from '../../../components/boundary/class-style';
import { rendered, waitFor } from '../../support/wait';
import { axeViolations, mount, useComponentLabs } from '../../support/component-labs';

const { newLab } = useComponentLabs();

test('three classes: a legend entry per class (distinct colour and shape), regions painted per class, summary counts by region; axe clean', async () => {
  const lab = await newLab({ scenario: 'blobs-covariate-shift' });
  const el = mount('mlops-boundary', lab);
  el.size = 24;
  el.refreshPerSecond = 10;
  const at = (await lab.run(600)).position;
  await waitFor('the surface at the run\'s end', () => el.surface?.position === at);
  await rendered(el);
  const root = el.shadowRoot as ShadowRoot;
  const items = [...root.querySelectorAll<HTMLLIElement>('[part="legend"] li')];
  expect(items.map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
    '"blob A" (circle): region and points',
    '"blob B" (square): region and points',
    '"blob C" (triangle): region and points',
    'waiting for its label',
  ]);
  const fills = items.slice(0, 3).map((li) => li.querySelector('path')?.getAttribute('fill'));
  expect(fills).toEqual(CLASS_COLOURS.slice(0, 3));
  expect(new Set(items.slice(0, 3).map((li) => li.querySelector('path')?.getAttribute('d')))).toEqual(new Set(CLASS_SHAPES.slice(0, 3).map((s) => s.path)));

  // Each class's surest cell is painted in that class's colour (closest of the three tints).
  const s = el.surface as NonNullable<typeof el.surface>;
  const field = s.production as NonNullable<typeof s.production>;
  const canvas = root.querySelector('canvas[data-role="production"]') as HTMLCanvasElement;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  const bg = rgb(getComputedStyle(el).getPropertyValue('--_d-mlops-surface') || '#ffffff');
  for (let c = 0; c < 3; c++) {
    let best = -1;
    for (let cell = 0; cell < field.predicted.length; cell++) if (field.predicted[cell] === c && (best < 0 || (field.confidence[cell] as number) > (field.confidence[best] as number))) best = cell;
    expect(best).toBeGreaterThanOrEqual(0);
    const i = best % s.size;
    const j = Math.floor(best / s.size);
    const px = Math.floor(((i + 0.5) / s.size) * canvas.width);
    const py = Math.floor(((s.size - 1 - j + 0.5) / s.size) * canvas.height);
    const [r, g, b] = ctx.getImageData(px, py, 1, 1).data;
    const a = tintStrength(field.confidence[best] as number, 3);
    const dist = CLASS_COLOURS.slice(0, 3).map((hex) => {
      const col = rgb(hex);
      const want = col.map((v, ch) => (bg[ch] as number) * (1 - a) + v * a);
      return Math.hypot((r as number) - (want[0] as number), (g as number) - (want[1] as number), (b as number) - (want[2] as number));
    });
    expect(dist.indexOf(Math.min(...dist))).toBe(c);
  }

  expect(el.summary).toMatch(/Production v1 predicts "blob A" on \d+%, "blob B" on \d+% and "blob C" on \d+% of the area\. \d+ of \d+ labelled requests \(\d+%\) lie in the region of their label's class\.$/);
  const m = /(\d+) of (\d+) labelled/.exec(el.summary);
  expect(Number(m?.[1]) / Number(m?.[2])).toBeGreaterThan(0.85);
  expect(await axeViolations(el)).toEqual([]);
});
