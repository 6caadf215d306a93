/**
 * The backend policy a learner picks, as one declared table (as TF Playground's `state.ts` declares
 * its URL state): every value with its label and a one-sentence explanation. URL state, settings
 * forms, element attributes and the CLI read this table instead of keeping their own lists.
 */
import { InvalidInputError } from '../errors';
import type { BackendPolicy } from './types';

/** One row of the policy table. */
export interface BackendPolicyRow {
  /** The value written in URLs, attributes and configs. */
  value: BackendPolicy;
  /** Short text for a select option or a badge. */
  label: string;
  /** One plain sentence on what the policy does. */
  explanation: string;
}

/** Every backend policy, default first. */
export const BACKEND_POLICY_TABLE: readonly BackendPolicyRow[] = [
  {
    value: 'gpu-first',
    label: 'GPU first (a real GPU, else WebAssembly)',
    explanation:
      'Trains on the graphics card when there is a real one (WebGPU, then WebGL). A GPU emulated in software is skipped, because WebAssembly is faster on the same CPU.',
  },
  {
    value: 'fastest',
    label: 'Fastest here (measure)',
    explanation: 'Trains your model for a few steps on every backend that starts, then keeps the fastest one.',
  },
  {
    value: 'webgpu',
    label: 'WebGPU',
    explanation: 'The graphics card through WebGPU, even when it is emulated in software. If it cannot start, the next backend is used and the reason shown.',
  },
  {
    value: 'webgl',
    label: 'WebGL',
    explanation: 'The graphics card through WebGL, even when it is emulated in software. If it cannot start, the next backend is used and the reason shown.',
  },
  {
    value: 'wasm',
    label: 'WebAssembly (WASM, on the CPU)',
    explanation: 'Compiled code on the CPU: fast for small models. It cannot train the image CNN, which then goes to plain JavaScript.',
  },
  {
    value: 'cpu',
    label: 'CPU (plain JavaScript)',
    explanation: 'The reference backend: the slowest, always available, and it trains every model.',
  },
];

/** The default policy. */
export const DEFAULT_BACKEND_POLICY: BackendPolicy = 'gpu-first';

/** Every policy value, in table order. */
export const BACKEND_POLICY_VALUES: readonly BackendPolicy[] = BACKEND_POLICY_TABLE.map((row) => row.value);

/** Whether `value` is a backend policy. */
export function isBackendPolicy(value: unknown): value is BackendPolicy {
  return typeof value === 'string' && (BACKEND_POLICY_VALUES as readonly string[]).includes(value);
}

/** The table row of a policy. */
export function backendPolicyRow(policy: BackendPolicy): BackendPolicyRow {
  return BACKEND_POLICY_TABLE.find((row) => row.value === policy) as BackendPolicyRow;
}

/**
 * Reads a policy from untrusted text (URL, attribute, CLI flag). Blank or missing gives the
 * default; anything else not in the table throws InvalidInputError naming `field`.
 */
export function parseBackendPolicy(value: unknown, field = 'backend'): BackendPolicy {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return DEFAULT_BACKEND_POLICY;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (isBackendPolicy(text)) return text;
  throw new InvalidInputError('invalid-policy', field, `must be one of ${BACKEND_POLICY_VALUES.join(', ')}, got ${JSON.stringify(value)}`);
}

let realmDefault: BackendPolicy | null = null;

/**
 * Sets the policy a Lab of this realm (page, worker, Node process) follows when its config names
 * none; null keeps the backend the realm has active (Node scripts and tests set theirs). The Lab
 * worker and the in-page Lab of a browser set `gpu-first`.
 */
export function setDefaultLabBackend(policy: BackendPolicy | null): void {
  realmDefault = policy;
}

/** The policy a Lab of this realm follows when its config names none (null: the active backend). */
export function defaultLabBackend(): BackendPolicy | null {
  return realmDefault;
}
