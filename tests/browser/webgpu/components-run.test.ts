/**
 * Views follow the run their snapshots name (`snapshot.run`), never a scenario they guess: a monitor
 * fed by a replayed recording shades the recording's own drift (a recording made before snapshots
 * carried their run, too), a monitor in a `lab-group` whose Lab another element configured shades that
 * Lab's drift, and running the loop again on the same Lab with another scenario leaves only the new
 * run on the monitor, the drift view and the registry.
 */
import { describe, expect, test } from 'vitest';
import '../../../components/drift/mlops-drift';
import '../../../components/monitor/mlops-monitor';
import '../../../components/registry/mlops-registry';
import '../../../components/traffic/mlops-traffic';
import { recordRun } from '../../../src/loop/persistence/record';
import type { Recording } from '../../../src/loop/persistence/record-format';
import { LabClient } from '../../../src/worker/lab-client-core';
import { replayTransport } from '../../../src/worker/replay-transport';
import { FAST_LAB, mount, useComponentLabs } from '../../support/component-labs';
import { waitFor } from '../../support/wait';

const { newLab } = useComponentLabs();

describe('views take the run from the snapshots', () => {
  test('a replay shades its own drift (sea-gradual begins at 4,000, not moons-rotation\'s 4,500), with or without a recorded run', async () => {
    const recording = await recordRun({ ...FAST_LAB, scenario: 'sea-gradual', seed: 3, requests: 4600 }, { every: 20 });
    const old: Recording = structuredClone(recording);
    for (const m of old.messages) if (m.type === 'snapshot') delete (m.snapshot as { run?: unknown }).run;
    for (const rec of [recording, old]) {
      const replay = new LabClient(replayTransport(rec));
      const el = mount('mlops-monitor', replay);
      el.setAttribute('scenario', 'moons-rotation'); // an attribute naming another scenario changes nothing
      await replay.create({ scenario: 'stable', seed: 1 });
      await replay.step(1e6);
      await waitFor('the replay to reach its end', () => el.chartData.position >= 4600);
      expect(el.chartData.truth.map((b) => [b.from, b.kind])).toEqual([[4000, 'concept']]);
      expect(el.summary.before).toMatch(/began at request 4,000/);
      await replay.dispose();
      el.remove();
    }
  }, 60_000);

  test('a monitor in a lab-group shades the drift of the Lab its group runs (sea-sudden at 5,000)', async () => {
    document.body.innerHTML = '<mlops-traffic lab-group="run-test" scenario="sea-sudden" seed="4"></mlops-traffic><mlops-monitor lab-group="run-test"></mlops-monitor>';
    const traffic = document.querySelector('mlops-traffic') as HTMLElement & { activeLab: LabClient | null };
    const monitor = document.querySelector('mlops-monitor') as HTMLElementTagNameMap['mlops-monitor'];
    await waitFor('the group Lab', () => traffic.activeLab !== null && traffic.activeLab === monitor.activeLab);
    const status = () => monitor.shadowRoot?.querySelector('[part="status"]')?.textContent ?? '';
    await waitFor('the first version', () => /requests sent|failed/.test(status()), 60_000).catch(() => undefined);
    expect(status()).toMatch(/requests sent/);
    await (traffic.activeLab as LabClient).run(5300);
    await waitFor('the monitor to pass request 5,300', () => monitor.chartData.position >= 5300, 60_000);
    expect(monitor.chartData.truth.map((b) => b.from)).toEqual([5000]);
    document.body.replaceChildren();
  }, 120_000);

  test('running again with another scenario on the same Lab leaves only the new run on every view', async () => {
    const lab = await newLab({ requests: 6000 });
    const monitor = mount('mlops-monitor', lab);
    const drift = mount('mlops-drift', lab);
    const registry = mount('mlops-registry', lab);
    await lab.run(3000);
    await lab.retrain('first run');
    await lab.run(2000);
    await waitFor('the first run on the monitor', () => monitor.chartData.position >= 5000 && monitor.chartData.truth.length === 1);
    expect(monitor.chartData.lines.some((l) => l.version === 'v2')).toBe(true);
    expect(monitor.chartData.markers.some((m) => m.version === 'v2')).toBe(true);
    expect(drift.timeline.truth).toHaveLength(1);

    await lab.create({ ...FAST_LAB, scenario: 'stable', seed: 9, requests: 2000 });
    await lab.run(800);
    await waitFor('the new run on the monitor', () => monitor.chartData.position >= 800 && monitor.chartData.position < 2000);
    await waitFor('the new run on the drift view', () => drift.timeline.position >= 800 && drift.timeline.position < 2000);
    const data = monitor.chartData;
    expect(data.truth).toEqual([]); // stable: no drift, and nothing left of moons-rotation's
    expect([...new Set(data.lines.map((l) => l.version))]).toEqual(['v1']);
    expect(data.markers.every((m) => m.x <= 800 && m.version !== 'v2')).toBe(true);
    expect(data.markers.some((m) => m.kind === 'deploy' && m.version === 'v1')).toBe(true); // the new run's first deploy was kept
    expect(drift.timeline.truth).toEqual([]);
    expect(registry.versions.map((v) => v.id)).toEqual(['v1']);
  }, 120_000);
});
