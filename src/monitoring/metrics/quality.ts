/**
 * Quality of one window, from the predictions whose labels arrived while the window was open:
 * accuracy, a confusion matrix (rows: true class, columns: predicted class), per-class precision,
 * recall and F1, macro F1, and log loss.
 *
 * - precision_c = TP_c / (TP_c + FP_c) (null when class c was never predicted);
 * - recall_c = TP_c / (TP_c + FN_c) (null when class c never occurred);
 * - F1_c = 2 P R / (P + R), 0 when P + R = 0, null when P or R is null; macro F1 = mean of the
 *   non-null F1_c;
 * - log loss = -(1/n) Σ ln p_i(y_i), with p clipped to [1e-15, 1] so a confident mistake costs
 *   at most ln(1e15) ≈ 34.5 instead of Infinity.
 * Every figure is null when no label arrived in the window: a chart shows a gap, never NaN.
 */

/** Probability floor of the log loss. */
export const LOG_LOSS_EPSILON = 1e-15;

/** Per-class figures. */
export interface ClassQuality {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  support: number;
}

/** Quality figures of a window. */
export interface QualitySnapshot {
  labelled: number;
  accuracy: number | null;
  logLoss: number | null;
  macroF1: number | null;
  perClass: ClassQuality[];
  /** confusion[true][predicted]. */
  confusion: number[][];
}

/** Accumulates quality over one window. */
export class QualityAccumulator {
  private labelled = 0;
  private correct = 0;
  private logLossSum = 0;
  private confusion: number[][] = [];

  private grow(k: number): void {
    while (this.confusion.length < k) this.confusion.push([]);
    for (const row of this.confusion) while (row.length < k) row.push(0);
  }

  /** Adds one labelled prediction; `probabilityOfLabel` is the probability the model gave the true class. */
  add(label: number, predicted: number, probabilityOfLabel: number): void {
    this.grow(Math.max(label, predicted) + 1);
    this.labelled++;
    if (label === predicted) this.correct++;
    this.confusion[label]![predicted]! += 1;
    this.logLossSum -= Math.log(Math.min(1, Math.max(LOG_LOSS_EPSILON, probabilityOfLabel)));
  }

  merge(other: QualityAccumulator): void {
    this.grow(other.confusion.length);
    this.labelled += other.labelled;
    this.correct += other.correct;
    this.logLossSum += other.logLossSum;
    other.confusion.forEach((row, i) => row.forEach((c, j) => (this.confusion[i]![j]! += c)));
  }

  snapshot(): QualitySnapshot {
    const k = this.confusion.length;
    const perClass: ClassQuality[] = [];
    for (let c = 0; c < k; c++) {
      const tp = this.confusion[c]![c]!;
      let predicted = 0;
      let actual = 0;
      for (let j = 0; j < k; j++) {
        predicted += this.confusion[j]![c]!;
        actual += this.confusion[c]![j]!;
      }
      const precision = predicted > 0 ? tp / predicted : null;
      const recall = actual > 0 ? tp / actual : null;
      const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      perClass.push({ precision, recall, f1, support: actual });
    }
    const f1s = perClass.map((c) => c.f1).filter((f): f is number => f !== null);
    const n = this.labelled;
    return {
      labelled: n,
      accuracy: n > 0 ? this.correct / n : null,
      logLoss: n > 0 ? this.logLossSum / n : null,
      macroF1: f1s.length > 0 ? f1s.reduce((a, b) => a + b, 0) / f1s.length : null,
      perClass,
      confusion: this.confusion.map((row) => [...row]),
    };
  }
}
