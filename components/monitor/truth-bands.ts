/**
 * The scenario's ground truth as shaded bands of the monitor chart, in stream positions (records).
 * A change's band runs from its onset until the change is undone (its `reverts` event) or, when it
 * never is, until now: the whole time the traffic differs from what the first model was trained on.
 * Inside it, `transitionEnd` marks where a gradual or incremental change is complete (for a sudden
 * change it equals the onset; an episode of a recurring change is shaded whole). Only what already happened is shaded: bands start at or before the
 * current position and are cut there. Pure: no DOM, no Chart.js.
 */
import type { ChangeKind, ChangeShape, DriftEvent } from '../../datasets/ground-truth';

/**
 * A ground-truth change as the monitor needs it: the scenario's DriftEvent, or the smaller form a
 * Lab snapshot may carry (kind, onset, end, description), where shape, change id and the revert
 * flag can be missing. Without the flag, an event described "Back to before: <d>" (the wording of
 * datasets/scenarios/truth.ts) is taken as the revert of the change described <d>.
 */
export type TruthInput = Pick<DriftEvent, 'onset' | 'end' | 'description'> & { kind: string } & Partial<Pick<DriftEvent, 'shape' | 'reverts' | 'change'>>;

const BACK = 'Back to before: ';

function isRevert(e: TruthInput): boolean {
  return e.reverts ?? e.description.startsWith(BACK);
}

function revertsOf(r: TruthInput, e: TruthInput): boolean {
  if (!isRevert(r)) return false;
  if (r.change !== undefined && e.change !== undefined) return r.change === e.change;
  return r.description === `${BACK}${e.description}`;
}

/** One shaded band. */
export interface TruthBand {
  from: number;
  to: number;
  /** Where the transition is complete (from <= transitionEnd <= to). */
  transitionEnd: number;
  kind: ChangeKind | string;
  /** Null when the source did not say (a snapshot's smaller form). */
  shape: ChangeShape | null;
  /** True for changes that are not drift (unit change, missing field, out of range, label stall). */
  incident: boolean;
  /** True while the band is still open (cut at the current position). */
  open: boolean;
  description: string;
}

const INCIDENT_KINDS: ReadonlySet<string> = new Set<ChangeKind>(['unit-change', 'missing-field', 'out-of-range', 'label-stall']);

/** Bands of `truth` (sorted by onset) up to stream position `position`. */
export function truthBands(truth: readonly TruthInput[], position: number): TruthBand[] {
  const bands: TruthBand[] = [];
  truth.forEach((e, i) => {
    if (isRevert(e) || e.onset > position) return;
    const incident = INCIDENT_KINDS.has(e.kind);
    // A drift lasts until its revert (same change), else for ever; an incident, or one episode of a
    // recurring change, until its own end.
    let until: number | null;
    if (incident || e.shape === 'recurring') until = e.end;
    else until = truth.slice(i + 1).find((r) => revertsOf(r, e))?.onset ?? null;
    const to = Math.min(until ?? Infinity, position);
    const transitionEnd = Math.min(e.end ?? to, to);
    bands.push({ from: e.onset, to, transitionEnd: Math.max(e.onset, transitionEnd), kind: e.kind, shape: e.shape ?? null, incident, open: until === null || until > position, description: e.description });
  });
  return bands;
}

/** A short name of a band's change, e.g. "concept drift (gradual)" or "incident: unit change". */
export function bandName(band: Pick<TruthBand, 'kind' | 'shape' | 'incident'>): string {
  if (band.incident) return `incident: ${band.kind.replace('-', ' ')}`;
  return band.shape ? `${band.kind} drift (${band.shape})` : `${band.kind} drift`;
}

/**
 * The ground truth a Lab snapshot carries, if it does (a `groundTruth` array of { kind, onset, end,
 * description }); entries of any other shape are skipped, so an older or newer engine never breaks
 * the chart.
 */
export function snapshotTruth(snapshot: object | null): TruthInput[] {
  const list = (snapshot as { groundTruth?: unknown } | null)?.groundTruth;
  if (!Array.isArray(list)) return [];
  return list.filter((e): e is TruthInput => {
    const t = e as Partial<TruthInput> | null;
    return !!t && typeof t.kind === 'string' && typeof t.onset === 'number' && (t.end === null || typeof t.end === 'number') && typeof t.description === 'string';
  });
}
