/**
 * Telling a software-emulated GPU from a real one. On a machine without a usable graphics card the
 * browser still offers WebGPU and WebGL, drawn by a CPU rasterizer: Chromium's SwiftShader, Mesa's
 * llvmpipe / softpipe / lavapipe, Windows' WARP ("Microsoft Basic Render Driver"). They work, but
 * for the lab's small models they are 5-40x slower than WebAssembly on the same CPU, so the
 * `gpu-first` policy skips them (naming `webgpu` or `webgl` explicitly still uses them).
 *
 * What the browser tells: a WebGPU adapter's `info` (vendor, architecture, device, description; a
 * SwiftShader adapter reads vendor "google", architecture "swiftshader") and its `isFallbackAdapter`
 * flag; WebGL's `UNMASKED_RENDERER_WEBGL` string (e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader
 * Device (Subzero) ...), SwiftShader driver)").
 */

/** Known software rasterizers: a pattern over the browser's strings, and the name to show. */
const SOFTWARE_RENDERERS: readonly { pattern: RegExp; name: string }[] = [
  { pattern: /swiftshader|subzero/i, name: 'SwiftShader' },
  { pattern: /llvmpipe/i, name: 'llvmpipe' },
  { pattern: /softpipe/i, name: 'softpipe' },
  { pattern: /lavapipe/i, name: 'lavapipe' },
  { pattern: /microsoft basic render|\bwarp\b/i, name: 'Microsoft Basic Render Driver' },
  { pattern: /software (rasterizer|renderer|adapter)|\bsoftware\b/i, name: 'a software renderer' },
];

/** The name of the software rasterizer that `text` names, or null when it names none. */
export function softwareRendererIn(text: string): string | null {
  for (const { pattern, name } of SOFTWARE_RENDERERS) if (pattern.test(text)) return name;
  return null;
}

/** What a WebGPU adapter says about itself (GPUAdapterInfo's fields, all optional here). */
export interface AdapterFacts {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** True for an adapter the browser itself calls a fallback (typically a software one). */
  isFallbackAdapter?: boolean;
}

/** The software rasterizer behind a WebGPU adapter, or null for a real GPU. */
export function softwareAdapter(info: AdapterFacts): string | null {
  const named = softwareRendererIn([info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' '));
  if (named) return named;
  return info.isFallbackAdapter ? 'a fallback (software) adapter' : null;
}

/** The software rasterizer behind a WebGL renderer string, or null for a real GPU. */
export function softwareWebGLRenderer(renderer: string): string | null {
  return softwareRendererIn(renderer);
}
