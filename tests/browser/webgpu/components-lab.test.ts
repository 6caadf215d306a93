/**
 * The lab's own elements in real Chromium: `<mlops-loop>` and `<mlops-lab>` each render alone,
 * react to a Lab (an in-page Lab here, to stay quick; the page's default Worker Lab is the e2e
 * test's), fire their typed events, and the loop's stations work from the keyboard. The LabController
 * behind them finds its Lab in the documented order (property, context, its own), keeps a bounded
 * event list, re-renders once per frame, and disposes a Lab it made itself.
 */
import * as tf from '@tensorflow/tfjs';
import { html, LitElement } from 'lit';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../../components/index';
import { GUIDED_RUN_CONFIG, GuideTracker } from '../../../components/lab/mlops-lab';
import type { MlopsLoop } from '../../../components/loop/mlops-loop';
import { alertStation, STATION_EXPLANATIONS } from '../../../components/loop/station-text';
import { MlopsGuideStepEvent, MlopsStationSelectEvent, type StationSelectDetail } from '../../../components/shared/events';
import { DEFAULT_LAB_CONFIG, LabController, labPlace } from '../../../components/shared/lab-controller';
import type { LabConfig, LabEvent, LabSnapshot } from '../../../src/loop/index';
import { createInPageLabClient, LabClient } from '../../../src/worker/lab-client';
import type { LabHostEvent } from '../../../src/worker/lab-protocol';

/** A quick Lab: the guided run's scenario, seed and first version, fewer requests. */
const SMALL: LabConfig = { scenario: 'moons-rotation', seed: 7, policy: 'on-alert', requests: 1200 };

const clients: LabClient[] = [];
function inPageLab(): LabClient {
  const client = createInPageLabClient();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  // The in-page Labs train and serve on the cpu backend, as the Worker Lab does.
  await tf.setBackend('cpu');
  await tf.ready();
});

