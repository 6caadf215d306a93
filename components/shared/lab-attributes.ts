/**
 * The attributes an element alone on a page reads to configure its own Lab: `scenario`, `seed`,
 * `policy` and `backend` (the backend policy; a recorded run is named by `recording`). Each is checked on its own; a bad value is named
 * in a plain message and its default kept, so a typo in a course page shows a notice, not a blank box.
 */
import { LabError } from '../../src/errors';
import type { LabConfig } from '../../src/loop/engine/config';
import { POLICIES } from '../../src/loop/decisions/policy';
import { scenarioList } from '../../src/loop/engine/scenarios';
import { BACKEND_POLICY_VALUES, isBackendPolicy } from '../../src/compute/policies';
import type { BackendPolicy } from '../../src/compute/types';

/** Attributes that configure (or replace) an element's own Lab; a change starts a fresh one. */
export const LAB_ATTRIBUTES = ['recording', 'scenario', 'seed', 'policy', 'backend'] as const;

/** The config to use, and what was wrong with the attributes (null when nothing). */
export interface AttributeConfig {
  config: LabConfig;
  problem: LabError | null;
}

/** What the attributes are read from (an element). */
export interface AttributeSource {
  getAttribute(name: string): string | null;
}

/**
 * Overlays `host`'s `scenario`, `seed` and `policy` attributes on `base`. An attribute in `skip` is the
 * element's own (e.g. a drill's `seed` seeds the drill, not the Lab) and is not read.
 */
export function configFromAttributes(host: AttributeSource, base: LabConfig, skip: ReadonlySet<string> = new Set()): AttributeConfig {
  const config: LabConfig = { ...base };
  const { settings, problems } = readAttributes(host, skip);
  if (settings.scenario !== null) config.scenario = settings.scenario;
  if (settings.seed !== null) config.seed = settings.seed;
  if (settings.policy !== null) config.policy = settings.policy;
  if (settings.backend !== null) config.backend = settings.backend;
  if (problems.length === 0) return { config, problem: null };
  const defaults = `using ${typeof config.scenario === 'string' ? config.scenario : 'the default scenario'}, seed ${config.seed}, policy ${typeof config.policy === 'string' ? config.policy : 'on-alert'}`;
  return { config, problem: new LabError('invalid-lab-command', `Check this element's attributes: ${problems.join('; ')}. The lab runs with the defaults instead (${defaults}).`, { problems }) };
}

/** The Lab settings an element's attributes name: each null when absent or unusable (`recording` as written). */
export interface AttributeSettings {
  scenario: string | null;
  seed: number | null;
  policy: string | null;
  recording: string | null;
  /** The backend policy every training run of the Lab follows (gpu-first, fastest, webgpu, webgl, wasm, cpu). */
  backend: BackendPolicy | null;
}

/** The usable settings of `host`'s attributes (those in `skip` not read), and a plain message per bad one. */
export function readAttributes(host: AttributeSource, skip: ReadonlySet<string> = new Set()): { settings: AttributeSettings; problems: string[] } {
  const settings: AttributeSettings = { scenario: null, seed: null, policy: null, recording: null, backend: null };
  const problems: string[] = [];
  const read = (name: string) => (skip.has(name) ? null : host.getAttribute(name));
  settings.recording = read('recording');
  const scenario = read('scenario');
  if (scenario !== null) {
    const names = scenarioList().map((s) => s.name);
    if (names.includes(scenario)) settings.scenario = scenario;
    else problems.push(`scenario "${scenario}" is not one of ${names.join(', ')}`);
  }
  const seed = read('seed');
  if (seed !== null) {
    const n = Number(seed.trim());
    if (/^\s*-?\d+\s*$/.test(seed) && Number.isSafeInteger(n) && n >= -(2 ** 31) && n < 2 ** 31) settings.seed = n;
    else problems.push(`seed "${seed}" is not a whole number between -2147483648 and 2147483647`);
  }
  const policy = read('policy');
  if (policy !== null) {
    if (POLICIES.some((p) => p.name === policy)) settings.policy = policy;
    else problems.push(`policy "${policy}" is not one of ${POLICIES.map((p) => p.name).join(', ')}`);
  }
  const backend = read('backend');
  if (backend !== null) {
    const value = backend.trim().toLowerCase();
    if (isBackendPolicy(value)) settings.backend = value;
    else problems.push(`backend "${backend}" is not one of ${BACKEND_POLICY_VALUES.join(', ')}`);
  }
  return { settings, problems };
}
