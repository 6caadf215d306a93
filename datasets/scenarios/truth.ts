/**
 * The ground truth of a scenario: one DriftEvent per change (one per episode for a recurring change,
 * plus one for the way back when a drift reverts), sorted by onset. Positions are record indices.
 *
 * Where a sigmoid transition "is": onset = p - w/2 (about 12% of records show the new concept),
 * end = p + w/2 (about 88%). An incremental ramp runs from `at` to `at + width`. A sudden drift is
 * complete at once (end = onset). An incident is over at its `end`, or never (null).
 */
import type { ChangeKind, DriftEvent } from '../ground-truth';
import type { Change, EffectType, Scenario } from './types';
import { changeId } from './validate';

/** The kind of change each effect is. */
export const EFFECT_KIND: Record<EffectType, ChangeKind> = {
  concept: 'concept',
  'rotate-boundary': 'concept',
  'label-remap': 'concept',
  'mean-shift': 'covariate',
  scale: 'covariate',
  'rotate-inputs': 'covariate',
  resample: 'covariate',
  'class-mix': 'prior',
  sensor: 'sensor',
  'unit-change': 'unit-change',
  'missing-field': 'missing-field',
  'out-of-range': 'out-of-range',
  'label-stall': 'label-stall',
  'label-delay': 'label-stall',
};

const INCIDENTS: ReadonlySet<ChangeKind> = new Set(['unit-change', 'missing-field', 'out-of-range', 'label-stall']);

/** The features a change touches, when it names some. */
function featuresOf(change: Change): string[] | undefined {
  const e = change.effect;
  switch (e.type) {
    case 'mean-shift':
      return Object.keys(e.shift);
    case 'scale':
      return Object.keys(e.factor);
    case 'rotate-inputs':
    case 'rotate-boundary':
      return e.features ? [...e.features] : undefined;
    case 'resample':
    case 'unit-change':
    case 'missing-field':
    case 'out-of-range':
      return [e.feature];
    case 'sensor':
      return e.features ? [...e.features] : undefined;
    case 'label-remap':
      return e.where ? [e.where.feature] : undefined;
    default:
      return undefined;
  }
}

/** The ground-truth events of one change, within the first `length` records. */
export function changeEvents(change: Change, k: number, length: number): DriftEvent[] {
  const kind = EFFECT_KIND[change.effect.type];
  const incident = INCIDENTS.has(kind);
  const features = featuresOf(change);
  const base = { kind, shape: change.shape, change: changeId(change, k), description: change.description, ...(features ? { features } : {}) };
  const out: DriftEvent[] = [];
  const w = change.width ?? 0;
  switch (change.shape) {
    case 'sudden':
      out.push({ ...base, onset: change.at, end: incident ? (change.end ?? null) : change.at });
      if (!incident && change.end !== undefined) out.push({ ...base, onset: change.end, end: change.end, reverts: true, description: `Back to before: ${change.description}` });
      break;
    case 'gradual':
      out.push({ ...base, onset: Math.max(0, Math.round(change.at - w / 2)), end: incident ? (change.end ?? null) : Math.round(change.at + w / 2), position: change.at, width: w });
      if (!incident && change.end !== undefined) out.push({ ...base, onset: Math.max(0, Math.round(change.end - w / 2)), end: Math.round(change.end + w / 2), position: change.end, width: w, reverts: true, description: `Back to before: ${change.description}` });
      break;
    case 'incremental':
      out.push({ ...base, onset: change.at, end: incident ? (change.end ?? null) : Math.min(change.at + w, change.end ?? Infinity), width: w });
      break;
    case 'recurring': {
      const stop = Math.min(length, change.end ?? Infinity);
      for (let s = change.at; s < stop; s += change.period ?? Infinity) {
        out.push({ ...base, onset: s, end: Math.min(s + (change.duration ?? 0), change.end ?? Infinity) });
      }
      break;
    }
  }
  return out.filter((e) => e.onset < length);
}

/** Every ground-truth event of a scenario, sorted by onset (stable). */
export function groundTruth(scenario: Scenario): DriftEvent[] {
  return scenario.changes.flatMap((c, k) => changeEvents(c, k, scenario.length)).sort((a, b) => a.onset - b.onset);
}

/** The record indices where the stream's segment changes: every onset and every end, sorted, unique. */
export function boundaries(events: readonly DriftEvent[]): number[] {
  const points = new Set<number>();
  for (const e of events) {
    points.add(e.onset);
    if (e.end !== null && e.end !== e.onset) points.add(e.end);
  }
  return [...points].sort((a, b) => a - b);
}
