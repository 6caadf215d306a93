/**
 * The streaming drift detectors, one per file, and a factory by name so a serializable config (or a
 * saved state) can name one.
 */
import { MonitoringInputError } from '../errors';
import { Adwin, type AdwinOptions, type AdwinState } from './adwin';
import { Ddm, type DdmOptions, type DdmState } from './ddm';
import { Eddm, type EddmOptions, type EddmState } from './eddm';
import { HddmA, type HddmAOptions, type HddmAState } from './hddm-a';
import { Kswin, type KswinOptions, type KswinState } from './kswin';
import { PageHinkley, type PageHinkleyOptions, type PageHinkleyState } from './page-hinkley';
import type { DetectorKind, DriftDetector } from './types';

export * from './types';
export * from './adwin';
export * from './ddm';
export * from './eddm';
export * from './page-hinkley';
export * from './kswin';
export * from './hddm-a';

/** Every detector's name, in the order the UI lists them. */
export const DETECTOR_KINDS: readonly DetectorKind[] = ['adwin', 'ddm', 'eddm', 'page-hinkley', 'kswin', 'hddm-a'];

/** A JSON-serializable detector configuration. */
export type DetectorConfig =
  | { kind: 'adwin'; options?: Partial<AdwinOptions> }
  | { kind: 'ddm'; options?: Partial<DdmOptions> }
  | { kind: 'eddm'; options?: Partial<EddmOptions> }
  | { kind: 'page-hinkley'; options?: Partial<PageHinkleyOptions> }
  | { kind: 'kswin'; options?: Partial<KswinOptions> }
  | { kind: 'hddm-a'; options?: Partial<HddmAOptions> };

/** Any detector's serializable state. */
export type DetectorState = AdwinState | DdmState | EddmState | PageHinkleyState | KswinState | HddmAState;

/** Builds a detector from its configuration (defaults for missing options). */
export function createDetector(config: DetectorConfig): DriftDetector {
  switch (config.kind) {
    case 'adwin':
      return new Adwin(config.options);
    case 'ddm':
      return new Ddm(config.options);
    case 'eddm':
      return new Eddm(config.options);
    case 'page-hinkley':
      return new PageHinkley(config.options);
    case 'kswin':
      return new Kswin(config.options);
    case 'hddm-a':
      return new HddmA(config.options);
    default:
      throw new MonitoringInputError('detector.kind', `unknown detector "${String((config as { kind: unknown }).kind)}"; known: ${DETECTOR_KINDS.join(', ')}`);
  }
}

/** Rebuilds a detector from its configuration and a saved state. */
export function restoreDetector(config: DetectorConfig, state: DetectorState): DriftDetector {
  const detector = createDetector(config) as DriftDetector<DetectorState>;
  detector.setState(state);
  return detector;
}
