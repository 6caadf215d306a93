/**
 * The backend of a headless run (`npm run simulate`, `npm run record`): `--backend cpu` (the default:
 * the reference, whose reports are pinned byte for byte) or `--backend wasm` (WebAssembly, as a
 * browser without a real GPU trains). Node has no GPU backend. The run fails with a plain message if
 * the backend does not start, rather than silently training on another one.
 */
import { startBackend } from './backends';
import { LabError } from '../errors';
import type { BackendName } from './types';

/** The backends a headless run can use, default first. */
export const NODE_BACKENDS = ['cpu', 'wasm'] as const;

/** A backend a headless run can use. */
export type NodeBackend = (typeof NODE_BACKENDS)[number];

/** Whether `value` names a backend a headless run can use. */
export function isNodeBackend(value: unknown): value is NodeBackend {
  return typeof value === 'string' && (NODE_BACKENDS as readonly string[]).includes(value);
}

/** Why `value` is not a `--backend` value (a sentence fragment), or null when it is one. */
export function nodeBackendProblem(value: string | undefined): string | null {
  if (isNodeBackend(value)) return null;
  return `--backend must be one of ${NODE_BACKENDS.join(', ')} (Node has no GPU backend), got ${value === undefined ? 'nothing' : JSON.stringify(value)}`;
}

/** Starts `name` and makes it TF.js's active backend; throws a LabError saying why it would not start. */
export async function useNodeBackend(name: NodeBackend): Promise<void> {
  const started = await startBackend(name as BackendName);
  if (!started.ok) throw new LabError('backend-unavailable', `the ${name} backend would not start (${started.reason ?? 'unknown reason'}${started.detail ? `: ${started.detail}` : ''})`);
}
