/** Compute: TF.js backend choice with honest fallback, loss watching, timing and memory accounting. */
export * from './types';
export { BACKEND_LABELS, REASON_LABELS, describeChoice } from './describe';
export { Compute, getCompute, type ProbeWorkload, type ChooseOptions } from './compute';
export { missingKernels, setWasmAssetPaths, settleBackendInit, softwareGpu, startBackend } from './backends';
export { BACKEND_POLICY_TABLE, BACKEND_POLICY_VALUES, DEFAULT_BACKEND_POLICY, backendPolicyRow, isBackendPolicy, parseBackendPolicy, type BackendPolicyRow } from './policies';
export { softwareAdapter, softwareRendererIn, softwareWebGLRenderer, type AdapterFacts } from './software-gpu';
export { memorySnapshot, tensorsLeaked, type MemorySnapshot } from './memory';
export { median, timeSteps, type Timing, type TimingOptions } from './measure';
