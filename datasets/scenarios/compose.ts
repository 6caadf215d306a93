/**
 * Scenarios compose. `composeScenarios` chains parts on one dataset: each part's changes are moved
 * by the records of the parts before it, and change ids get the part's name as a prefix so they stay
 * unique. `overlay` adds changes on top of a scenario (e.g. a label stall during a concept drift).
 */
import { DatasetError } from '../errors';
import type { Change, Scenario } from './types';
import { changeId, validateScenario } from './validate';

function shifted(change: Change, k: number, offset: number, prefix: string): Change {
  return {
    ...change,
    id: `${prefix}.${changeId(change, k)}`,
    at: change.at + offset,
    ...(change.end !== undefined ? { end: change.end + offset } : {}),
  };
}

/**
 * Chains scenarios one after the other on the first part's dataset. Every part must use the same
 * dataset id (its parameters may differ only where its changes say). Returns a validated scenario.
 */
export function composeScenarios(name: string, description: string, parts: readonly Scenario[]): Scenario {
  const first = parts[0];
  if (!first) throw new DatasetError('invalid-scenario', 'composeScenarios needs at least one part', {});
  const other = parts.find((p) => p.dataset.id !== first.dataset.id);
  if (other) throw new DatasetError('invalid-scenario', `parts run on different datasets (${first.dataset.id}, ${other.dataset.id}); compose parts of one dataset`, { parts: parts.map((p) => p.name) });
  let offset = 0;
  const changes: Change[] = [];
  for (const part of parts) {
    // A change that never ends stops where the next part begins, so each part tells its own story.
    const stop = offset + part.length;
    part.changes.forEach((c, k) => {
      const moved = shifted(c, k, offset, part.name);
      if (moved.end === undefined && part !== parts[parts.length - 1]) moved.end = stop;
      changes.push(moved);
    });
    offset = stop;
  }
  return validateScenario({ name, description, dataset: first.dataset, length: offset, changes, ...(first.traffic ? { traffic: first.traffic } : {}) });
}

/** Adds `extra` changes on top of a scenario (ids must not clash). Returns a validated scenario. */
export function overlay(base: Scenario, name: string, description: string, extra: readonly Change[]): Scenario {
  return validateScenario({ ...base, name, description, changes: [...base.changes, ...extra] });
}
