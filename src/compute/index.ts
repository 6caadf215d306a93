/** Compute: TF.js backend choice with honest fallback, loss watching, timing and memory accounting. */
export * from './types';
export { BACKEND_LABELS, REASON_LABELS, describeChoice } from './describe';
export { Compute, getCompute, type ProbeWorkload, type ChooseOptions } from './compute';
export { missingKernels, setWasmAssetPaths, startBackend } from './backends';
export { memorySnapshot, tensorsLeaked, type MemorySnapshot } from './memory';
export { median, timeSteps, type Timing, type TimingOptions } from './measure';
