/**
 * A recorded run: one JSON file holding what a Lab host sent its views during one run (snapshots and
 * lab events, each at its simulated time), so a page can replay the run with no Lab and no tfjs.
 *
 * The file is compact on purpose. Every snapshot of a run repeats the accuracy series, the scenario's
 * ground truth and the dataset schema, and most of its other fields change rarely; in the file the
 * ground truth and schema are stored once at the top, and a snapshot (a "frame") keeps only the
 * fields whose value changed since the previous frame (`gone` lists fields that disappeared) and,
 * of the per-window lists (the accuracy series, and the endpoint's health when present), only the
 * windows that are new or changed (`seriesNew`, `windowsNew`). `expandFrames` rebuilds the full
 * snapshots exactly as the host sent them (the last `seriesPoints` windows of the series).
 * Pure TypeScript: no Lab, no tfjs.
 */
import type { DatasetSchema } from '../../../datasets/types';
import type { LabConfig } from '../engine/config';
import type { LabEvent } from '../engine/events';
import type { SeriesPoint } from '../observers/series';
import type { LabSnapshot } from '../engine/snapshot';

/** The format tag every recording carries. */
export const RECORDING_FORMAT = 'mlops-lab-recording';
/** The version this lab writes and reads. */
export const RECORDING_VERSION = 1;

/** A ground-truth change as snapshots carry it. */
export type RecordedChange = LabSnapshot['groundTruth'][number];

/** A snapshot as stored: the fields that changed since the previous frame (all of them in the first), and the new series points. */
export type StoredSnapshot = Partial<Omit<LabSnapshot, 'series' | 'groundTruth' | 'schema'>> & { seriesNew: SeriesPoint[]; windowsNew?: Record<string, Window[]>; gone?: string[] };

/** One window of a per-window list: an object keyed by the stream position it starts at. */
export interface Window {
  start: number;
  [field: string]: unknown;
}

/** Optional snapshot fields that are per-window lists (the last `seriesPoints` windows, keyed by `start`). */
export const WINDOWED_FIELDS: readonly string[] = ['health'];

/** One message of the host, at its simulated time `at` (seconds). */
export type RecordedMessage = { at: number; type: 'snapshot'; snapshot: StoredSnapshot } | { at: number; type: 'lab-event'; event: LabEvent };

/** The file. */
export interface Recording {
  format: typeof RECORDING_FORMAT;
  version: typeof RECORDING_VERSION;
  /** The Lab's config (scenario by name, seed, policy...). */
  config: LabConfig;
  /** The scenario's ground truth: where each change starts and ends, in stream positions. */
  groundTruth: RecordedChange[];
  /** The dataset schema the snapshots carried (absent if they carried none). */
  schema?: DatasetSchema;
  /** Windows of the series each snapshot showed (the host's `takeSnapshot` default is 60). */
  seriesPoints: number;
  /** Simulated seconds from the first message to the last. */
  duration: number;
  /** What was left out to stay within the size budget. */
  thinned: { snapshotsKept: number; snapshotsRecorded: number; eventsDropped: number };
  /** Optional snapshot fields the recording leaves out (asked for when it was recorded). */
  omitted?: string[];
  /** Messages in the order the host sent them; `at` never decreases. */
  messages: RecordedMessage[];
}

/** A message as replayed: full snapshots. */
export type ReplayMessage = { at: number; type: 'snapshot'; snapshot: LabSnapshot } | { at: number; type: 'lab-event'; event: LabEvent };

/** Fields of a snapshot that are not frame-encoded field by field. */
const WHOLE = new Set(['series', 'groundTruth', 'schema', ...WINDOWED_FIELDS]);

/** The windows of `now` that are new or changed against `before` (matched by `start`). */
function newWindows<T extends { start: number }>(now: readonly T[], before: readonly T[] | undefined): T[] {
  const known = new Map((before ?? []).map((w) => [w.start, JSON.stringify(w)]));
  return now.filter((w) => known.get(w.start) !== JSON.stringify(w));
}

/** Stores a full snapshot as a frame against the previous stored one (null for the first). */
export function storeSnapshot(snapshot: LabSnapshot, previous: LabSnapshot | null): StoredSnapshot {
  const frame: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(snapshot)) {
    if (WHOLE.has(key) || value === undefined) continue;
    const before = previous ? (previous as unknown as Record<string, unknown>)[key] : undefined;
    if (!previous || JSON.stringify(before) !== JSON.stringify(value)) frame[key] = value;
  }
  const now = snapshot as unknown as Record<string, unknown>;
  const before = previous as unknown as Record<string, unknown> | null;
  const gone = before ? Object.keys(before).filter((k) => k !== 'series' && k !== 'groundTruth' && k !== 'schema' && before[k] !== undefined && now[k] === undefined) : [];
  if (gone.length > 0) frame.gone = gone;
  frame.seriesNew = newWindows(snapshot.series, previous?.series);
  const windows: Record<string, Window[]> = {};
  for (const key of WINDOWED_FIELDS) if (Array.isArray(now[key])) windows[key] = newWindows(now[key] as Window[], before?.[key] as Window[] | undefined);
  if (Object.keys(windows).length > 0) frame.windowsNew = windows;
  return frame as StoredSnapshot;
}

/** Merges new points into a series kept sorted by `start` (a point with a known `start` replaces it). */
export function mergeSeries<T extends { start: number }>(series: readonly T[], points: readonly T[]): T[] {
  const byStart = new Map(series.map((p) => [p.start, p]));
  for (const p of points) byStart.set(p.start, p);
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/** Rebuilds the full messages of a recording (whose frames were checked to be objects with a `seriesNew` array). */
export function expandFrames(recording: Recording): ReplayMessage[] {
  let full: Record<string, unknown> = {};
  let series: SeriesPoint[] = [];
  return recording.messages.map((m): ReplayMessage => {
    if (m.type === 'lab-event') return m;
    const { seriesNew, windowsNew, gone, ...changed } = m.snapshot;
    series = mergeSeries(series, seriesNew).slice(-recording.seriesPoints);
    full = { ...full, ...changed };
    for (const [key, windows] of Object.entries(windowsNew ?? {})) full[key] = mergeSeries((full[key] as Window[] | undefined) ?? [], windows).slice(-recording.seriesPoints);
    for (const key of gone ?? []) delete full[key];
    const snapshot = { ...full, series, groundTruth: recording.groundTruth } as unknown as LabSnapshot;
    if (recording.schema) snapshot.schema = recording.schema;
    snapshot.run ??= recordedRun(recording);
    return { at: m.at, type: 'snapshot', snapshot };
  });
}

/**
 * The run of a recording made before snapshots carried it: named from the recording's own config,
 * ground truth and schema (no scenario is looked up; the description is left empty).
 */
export function recordedRun(recording: Recording): LabSnapshot['run'] {
  const scenario = recording.config.scenario;
  const name = typeof scenario === 'string' ? scenario : scenario.name;
  return {
    id: `${name}#${recording.config.seed}`,
    scenario: { name, description: typeof scenario === 'string' ? '' : scenario.description },
    schema: recording.schema ?? { features: [], classes: [] } as unknown as DatasetSchema,
    seed: recording.config.seed,
    policy: typeof recording.config.policy === 'string' ? recording.config.policy : (recording.config.policy?.name ?? 'on-alert'),
    groundTruth: recording.groundTruth,
  };
}
