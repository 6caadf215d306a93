/**
 * The traffic log: the lab's last answered requests, for a notebook or a drift report — each with its
 * features, the prediction and its probability, the version and route that answered, and the true
 * label with its arrival time once it came. Bounded: a ring of `capacity` entries (the oldest goes
 * first), and at most MAX_LOG_VALUES feature values in all, so a wide dataset (256-pixel pictures)
 * keeps fewer rows rather than more memory. Written as CSV (a header, one line per request) or JSON
 * Lines. Times are simulated seconds.
 */
import type { DatasetSchema } from '../../../datasets/types';
import type { AnsweredRequest, JoinedLabel, LoopObserver } from '../engine/observer';

/** Answered requests kept by default. */
export const TRAFFIC_LOG_CAPACITY = 20_000;
/** Feature values kept at most (capacity x features): the ring shrinks for wide datasets. */
export const MAX_LOG_VALUES = 2_000_000;

/** One answered request. */
export interface TrafficLogEntry {
  /** Position in the stream. */
  index: number;
  id: string;
  /** Simulated seconds when the request was sent. */
  t: number;
  /** The request's features as sent (category names; missing or null fields as they were). */
  features: Record<string, unknown>;
  /** The predicted class (index) and its probability. */
  prediction: number;
  probability: number;
  /** The version that answered, and the route (production, candidate, fallback...). */
  version: string;
  route: string;
  /** The true class once its label arrived, else null. */
  label: number | null;
  /** When the label arrived (simulated seconds), else null. */
  labelT: number | null;
}

/** A bounded log of answered requests, oldest first. */
export class TrafficLog implements LoopObserver {
  /** How many entries it keeps. */
  readonly capacity: number;
  private readonly ring: (TrafficLogEntry | undefined)[];
  private next = 0;
  private total = 0;

  /** `capacity` answered requests at most, fewer when `features` x capacity exceeds MAX_LOG_VALUES. */
  constructor(capacity = TRAFFIC_LOG_CAPACITY, features = 1) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number >= 1, got ${capacity}`);
    this.capacity = Math.max(1, Math.min(capacity, Math.floor(MAX_LOG_VALUES / Math.max(1, features))));
    this.ring = new Array<TrafficLogEntry | undefined>(this.capacity);
  }

  /** Entries kept now. */
  get size(): number {
    return Math.min(this.total, this.capacity);
  }

  /** Answers logged since the start (kept or not). */
  get logged(): number {
    return this.total;
  }

  /** Logs every stream answer (not the errors). */
  onAnswer(a: AnsweredRequest): void {
    if (a.errorKind !== null || a.version === null) return;
    this.answer({ index: a.index, id: a.id, t: a.t, features: a.features, prediction: a.predicted, probability: a.probability, version: a.version, route: a.route });
  }

  /** Attaches the label when it arrives. */
  onLabel(l: JoinedLabel): void {
    const entry = this.byIndex(l.index);
    if (entry?.id === l.id) {
      entry.label = l.truth;
      entry.labelT = l.t;
    }
  }

  /**
   * The entry of stream request `index`, if still kept: a binary search over the ring, whose entries
   * are appended in stream order (no per-request map to keep up to date).
   */
  private byIndex(index: number): TrafficLogEntry | undefined {
    const n = this.size;
    const start = this.total > this.capacity ? this.next : 0;
    let lo = 0;
    let hi = n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const entry = this.ring[(start + mid) % this.capacity] as TrafficLogEntry;
      if (entry.index === index) return entry;
      if (entry.index < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Logs an answer (its label comes later with `label`). */
  answer(entry: Omit<TrafficLogEntry, 'label' | 'labelT'>): void {
    this.ring[this.next] = { index: entry.index, id: entry.id, t: entry.t, features: entry.features, prediction: entry.prediction, probability: entry.probability, version: entry.version, route: entry.route, label: null, labelT: null };
    this.next = (this.next + 1) % this.capacity;
    this.total++;
  }

  /** Records the true label of a logged request by its id (ignored when it already left the log); newest first. */
  label(id: string, label: number, t: number): void {
    const n = this.size;
    for (let i = 1; i <= n; i++) {
      const entry = this.ring[(this.next - i + this.capacity) % this.capacity];
      if (entry?.id === id) {
        entry.label = label;
        entry.labelT = t;
        return;
      }
    }
  }

  /** The entries, oldest first. */
  entries(): TrafficLogEntry[] {
    const out: TrafficLogEntry[] = [];
    const n = this.size;
    const start = this.total > this.capacity ? this.next : 0;
    for (let i = 0; i < n; i++) out.push(this.ring[(start + i) % this.capacity] as TrafficLogEntry);
    return out;
  }

  /** Forgets everything. */
  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.total = 0;
  }
}

/** A CSV field: empty for null, undefined or a non-finite number; quoted when it holds a comma, a quote or a line break. */
function field(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV columns: index, id, t, every feature, prediction, predicted_class, probability, version, route, label, label_class, label_t. */
export function trafficLogColumns(schema: DatasetSchema): string[] {
  return ['index', 'id', 't', ...schema.features.map((f) => f.name), 'prediction', 'predicted_class', 'probability', 'version', 'route', 'label', 'label_class', 'label_t'];
}

/** The log as CSV (a header line, then one line per entry; empty cells for a label not yet known). */
export function trafficLogCsv(schema: DatasetSchema, entries: readonly TrafficLogEntry[]): string {
  const lines = [trafficLogColumns(schema).map(field).join(',')];
  for (const e of entries) {
    const cells = [e.index, e.id, e.t, ...schema.features.map((f) => e.features[f.name]), e.prediction, schema.classes[e.prediction], e.probability, e.version, e.route, e.label, e.label === null ? null : schema.classes[e.label], e.labelT];
    lines.push(cells.map(field).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The log as JSON Lines (one object per entry; `label` and `label_t` null until the label came; NaN written as null). */
export function trafficLogJsonl(schema: DatasetSchema, entries: readonly TrafficLogEntry[]): string {
  return entries
    .map(
      (e) =>
        `${JSON.stringify({
          index: e.index,
          id: e.id,
          t: e.t,
          features: e.features,
          prediction: e.prediction,
          predicted_class: schema.classes[e.prediction] ?? null,
          probability: e.probability,
          version: e.version,
          route: e.route,
          label: e.label,
          label_class: e.label === null ? null : (schema.classes[e.label] ?? null),
          label_t: e.labelT,
        })}\n`,
    )
    .join('');
}
