/**
 * Every MLOps Lab element, registered. One script tag on a page makes them all available:
 * `<script type="module" src="/components/index.ts"></script>`.
 */
export * from './lab/mlops-lab';
export * from './loop/mlops-loop';
export * from './trainer/mlops-trainer';
export * from './monitor/mlops-monitor';
export * from './alerts/mlops-alerts';
export * from './registry/mlops-registry';
export * from './endpoint/mlops-endpoint';
export * from './boundary/mlops-boundary';
export * from './dataset/mlops-dataset';
export * from './traffic/mlops-traffic';
export * from './drill/mlops-drill';
export * from './shared/events';
export { LabController, DEFAULT_LAB_CONFIG, startLabClient, labPlace, type LabControllerOptions } from './shared/lab-controller';
export { labContext } from './shared/lab-context';
