import { defineConfig } from 'vite';

/**
 * The embed bundle: `npm run build` runs it after the other two builds and it writes `dist/embed/`,
 * whose `mlops-lab.js` is one ES module a course page loads with one `<script type="module">` tag to
 * register every element (guarded: loading it twice, from one URL or two, defines nothing twice).
 * - entry: components/index.ts, exports kept (`preserveEntrySignatures`), named `mlops-lab.js`;
 * - lazy: the Lab and TensorFlow.js are reached only through the Lab worker (emitted beside the
 *   entry, under `chunks/`) and the dynamic import of the in-page Lab, so a page whose elements only
 *   show data (or replay a recorded run) loads neither; `npm run size` measures it;
 * - relative URLs everywhere (`base: './'`): the folder can be copied to any path of any static host;
 * - a manifest (`.vite/manifest.json`) lists each chunk's static and dynamic imports for the size report.
 * Not library mode: library mode inlines every asset (the wasm binaries) as base64.
 */
export default defineConfig({
  base: './',
  publicDir: false,
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: 'dist/embed',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4000,
    modulePreload: false,
    manifest: true,
    rolldownOptions: {
      input: { 'mlops-lab': 'components/index.ts' },
      preserveEntrySignatures: 'strict',
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
