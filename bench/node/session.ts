/**
 * Bench `session` (Node, tfjs cpu backend): what the lab's views and its saved session cost, side by
 * side in one run.
 *
 * - `snapshot`: one `takeSnapshot` (with the drift table, the detectors' timeline and endpoint health)
 *   after 4 000 requests, each right after one engine tick of the same Lab (`lab.step(tickSeconds)`,
 *   timed too), for a 2-feature (moons), a 9-feature (loans) and a 256-feature (shapes) dataset. The
 *   worker sends at most 20 snapshots a second, so `ratios.snapshot_vs_tick_<dataset>` says how many
 *   ticks' worth of work a snapshot is.
 * - `session`: the guided run's lab (moons-rotation, seed 7, on-alert, 8 000 requests): its session
 *   file's size, `exportSession`, `readSession` (validation, every version through the model import)
 *   and `Lab.restore`; and the traffic log (the last answered requests) as CSV.
 *
 * Medians of `SESSION_BENCH_REPEATS` (default 7) runs.
 */
import * as tf from '@tensorflow/tfjs';
import { Lab } from '../../src/loop/engine/lab';
import { exportSession, readSession } from '../../src/loop/persistence/session';
import { takeSnapshot } from '../../src/loop/engine/snapshot';
import { trafficLogCsv } from '../../src/loop/observers/traffic-log';

const repeats = (() => {
  const v = Number(process.env.SESSION_BENCH_REPEATS);
  return Number.isInteger(v) && v > 0 ? v : 7;
})();

/** Milliseconds with two decimals (these operations take a few ms). */
const ms = (x: number): number => Math.round(x * 100) / 100;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

async function timeMs(fn: () => unknown | Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Snapshot and tick cost of one scenario, 4 000 requests in. */
async function snapshotCost(scenario: string): Promise<{ features: number; snapshot_ms: number; tick_ms: number; snapshot_kb: number }> {
  const lab = await Lab.create({ scenario, seed: 7, policy: 'manual', requests: 20_000, training: { epochs: 3 } });
  await lab.bootstrap();
  await lab.runRequests(4000);
  // A tick, then a snapshot of the new position (the drift table is cached per position, so a second
  // snapshot at the same position would only measure the cache).
  const ticks: number[] = [];
  const snaps: number[] = [];
  for (let i = 0; i < repeats; i++) {
    let t0 = performance.now();
    await lab.step(lab.config.tickSeconds);
    ticks.push(performance.now() - t0);
    t0 = performance.now();
    takeSnapshot(lab);
    snaps.push(performance.now() - t0);
  }
  const snapshot = median(snaps);
  const tick = median(ticks);
  const kb = JSON.stringify(takeSnapshot(lab)).length / 1024;
  const features = lab.schema.features.length;
  await lab.dispose();
  return { features, snapshot_ms: ms(snapshot), tick_ms: ms(tick), snapshot_kb: Math.round(kb * 10) / 10 };
}

export default async function run(): Promise<object> {
  await tf.setBackend('cpu');
  await tf.ready();
  const snapshots: Record<string, Awaited<ReturnType<typeof snapshotCost>>> = {};
  for (const [name, scenario] of [
    ['moons', 'moons-rotation'],
    ['loans', 'loans-policy-change'],
    ['shapes', 'shapes-sensor-degradation'],
  ] as const) {
    snapshots[name] = await snapshotCost(scenario);
  }

  const lab = await Lab.create({ scenario: 'moons-rotation', seed: 7, policy: 'on-alert', requests: 8000 });
  await lab.bootstrap();
  await lab.runToEnd();
  const source = { config: { scenario: 'moons-rotation', seed: 7, policy: 'on-alert', requests: 8000 }, registry: lab.registry, calibrators: lab.calibratorStates() };
  const file = JSON.stringify(await exportSession(source));
  const exportMs = median(await timeMs(() => exportSession(source)));
  const readMs = median(await timeMs(() => readSession(file)));
  const restored = await readSession(file);
  const restoreMs = median(
    await timeMs(async () => {
      const l = await Lab.restore(restored);
      await l.dispose();
    }),
  );
  const entries = lab.trafficLog.entries();
  const csvMs = median(await timeMs(() => trafficLogCsv(lab.schema, entries)));
  const versions = lab.registry.list().length;
  await lab.dispose();

  const ratios: Record<string, number> = {};
  for (const [name, s] of Object.entries(snapshots)) ratios[`snapshot_vs_tick_${name}`] = Number((s.snapshot_ms / s.tick_ms).toPrecision(3));
  return {
    backend: tf.getBackend(),
    repeats,
    snapshot: snapshots,
    session: {
      versions,
      file_bytes: file.length,
      export_ms: ms(exportMs),
      read_ms: ms(readMs),
      restore_ms: ms(restoreMs),
      traffic_log_rows: entries.length,
      traffic_log_csv_ms: ms(csvMs),
    },
    ratios,
  };
}
