/**
 * Starting one TF.js backend, with the reason when it will not start.
 *
 * The lab registers its own factories for webgpu and webgl (replacing the ones TF.js registers on
 * import) for three reasons: the adapter is requested here so "no adapter" is told apart from other
 * failures; every factory error is kept so the UI can show it (TF.js only logs it); and after a
 * WebGL context loss a new backend must not reuse TF.js's module-level shader cache, which holds
 * programs of the dead context — a backend built on its own GPGPUContext gets a fresh cache.
 */
import * as tf from '@tensorflow/tfjs';
import { GPGPUContext, MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { softwareAdapter, softwareWebGLRenderer } from './software-gpu';
import type { BackendAttempt, BackendInfo, BackendName, UnavailableReason } from './types';

/** The outcome of starting one backend. */
export interface StartResult extends BackendAttempt {
  info?: BackendInfo;
}

const factoryErrors = new Map<BackendName, string>();
let pendingAdapter: GPUAdapter | null = null;
let adapterInfo: AdapterInfoLike | null = null;
let wasmPathsSet = false;
let factoriesInstalled = false;

/** The engine fields this module reads besides TF.js's public API. */
interface EngineInternals {
  registry: Record<string, tf.KernelBackend | undefined>;
  pendingBackendInit?: Promise<boolean> | null;
}

function engine(): EngineInternals {
  return tf.engine() as unknown as EngineInternals;
}

/**
 * Whether a backend has an instance already. Unlike `tf.findBackend`, this never starts one: on a
 * backend with an asynchronous start (wasm, webgpu) `findBackend` begins its initialization in the
 * background, and until that ends TF.js refuses every operation on every backend ("Backend 'cpu'
 * has not yet been initialized").
 */
function isStarted(name: BackendName): boolean {
  return engine().registry[name] !== undefined;
}

/**
 * Waits until no backend initialization is pending in TF.js (one started by `tf.setBackend`, by a
 * `findBackend`, or by TF.js choosing its own default on the first operation). While one is pending,
 * TF.js throws on every operation, whichever backend is active.
 */
export async function settleBackendInit(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) {
    const pending = engine().pendingBackendInit;
    if (!pending) return;
    await pending.catch(() => false);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fail(backend: BackendName, reason: UnavailableReason, detail?: string): StartResult {
  return detail ? { backend, ok: false, reason, detail } : { backend, ok: false, reason };
}

/** WebGPU factory: a device from the adapter found by `startWebGPU`, with the limits TF.js needs. */
async function createWebGPUBackend(): Promise<WebGPUBackend> {
  const adapter = pendingAdapter ?? (await navigator.gpu.requestAdapter());
  pendingAdapter = null;
  if (!adapter) throw new Error('no WebGPU adapter');
  const limits = adapter.limits;
  const requiredFeatures: GPUFeatureName[] = [];
  if (adapter.features.has('timestamp-query')) requiredFeatures.push('timestamp-query');
  const device = await adapter.requestDevice({
    requiredFeatures,
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
      // TF.js's AddN binds every input as a storage buffer: the lab's scaled MLP sums 8 weights (9
      // buffers with the output) in the trainer's weight check, one more than the default limit of 8.
      maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
    },
  });
  adapterInfo = adapterFacts(adapter);
  return new WebGPUBackend(device, adapter.info);
}

/** Keeps the message of a factory's failure, then lets TF.js see the failure as usual. */
function recordingFactory(name: BackendName, factory: () => tf.KernelBackend | Promise<tf.KernelBackend>) {
  return async () => {
    try {
      return await factory();
    } catch (error) {
      factoryErrors.set(name, messageOf(error));
      throw error;
    }
  };
}

/** Registers a backend's factory afresh (used at start and after a backend was lost). */
function installFactory(name: BackendName): void {
  const priority = { webgpu: 3, webgl: 2, wasm: 2, cpu: 1 }[name];
  if (name === 'webgpu') {
    tf.registerBackend(name, recordingFactory(name, createWebGPUBackend), priority);
  } else if (name === 'webgl') {
    tf.registerBackend(name, recordingFactory(name, () => new MathBackendWebGL(new GPGPUContext())), priority);
  }
}

/** Replaces TF.js's own webgpu and webgl factories with the lab's, once per realm. */
export function installFactories(): void {
  if (factoriesInstalled) return;
  factoriesInstalled = true;
  const wasm = tf.findBackendFactory('wasm');
  for (const name of ['webgpu', 'webgl'] as const) {
    if (tf.findBackendFactory(name)) tf.removeBackend(name);
    installFactory(name);
  }
  if (wasm) {
    tf.removeBackend('wasm');
    tf.registerBackend('wasm', recordingFactory('wasm', wasm), 2);
  }
}

/**
 * Throws the backend's instance away and registers a fresh factory, so the next start builds a new
 * context or device. Used after a loss; safe on a backend that never started.
 */
export function retireBackend(name: BackendName): void {
  const engine = tf.engine();
  const instance = engine.registry[name];
  try {
    if (tf.findBackendFactory(name)) tf.removeBackend(name);
  } catch {
    // Disposing a backend on a dead context or device can throw part-way through removal.
  }
  // Whatever removal managed, nothing of the dead backend may stay registered: a leftover instance
  // would be handed back by the next setBackend, still bound to the lost context.
  delete engine.registry[name];
  delete engine.registryFactory[name];
  if (instance instanceof MathBackendWebGL) {
    try {
      instance.gpgpu.dispose();
    } catch {
      // A lost context may refuse clean-up; it is gone either way.
    }
  }
  installFactory(name);
}

/**
 * Tells the wasm backend where its three .wasm binaries are (URLs served by the lab itself, so
 * nothing is fetched from elsewhere). Must run before the wasm backend starts; later calls are ignored.
 */
export function setWasmAssetPaths(paths: Record<string, string>): void {
  if (wasmPathsSet || isStarted('wasm')) return;
  setWasmPaths(paths);
  wasmPathsSet = true;
}

/** The renderer string of a WebGL context (the unmasked one when the browser exposes it). */
function rendererOf(gl: WebGLRenderingContext | WebGL2RenderingContext): string {
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
}

/**
 * Opens a throwaway WebGL context (without TF.js) and returns its renderer string, or null when
 * this realm cannot create one at all.
 */
function probeWebGL(): string | null {
  let canvas: OffscreenCanvas | HTMLCanvasElement | null = null;
  if (typeof OffscreenCanvas !== 'undefined') canvas = new OffscreenCanvas(1, 1);
  else if (typeof document !== 'undefined') canvas = document.createElement('canvas');
  if (!canvas) return null;
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return null;
  const renderer = rendererOf(gl);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}

/** Whether this realm can create a WebGL context at all (without TF.js). */
function canCreateWebGL(): boolean {
  return probeWebGL() !== null;
}

/**
 * The software rasterizer behind a GPU backend (e.g. "SwiftShader"), or null when the GPU is real
 * or the backend is not there at all (starting it will then say why). Asks the browser without
 * starting TF.js's backend: a WebGPU adapter is requested (and kept for the start that may follow),
 * a WebGL context is opened and closed. Only meaningful for webgpu and webgl; null for the others.
 */
export async function softwareGpu(name: BackendName): Promise<string | null> {
  if (name === 'webgpu') {
    if (isStarted('webgpu')) return adapterInfo ? softwareAdapter(adapterInfo) : null;
    const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
    if (!gpu) return null;
    try {
      pendingAdapter ??= await gpu.requestAdapter({ powerPreference: 'high-performance' });
    } catch {
      return null;
    }
    return pendingAdapter ? softwareAdapter(adapterFacts(pendingAdapter)) : null;
  }
  if (name === 'webgl') {
    const instance = engine().registry.webgl;
    const renderer = instance instanceof MathBackendWebGL ? rendererOf(instance.gpgpu.gl) : probeWebGL();
    return renderer === null ? null : softwareWebGLRenderer(renderer);
  }
  return null;
}

/** GPUAdapterInfo with the flag newer browsers put there (older ones keep it on the adapter). */
type AdapterInfoLike = GPUAdapterInfo & { isFallbackAdapter?: boolean };

function adapterFacts(adapter: GPUAdapter): AdapterInfoLike {
  const info = adapter.info as AdapterInfoLike;
  const legacy = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, isFallbackAdapter: info.isFallbackAdapter ?? legacy } as AdapterInfoLike;
}

