/**
 * The scenarios a lab can run: the data library's (datasets/scenarios/library.ts) by name, or a
 * scenario object (validated by the stream).
 */
import { findScenario, SCENARIOS } from '../../../datasets/scenarios/library';
import type { Scenario } from '../../../datasets/scenarios/types';
import { LabCommandError } from './errors';

/** Every scenario a lab can run by name. */
export function scenarioList(): readonly Scenario[] {
  return SCENARIOS;
}

/** A scenario by name, or the object as given. */
export function lookupScenario(scenario: string | Scenario): Scenario {
  if (typeof scenario !== 'string') return scenario;
  const found = findScenario(scenario);
  if (!found) throw new LabCommandError('configure', `unknown scenario "${scenario}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`, { field: 'scenario' });
  return found;
}
