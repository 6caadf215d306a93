/**
 * A training run of the loop: the policy's data window from the training store, a seeded split into
 * training rows and the gate's held-out rows, the model trained on the configured backend, scored,
 * registered as a version with its lineage, its confidence calibrator fitted on the held-out rows,
 * and the promotion gate (candidate vs production on the same held-out rows).
 *
 * Drill-only faults are not in the training request: the Lab's incidents (drills/incidents.ts) give
 * the learning rate (training-diverges) and a scrambled-labels candidate (regression-after-deploy) as
 * `TrainFaults`.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed, type Rng } from '../../../datasets/random';
import { ConfidenceEstimator } from '../../monitoring/index';
import { predictProbabilities, scoreProbabilities, trainModel, type Examples, type TrainConfig } from '../../model/index';
import type { GateResult, Trigger, Version } from '../../registry/index';
import { toLabError } from '../../errors';
import type { LabelledBuffer, Window } from '../engine/buffer';
import type { LoopContext } from '../engine/context';
import { buildLabModel } from '../engine/model';
import { applyGate } from './gate';
import { splitWindow, takeWindow, trainedUpTo } from './gate-window';
import type { BackendUse, LabBackend } from '../../compute/lab-backend';

/** Why and by whom a training run starts. */
export interface TrainRequest {
  trigger: Trigger;
  reason: string;
}

/** Faults a drill injects into a training run. */
export interface TrainFaults {
  /** Override the learning rate (training-diverges). */
  learningRate?: number | null;
  /** Scramble the training labels (builds a deliberately bad candidate). */
  scrambleLabels?: boolean;
}

/** A registered candidate, before any deployment. */
export interface Candidate {
  version: Version;
  /** Its class probabilities on the held-out rows, and the rows. */
  probabilities: Float32Array;
  holdout: Examples;
  /** The rows it was trained on. */
  train: Examples;
  /**
   * Push ordinal of the training store's newest row when its window was taken (0: the window did not
   * come from the store). Absent: its held-out rows are not the store's (e.g. the trainer panel's), so
   * all of them are paired with production at the gate.
   */
  storeTotal?: number;
  /** Its trainable parameters (the frozen input-scaling layer is not counted): its size. */
  parameters: number;
}

/** What a training run needs from the Lab. */
export interface TrainingHost extends Pick<LoopContext, 'config' | 'schema' | 'events' | 'policy' | 'registry' | 'time' | 'position' | 'setStation'> {
  /** The stream's dataset id and scenario name (lineage). */
  readonly lineage: { dataset: string; scenario: string };
  /** Per-row input shape of the stream's dataset ([height, width, channels] for pictures: the CNN needs it). */
  readonly inputShape?: readonly number[];
  /**
   * The lab's backend (its policy through the realm's Compute): chosen before the run, checked every
   * batch, chosen again after a loss. Absent: the realm's active backend, unchecked.
   */
  readonly backend?: LabBackend;
  /** Called after a lost backend was replaced: the endpoint reloads what it serves onto the new one. */
  backendReplaced?(use: BackendUse): Promise<void>;
  /** First-version fits shared by the runs of one compare. */
  readonly fitMemo?: FitMemo;
}

/**
 * Fits kept for the runs of one compare (src/loop/compare/runner.ts): every run of a compare trains
 * its first version on the same rows with the same seed, config and backend, so the runs after the
 * first take its weights (and replay its epoch events) instead of fitting them again. Keyed by what
 * the fit depends on; only a first version without drill faults is kept.
 */
export class FitMemo {
  private readonly fits: Map<string, KeptFit>;
  /** How many fits were taken from the memo instead of trained. */
  hits = 0;

  /** @param kept fits made elsewhere (another worker's, as `entries()` gave them) to start with. */
  constructor(kept: Iterable<SharedFit> = []) {
    this.fits = new Map(kept);
  }

  /** Every fit kept, as key and fit (plain data: crosses postMessage). */
  entries(): SharedFit[] {
    return [...this.fits.entries()];
  }

  /** The fit kept under a key, if any. */
  get(key: string): KeptFit | undefined {
    const fit = this.fits.get(key);
    if (fit) this.hits++;
    return fit;
  }

  /** Keeps a fit under a key. */
  set(key: string, fit: KeptFit): void {
    this.fits.set(key, fit);
  }
}

/** A kept fit under its key (what the fit depended on). */
export type SharedFit = [key: string, fit: KeptFit];

/** A fitted first version, as a memo keeps it: its weights and the epoch logs its fit emitted. */
export interface KeptFit {
  weights: { values: Float32Array; shape: number[] }[];
  logs: { epoch: number; epochs: number; loss: number; accuracy: number }[];
}

