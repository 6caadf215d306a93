/** Windowed metrics: health, prediction behaviour, quality with delayed labels. */
export * from './quantile-sketch';
export * from './health';
export * from './behaviour';
export * from './quality';
export * from './window';
export * from './pending';
