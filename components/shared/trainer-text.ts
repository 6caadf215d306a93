/**
 * The trainer's sentences for a learner: what a finished run means, why a run failed, and what the
 * backend in use is. Plain functions of plain data, so the wording is easy to read and to test.
 */
import { BACKEND_LABELS, REASON_LABELS } from '../../src/compute/describe';
import type { BackendInfo, BackendName, BackendPolicy, UnavailableReason } from '../../src/compute/types';
import type { SerializedLabError } from '../../src/errors';
import type { JobSummary } from '../../src/model/job';

/** Option text of every backend policy. */
export const POLICY_LABELS: Record<BackendPolicy, string> = {
  'gpu-first': 'GPU first (WebGPU, then WebGL)',
  fastest: 'Fastest here (measure)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM (WebAssembly on the CPU)',
  cpu: 'CPU (plain JavaScript)',
};

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1840.3 -> "1,840". */
export function formatCount(value: number): string {
  return integer.format(value);
}

/** 0.975 -> "97.5%". */
export function formatPercent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** "1 epoch", "20 epochs". */
export function plural(count: number, word: string): string {
  return `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`;
}

/** The status sentence of a finished run. */
export function doneSentence(summary: JobSummary, epochsAsked: number): string {
  const { accuracy, rows } = summary.test;
  const correct = Math.round(accuracy * rows);
  const parts = [
    `Test accuracy ${formatPercent(accuracy)}: the model labelled ${formatCount(correct)} of ${formatCount(rows)} held-out rows correctly (rows it never saw in training).`,
    `${plural(summary.epochsRun, 'epoch')} in ${(summary.durationMs / 1000).toFixed(1)} s.`,
  ];
  if (summary.stoppedEarly) {
    const kept = summary.restoredEpoch !== null ? ` It kept the weights of epoch ${summary.restoredEpoch + 1}, the best one.` : '';
    parts.push(`Early stopping ended the run before epoch ${epochsAsked}: the loss had stopped improving.${kept}`);
  }
  return parts.join(' ');
}

function lossWords(details: Record<string, unknown> | undefined): string {
  const backend = details?.backend as BackendName | undefined;
  const reason = details?.reason as UnavailableReason | undefined;
  const name = backend && backend in BACKEND_LABELS ? BACKEND_LABELS[backend] : 'GPU';
  return reason && reason in REASON_LABELS ? `${name}: ${REASON_LABELS[reason]}` : name;
}

/**
 * The status sentence of a failure. `chosenAgain` is the backend picked after a GPU loss, when the
 * trainer already announced it.
 */
export function errorSentence(error: SerializedLabError, chosenAgain: BackendName | null): string {
  switch (error.code) {
    case 'training-aborted':
      return 'Stopped. The unfinished model was thrown away.';
    case 'backend-lost': {
      const next = chosenAgain ? `The backend was chosen again: training now runs on ${BACKEND_LABELS[chosenAgain]}.` : 'The backend is being chosen again.';
      return `The GPU was lost during training (${lossWords(error.details)}), so the run stopped and its weights were thrown away. ${next} Press Train to run again.`;
    }
    case 'busy':
      return 'Another run is still in progress. Stop it or wait for it to finish.';
    default:
      return error.message;
  }
}

/** A short name for the device behind a backend, e.g. "swiftshader" for a software WebGPU. */
export function deviceWords(info: BackendInfo): string | null {
  if (info.adapter) return info.adapter.architecture || info.adapter.vendor || info.adapter.description || null;
  if (info.renderer) {
    const software = /swiftshader/i.test(info.renderer) ? 'SwiftShader' : null;
    const version = info.webglVersion ? `WebGL ${info.webglVersion}` : null;
    return [version, software ?? info.renderer.slice(0, 40)].filter(Boolean).join(', ');
  }
  if (info.wasmFeatures) {
    const features = [info.wasmFeatures.simd ? 'SIMD' : null, info.wasmFeatures.threads ? 'threads' : null].filter(Boolean);
    return features.length ? features.join(' + ') : 'no SIMD';
  }
  return null;
}

/** True when the device is a software emulation of a GPU (slow; worth telling a learner). */
export function isSoftwareGpu(info: BackendInfo): boolean {
  return /swiftshader|llvmpipe|software/i.test(`${info.adapter?.architecture ?? ''} ${info.adapter?.description ?? ''} ${info.renderer ?? ''}`);
}
