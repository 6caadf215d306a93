/**
 * Label-free accuracy estimate from calibrated confidences (confidence-based performance estimation,
 * as NannyML's CBPE).
 *
 * Idea: if a model's confidence c is calibrated — among answers given with confidence c, a share c is
 * right — then the expected accuracy of a window is the mean confidence of its answers, with no label
 * needed. Raw softmax confidences are rarely calibrated, so we first learn a calibration map on the
 * evaluation set of the version (where labels are known): g(c) = P(right | confidence c), fitted by
 * isotonic regression (`isotonic.ts`) on (top-class confidence, 1 if right else 0). Then
 *   estimated accuracy = (1/n) Σ_i g(c_i)   over the window's answers.
 * (NannyML calibrates each class one-vs-rest and estimates the whole confusion matrix; for accuracy,
 * calibrating the top-class confidence is enough and simpler.)
 *
 * The limit a learner must see: the estimate assumes P(y | x) is unchanged, so g still holds.
 * - Covariate shift (inputs move, the relation holds): more inputs near the decision boundary means lower
 *   confidences, and the estimate falls with the real accuracy. It holds.
 * - Concept drift (the relation changes): the model answers as confidently as before, so the estimate
 *   stays put while the realized accuracy (from labels) drops. It fails, silently — that gap is the
 *   signal to trust labels when they come.
 */
import { MonitoringInputError } from '../errors';
import { evaluateIsotonic, fitIsotonic, type IsotonicBlock } from './isotonic';

/** A confidence calibrator: maps a top-class confidence to P(right). */
export interface Calibrator {
  calibrate(confidence: number): number;
}

/** The serializable form of a fitted estimator. */
export interface ConfidenceEstimatorState {
  blocks: IsotonicBlock[];
  /** Rows and accuracy of the evaluation set it was fitted on. */
  fittedRows: number;
  fittedAccuracy: number;
}

/** An estimate beside the realized accuracy of the same window. */
export interface AccuracyEstimate {
  estimated: number | null;
  realized: number | null;
  /** estimated - realized when both exist. */
  gap: number | null;
  answers: number;
  labelled: number;
}

/** The CBPE estimator: fit on an evaluation set, then estimate accuracy from confidences alone. */
export class ConfidenceEstimator implements Calibrator {
  readonly state: ConfidenceEstimatorState;

  private constructor(state: ConfidenceEstimatorState) {
    this.state = state;
  }

  /**
   * Fits the calibration map on an evaluation set: `confidences[i]` is the top-class probability of
   * row i, `correct[i]` 1 if the prediction was right, else 0. Needs at least 2 rows.
   */
  static fit(confidences: ArrayLike<number>, correct: ArrayLike<number>): ConfidenceEstimator {
    if (confidences.length !== correct.length) throw new MonitoringInputError('calibration', `confidences (${confidences.length}) and correct (${correct.length}) differ in length`);
    if (confidences.length < 2) throw new MonitoringInputError('calibration', `needs at least 2 evaluation rows, got ${confidences.length}`);
    let right = 0;
    for (let i = 0; i < confidences.length; i++) {
      const c = confidences[i];
      if (typeof c !== 'number' || !(c >= 0 && c <= 1)) throw new MonitoringInputError('calibration', `confidence ${i} is ${String(c)}, not in [0, 1]`);
      const y = correct[i];
      if (y !== 0 && y !== 1) throw new MonitoringInputError('calibration', `correct ${i} is ${String(y)}, not 0 or 1`);
      right += y;
    }
    return new ConfidenceEstimator({ blocks: fitIsotonic(confidences, correct), fittedRows: confidences.length, fittedAccuracy: right / confidences.length });
  }

  /** Rebuilds a fitted estimator from its state. */
  static fromState(state: ConfidenceEstimatorState): ConfidenceEstimator {
    if (!state || !Array.isArray(state.blocks) || state.blocks.length === 0) throw new MonitoringInputError('estimator state', 'has no calibration blocks');
    return new ConfidenceEstimator(state);
  }

  /** P(right | confidence), from the calibration map. */
  calibrate(confidence: number): number {
    if (!(confidence >= 0 && confidence <= 1)) throw new MonitoringInputError('confidence', `must be in [0, 1], got ${String(confidence)}`);
    return evaluateIsotonic(this.state.blocks, confidence);
  }

  /** Estimated accuracy of a window of answers (null when empty). */
  estimate(confidences: ArrayLike<number>): number | null {
    if (confidences.length === 0) return null;
    let sum = 0;
    for (let i = 0; i < confidences.length; i++) sum += this.calibrate(confidences[i] as number);
    return sum / confidences.length;
  }
}

/** Puts an estimate beside the realized accuracy. */
export function compareEstimate(estimated: number | null, realized: number | null, answers: number, labelled: number): AccuracyEstimate {
  return { estimated, realized, gap: estimated !== null && realized !== null ? estimated - realized : null, answers, labelled };
}