/**
 * Makes `name` the active backend, after and until every pending initialization is over, so the
 * first operation on it cannot meet "has not yet been initialized".
 */
async function activate(name: BackendName): Promise<boolean> {
  factoryErrors.delete(name);
  try {
    await settleBackendInit();
    const ok = await tf.setBackend(name);
    await settleBackendInit();
    return ok && tf.getBackend() === name;
  } catch (error) {
    factoryErrors.set(name, messageOf(error));
    return false;
  }
}

function describeBackend(name: BackendName): BackendInfo {
  const info: BackendInfo = { name };
  const backend = tf.findBackend(name);
  if (backend instanceof WebGPUBackend) {
    info.adapter = {
      vendor: adapterInfo?.vendor ?? '',
      architecture: adapterInfo?.architecture ?? '',
      device: adapterInfo?.device ?? '',
      description: adapterInfo?.description ?? '',
    };
    info.cpuForward = tf.env().getBool('WEBGPU_CPU_FORWARD');
  } else if (backend instanceof MathBackendWebGL) {
    info.webglVersion = tf.env().getNumber('WEBGL_VERSION');
    info.renderer = rendererOf(backend.gpgpu.gl);
    info.cpuForward = tf.env().getBool('WEBGL_CPU_FORWARD');
  }
  return info;
}

async function describeWasm(): Promise<BackendInfo> {
  const [simd, threads] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  return { name: 'wasm', wasmFeatures: { simd: Boolean(simd), threads: Boolean(threads) } };
}

/**
 * The kernels of `kernels` that `backend` has no implementation of. Kernels are registered when a
 * backend's package is imported, so this answers before the backend is started.
 */
export function missingKernels(backend: BackendName, kernels: readonly string[]): string[] {
  installFactories();
  return kernels.filter((kernel) => !tf.getKernel(kernel, backend));
}

/**
 * Starts a backend and makes it TF.js's active backend. Never throws: a backend that will not start
 * comes back with `ok: false` and the reason.
 */
export async function startBackend(name: BackendName): Promise<StartResult> {
  installFactories();
  if (name === 'webgpu' && !isStarted('webgpu')) {
    const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
    if (!gpu) return fail(name, 'no-navigator-gpu');
    try {
      pendingAdapter ??= await gpu.requestAdapter({ powerPreference: 'high-performance' });
    } catch (error) {
      return fail(name, 'adapter-null', messageOf(error));
    }
    if (!pendingAdapter) return fail(name, 'adapter-null');
  }
  if (name === 'webgl' && !isStarted('webgl') && !canCreateWebGL()) return fail(name, 'no-webgl');

  const ok = await activate(name);
  if (!ok) {
    const detail = factoryErrors.get(name);
    if (name === 'webgpu' && detail && /device/i.test(detail)) return fail(name, 'device-request-failed', detail);
    if (name === 'wasm') return fail(name, 'wasm-load-failed', detail);
    return fail(name, 'set-backend-failed', detail);
  }
  const info = name === 'wasm' ? await describeWasm() : describeBackend(name);
  return { backend: name, ok: true, info };
}
