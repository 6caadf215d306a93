/** Simulated traffic: the clock, the request stream, delayed labels, bad requests, request encoding. */
export { SimClock, MAX_SPEED } from './clock';
export { Arrivals, type ArrivalProcess, type Seasonality } from './arrivals';
export { LabelQueue, type LabelEvent } from './label-queue';
export { DEFECT_KINDS, UNIT_FACTOR, applicableKinds, injectDefect, type DefectKind } from './defects';
export { toFeatures, toInputVector, type Request } from './encode';
export { validateStreamConfig, resolveScenario, type StreamConfig, type LabelConfig } from './config';
export { RequestStream, type StreamEvent, type StreamRecord, type StreamStats } from './stream';
export { TrafficError, asLabError } from './errors';
