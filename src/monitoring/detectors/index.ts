/**
 * The streaming drift detectors, one per file, the one table that describes them (`table.ts`) and a
 * factory by name so a serializable config (or a saved state) can name one.
 */
import { MonitoringInputError } from '../errors';
import { DETECTOR_KINDS, detectorEntry, type DetectorTypes } from './table';
import type { DetectorKind, DriftDetector } from './types';

export * from './types';
export * from './adwin';
export * from './ddm';
export * from './eddm';
export * from './page-hinkley';
export * from './kswin';
export * from './hddm-a';
export * from './python-random';
export * from './table';

/** A JSON-serializable detector configuration. */
export type DetectorConfig = { [K in DetectorKind]: { kind: K; options?: Partial<DetectorTypes[K]['options']> } }[DetectorKind];

/** Any detector's serializable state. */
export type DetectorState = DetectorTypes[DetectorKind]['state'];

/** Builds a detector from its configuration (defaults for missing options). */
export function createDetector(config: DetectorConfig): DriftDetector {
  const entry = config && typeof config === 'object' ? detectorEntry(String((config as { kind: unknown }).kind)) : undefined;
  if (!entry) throw new MonitoringInputError('detector.kind', `unknown detector "${String((config as { kind?: unknown } | null)?.kind)}"; known: ${DETECTOR_KINDS.join(', ')}`);
  return entry.create(config.options as never);
}

/** Rebuilds a detector from its configuration and a saved state. */
export function restoreDetector(config: DetectorConfig, state: DetectorState): DriftDetector {
  const detector = createDetector(config) as DriftDetector<DetectorState>;
  detector.setState(state);
  return detector;
}
