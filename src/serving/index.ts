/** The serving endpoint: schema validation, routing, micro-batching, fallback, deploy and rollback. */
export * from './protocol';
export { Endpoint, type EndpointOptions, type EndpointStats, type InferTarget, type DeployContext, type ServedEvent } from './endpoint';
export { EndpointConfigError, DeployError, type DeployStage } from './errors';
export { modelMetadata, readiness, serverMetadata, PLATFORM, SERVER_NAME, SERVER_VERSION, type DeployedVersions, type MetadataTensor, type ModelMetadataResponse, type ModelReadyResponse, type ServerLiveResponse, type ServerMetadataResponse, type ServerReadyResponse } from './metadata';
export { inRange, numberOf, rangeText, NUMBER_TYPES, FP16_OVERFLOW } from './datatypes';
export { FeatureEncoder, type EncodedRows } from './encoder';
export type { BlockAnswers } from './block';
export { parseInputs, readData, readEnvelope, requestedOutputs, DEFAULT_LIMITS, OUTPUT_NAMES, type RequestLimits } from './parse';
export { MicroBatcher, NonFiniteOutput, type BatcherOptions, type BatchResult, type BatchRun } from './batcher';
export { DEFAULT_BUCKETS, bucketFor, chunks, validateBuckets } from './buckets';
export { ServedModel, ModelFailure, type PredictFault } from './served-model';
export { assignmentOf, routeOf, validatePolicy, type RoutingPolicy } from './router';
export { fallbackProbabilities, majorityClass, validateFallback, type FallbackRule } from './fallback';
export { quantile, LATENCY_WINDOW, ShadowLog, VersionStats, type ShadowRecord, type VersionCounters, type VersionStatsSnapshot } from './stats';
export { ManualScheduler, realClock, realScheduler, type Clock, type Scheduler } from './scheduler';
export { argmaxRow, outputsOf } from './response';