/** Fewest labelled rows a retrain needs. */
export const MIN_RETRAIN_ROWS = 50;

/** Trains, scores and registers candidates; see the file comment. */
export class TrainingRuns {
  /** Training runs so far (each seeds its own split and weights). */
  runs = 0;
  private readonly splitRng: Rng;
  /** Per version trained here: the push ordinal of the newest store row it could have seen (gate-window.ts). */
  private readonly seenUpTo = new Map<string, number>();

  constructor(private readonly host: TrainingHost) {
    this.splitRng = createRng(deriveSeed(host.config.seed, 'splits'));
  }

  /** The rows the policy's data window selects from the training store, its newest share held out for the gate (gate-window.ts). */
  window(buffer: LabelledBuffer): Window {
    const p = this.host.policy();
    return takeWindow(buffer, p.data, p.gate, this.splitRng.fork(`weighted-${this.runs}`));
  }

  /** Splits a window in time: the older rows train, the newest (the gate's) are held out. */
  private split(window: Window): { train: Examples; holdout: Examples } {
    const { train, gate } = splitWindow(window, this.host.policy().gate.holdout);
    return { train, holdout: gate };
  }

  /**
   * Trains a candidate on `window` and registers it. Returns the candidate, or the error message when
   * training failed (a `training-failed` event says why; nothing is registered).
   */
  async train(window: Window, request: TrainRequest, faults: TrainFaults = {}): Promise<Candidate | { error: string }> {
    const { host } = this;
    const run = ++this.runs;
    const { train, holdout } = this.split(window);
    if (faults.scrambleLabels) {
      const rng = createRng(deriveSeed(host.config.seed, `scramble-${run}`));
      for (let i = 0; i < train.rows; i++) train.labels[i] = rng.int(train.classes);
    }
    host.setStation('train', `training run ${run} on ${train.rows} rows`);
    let use: BackendUse | null = null;
    try {
      use = (await host.backend?.prepare()) ?? null;
    } catch (error) {
      const e = toLabError(error);
      host.events.emit({ type: 'training-failed', t: host.time(), index: host.position() - 1, code: e.code, message: e.message });
      host.setStation('observe', 'training failed; production unchanged');
      return { error: e.message };
    }
    const config: TrainConfig = { ...host.config.training, seed: deriveSeed(host.config.seed, `train-${run}`) & 0x3fffffff, learningRate: faults.learningRate ?? host.config.training.learningRate };
    const model = buildLabModel(host.config.model, host.schema, config.seed, host.inputShape);
    const emit = (log: { epoch: number; epochs: number; loss: number; accuracy: number }) => host.events.emit({ type: 'epoch', t: host.time(), index: host.position() - 1, run, log: { epoch: log.epoch, epochs: log.epochs, loss: log.loss, accuracy: log.accuracy } });
    const memoKey = host.fitMemo && run === 1 && !faults.scrambleLabels && (faults.learningRate ?? null) === null ? JSON.stringify([host.config.model, config, train.rows, holdout.rows, host.lineage, host.inputShape ?? null, use?.backend ?? tf.getBackend()]) : null;
    const kept = memoKey ? host.fitMemo?.get(memoKey) : undefined;
    try {
      if (kept) {
        const weights = kept.weights.map((w) => tf.tensor(w.values, w.shape));
        model.setWeights(weights);
        tf.dispose(weights);
        for (const log of kept.logs) emit(log);
      } else {
        const result = await trainModel(model, train, config, { onEpochEnd: emit, ...(host.backend ? { check: () => host.backend?.check(), signal: host.backend.lostSignal } : {}) });
        if (memoKey) host.fitMemo?.set(memoKey, { weights: model.getWeights().map((w) => ({ values: (w.dataSync() as Float32Array).slice(), shape: [...w.shape] })), logs: result.history.map((h) => ({ epoch: h.epoch, epochs: h.epochs, loss: h.loss, accuracy: h.accuracy })) });
      }
      // A loss during the last read-back or the scoring below must not register garbage either.
      host.backend?.check();
      host.setStation('evaluate', `scoring run ${run} on ${holdout.rows} held-out rows`);
      const probabilities = await predictProbabilities(model, holdout);
      host.backend?.check();
      const metrics = scoreProbabilities(probabilities, holdout.labels, holdout.classes);
      const version = await host.registry().register(model, {
        trigger: request.trigger,
        data: { dataset: host.lineage.dataset, scenario: host.lineage.scenario, seed: host.config.seed, window: { from: window.from, to: window.to, rows: train.rows, policy: `${host.policy().data.kind} [${window.firstIndex}, ${window.lastIndex}]` } },
        model: host.config.model,
        hyperParameters: config,
        backend: use?.backend ?? tf.getBackend(),
        ...(use && use.policy !== 'active' ? { backendChoice: { policy: use.policy, message: use.message, ...(use.fallbackReason ? { fallbackReason: use.fallbackReason } : {}), ...(use.lost ? { lost: use.lost } : {}) } } : {}),
        evaluation: { rows: metrics.rows, accuracy: metrics.accuracy, loss: metrics.loss, confusion: metrics.confusion },
        schema: host.schema,
        notes: request.reason,
        simTime: host.time(),
      });
      this.seenUpTo.set(version.id, trainedUpTo(window));
      return { version, probabilities, holdout, train, storeTotal: 'storeTotal' in window ? (window.storeTotal as number) : 0, parameters: trainableParameters(model) };
    } catch (error) {
      const e = toLabError(error);
      let message = e.message;
      if (e.code === 'backend-lost' && host.backend) {
        // The lost backend is thrown away and the policy chosen again; production is reloaded onto it.
        try {
          const next = await host.backend.recover();
          await host.backendReplaced?.(next);
          message = `${e.message} ${next.message}.`;
        } catch (again) {
          message = `${e.message} Choosing a backend again failed: ${toLabError(again).message}`;
        }
      }
      host.events.emit({ type: 'training-failed', t: host.time(), index: host.position() - 1, code: e.code, message });
      host.setStation('observe', 'training failed; production unchanged');
      return { error: message };
    } finally {
      try {
        model.dispose();
      } catch {
        // A model on a lost backend may refuse disposal; its backend is gone with it.
      }
    }
  }

