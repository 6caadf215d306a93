/**
 * Plain words for backend choices, shown to learners in the backend badge.
 */
import type { BackendChoice, BackendName, UnavailableReason } from './types';

/** Display names of the backends. */
export const BACKEND_LABELS: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU (plain JavaScript)',
};

/** Short reasons, as they read in "WebGPU unavailable (no adapter)". */
export const REASON_LABELS: Record<UnavailableReason, string> = {
  'no-navigator-gpu': 'this browser has no navigator.gpu',
  'adapter-null': 'no adapter',
  'device-request-failed': 'the GPU refused a device',
  'no-webgl': 'no WebGL context',
  'wasm-load-failed': 'its .wasm file did not load',
  'set-backend-failed': 'TF.js could not start it',
  'webgl-context-lost': 'WebGL context lost',
  'webgpu-device-lost': 'GPU device lost',
  'probe-failed': 'the speed probe failed',
  'missing-kernels': 'it cannot train this model',
  'software-gpu': 'emulated in software',
};

/** How the software-GPU sentence names the backend the lab trains on instead. */
function insteadWords(backend: BackendName): string {
  if (backend === 'wasm') return 'WebAssembly: faster here';
  if (backend === 'cpu') return 'the CPU (plain JavaScript)';
  return BACKEND_LABELS[backend];
}

/**
 * The sentence for a choice: fallbacks first, then what runs and why. A GPU skipped because it is
 * emulated in software reads "your GPU is emulated in software (SwiftShader), so the lab trains on
 * WebAssembly: faster here".
 */
export function describeChoice(choice: Pick<BackendChoice, 'policy' | 'backend' | 'attempts' | 'lost' | 'probe'>): string {
  const parts: string[] = [];
  if (choice.lost) {
    parts.push(`${BACKEND_LABELS[choice.lost.backend]} was lost (${REASON_LABELS[choice.lost.reason]}) and the run was stopped; backend chosen again`);
  }
  const emulated: string[] = [];
  for (const attempt of choice.attempts) {
    if (attempt.ok || !attempt.reason) continue;
    if (attempt.reason === 'software-gpu') {
      const name = attempt.detail ?? 'a software renderer';
      if (!emulated.includes(name)) emulated.push(name);
      continue;
    }
    parts.push(`${BACKEND_LABELS[attempt.backend]} unavailable (${REASON_LABELS[attempt.reason]})`);
  }
  const label = BACKEND_LABELS[choice.backend];
  if (emulated.length > 0) {
    parts.push(`your GPU is emulated in software (${emulated.join(', ')}), so the lab trains on ${insteadWords(choice.backend)}`);
  } else if (choice.policy === 'fastest') {
    const row = choice.probe?.find((r) => r.backend === choice.backend);
    const speed = row?.samplesPerSec ? ` at ${Math.round(row.samplesPerSec).toLocaleString('en-US')} samples/s` : '';
    parts.push(`training on ${label}, the fastest measured here${speed}`);
  } else if (choice.policy === choice.backend) {
    parts.push(`training on ${label}, as you asked`);
  } else {
    parts.push(`training on ${label}`);
  }
  const sentence = parts.join('; ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
