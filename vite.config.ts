import { defineConfig } from 'vite';

/**
 * The lab is a static site: `npm start` serves it, `npm run build` writes it to dist/.
 * The training worker is an ES module worker; the wasm backend's binaries are emitted as assets
 * (imported with `?url` in src/compute/wasm-assets.ts) so nothing is fetched from another host.
 * Every URL in the build is relative (`base: './'`): the page's script and styles, the workers
 * (`new URL(..., import.meta.url)`) and the wasm binaries resolve against the file that names them,
 * so dist/ can be copied under any sub-path of any static host.
 */
export default defineConfig({
  base: './',
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: 'dist',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4000,
  },
});
