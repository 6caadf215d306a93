/**
 * Bench `monitoring` (Node): how fast the monitoring code is, side by side in one run.
 *
 * - `detectors.<name>.updates_per_s`: each detector fed a seeded Bernoulli(0.1) error stream
 *   (1M values; KSWIN 20k), fresh detector per timed run; median of 7 runs after one warm-up run.
 * - `monitor.requests_per_s`: the whole monitor per request — `Monitor.observeResponse` of a 2-class
 *   answer plus `observeLabel` of its label (windows by count of 200, ADWIN + DDM on the error stream,
 *   the pending-label join), on 200k seeded requests; median of 7 runs.
 * - `pipeline`: the per-request path that exists today: the default MLP (`DEFAULT_MLP`, 2 features,
 *   2 classes) on the tfjs cpu backend in Node, one request = tensor2d of 1 row, `predictOnBatch`,
 *   `await data()`, dispose. Median over 7 steps of >= 100 ms each.
 * - `ratios.monitor_share_of_pipeline`: monitor time per request / (predict time + monitor time), the
 *   share of a request's total cost spent monitoring it (goal <= 0.25); `ratios.monitor_vs_predict` is
 *   monitor / predict.
 * - `detector_quality`: per detector (River's defaults), false alarms per 100 000 updates on stationary
 *   Bernoulli error streams (p = 0.05, 0.2, 0.4; 10 seeds x 100 000 updates, KSWIN 10 x 20 000), and
 *   the mean delay of the first detection after an abrupt change (0.1 -> 0.3 and 0.2 -> 0.5 at update
 *   5000 of 10 000, 10 seeds), with how many seeds detected it and the alarms before the change.
 * - `scoring`: each detector's delay, false alarms, misses on one seeded sudden-drift and one gradual
 *   (sigmoid) drift error stream (`evaluate.ts`), and, for the detectors that take real values
 *   (ADWIN, Page-Hinkley, KSWIN), on a feature stream whose mean moves by half a standard deviation.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../datasets/random';
import type { DriftEvent } from '../../datasets/ground-truth';
import { buildModel, DEFAULT_MLP } from '../../src/model/index';
import { createDetector, DETECTOR_KINDS, type DetectorKind } from '../../src/monitoring/detectors/index';
import { compareDetectors, runDetector, type DetectorScore } from '../../src/monitoring/evaluate';
import { Monitor } from '../../src/monitoring/monitor';
import type { ResponseObservation } from '../../src/monitoring/types';

const RUNS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function sig3(x: number): number {
  return Math.abs(x) >= 1000 ? Math.round(x) : Number(x.toPrecision(3));
}

/** Median seconds of `RUNS` timed runs of `run`, after one untimed warm-up run. */
function timeRuns(run: () => void): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    times.push((performance.now() - t0) / 1000);
  }
  return median(times);
}

function bernoulli(seed: number, n: number, p: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.next() < p ? 1 : 0;
  return out;
}

function benchDetectors(): Record<string, { updates_per_s: number; updates_per_run: number }> {
  const out: Record<string, { updates_per_s: number; updates_per_run: number }> = {};
  for (const kind of DETECTOR_KINDS) {
    const n = kind === 'kswin' ? 20_000 : 1_000_000;
    const values = bernoulli(1, n, 0.1);
    let sink = 0;
    const seconds = timeRuns(() => {
      const d = createDetector({ kind });
      for (let i = 0; i < n; i++) {
        d.update(values[i] as number);
        if (d.driftDetected) sink++;
      }
    });
    if (sink < 0) throw new Error('unreachable');
    out[kind] = { updates_per_s: sig3(n / seconds), updates_per_run: n };
  }
  return out;
}

function benchMonitor(): { requests_per_s: number; us_per_request: number; requests_per_run: number } {
  const n = 200_000;
  const rng = createRng(3);
  const p1 = Float64Array.from({ length: n }, () => rng.next());
  const labels = Int32Array.from({ length: n }, (_, i) => (rng.next() < 0.9 ? ((p1[i] as number) >= 0.5 ? 1 : 0) : (p1[i] as number) >= 0.5 ? 0 : 1));
  const ids = Array.from({ length: n }, (_, i) => `r${i}`);
  const seconds = timeRuns(() => {
    const m = new Monitor({ window: { kind: 'count', size: 200 } });
    const probabilities = [0, 0];
    const r: ResponseObservation = { id: '', t: 0, version: 'v1', latencyMs: 0, probabilities };
    for (let i = 0; i < n; i++) {
      probabilities[1] = p1[i] as number;
      probabilities[0] = 1 - (p1[i] as number);
      r.id = ids[i] as string;
      r.t = i;
      r.latencyMs = 2 + (i % 13);
      m.observeResponse(r);
      m.observeLabel({ id: ids[i] as string, t: i, label: labels[i] as number });
    }
  });
  return { requests_per_s: sig3(n / seconds), us_per_request: sig3((seconds / n) * 1e6), requests_per_run: n };
}

