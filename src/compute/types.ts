/**
 * Vocabulary of backend choice: names, policies, why a backend was not used, and what was chosen.
 */

/** The TF.js backends the lab can train on. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Every backend, in gpu-first order. */
export const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/**
 * How to choose a backend (src/compute/policies.ts has the table with labels and explanations):
 * - `gpu-first`: webgpu, then webgl, then wasm, then cpu — the first that starts, skipping a GPU
 *   that is emulated in software (SwiftShader, llvmpipe...);
 * - `fastest`: a short side-by-side probe of every backend that starts, on the current model;
 * - a backend name: that one, falling back in gpu-first order if it cannot start.
 */
export type BackendPolicy = 'gpu-first' | 'fastest' | BackendName;

/** Every policy a learner can pick, default first: the values of BACKEND_POLICY_TABLE. */
export { BACKEND_POLICY_VALUES as BACKEND_POLICIES } from './policies';

/** Why a backend could not be used. */
export type UnavailableReason =
  | 'no-navigator-gpu'
  | 'adapter-null'
  | 'device-request-failed'
  | 'no-webgl'
  | 'wasm-load-failed'
  | 'set-backend-failed'
  | 'webgl-context-lost'
  | 'webgpu-device-lost'
  | 'probe-failed'
  /** The backend lacks a kernel the model needs to train (e.g. wasm has no Conv2DBackpropFilter). */
  | 'missing-kernels'
  /** `gpu-first` skipped a GPU that is emulated in software (the detail names the rasterizer). */
  | 'software-gpu';

/** One backend that was tried. */
export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  reason?: UnavailableReason;
  /** Extra words from the browser or TF.js (an error message), when there are any. */
  detail?: string;
}

/** What the running backend is, as far as the browser tells. */
export interface BackendInfo {
  name: BackendName;
  /** WebGPU adapter info (vendor "google", architecture "swiftshader" on a software GPU). */
  adapter?: { vendor: string; architecture: string; device: string; description: string };
  /** WebGL version (1 or 2) and the renderer string, when the browser exposes it. */
  webglVersion?: number;
  renderer?: string;
  /** WASM: whether SIMD and threads are in use. */
  wasmFeatures?: { simd: boolean; threads: boolean };
  /** CPU-handoff flags: small ops below this many elements run on the CPU instead of the GPU. */
  cpuForward?: boolean;
}

/** One row of a `fastest` probe: a backend measured on the current model. */
export interface ProbeRow {
  backend: BackendName;
  available: boolean;
  reason?: UnavailableReason;
  detail?: string;
  /** Median training throughput after warm-up. */
  samplesPerSec?: number;
  /** Time of the first training step (shader compilation and uploads included). */
  warmupMs?: number;
}

/** A backend that was lost while in use. */
export interface BackendLoss {
  backend: BackendName;
  reason: Extract<UnavailableReason, 'webgl-context-lost' | 'webgpu-device-lost'>;
  detail?: string;
}

/** The outcome of choosing a backend. */
export interface BackendChoice {
  policy: BackendPolicy;
  backend: BackendName;
  info: BackendInfo;
  /** Every backend tried, in order, with the reason for each failure. */
  attempts: BackendAttempt[];
  /** Present when this choice was made again after the previous backend was lost. */
  lost?: BackendLoss;
  /** Present for the `fastest` policy: the measured table. */
  probe?: ProbeRow[];
  /** One plain sentence for the UI, e.g. "WebGPU unavailable (no adapter); training on WebGL". */
  message: string;
  /**
   * Why the choice is not the policy's first preference, in plain words (e.g. "your GPU is emulated
   * in software (SwiftShader), so the lab trains on WebAssembly: faster here"); absent when the first
   * preference runs.
   */
  fallbackReason?: string;
}
