/**
 * The charts in Chromium: the monitor legend names every production version drawn (not only the last
 * four), version labels sit in the lane above the plot, the health panels keep fixed, distinct
 * colours and dashes even when a page sets one accent colour for everything, and the drift timeline
 * gives each detector its own axis and a legend entry for its drift and warning levels.
 */
import { Chart } from 'chart.js';
import { expect, test } from 'vitest';
import '../../../components/monitor/mlops-monitor';
import '../../../components/drift/mlops-drift';
import { rendered, waitFor } from '../../support/wait';
import { axeViolations, mount, useComponentLabs } from '../../support/component-labs';

const { newLab } = useComponentLabs();

test('monitor: a legend entry for each of six versions, labels in the lane, fixed health colours whatever the accent; axe clean', async () => {
  const lab = await newLab({ requests: 4000 });
  const el = mount('mlops-monitor', lab);
  el.style.setProperty('--mlops-accent', '#ff0000');
  el.style.setProperty('--mlops-accent-2', '#ff0000');
  el.style.setProperty('--mlops-danger', '#ff0000');
  await lab.run(300);
  for (let i = 2; i <= 6; i++) {
    const outcome = await lab.retrain(`chart test ${i}`);
    const snap = await lab.snapshot();
    if (outcome.version && snap.deployed.production !== outcome.version) await lab.promote(outcome.version, 'chart test');
    await lab.run(300);
  }
  const end = (await lab.snapshot()).position;
  await waitFor('the monitor at the end', () => el.chartData.position >= end);
  await new Promise((r) => setTimeout(r, 400)); // the chart redraws at most 5 times a second
  await rendered(el);
  const versions = [...new Set(el.chartData.lines.map((l) => l.version))];
  expect(versions.length).toBeGreaterThanOrEqual(5);
  const legend = el.legendEntries.map((e) => e.text);
  for (const v of versions) expect(legend.some((t) => t === v || t.startsWith(`${v} (`)), v).toBe(true);
  expect(legend).toContain('realized accuracy (solid, round points)');
  expect(new Set(el.legendEntries.filter((e) => e.version).map((e) => e.colour)).size).toBe(versions.length);
  // Version labels are in the lane above the plot: every drawn "vN live" label is there or counted as left out.
  const lane = el.laneLabels;
  expect(lane.placed.length).toBeGreaterThan(0);
  expect(lane.placed.some((t) => /^v\d+ (live|trained)$/.test(t))).toBe(true);

  const root = el.shadowRoot as ShadowRoot;
  const latency = Chart.getChart(root.querySelector('canvas[data-panel="latency"]') as HTMLCanvasElement);
  const errors = Chart.getChart(root.querySelector('canvas[data-panel="errors"]') as HTMLCanvasElement);
  for (const chart of [latency, errors]) {
    const sets = chart?.data.datasets ?? [];
    expect(sets.length).toBeGreaterThanOrEqual(3);
    const colours = sets.map((d) => String(d.borderColor));
    expect(new Set(colours).size).toBe(sets.length);
    expect(colours).not.toContain('#ff0000');
    expect(new Set(sets.map((d) => JSON.stringify((d as { borderDash?: number[] }).borderDash ?? []))).size).toBe(sets.length);
    expect(new Set(sets.map((d) => String((d as { pointStyle?: unknown }).pointStyle))).size).toBe(sets.length);
  }
  expect(await axeViolations(el)).toEqual([]);
});

test('drift timeline: an axis per detector titled with its score, legend entries for drift and warning levels and the two kinds of marker', async () => {
  const lab = await newLab({ requests: 3000 });
  const el = mount('mlops-drift', lab);
  await lab.run(1500);
  await waitFor('the timeline', () => el.timeline.lines.length > 0 && el.timeline.position >= 1500);
  await new Promise((r) => setTimeout(r, 400));
  await rendered(el);
  const chart = Chart.getChart((el.shadowRoot as ShadowRoot).querySelector('canvas') as HTMLCanvasElement);
  const titles = Object.entries(chart?.options.scales ?? {})
    .filter(([id]) => id !== 'x')
    .map(([, s]) => String((s as { title?: { text?: unknown } }).title?.text));
  expect(titles.length).toBe(el.timeline.lines.length);
  expect(new Set(titles).size).toBe(titles.length);
  expect(titles).toContain('DDM: σ of the best error rate');
  const legend = (chart?.legend?.legendItems ?? []).map((i) => i.text);
  expect(legend).toContain('DDM drift level (3)');
  expect(legend).toContain('DDM warning level (2)');
  expect(legend).toContain('drift alarm (filled, on the drift level)');
  expect(legend).toContain('warning (hollow, on the warning level)');
});
