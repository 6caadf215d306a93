import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { BASE_FLAGS, chromiumPath, NO_WEBGL_FLAGS, WEBGPU_FLAG } from './tests/support/chromium.ts';

/**
 * Three kinds of tests (README "Tests"):
 * - unit: Node, TF.js cpu backend, deterministic;
 * - browser: real headless Chromium in three configurations, so every fallback path runs for real:
 *   `webgpu` (WebGPU flag on: adapter "swiftshader"), `no-webgpu` (no flag: navigator.gpu exists but
 *   the adapter is null, so WebGL is used), `no-gpu` (no WebGPU adapter and WebGL disabled: wasm);
 * - e2e: the built app served on 127.0.0.1 and driven by playwright-core.
 */
const executablePath = chromiumPath();
const browserInstance = (name: string, args: string[], include: string[]) => ({
  browser: 'chromium' as const,
  name,
  include,
  provider: playwright({ launchOptions: { executablePath, args: [...BASE_FLAGS, ...args] } }),
});

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // Every dependency the browser tests reach, pre-bundled up front: a dependency Vite discovers
        // mid-run makes it re-optimize and reload the page, which fails the test that was running.
        optimizeDeps: {
          include: [
            '@tensorflow/tfjs',
            '@tensorflow/tfjs-backend-wasm',
            '@tensorflow/tfjs-backend-webgl',
            '@tensorflow/tfjs-backend-webgpu',
            'lit',
            'lit/directives/if-defined.js',
            '@lit/context',
            'chart.js',
            'chartjs-plugin-annotation',
            'idb',
            'papaparse',
          ],
        },
        test: {
          name: 'browser',
          testTimeout: 180_000,
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath, args: [...BASE_FLAGS, WEBGPU_FLAG] } }),
            instances: [
              browserInstance('webgpu', [WEBGPU_FLAG], ['tests/browser/webgpu/**/*.test.ts']),
              browserInstance('no-webgpu', [], ['tests/browser/no-webgpu/**/*.test.ts']),
              browserInstance('no-gpu', NO_WEBGL_FLAGS, ['tests/browser/no-gpu/**/*.test.ts']),
            ],
          },
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