  /**
   * The gate: the candidate vs the production model, paired on the newest of the candidate's held-out
   * rows that production never trained on either (a version not trained here, e.g. imported, saw none).
   */
  async gate(candidate: Candidate): Promise<GateResult> {
    const { holdout } = candidate;
    const production = this.host.registry().current('production');
    const rows = production && candidate.storeTotal !== undefined ? Math.max(0, Math.min(holdout.rows, candidate.storeTotal - (this.seenUpTo.get(production) ?? 0))) : holdout.rows;
    const from = holdout.rows - rows;
    const rightOf = (probs: Float32Array) => rightAnswers(probs, holdout, from);
    const cand = rightOf(candidate.probabilities);
    let prod: Uint8Array | null = null;
    if (production) {
      const model = await this.host.registry().loadModel(production);
      try {
        prod = rightOf(await predictProbabilities(model, holdout));
      } finally {
        model.dispose();
      }
    }
    let candidateOnly = 0;
    let productionOnly = 0;
    for (let i = 0; i < rows && prod; i++) {
      if (cand[i] && !prod[i]) candidateOnly++;
      if (!cand[i] && prod[i]) productionOnly++;
    }
    const sum = (a: Uint8Array) => a.reduce((n, x) => n + x, 0);
    return applyGate(this.host.policy().gate, { rows, candidateCorrect: sum(cand), productionCorrect: prod ? sum(prod) : null, candidateOnly, productionOnly });
  }
}

/**
 * Fits a version's confidence calibrator on its held-out rows: the isotonic map from the top-class
 * probability to the chance of being right (the label-free estimate's map). Null with fewer than 2 rows.
 */
export function fitCalibrator(probs: Float32Array, holdout: Examples): ConfidenceEstimator | null {
  if (holdout.rows < 2) return null;
  const k = holdout.classes;
  const conf = new Float64Array(holdout.rows);
  const right = new Float64Array(holdout.rows);
  for (let i = 0; i < holdout.rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if ((probs[i * k + c] as number) > (probs[i * k + best] as number)) best = c;
    conf[i] = probs[i * k + best] as number;
    right[i] = best === holdout.labels[i] ? 1 : 0;
  }
  return ConfidenceEstimator.fit(conf, right);
}

/** 1 where the top class of `probs` is the row's label, for rows `from`.. of `ex`. */
function rightAnswers(probs: Float32Array, ex: Examples, from: number): Uint8Array {
  const k = ex.classes;
  const out = new Uint8Array(ex.rows - from);
  for (let i = from; i < ex.rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if ((probs[i * k + c] as number) > (probs[i * k + best] as number)) best = c;
    out[i - from] = best === ex.labels[i] ? 1 : 0;
  }
  return out;
}

/** A model's trainable parameters (a frozen layer, such as the input scaling, is not counted). */
export function trainableParameters(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
}
