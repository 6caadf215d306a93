/**
 * Every MLOps Lab element, registered. One script tag on a page makes them all available:
 * `<script type="module" src="/components/index.ts"></script>`.
 */
export * from './trainer/mlops-trainer';
export * from './shared/events';
