/**
 * End-to-end set-up: builds the app exactly as `npm run build` does (into a temporary folder, so a
 * developer's dist/ is untouched), serves it with Vite's preview server on 127.0.0.1 and hands the
 * URL to the tests. Beside the app, the folder mirrors the repository's layout for the embed tests:
 * `dist/embed/` (vite.embed.config.ts), a second copy of it at `dist/embed-copy/` (the same bundle
 * at another URL), and `examples/` as committed (the pages load `../dist/embed/mlops-lab.js`).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, mergeConfig, preview } from 'vite';
import embedConfig from '../../vite.embed.config.ts';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The embed build's Vite manifest (`dist/embed/.vite/manifest.json`, not served), as JSON text. */
    embedManifest: string;
  }
}

/** An embedding page whose bundle comes from another origin (served by the same server under its other name). */
const CROSS_ORIGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Embedded from another origin</title>
<script type="module">
  const other = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  window.bundleUrl = \`\${location.protocol}//\${other}:\${location.port}/dist/embed/mlops-lab.js\`;
  await import(window.bundleUrl);
</script></head>
<body><main><mlops-endpoint scenario="loans-policy-change" seed="11"></mlops-endpoint></main></body></html>
`;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outDir = mkdtempSync(join(tmpdir(), 'mlops-lab-e2e-'));
  await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  await build(mergeConfig(embedConfig, { configFile: false, logLevel: 'warn', build: { outDir: join(outDir, 'dist', 'embed'), emptyOutDir: true } }));
  cpSync(join(outDir, 'dist', 'embed'), join(outDir, 'dist', 'embed-copy'), { recursive: true });
  cpSync('examples', join(outDir, 'examples'), { recursive: true });
  // A page that loads the bundle from the other loopback name (localhost vs 127.0.0.1): another origin.
  mkdirSync(join(outDir, 'fixtures'));
  writeFileSync(join(outDir, 'fixtures', 'cross-origin.html'), CROSS_ORIGIN_PAGE);
  const server = await preview({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 4300, strictPort: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server did not report its URL');
  project.provide('baseUrl', url);
  project.provide('embedManifest', readFileSync(join(outDir, 'dist', 'embed', '.vite', 'manifest.json'), 'utf8'));
  return async () => {
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  };
}