async function benchPipeline(): Promise<{ us_per_request: number; requests_per_s: number; calls_per_step: number; backend: string; leaked_tensors: number }> {
  await tf.setBackend('cpu');
  await tf.ready();
  const model = buildModel(DEFAULT_MLP, { inputShape: [2], classes: 2 }, 1);
  const rng = createRng(5);
  const before = tf.memory().numTensors;
  const call = async () => {
    const x = tf.tensor2d(Float32Array.from([rng.normal(), rng.normal()]), [1, 2]);
    const out = model.predictOnBatch(x) as tf.Tensor;
    await out.data();
    tf.dispose([x, out]);
  };
  for (let i = 0; i < 50; i++) await call();
  // Calls per step so one step lasts >= 100 ms.
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) await call();
  const pilot = (performance.now() - t0) / 100;
  const calls = Math.max(100, Math.ceil(100 / Math.max(pilot, 1e-3)));
  const steps: number[] = [];
  for (let s = 0; s < RUNS; s++) {
    const t1 = performance.now();
    for (let i = 0; i < calls; i++) await call();
    steps.push((performance.now() - t1) / calls / 1000);
  }
  const leaked = tf.memory().numTensors - before;
  model.dispose();
  const seconds = median(steps);
  return { us_per_request: sig3(seconds * 1e6), requests_per_s: sig3(1 / seconds), calls_per_step: calls, backend: tf.getBackend(), leaked_tensors: leaked };
}

const QUALITY_SEEDS = 10;

function qualityStream(seed: number, length: number, at: number, before: number, after: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.next() < (i < at ? before : after) ? 1 : 0;
  return out;
}

function detectorQuality(): Record<string, unknown> {
  const stationaryRates = [0.05, 0.2, 0.4];
  const changes: [number, number][] = [
    [0.1, 0.3],
    [0.2, 0.5],
  ];
  const at = 5000;
  const length = 10_000;
  const detectors: Record<string, unknown> = {};
  for (const kind of DETECTOR_KINDS) {
    const perSeed = kind === 'kswin' ? 20_000 : 100_000;
    const falseAlarms: Record<string, number> = {};
    stationaryRates.forEach((p, k) => {
      let alarms = 0;
      for (let s = 0; s < QUALITY_SEEDS; s++) alarms += runDetector(createDetector({ kind }), qualityStream(10_000 + 100 * k + s, perSeed, perSeed, p, p)).length;
      falseAlarms[`p_${p}`] = sig3((alarms / (perSeed * QUALITY_SEEDS)) * 100_000);
    });
    const delays: Record<string, unknown> = {};
    changes.forEach(([before, after], k) => {
      const found: number[] = [];
      let early = 0;
      for (let s = 0; s < QUALITY_SEEDS; s++) {
        const hits = runDetector(createDetector({ kind }), qualityStream(20_000 + 100 * k + s, length, at, before, after));
        early += hits.filter((i) => i < at).length;
        const first = hits.find((i) => i >= at);
        if (first !== undefined) found.push(first - at);
      }
      delays[`${before}_to_${after}`] = {
        mean_delay: found.length > 0 ? sig3(found.reduce((a, b) => a + b, 0) / found.length) : null,
        detected: found.length,
        of: QUALITY_SEEDS,
        alarms_before_change: early,
      };
    });
    detectors[kind] = { false_alarms_per_100k: falseAlarms, detection: delays };
  }
  return {
    method: `River's default parameters; seeded Bernoulli error streams (createRng). False alarms: ${QUALITY_SEEDS} seeds x 100 000 updates per rate (KSWIN ${QUALITY_SEEDS} x 20 000), scaled to 100 000 updates. Detection: change at update ${at} of ${length}, ${QUALITY_SEEDS} seeds; delay = first drift at or after the change minus ${at}, averaged over the seeds that detected it`,
    detectors,
  };
}

type ScoreRow = Pick<DetectorScore, 'delays' | 'detected' | 'missed' | 'repeats' | 'falseAlarms' | 'falseAlarmsPer10k' | 'meanTimeBetweenFalseAlarms'>;

