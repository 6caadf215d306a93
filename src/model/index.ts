/** Models: specs, seeded builders, the trainer, evaluation, jobs and the speed probe. */
export * from './spec';
export * from './config';
export { buildModel, type BuildOptions } from './build';
export { SeededDropout } from './seeded-dropout';
export { trainModel, createOptimizer, type EpochLog, type BatchLog, type TrainOptions, type TrainResult } from './trainer';
export { evaluateModel, predictProbabilities, scoreProbabilities, type EvalMetrics } from './evaluate';
export { runTrainingJob, validateJob, jobData, buildJobModel, modelShapeFor, type TrainingJob, type JobSummary } from './job';
export { measureTraining, trainingProbe, randomBatch } from './probe';
export { trainingKernels } from './kernels';
export type { Examples } from './data';
