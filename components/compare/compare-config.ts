/**
 * Which run a compare replays and which of its results is the learner's: the config sent with the
 * Lab's `compare` command (from the element's attributes, else the Lab's run, else a fixed fallback)
 * and the index of the main run among the results. Pure: no DOM, no Lab.
 */
import type { CompareResult } from '../../src/loop/compare/runner';
import type { LabConfig } from '../../src/loop/engine/config';
import type { RunInfo } from '../../src/loop/engine/snapshot';

/** The run a compare uses when it has neither attributes nor a running lab to take the config from. */
export const FALLBACK_RUN: LabConfig = { scenario: 'moons-rotation', seed: 7, policy: 'on-alert' };

/** The compare element's attributes that name a run (null: absent). */
export interface CompareRunAttributes {
  scenario: string | null;
  seed: number | null;
  requests: number | null;
}

/** True when the compare takes its config from the Lab's run (no `scenario` or `seed` attribute). */
export function usesLabRun(attributes: CompareRunAttributes): boolean {
  return attributes.scenario === null && attributes.seed === null;
}

/**
 * The config to send with the compare command; undefined when the Lab's own run is meant as it is.
 * `run` is the Lab's run, `hasSnapshot` whether the Lab has sent one yet.
 */
export function compareConfig(attributes: CompareRunAttributes, run: RunInfo | null, hasSnapshot: boolean): LabConfig | undefined {
  const { scenario, seed, requests: n } = attributes;
  const requests = n !== null && Number.isInteger(n) && n > 0 ? { requests: n } : {};
  if (!usesLabRun(attributes)) return { scenario: scenario ?? FALLBACK_RUN.scenario, seed: seed ?? FALLBACK_RUN.seed, ...requests };
  if (!hasSnapshot) return { ...FALLBACK_RUN, ...requests };
  return n !== null ? { ...labConfig(run), ...requests } : undefined;
}

/** The config of the Lab's run (FALLBACK_RUN before one is known). */
function labConfig(run: RunInfo | null): LabConfig {
  return run ? { scenario: run.scenario.name, seed: run.seed, policy: run.policy } : FALLBACK_RUN;
}

/** The learner's run among the results: a fork's base, else the run of the Lab's `policy`, else the first. */
export function mainRunIndex(result: CompareResult, policy: string | undefined): number {
  if (result.base !== null) return Math.max(0, result.runs.findIndex((r) => r.policy === result.base));
  const i = result.runs.findIndex((r) => r.policy === policy);
  return i >= 0 ? i : 0;
}
