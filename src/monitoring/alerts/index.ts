/** Alerts: rules with hysteresis and cooldown, the engine, the log. */
export * from './rule';
export * from './engine';
