/**
 * Vocabulary of backend choice: names, policies, why a backend was not used, and what was chosen.
 */

/** The TF.js backends the lab can train on. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Every backend, in gpu-first order. */
export const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/**
 * How to choose a backend:
 * - `gpu-first`: webgpu, then webgl, then wasm, then cpu — the first that starts;
 * - `fastest`: a short side-by-side probe of every backend that starts, on the current model;
 * - a backend name: that one, falling back in gpu-first order if it cannot start.
 */
export type BackendPolicy = 'gpu-first' | 'fastest' | BackendName;

/** Every policy a learner can pick. */
export const BACKEND_POLICIES: readonly BackendPolicy[] = ['gpu-first', 'fastest', ...BACKENDS];

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
  | 'missing-kernels';

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
}
