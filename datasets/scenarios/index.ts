/** Drift scenarios: types, validation, the engine, ground truth, composition and the library. */
export * from './types';
export { activation, sigmoid } from './activation';
export { validateScenario, changeId, MAX_CHANGES, MAX_SCENARIO_LENGTH } from './validate';
export { groundTruth, changeEvents, boundaries, EFFECT_KIND } from './truth';
export { ScenarioSource, type ScenarioRecord, type Incident, type SourceOptions } from './source';
export { composeScenarios, overlay } from './compose';
export { SCENARIOS, SCENARIO_NAMES, findScenario } from './library';
