/** The label-free accuracy estimate (CBPE-style) and its isotonic calibrator. */
export * from './isotonic';
export * from './cbpe';
