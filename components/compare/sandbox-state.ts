/**
 * The state of the compare view's alert-settings sandbox: which run of the result it re-judges, the
 * recorded stream prepared for it, the settings of the sliders, and what the current setting gives
 * (outcome, trade-off curve, time taken). No DOM: the view renders it (compare-sandbox.ts).
 */
import { toLabError, type SerializedLabError } from '../../src/errors';
import type { CompareResult } from '../../src/loop/compare/runner';
import { DEFAULT_SANDBOX, evaluateSetting, prepareStream, SANDBOX_DETECTORS, tradeoffCurve, type PreparedStream, type SandboxOutcome, type SandboxSettings, type TradeoffPoint } from '../../src/loop/compare/sandbox';
import { driftOnset } from '../../src/loop/compare/summary';

/**
 * What one evaluation did: `undefined` when nothing was prepared (nothing judged), else the failure of
 * the evaluation (null: it worked).
 */
export type SandboxEvaluation = SerializedLabError | null | undefined;

/** The sandbox of one compare view. */
export class CompareSandbox {
  /** Index of the run of the result being re-judged. */
  run = 0;
  /** The settings of the sliders. */
  settings: SandboxSettings = { ...DEFAULT_SANDBOX };
  /** What the current setting gives (null before a run is prepared). */
  outcome: SandboxOutcome | null = null;
  /** The trade-off curve of the current setting's sweep. */
  curve: TradeoffPoint[] = [];
  /** Milliseconds the last evaluation took (null before one). */
  ms: number | null = null;
  private prepared: PreparedStream | null = null;

  /** Prepares run `run` of `result` (when it has one) and judges it under the current settings. */
  prepare(result: CompareResult | null, run: number = this.run): SandboxEvaluation {
    this.run = run;
    const recorded = result?.runs[run];
    if (!recorded) return undefined;
    this.prepared = prepareStream(recorded.recorded, driftOnset(recorded.report), result?.tickSeconds ?? 2);
    return this.evaluate();
  }

  /** Changes one setting (a new detector takes its default value unless one is given) and re-judges. */
  change(change: Partial<SandboxSettings>): SandboxEvaluation {
    const next = { ...this.settings, ...change };
    if (change.detector && change.detector !== this.settings.detector && change.detectorValue === undefined) next.detectorValue = SANDBOX_DETECTORS[change.detector].default;
    this.settings = next;
    return this.evaluate();
  }

  /** Forgets the prepared run and what it gave (the settings and the run index stay). */
  clear(): void {
    this.prepared = null;
    this.outcome = null;
    this.curve = [];
  }

  private evaluate(): SandboxEvaluation {
    if (!this.prepared) return undefined;
    const started = performance.now();
    let failure: SerializedLabError | null = null;
    try {
      this.outcome = evaluateSetting(this.prepared, this.settings);
      this.curve = tradeoffCurve(this.prepared, this.settings);
    } catch (error) {
      failure = toLabError(error).toJSON();
    }
    this.ms = performance.now() - started;
    return failure;
  }
}
