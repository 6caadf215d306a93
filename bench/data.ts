/**
 * The `data` bench, page part: the same measurements as the Node part (bench/node/data.ts) in
 * Chromium, with predict on the backend the lab picks first (WebGPU, else WebGL, else wasm; software-
 * emulated on our machines) and on wasm. The runner merges this with the Node part's result.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmAssetPaths, startBackend } from '../src/compute/backends';
import type { BackendName } from '../src/compute/types';
import { bundledWasmPaths } from '../src/compute/wasm-assets';
import { browserFacts, nodeResult, progress, publish } from './lib/page';
import { measureAll, METHOD } from './node/data';

async function run(): Promise<Record<string, unknown>> {
  setWasmAssetPaths(bundledWasmPaths());
  const browser: Record<string, unknown> = {};
  let gpuFirst: BackendName | null = null;
  const skipped: Record<string, string> = {};
  for (const name of ['webgpu', 'webgl', 'wasm'] as const) {
    const started = await startBackend(name);
    if (started.ok) {
      gpuFirst = name;
      browser.gpu_first = { backend: name, info: started.info ?? null, ...(await measureAll(progress)) };
      break;
    }
    skipped[name] = started.reason ?? 'unavailable';
  }
  if (gpuFirst !== 'wasm') {
    const wasm = await startBackend('wasm');
    if (wasm.ok) browser.wasm = await measureAll(progress);
    else skipped.wasm = wasm.reason ?? 'unavailable';
  }
  await tf.ready();
  return {
    ...(nodeResult() ?? {}),
    name: 'data',
    method: METHOD,
    browser_facts: browserFacts(),
    chromium: browser,
    ...(Object.keys(skipped).length ? { backends_not_started: skipped } : {}),
    note: 'Chromium here runs WebGPU and WebGL on SwiftShader (software): their predict figures are not real GPU figures; a real GPU predicts faster, so generation is a larger share there.',
  };
}

publish(run());
