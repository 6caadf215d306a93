/**
 * Finds the Chromium that browser and end-to-end tests drive: $CHROMIUM_PATH, else /usr/bin/chromium
 * (Debian's package). Playwright's own browser download does not work on our machines.
 */
import { existsSync } from 'node:fs';

/** Flags that work headless here (DESIGN.md); WebGPU is added per configuration. */
export const BASE_FLAGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The flag that gives real (software) WebGPU in headless Chromium. */
export const WEBGPU_FLAG = '--enable-unsafe-webgpu';

/**
 * Flags that take WebGL away, for the "no GPU backend at all" configuration. Chromium's
 * --disable-webgl only affects <canvas>: an OffscreenCanvas (which TF.js uses) still gets WebGL 2.
 * Without the GPU process and without its software rasterizer no context is made anywhere.
 */
export const NO_WEBGL_FLAGS = ['--disable-gpu', '--disable-software-rasterizer'];

/** The Chromium executable, or a thrown Error that says how to get one. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. The browser and end-to-end tests need it. ` +
        'Install it (Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium) ' +
        'or point CHROMIUM_PATH at a Chromium or Chrome executable.',
    );
  }
  return path;
}
