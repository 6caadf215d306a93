/**
 * Monitoring — the observe station: windowed metrics, drift statistics, streaming detectors,
 * detector scoring, alerts and the label-free accuracy estimate. Pure TypeScript: no DOM, no tfjs.
 */
export * from './types';
export * from './errors';
export * from './metrics/index';
export * from './stats/index';
export * from './detectors/index';
export * from './alerts/index';
export * from './estimate/index';
export * from './evaluate';
export * from './monitor';
