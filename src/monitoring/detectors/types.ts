/**
 * The one interface every streaming drift detector implements (river-style): feed it one value at a
 * time with `update(x)`, then read `driftDetected` / `warningDetected`, which describe the update just
 * made. After a drift every detector starts afresh at its next update, as River's do (ADWIN's named
 * option `afterDrift: 'shrink'` keeps its cut window instead), so the next update starts a fresh
 * comparison. Warning and drift are two flags: a detector with a warning zone (DDM, EDDM, HDDM_A)
 * sets `warningDetected` on its own; on a drift update read `driftDetected` first (River's EDDM and
 * two-sided HDDM_A may leave the warning flag on beside it). `getState()` returns a plain JSON object
 * that `setState()` (or `restoreDetector`) accepts back: a detector survives a worker message or a
 * page reload and continues exactly where it was.
 *
 * Inputs: the error-rate detectors (DDM, EDDM) take 1 for a wrong prediction and 0 for a right one;
 * HDDM_A takes values in [0, 1]; ADWIN, Page-Hinkley and KSWIN take any finite number (an error bit,
 * a feature value, a confidence). A non-finite or out-of-domain value throws MonitoringInputError and
 * leaves the detector unchanged.
 */
import { MonitoringInputError } from '../errors';

/** Names of the detectors. */
export type DetectorKind = 'adwin' | 'ddm' | 'eddm' | 'page-hinkley' | 'kswin' | 'hddm-a';

/** Every detector's state carries its kind, the count of updates and the flags of the last update. */
export interface DetectorStateBase {
  kind: DetectorKind;
  /** Updates since creation or the last `reset()` (a drift does not clear it). */
  updates: number;
  driftDetected: boolean;
  warningDetected: boolean;
}

/** A streaming drift detector. */
export interface DriftDetector<S extends DetectorStateBase = DetectorStateBase> {
  readonly kind: DetectorKind;
  /** True when the last update detected a drift. */
  readonly driftDetected: boolean;
  /** True when the last update is in the warning zone (always false for ADWIN, PH and KSWIN). */
  readonly warningDetected: boolean;
  /** Updates since creation or the last `reset()`. */
  readonly updates: number;
  /** Feeds one value. Throws MonitoringInputError for a value outside the detector's domain. */
  update(x: number): void;
  /** Forgets everything, as if newly created with the same parameters (and seed). */
  reset(): void;
  /** A JSON-serializable snapshot. */
  getState(): S;
  /** Restores a snapshot from `getState()` of a detector of the same kind and parameters. */
  setState(state: S): void;
}

/** Throws unless `x` is finite. */
export function checkFinite(kind: DetectorKind, x: number): void {
  if (!Number.isFinite(x)) throw new MonitoringInputError(`${kind}.update(x)`, `x must be a finite number, got ${String(x)}`);
}

/** Throws unless `x` is 0 or 1 (an error bit). */
export function checkBit(kind: DetectorKind, x: number): void {
  if (x !== 0 && x !== 1) throw new MonitoringInputError(`${kind}.update(x)`, `x must be 0 (right) or 1 (wrong), got ${String(x)}`);
}

/** Throws unless a restored state is of the expected kind. */
export function checkStateKind(expected: DetectorKind, state: { kind?: unknown } | null | undefined): void {
  if (!state || state.kind !== expected) throw new MonitoringInputError('state', `is not a ${expected} state (kind ${String(state?.kind)})`);
}
