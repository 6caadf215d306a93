/**
 * Prediction behaviour of one window: the class mix of the answers, the mean confidence (the largest
 * class probability) and a histogram of confidences in 10 equal bins over [0, 1] (bin i holds
 * [i/10, (i+1)/10), the last bin includes 1). When a calibrator is set, it also sums the calibrated
 * confidences: their mean is the label-free accuracy estimate (`estimate/cbpe.ts`).
 */

/** Number of confidence histogram bins. */
export const CONFIDENCE_BINS = 10;

/** Behaviour figures of a window; shares and means are null when no answer was seen. */
export interface BehaviourSnapshot {
  answers: number;
  classCounts: number[];
  classMix: number[] | null;
  meanConfidence: number | null;
  confidenceHistogram: number[];
  /** Mean calibrated confidence = estimated accuracy (null without a calibrator or answers). */
  estimatedAccuracy: number | null;
}

/** Accumulates behaviour over one window. */
export class BehaviourAccumulator {
  private answers = 0;
  private classCounts: number[] = [];
  private confidenceSum = 0;
  private readonly histogram = new Array<number>(CONFIDENCE_BINS).fill(0);
  private estimatedSum = 0;
  private estimated = 0;

  /** Counts one answer: its predicted class, confidence and (optionally) calibrated confidence. */
  add(predicted: number, confidence: number, calibrated: number | null): void {
    this.answers++;
    while (this.classCounts.length <= predicted) this.classCounts.push(0);
    this.classCounts[predicted]! += 1;
    this.confidenceSum += confidence;
    this.histogram[Math.min(CONFIDENCE_BINS - 1, Math.floor(confidence * CONFIDENCE_BINS))]! += 1;
    if (calibrated !== null) {
      this.estimatedSum += calibrated;
      this.estimated++;
    }
  }

  merge(other: BehaviourAccumulator): void {
    this.answers += other.answers;
    other.classCounts.forEach((c, i) => {
      while (this.classCounts.length <= i) this.classCounts.push(0);
      this.classCounts[i]! += c;
    });
    this.confidenceSum += other.confidenceSum;
    other.histogram.forEach((c, i) => (this.histogram[i]! += c));
    this.estimatedSum += other.estimatedSum;
    this.estimated += other.estimated;
  }

  snapshot(): BehaviourSnapshot {
    const n = this.answers;
    return {
      answers: n,
      classCounts: [...this.classCounts],
      classMix: n > 0 ? this.classCounts.map((c) => c / n) : null,
      meanConfidence: n > 0 ? this.confidenceSum / n : null,
      confidenceHistogram: [...this.histogram],
      estimatedAccuracy: this.estimated > 0 ? this.estimatedSum / this.estimated : null,
    };
  }
}
