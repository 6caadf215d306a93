/**
 * A drift scenario on an imported dataset: one change (covariate shift, prior shift or a relabelled
 * region), sudden or gradual, validated against the data. Run it with `{ generator: data }`, or in a
 * Lab with `LabConfig.dataset` (drift.ts `csvRun`).
 */
import { DatasetError } from '../errors';
import type { Scenario } from '../scenarios/types';
import { validateScenario } from '../scenarios/validate';
import type { ImportedDataset } from './imported';

/** The drift to simulate on an imported dataset. */
export type CsvDrift =
  /** Covariate shift: a numeric feature moves by `shift` (default: a quarter of its range), or rows are resampled towards its high values (`resample`). */
  | { kind: 'covariate'; feature: string; shift?: number; resample?: boolean }
  /** Prior shift: the class mix becomes `mix`. */
  | { kind: 'prior'; mix: number[] }
  /** Concept drift: class `from` is relabelled `to` where `feature` is in its upper half (or in [min, max]). */
  | { kind: 'concept'; feature: string; from: number; to: number; min?: number; max?: number };

/** Where and how fast: a sudden change at `at`, or a sigmoid of width `width` centred there. */
export interface CsvDriftTiming {
  at: number;
  width?: number;
  /** Stream length for the ground truth (default 2 * at). */
  length?: number;
}

/** A validated scenario with one drift on an imported dataset (run it with `{ generator: data }`). */
export function csvScenario(data: ImportedDataset, drift: CsvDrift, timing: CsvDriftTiming): Scenario {
  const spec = data.schema.features.find((f) => 'feature' in drift && f.name === drift.feature);
  const [lo, hi] = spec?.range ?? [0, 1];
  const shape = timing.width ? ('gradual' as const) : ('sudden' as const);
  const when = { shape, at: timing.at, ...(timing.width ? { width: timing.width } : {}) };
  let change: Scenario['changes'][number];
  switch (drift.kind) {
    case 'covariate':
      change = drift.resample
        ? { id: 'resample', ...when, effect: { type: 'resample', feature: drift.feature, strength: 3 }, description: `Rows with a high ${drift.feature} become more common.` }
        : { id: 'shift', ...when, effect: { type: 'mean-shift', shift: { [drift.feature]: drift.shift ?? (hi - lo) / 4 } }, description: `${drift.feature} moves by ${drift.shift ?? (hi - lo) / 4}.` };
      break;
    case 'prior':
      change = { id: 'mix', ...when, effect: { type: 'class-mix', mix: drift.mix }, description: `The class mix becomes ${drift.mix.join(' / ')}.` };
      break;
    case 'concept': {
      const min = drift.min ?? (lo + hi) / 2;
      const max = drift.max ?? hi;
      const names = data.schema.classes;
      change = { id: 'remap', ...when, effect: { type: 'label-remap', from: drift.from, to: drift.to, where: { feature: drift.feature, min, max } }, description: `Where ${drift.feature} is from ${min} to ${max}, "${names[drift.from] ?? drift.from}" becomes "${names[drift.to] ?? drift.to}".` };
      break;
    }
    default:
      throw new DatasetError('invalid-scenario', `kind: must be covariate, prior or concept, got ${JSON.stringify((drift as { kind: unknown }).kind)}`, { field: 'kind' });
  }
  const scenario: Scenario = {
    name: `${data.source.name}-${drift.kind}`,
    description: `${drift.kind === 'covariate' ? 'Covariate shift' : drift.kind === 'prior' ? 'Prior shift' : 'Concept drift'} on the imported data "${data.source.name}".`,
    dataset: { id: 'imported', name: data.source.name },
    length: timing.length ?? 2 * timing.at,
    changes: [change],
  };
  return validateScenario(scenario, data);
}
