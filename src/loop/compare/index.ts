/**
 * What if? The same stream under other policies (runner.ts), the alert-settings sandbox (sandbox.ts)
 * and questions drawn from the learner's own run (questions.ts). The sandbox, the summaries and the
 * questions are pure (no tfjs): views may import them; the runner brings the Lab.
 */
export { driftOnset, meanAccuracyAfter, requestsBelow, lostCorrect, compareSummary, type CompareSummary } from './summary';
export { recordStream, type RecordedStream } from './recorded';
export { DEFAULT_SANDBOX, SANDBOX_DETECTORS, SANDBOX_LIMITS, SWEEP_THRESHOLDS, prepareStream, evaluateSetting, tradeoffCurve, checkSettings, type SandboxSettings, type SandboxDetector, type SandboxOutcome, type PreparedStream, type TradeoffPoint } from './sandbox';
export { runQuestions, gradeQuestion, REJECT_REASONS, type RunQuestion, type QuestionGrade, type QuestionRun } from './questions';
export type { CompareOptions, CompareRun, CompareResult, CompareSettings } from './runner';