function scoring(): Record<string, unknown> {
  const length = 20_000;
  const maxDelay = 1000;
  // Sudden: error rate 0.1 -> 0.4 at record 10 000.
  const rng = createRng(2026);
  const sudden = new Float64Array(length);
  for (let i = 0; i < length; i++) sudden[i] = rng.next() < (i < 10_000 ? 0.1 : 0.4) ? 1 : 0;
  const suddenTruth: DriftEvent[] = [{ kind: 'concept', shape: 'sudden', onset: 10_000, end: 10_000, description: 'error rate 0.1 -> 0.4 at record 10000' }];
  // Gradual: the new concept's share is sigmoid(4 (i - p) / w), p = 10 000, w = 2000 (MOA/river's
  // concept-drift stream); each record's error rate is 0.1 or 0.4 by that share.
  const g = createRng(2027);
  const gradual = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const share = 1 / (1 + Math.exp((-4 * (i - 10_000)) / 2000));
    gradual[i] = g.next() < (g.next() < share ? 0.4 : 0.1) ? 1 : 0;
  }
  const gradualTruth: DriftEvent[] = [{ kind: 'concept', shape: 'gradual', onset: 9000, end: 11_000, description: 'sigmoid transition at 10000, width 2000' }];
  // A feature stream for the detectors that take real values: N(0, 1) -> N(0.5, 1) at record 10 000.
  const f = createRng(2028);
  const feature = new Float64Array(length);
  for (let i = 0; i < length; i++) feature[i] = f.normal(i < 10_000 ? 0 : 0.5, 1);
  const configs = DETECTOR_KINDS.map((kind) => ({ kind }));
  const trim = (table: Record<string, DetectorScore>) =>
    Object.fromEntries(
      Object.entries(table).map(([k, s]): [string, ScoreRow] => [
        k,
        { delays: s.delays, detected: s.detected, missed: s.missed, repeats: s.repeats, falseAlarms: s.falseAlarms, falseAlarmsPer10k: s.falseAlarmsPer10k === null ? null : sig3(s.falseAlarmsPer10k), meanTimeBetweenFalseAlarms: s.meanTimeBetweenFalseAlarms === null ? null : sig3(s.meanTimeBetweenFalseAlarms) },
      ]),
    );
  return {
    method: `error streams of ${length} records, seeded; detection counts within [onset, end + ${maxDelay}); delay from the onset; defaults of every detector`,
    sudden: { truth: suddenTruth, seed: 2026, detectors: trim(compareDetectors(configs, sudden, suddenTruth, { maxDelay })) },
    gradual: { truth: gradualTruth, seed: 2027, detectors: trim(compareDetectors(configs, gradual, gradualTruth, { maxDelay })) },
    feature_sudden: {
      truth: [{ kind: 'covariate', shape: 'sudden', onset: 10_000, end: 10_000, description: 'feature mean 0 -> 0.5 (sd 1) at record 10000' }],
      seed: 2028,
      detectors: trim(compareDetectors([{ kind: 'adwin' }, { kind: 'page-hinkley' }, { kind: 'kswin' }], feature, [10_000], { maxDelay })),
    },
  };
}

export default async function run(): Promise<Record<string, unknown>> {
  const detectors = benchDetectors();
  const monitor = benchMonitor();
  const pipeline = await benchPipeline();
  const monitorUs = 1e6 / monitor.requests_per_s;
  const share = monitorUs / (pipeline.us_per_request + monitorUs);
  const slow = (Object.entries(detectors) as [DetectorKind, { updates_per_s: number }][]).filter(([k, d]) => k !== 'kswin' && d.updates_per_s < 1e6).map(([k]) => k);
  return {
    name: 'monitoring',
    created: new Date().toISOString(),
    method: `median of ${RUNS} timed runs after one warm-up run (Node ${process.version}, performance.now())`,
    detectors,
    monitor: { ...monitor, what: 'Monitor.observeResponse + observeLabel per request; count windows of 200; ADWIN + DDM on the error stream' },
    pipeline: { ...pipeline, what: 'DEFAULT_MLP [16,16] relu, 2 inputs, 2 classes; tfjs cpu backend in Node; per request: tensor2d(1x2) -> predictOnBatch -> await data() -> dispose' },
    ratios: {
      monitor_share_of_pipeline: sig3(share),
      monitor_vs_predict: sig3(monitorUs / pipeline.us_per_request),
    },
    goals: { monitor_share_at_most: 0.25, met: share <= 0.25, detectors_below_1m_updates_per_s: slow },
    scoring: scoring(),
    detector_quality: detectorQuality(),
    note: 'Node timings on the bench machine; compare only within one run. KSWIN is excluded from the 1M updates/s goal (one exact KS test per update).',
  };
}
