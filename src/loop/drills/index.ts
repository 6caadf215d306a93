/** Incident drills: run one headless, answer which station failed, get a graded explanation. */
export { DRILLS, DRILL_BRIEFS, runDrill, gradeDrill, explainDrill, type DrillRun, type DrillGrade, type DrillEvidence } from './run';
