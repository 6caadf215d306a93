import { defineConfig } from 'vite';
import { inlineIntoHtml, inlineWorkers } from './build/single-file-plugin.ts';

/**
 * The one-file offline build: `npm run build` runs it after the normal build and it adds only
 * `dist/mlops-lab.html` (the page with its script, styles, classic training worker and the wasm
 * backend's binaries inside), which runs from `file://` or any static host with the network off.
 * - workers: classic (IIFE) scripts started from blob URLs (`inlineWorkers`, `worker.format`);
 * - assets: every imported file becomes a data: URL (`assetsInlineLimit`), so the three .wasm
 *   binaries that src/compute/wasm-assets.ts imports with `?url` travel inside the page;
 * - no code splitting (a page from `file://` cannot import another file), one script, inlined
 *   into the HTML (`inlineIntoHtml`), which is renamed mlops-lab.html.
 */
export default defineConfig({
  base: './',
  plugins: [inlineWorkers(), inlineIntoHtml()],
  worker: {
    format: 'iife',
    plugins: () => [inlineWorkers()],
    rolldownOptions: { output: { codeSplitting: false } },
  },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    assetsInlineLimit: () => true,
    chunkSizeWarningLimit: 16_000,
    modulePreload: false,
    copyPublicDir: false,
    rolldownOptions: { output: { codeSplitting: false } },
  },
});
