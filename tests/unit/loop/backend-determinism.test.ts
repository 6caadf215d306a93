/**
 * Determinism stated honestly: the same scenario and seed give the same stream, drift points and
 * labels on every backend (the data never touches TF.js); the model numbers are identical on the same
 * backend, run after run, and may differ slightly between backends. Checked on the two backends Node
 * has (cpu, wasm), as `npm run simulate -- --backend cpu|wasm` runs them; the simulate report names
 * each version's backend.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLabToEnd, type SimulationReport } from '../../../src/loop/commands/simulate';
import { useNodeBackend, type NodeBackend } from '../../../src/compute/node-backend';
import type { TrafficLogEntry } from '../../../src/loop/observers/traffic-log';

const CONFIG = { scenario: 'moons-rotation', seed: 11, policy: 'on-alert', requests: 2600 } as const;

async function runOn(backend: NodeBackend): Promise<{ report: SimulationReport; traffic: TrafficLogEntry[] }> {
  await useNodeBackend(backend);
  let traffic: TrafficLogEntry[] = [];
  const { report } = await runLabToEnd(CONFIG, { inspect: (lab) => (traffic = lab.trafficLog.entries()) });
  return { report, traffic };
}

/** What the data side of a run is: each request's features, when it was sent, its label and when that arrived. */
const dataOf = (traffic: TrafficLogEntry[]) => traffic.map((e) => ({ index: e.index, t: e.t, features: e.features, label: e.label, labelT: e.labelT }));

describe('the same scenario and seed on cpu and on wasm', () => {
  let cpu: Awaited<ReturnType<typeof runOn>>;
  let wasm: Awaited<ReturnType<typeof runOn>>;
  let wasmAgain: Awaited<ReturnType<typeof runOn>>;

  beforeAll(async () => {
    cpu = await runOn('cpu');
    wasm = await runOn('wasm');
    wasmAgain = await runOn('wasm');
  }, 240_000);

  afterAll(async () => {
    await useNodeBackend('cpu');
  });

  it('each version names the backend it trained on', () => {
    expect(cpu.report.versions.length).toBeGreaterThan(0);
    expect(cpu.report.versions.every((v) => v.backend === 'cpu')).toBe(true);
    expect(wasm.report.versions.every((v) => v.backend === 'wasm')).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('gives the same stream, drift points and labels on both backends', () => {
    expect(wasm.report.ground_truth).toEqual(cpu.report.ground_truth);
    expect(wasm.report.totals).toEqual(cpu.report.totals);
    expect(cpu.traffic.length).toBeGreaterThan(500);
    expect(dataOf(wasm.traffic)).toEqual(dataOf(cpu.traffic));
  });

  it('gives identical model numbers on the same backend, run after run', () => {
    expect(JSON.stringify(wasmAgain.report)).toBe(JSON.stringify(wasm.report));
    expect(wasmAgain.traffic.map((e) => [e.prediction, e.probability])).toEqual(wasm.traffic.map((e) => [e.prediction, e.probability]));
  });

  it('gives close model numbers across backends (not necessarily identical)', () => {
    const first = (r: SimulationReport) => r.versions[0]?.eval_accuracy ?? Number.NaN;
    expect(Math.abs(first(wasm.report) - first(cpu.report))).toBeLessThan(0.02);
  });
});
