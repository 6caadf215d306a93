/**
 * Bench `serving`, page part: the measurement of bench/lib/serving-measure.ts in Chromium. The
 * top-level figures (`backend`, `paths`, `ratios`) are for the backend the lab picks by default
 * (gpu-first: webgpu, else webgl, else wasm), all three paths on that one backend; `other_backends`
 * repeats the measurement on wasm, and `node_cpu` (from the Node part) on the pure-JS cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmAssetPaths, startBackend } from '../src/compute/backends';
import type { BackendName } from '../src/compute/types';
import { bundledWasmPaths } from '../src/compute/wasm-assets';
import { browserFacts, nodeResult, progress, publish } from './lib/page';
import { measureServing, type ServingLoad } from './lib/serving-measure';

/** The emulated GPUs take milliseconds per call: a smaller burst keeps the per-request path to seconds. */
const GPU_LOAD: ServingLoad = { burst: 256, single: 60, reps: 3, minMs: 200 };
const CPU_LOAD: ServingLoad = { burst: 2048, single: 150, reps: 5, minMs: 200 };
const GPU_FIRST: readonly BackendName[] = ['webgpu', 'webgl', 'wasm'];

async function run(): Promise<Record<string, unknown>> {
  setWasmAssetPaths(bundledWasmPaths());
  const attempts: Array<Record<string, unknown>> = [];
  let primary: BackendName | null = null;
  let primaryInfo: unknown = null;
  for (const name of GPU_FIRST) {
    const started = await startBackend(name);
    attempts.push({ backend: name, ok: started.ok, ...(started.ok ? {} : { reason: started.reason }) });
    if (started.ok) {
      primary = name;
      primaryInfo = started.info;
      break;
    }
  }
  if (!primary) throw new Error('no backend started');
  const flags = { WEBGL_CPU_FORWARD: tf.env().getBool('WEBGL_CPU_FORWARD'), WEBGPU_CPU_FORWARD: tf.env().getBool('WEBGPU_CPU_FORWARD') };
  progress(`serving bench: ${primary} (gpu-first), flags ${JSON.stringify(flags)}`);
  const main = await measureServing(primary === 'wasm' ? CPU_LOAD : GPU_LOAD);
  progress(`serving bench: ${primary} done: ${JSON.stringify(main.ratios)}`);
  const others: Record<string, unknown> = {};
  if (primary !== 'wasm') {
    const wasm = await startBackend('wasm');
    if (wasm.ok) {
      others.wasm = { info: wasm.info, ...(await measureServing(CPU_LOAD)) };
      progress(`serving bench: wasm done: ${JSON.stringify((others.wasm as { ratios: unknown }).ratios)}`);
    } else others.wasm = { available: false, reason: wasm.reason };
  }
  const soft = /swiftshader|software|llvmpipe/i.test(JSON.stringify(primaryInfo));
  return {
    created: new Date().toISOString(),
    ...main,
    backend_info: primaryInfo,
    backend_choice: attempts,
    flags,
    other_backends: others,
    ...(nodeResult() ?? {}),
    browser: browserFacts(),
    note: soft
      ? `The top-level figures ran on ${primary}, software-emulated here (SwiftShader): per-call GPU overhead is real in kind but not in size. Compare paths within one backend only; wasm (other_backends) and node_cpu are CPU figures.`
      : `The top-level figures ran on ${primary}; compare paths within one backend only.`,
  };
}

publish(run());
