/**
 * A lab on the learner's own data: the imported dataset a config carries (`LabConfig.dataset`, plain
 * JSON) read back and matched with the scenario. A scenario on an imported dataset needs the data; the
 * data needs a scenario whose changes fit its features and classes (datasets/csv/drift.ts builds one).
 */
import { fromPortable, type ImportedDataset } from '../../../datasets/csv/index';
import { DatasetError } from '../../../datasets/errors';
import type { Scenario } from '../../../datasets/scenarios/types';
import { validateScenario } from '../../../datasets/scenarios/validate';
import type { LabConfig } from './config';
import { LabCommandError } from './errors';

/** The generator a lab's stream draws from when the config carries its own data (undefined: the scenario's dataset). */
export function ownData(config: Pick<LabConfig, 'dataset'>, scenario: Scenario): ImportedDataset | undefined {
  const imported = scenario.dataset?.id === 'imported';
  if (config.dataset === undefined) {
    if (imported) throw new LabCommandError('configure', `the scenario "${scenario.name}" runs on an imported CSV dataset ("${(scenario.dataset as { name?: string }).name ?? ''}"): give that data as config.dataset (toPortable(importCsv(...)))`, { field: 'dataset' });
    return undefined;
  }
  if (!imported) throw new LabCommandError('configure', `config.dataset is given, but the scenario "${scenario.name}" runs on the catalogue's "${scenario.dataset?.id}": use a scenario built for the data (csvDriftScenario)`, { field: 'dataset' });
  try {
    const data = fromPortable(config.dataset);
    validateScenario(scenario, data);
    return data;
  } catch (error) {
    if (error instanceof DatasetError) throw new LabCommandError('configure', error.message, { field: 'dataset' });
    throw error;
  }
}
