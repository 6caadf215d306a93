/**
 * URLs of the wasm backend's binaries, served by the lab's own build (Vite copies them as assets),
 * so the wasm backend never fetches anything from another host. Browser builds only. In the one-file
 * build (vite.single.config.ts) every asset is inlined, so these same imports are data: URLs and the
 * binaries travel inside dist/mlops-lab.html: nothing is fetched at all.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** The file map `setWasmPaths` expects, resolved against this page's location. */
export function bundledWasmPaths(): Record<string, string> {
  const base = globalThis.location?.href;
  const abs = (url: string) => (base ? new URL(url, base).href : url);
  return {
    'tfjs-backend-wasm.wasm': abs(wasmPlain),
    'tfjs-backend-wasm-simd.wasm': abs(wasmSimd),
    'tfjs-backend-wasm-threaded-simd.wasm': abs(wasmThreadedSimd),
  };
}
