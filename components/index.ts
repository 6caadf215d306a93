/**
 * Every MLOps Lab element, registered. One script tag on a page makes them all available:
 * `<script type="module" src="/components/index.ts"></script>` in this repo, or the built embed bundle
 * `dist/embed/mlops-lab.js` (vite.embed.config.ts) on any page. Registration is guarded (an element
 * already defined, by this bundle or another copy of it, is left as it is), and nothing imported
 * here loads TensorFlow.js: the Lab and tfjs come in a worker or a lazily imported chunk.
 */
export * from './lab/mlops-lab';
export * from './loop/mlops-loop';
export * from './trainer/mlops-trainer';
export * from './monitor/mlops-monitor';
export * from './drift/mlops-drift';
export * from './alerts/mlops-alerts';
export * from './registry/mlops-registry';
export * from './endpoint/mlops-endpoint';
export * from './boundary/mlops-boundary';
export * from './dataset/mlops-dataset';
export * from './traffic/mlops-traffic';
export * from './drill/mlops-drill';
export * from './csv/mlops-csv';
export * from './compare/mlops-compare';
export * from './shared/events';
export { LabController, DEFAULT_LAB_CONFIG, DEFAULT_REPLAY_SPEED, startLabClient, startReplayClient, labPlace, labPlaceReason, type LabControllerOptions, type LabPlace } from './shared/lab-controller';
export { labContext } from './shared/lab-context';
export { labGroups, LAB_GROUP_ATTRIBUTE } from './shared/lab-group';
