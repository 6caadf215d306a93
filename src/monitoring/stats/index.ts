/** Drift statistics: KS, chi-square, PSI, Wasserstein, Jensen–Shannon and the per-feature report. */
export * from './special';
export * from './kolmogorov-n';
export * from './sample';
export * from './binning';
export * from './ks';
export * from './chi-square';
export * from './psi';
export * from './wasserstein';
export * from './jensen-shannon';
export * from './drift-report';
export * from './feature-window';
