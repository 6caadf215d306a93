/** The events `<mlops-compare>` fires (bubbling, composed, `mlops-` prefixed, as every element's). */
import type { QuestionGrade, RunQuestion } from '../../src/loop/compare/questions';
import { MlopsEvent } from '../shared/events';

/** What a finished compare or fork was. */
export interface CompareDoneDetail {
  scenario: string;
  seed: number;
  forkAt: number | null;
  policies: string[];
}

/** A compare or fork finished. */
export class MlopsCompareDoneEvent extends MlopsEvent<CompareDoneDetail> {
  static readonly eventName = 'mlops-compare-done';
  constructor(detail: CompareDoneDetail) {
    super(MlopsCompareDoneEvent.eventName, detail);
  }
}

/** A question from the run was answered. */
export class MlopsQuestionGradedEvent extends MlopsEvent<QuestionGrade & { station: RunQuestion['station'] }> {
  static readonly eventName = 'mlops-question-graded';
  constructor(detail: QuestionGrade & { station: RunQuestion['station'] }) {
    super(MlopsQuestionGradedEvent.eventName, detail);
  }
}