afterEach(async () => {
  document.body.replaceChildren();
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

function stationButton(loop: MlopsLoop, station: string): HTMLButtonElement {
  const button = loop.shadowRoot?.querySelector<HTMLButtonElement>(`button[data-station="${station}"]`);
  if (!button) throw new Error(`no button for station ${station}`);
  return button;
}

describe('<mlops-loop>', () => {
  test('alone on a page it starts its own Lab in a Worker, lights the station the Lab is at, and disposes the Lab when removed', async () => {
    const loop = document.createElement('mlops-loop');
    document.body.append(loop);
    await loop.updateComplete;
    expect(loop.shadowRoot?.querySelectorAll('button.station')).toHaveLength(6);
    const lab = await loop.labController.ready;
    expect(loop.labController.ownsLab).toBe(true);
    expect(labPlace(lab)).toBe('worker');
    const snapshot = await lab.snapshot();
    expect(snapshot.policy).toBe(DEFAULT_LAB_CONFIG.policy);
    expect(snapshot.deployed.production).toBe('v1');
    await expect.poll(() => loop.active).toBe(snapshot.station);
    await expect.poll(() => stationButton(loop, snapshot.station).hasAttribute('data-active')).toBe(true);
    expect(loop.shadowRoot?.querySelectorAll('button[data-active]')).toHaveLength(1);

    loop.remove();
    await expect.poll(() => lab.snapshot().then(() => 'open', (e: { code?: string }) => e.code)).toBe('worker-failed');
  });

  test('follows a Lab given as .lab: the station events light the stations, an incident is marked on the station it belongs to', async () => {
    const lab = inPageLab();
    const loop = document.createElement('mlops-loop');
    loop.lab = lab;
    document.body.append(loop);
    await loop.updateComplete;
    const seen: string[] = [];
    lab.onLabEvent((e) => e.type === 'station' && seen.push(e.station));
    const first = await lab.create(SMALL);
    expect(loop.labController.lab).toBe(lab);
    expect(loop.labController.ownsLab).toBe(false);
    expect(seen).toContain('train');
    await expect.poll(() => loop.active).toBe(first.station);

    await lab.injectIncident('label-stall');
    await expect.poll(() => loop.marks.feedback.incidents).toEqual(['label-stall']);
    await loop.updateComplete;
    await expect.poll(() => stationButton(loop, 'feedback').querySelector('[data-kind="incident"]')?.textContent).toBe('1 incident');
    expect(loop.marks.observe.incidents).toEqual([]);
    expect(alertStation('accuracy-drop')).toBe('observe');
    expect(alertStation('label-backlog')).toBe('feedback');
  });

  test('stations are buttons: arrows move between them, Enter and Space select one and fire mlops-station-select (bubbles, composed)', async () => {
    const loop = document.createElement('mlops-loop');
    loop.lab = inPageLab();
    document.body.append(loop);
    await loop.updateComplete;
    const fired: StationSelectDetail[] = [];
    const flags: boolean[] = [];
    document.addEventListener('mlops-station-select', (event) => {
      const e = event as MlopsStationSelectEvent;
      fired.push(e.detail);
      flags.push(e instanceof MlopsStationSelectEvent && e.bubbles && e.composed);
    });
    const focused = () => (loop.shadowRoot?.activeElement as HTMLElement | null)?.dataset.station;

    stationButton(loop, 'data').focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(focused()).toBe('train');
    await userEvent.keyboard('{Enter}');
    expect(fired).toEqual([{ station: 'train', explanation: STATION_EXPLANATIONS.train }]);
    expect(loop.selected).toBe('train');
    await loop.updateComplete;
    expect(stationButton(loop, 'train').getAttribute('aria-pressed')).toBe('true');
    expect(loop.shadowRoot?.querySelector('[part="explanation"]')?.textContent).toContain(STATION_EXPLANATIONS.train);

    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(focused()).toBe('feedback');
    await userEvent.keyboard('[Space]');
    expect(fired.at(-1)?.station).toBe('feedback');
    await userEvent.keyboard('{Home}');
    expect(focused()).toBe('data');
    await userEvent.keyboard('{End}');
    expect(focused()).toBe('feedback');
    await userEvent.keyboard('{ArrowDown}');
    expect(focused()).toBe('data');
    stationButton(loop, 'observe').click();
    expect(fired.map((d) => d.station)).toEqual(['train', 'feedback', 'observe']);
    expect(flags).toEqual([true, true, true]);
    // Every explanation is two plain sentences.
    for (const text of Object.values(STATION_EXPLANATIONS)) expect(text.split(/(?<=\.)\s+/)).toHaveLength(2);
  });
});

describe('<mlops-lab>', () => {
  test('renders alone with its guided-run controls and provides its Lab to the elements inside it, shadow and light', async () => {
    const lab = inPageLab();
    const el = document.createElement('mlops-lab');
    el.lab = lab;
    const slotted = document.createElement('mlops-loop');
    el.append(slotted);
    document.body.append(el);
    await el.updateComplete;
    const root = el.shadowRoot as ShadowRoot;
    expect(root.querySelector('[part="run-button"]')?.textContent?.trim()).toBe('Run the whole loop');
    expect(root.querySelector<HTMLButtonElement>('[part="pause-button"]')?.disabled).toBe(true);
    expect(root.querySelector<HTMLButtonElement>('[part="step-button"]')?.disabled).toBe(true);
    expect(el.phase).toBe('idle');
    expect(el.config).toBe(GUIDED_RUN_CONFIG);
    const inner = root.querySelector('mlops-loop') as MlopsLoop;
    await inner.updateComplete;
    expect(inner.labController.lab).toBe(lab);
    expect(slotted.labController.lab).toBe(lab);
    // A Lab set on the element itself wins over the provided one.
    const other = inPageLab();
    slotted.lab = other;
    await slotted.updateComplete;
    expect(slotted.labController.lab).toBe(other);
    slotted.lab = null;
    await slotted.updateComplete;
    expect(slotted.labController.lab).toBe(lab);
  });

  test('activating a station brings the view that shows it into sight', async () => {
    const el = document.createElement('mlops-lab');
    el.lab = inPageLab();
    document.body.append(el);
    await el.updateComplete;
    const root = el.shadowRoot as ShadowRoot;
    const loop = root.querySelector('mlops-loop') as MlopsLoop;
    await loop.updateComplete;
    stationButton(loop, 'observe').click();
    expect(root.querySelector('mlops-monitor')?.getAttribute('data-focus')).toBe('observe');
    stationButton(loop, 'evaluate').click();
    expect(root.querySelector('mlops-registry')?.getAttribute('data-focus')).toBe('evaluate');
    expect(root.querySelectorAll('[data-focus]')).toHaveLength(1);
  });

  test('alone, it starts its own Lab in a Worker and gives it to its loop diagram', async () => {
    const el = document.createElement('mlops-lab');
    document.body.append(el);
    await el.updateComplete;
    const own = el.activeLab as LabClient;
    expect(labPlace(own)).toBe('worker');
    const inner = el.shadowRoot?.querySelector('mlops-loop') as MlopsLoop;
    await inner.updateComplete;
    expect(inner.labController.lab).toBe(own);
    expect(inner.labController.ownsLab).toBe(false);
    el.remove();
    await expect.poll(() => own.snapshot().then(() => 'open', (e: { code?: string }) => e.code)).toBe('worker-failed');
  });

  test('"Run the whole loop" runs a Lab to its end with captions from its events and fires mlops-guide-step for each step', async () => {
    const el = document.createElement('mlops-lab');
    el.lab = inPageLab();
    el.config = SMALL;
    el.speed = 400;
    document.body.append(el);
    await el.updateComplete;
    const steps: string[] = [];
    el.addEventListener('mlops-guide-step', (e) => e instanceof MlopsGuideStepEvent && e.bubbles && e.composed && steps.push(e.detail.id));
    el.shadowRoot?.querySelector<HTMLButtonElement>('[part="run-button"]')?.click();
    await expect.poll(() => el.phase, { timeout: 60_000 }).toBe('done');
    await el.updateComplete;
    expect(steps).toEqual(el.guide.steps.map((s) => s.id));
    expect(steps.slice(0, 3)).toEqual(['train', 'deploy', 'stream']);
    expect(steps.at(-1)).toBe('end');
    expect(el.guide.versions[0]).toBe('v1');
    const root = el.shadowRoot as ShadowRoot;
    expect(root.querySelector('[part="caption"]')?.textContent).toContain('The stream ended after 1,200 requests');
    expect(root.querySelector('[part="caption"]')?.getAttribute('data-phase')).toBe('done');
    expect(root.querySelector('[data-field="requests"]')?.textContent).toBe('1,200');
    expect(root.querySelector('[part="backend-badge"]')?.getAttribute('data-backend')).toBe('cpu');
    expect([...root.querySelectorAll('[part="steps"] li[data-reached]')].map((li) => li.getAttribute('data-step'))).toEqual(['train', 'deploy', 'stream']);
    expect(root.querySelector('[part="run-button"]')?.textContent?.trim()).toBe('Run the whole loop again');
  });

  test('pause holds the stream, step advances it by one step, resume and speed go on', async () => {
    const el = document.createElement('mlops-lab');
    const lab = inPageLab();
    el.lab = lab;
    el.config = { ...SMALL, requests: 4000 };
    el.speed = 5;
    document.body.append(el);
    await el.updateComplete;
    const root = el.shadowRoot as ShadowRoot;
    const button = (part: string) => root.querySelector<HTMLButtonElement>(`[part="${part}"]`) as HTMLButtonElement;
    button('run-button').click();
    await expect.poll(() => el.phase, { timeout: 60_000 }).toBe('running');
    await el.updateComplete;
    button('pause-button').click();
    await expect.poll(() => el.phase).toBe('paused');
    await el.updateComplete;
    expect(button('pause-button').getAttribute('aria-pressed')).toBe('true');
    expect(button('pause-button').textContent?.trim()).toBe('Resume');
    const held = (await lab.snapshot()).totals.requests;
    await new Promise((r) => setTimeout(r, 300));
    expect((await lab.snapshot()).totals.requests).toBe(held);
    expect(button('step-button').disabled).toBe(false);
    await el.step();
    const stepped = (await lab.snapshot()).totals.requests - held;
    expect(stepped).toBeGreaterThan(200); // 25 simulated seconds at 10 requests a second
    expect(stepped).toBeLessThanOrEqual(260);
    const select = root.querySelector<HTMLSelectElement>('[part="speed"]') as HTMLSelectElement;
    select.value = '80';
    select.dispatchEvent(new Event('change'));
    expect(el.speed).toBe(80);
    button('pause-button').click();
    await expect.poll(() => el.phase).toBe('running');
    await expect.poll(async () => (await lab.snapshot()).totals.requests, { timeout: 20_000 }).toBeGreaterThan(held + stepped);
  });
});

/** A bare host for the controller alone: counts its renders. */
class ControllerProbe extends LitElement {
  renders = 0;
  lab: LabClient | null = null;
  readonly controller = new LabController(this, { explicit: () => this.lab, eventLimit: 5, createOwn: false });
  protected override render() {
    this.renders++;
    return html`${this.controller.events.length}`;
  }
}
customElements.define('controller-probe', ControllerProbe);

describe('LabController', () => {
  test('keeps the latest snapshot and the last `eventLimit` events', async () => {
    const lab = inPageLab();
    const probe = document.createElement('controller-probe') as ControllerProbe;
    probe.lab = lab;
    document.body.append(probe);
    await probe.updateComplete;
    const all: LabEvent[] = [];
    lab.onLabEvent((e) => all.push(e));
    await lab.create(SMALL);
    const after = await lab.run(600);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    expect(all.length).toBeGreaterThan(5);
    expect(probe.controller.events).toEqual(all.slice(-5));
    await expect.poll(() => probe.controller.snapshot?.position).toBe(after.position);
    expect(await probe.controller.ready).toBe(lab);
    expect(probe.controller.error).toBeNull();
    probe.remove();
    expect(probe.controller.lab).toBeNull();
  });

  test('a burst of events within one frame gives one re-render', async () => {
    // A real LabClient over a transport the test drives, so the burst lands inside one task, whatever
    // the machine's speed (a real run spreads its events over frames as it yields).
    let deliver: (event: LabHostEvent) => void = () => {};
    const lab = new LabClient({ send: () => {}, listen: (onEvent) => (deliver = onEvent), close: () => {} });
    const probe = document.createElement('controller-probe') as ControllerProbe;
    probe.lab = lab;
    document.body.append(probe);
    await probe.updateComplete;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const before = probe.renders;
    for (let i = 0; i < 50; i++) deliver({ type: 'lab-event', event: { type: 'incident', t: i, index: i, incident: 'test', description: `burst ${i}` } });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await probe.updateComplete;
    expect(probe.controller.events).toHaveLength(5);
    expect(probe.renders - before).toBe(1);
    probe.remove();
  });
});

/** A snapshot at `position` carrying `windows` (start, realized) of 250 requests, drift onset at 1000. */
function snap(position: number, windows: [number, number][]): LabSnapshot {
  const groundTruth = [{ kind: 'concept', onset: 1000, end: 1500, description: 'The boundary turns.' }];
  return {
    run: { id: 'test#7@1', scenario: { name: 'test', description: 'a test run' }, schema: { features: [], classes: ['a', 'b'] } as unknown as LabSnapshot['run']['schema'], seed: 7, policy: 'on-alert', groundTruth },
    t: position / 10,
    position,
    station: 'observe',
    done: false,
    policy: 'on-alert',
    deployed: { production: null, candidate: null, shadow: null },
    rollout: { kind: 'none' } as unknown as LabSnapshot['rollout'],
    totals: { requests: position, answered: position, errors: 0, labels: 0, labelsDropped: 0 },
    series: windows.map(([start, realized]) => ({ start, end: start + 250, requests: 250, realized, estimated: null, error_rate: 0 })),
    alerts: [],
    versions: [],
    decisions: [],
    groundTruth,
  };
}

function versionEvent(id: string, index: number): LabEvent {
  return { type: 'version', t: index / 10, index, version: { id, parent: null, trigger: 'manual', evaluation: { accuracy: 0.97 }, data: { dataset: 'moons', seed: 7, window: { from: 0, to: 1, rows: 600 } } } } as unknown as LabEvent;
}

describe('GuideTracker (the guided run\'s narrator)', () => {
  test('turns events and snapshots into steps, markers and the drop-and-recovery outcome, exactly', () => {
    const g = new GuideTracker();
    expect(g.onEvent(versionEvent('v1', -1))?.id).toBe('train');
    expect(g.onEvent({ type: 'alias', t: 0, index: -1, alias: 'production', version: 'v1', previous: null, reason: 'initial version', actor: 'learner' })?.caption).toBe('Deployed by the guided run: production now answers with v1.');
    expect(g.onEvent({ type: 'station', t: 0, index: -1, station: 'observe', why: 'serving traffic' })?.id).toBe('stream');
    expect(g.onEvent({ type: 'station', t: 1, index: 5, station: 'observe', why: 'serving traffic' })).toBeNull();
    expect(g.onSnapshot(snap(900, [[0, 0.98], [250, 0.98], [500, 0.96], [750, 0.98]]))).toEqual([]);
    const drift = g.onSnapshot(snap(1000, [[750, 0.98]]));
    expect(drift.map((s) => [s.id, s.index])).toEqual([['drift', 1000]]);
    expect(g.onSnapshot(snap(1500, [[1000, 0.8], [1250, 0.7]]))).toEqual([]);
    const alert = g.onEvent({ type: 'alert', t: 140, index: 1400, change: 'raised', alert: { ruleId: 'accuracy-drop', severity: 'critical', metric: 'accuracy_drop', threshold: 0.05, valueAtRaise: 0.2 } } as unknown as LabEvent);
    expect(alert?.caption).toBe("Alert (critical): production's accuracy on its latest labelled answers fell 20.0 points below its own baseline (the alert fires past 5.0 points).");
    expect(g.onEvent(versionEvent('v2', 1420))?.id).toBe('retrain');
    expect(g.onEvent({ type: 'alias', t: 145, index: 1450, alias: 'production', version: 'v2', previous: 'v1', reason: 'gate passed', actor: 'policy:on-alert' })?.id).toBe('promote');
    expect(g.onSnapshot(snap(1750, [[1500, 0.96]]))).toEqual([]); // one good window is not yet a recovery
    const recovered = g.onSnapshot(snap(2000, [[1750, 0.97]]));
    expect(recovered.map((s) => [s.id, s.index])).toEqual([['recover', 1750]]);
    const outcome = g.outcome();
    // The report's definition (outcome.ts): accuracy pooled over the answers before the drift, 2 points' tolerance.
    expect(outcome).toMatchObject({ driftOnset: 1000, lowestAfter: 0.7, recoveredAt: 1750, recoveredWith: 'v2', tolerance: 0.02 });
    expect(outcome.before).toBeCloseTo((0.98 + 0.98 + 0.96 + 0.98) / 4, 12);
    expect(g.onEvent({ type: 'stream-end', t: 200, index: 1999 })?.caption).toBe('The stream ended after 2,000 requests; 2 versions trained, v2 in production.');
    expect(g.steps.map((s) => s.id)).toEqual(['train', 'deploy', 'stream', 'drift', 'alert', 'retrain', 'promote', 'recover', 'end']);
    expect(g.markers.map((m) => `${m.kind}@${m.index}`)).toEqual(['deploy@-1', 'drift@1000', 'alert@1400', 'retrain@1420', 'deploy@1450']);
    expect(g.series.map((w) => w.start)).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750]);
    g.reset();
    expect([g.steps.length, g.markers.length, g.series.length, g.versions.length, g.caption]).toEqual([0, 0, 0, 0, '']);
  });

  test('no recovery is claimed while accuracy stays under the band, and none without a fall', () => {
    const g = new GuideTracker();
    g.onSnapshot(snap(1000, [[0, 0.9], [250, 0.9], [500, 0.9], [750, 0.9]]));
    expect(g.onSnapshot(snap(2000, [[1000, 0.88], [1250, 0.89], [1500, 0.9], [1750, 0.9]]))).toEqual([]);
    expect(g.outcome().recoveredAt).toBeNull();
    expect(g.onSnapshot(snap(3000, [[2000, 0.8], [2250, 0.86], [2500, 0.9], [2750, 0.8]]))).toEqual([]);
    expect(g.outcome()).toMatchObject({ lowestAfter: 0.8, recoveredAt: null });
  });
});
