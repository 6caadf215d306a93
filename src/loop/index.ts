/**
 * The closed loop: the Lab facade, stations, policies, the promotion gate, the rollout state machine,
 * events and snapshots, headless simulation and incident drills.
 */
export { Lab, type TrainRequest, type TrainOutcome } from './engine/lab';
export { STATIONS, STATION_ROLES, isStation, type Station } from './engine/stations';
export { POLICIES, findPolicy, validatePolicy, resolvePolicy, type Policy, type TriggerPolicy, type DataPolicy, type GatePolicy, type RolloutPolicy } from './decisions/policy';
export { applyGate, explainGate, type GateInput } from './decisions/gate';
export { judgeCanary, judgeShadow, emptyArm, type ArmStats, type RolloutState, type RolloutVerdict } from './decisions/rollout';
export { EventHub, type LabEvent, type LabEventType, type DecisionKind } from './engine/events';
export { Throttle } from './engine/throttle';
export { takeSnapshot, type LabSnapshot, type EndpointSummary } from './engine/snapshot';
export { HealthSeries, HEALTH_ERROR_KINDS, type HealthPoint, type HealthErrorKind } from './observers/health';
export { DetectorTimeline, type DetectorTimelineView, type TimelinePoint, type DetectorAlarm } from './observers/detector-timeline';
export { DETECTOR_SCORES, type DetectorReading, type ScoreMeaning } from './observers/detector-score';
export { FeatureDriftTracker, DRIFT_THRESHOLD, type DriftView, type FeatureDriftRow } from './observers/drift-view';
export { SURFACE_MIN_SIZE, SURFACE_MAX_SIZE, SURFACE_POINTS, type DecisionSurface, type SurfaceField, type SurfacePoint } from './observers/surface';
export { resolveLabConfig, LOOP_MODEL, LOOP_TRAINING, type LabConfig } from './engine/config';
export { INCIDENT_KINDS, INCIDENT_STATION, INCIDENT_DESCRIPTIONS, type IncidentKind } from './drills/incidents';
export { runSimulation, buildReport, type SimulationReport, type SimulationOptions } from './commands/simulate';
export { scenarioList, lookupScenario } from './engine/scenarios';
export { DEFAULT_ALERT_RULES } from './decisions/alert-rules';
export { PolicyError, LabCommandError } from './engine/errors';
export * from './drills/index';
export { exportSession, readSession, sessionStore, SESSION_FORMAT, SESSION_FORMAT_VERSION, MAX_SESSION_BYTES, type SessionFile, type RestoredSession, type SessionSource } from './persistence/session';
export { SessionError, type SessionFailure } from './persistence/session-error';
export { TrafficLog, trafficLogCsv, trafficLogJsonl, trafficLogColumns, TRAFFIC_LOG_CAPACITY, MAX_LOG_VALUES, type TrafficLogEntry } from './observers/traffic-log';
export { encodeState, decodeState, checkState, stateToConfig, configToState, sameState, STATE_PROPERTIES, DEFAULT_SHARE_STATE, SHARE_STATE_VERSION, type ShareState, type StateProblem, type DecodedState, type StateProperty } from './persistence/share-state';
