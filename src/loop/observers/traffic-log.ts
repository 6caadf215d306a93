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
  // The ring in parallel arrays (no object per answer: entries are made when read). label -1 = none.
  private readonly indices: Float64Array;
  private readonly times: Float64Array;
  private readonly predictions: Int32Array;
  private readonly probabilities: Float64Array;
  private readonly labels: Int32Array;
  private readonly labelTimes: Float64Array;
  private readonly ids: string[];
  private readonly features: (Record<string, unknown> | null)[];
  private readonly versions: string[];
  private readonly routes: string[];
  private next = 0;
  private total = 0;

  /** `capacity` answered requests at most, fewer when `features` x capacity exceeds MAX_LOG_VALUES. */
  constructor(capacity = TRAFFIC_LOG_CAPACITY, features = 1) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number >= 1, got ${capacity}`);
    this.capacity = Math.max(1, Math.min(capacity, Math.floor(MAX_LOG_VALUES / Math.max(1, features))));
    const n = this.capacity;
    this.indices = new Float64Array(n);
    this.times = new Float64Array(n);
    this.predictions = new Int32Array(n);
    this.probabilities = new Float64Array(n);
    this.labels = new Int32Array(n).fill(-1);
    this.labelTimes = new Float64Array(n);
    this.ids = new Array<string>(n).fill('');
    this.features = new Array<Record<string, unknown> | null>(n).fill(null);
    this.versions = new Array<string>(n).fill('');
    this.routes = new Array<string>(n).fill('');
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
    this.put(a.index, a.id, a.t, a.features, a.predicted, a.probability, a.version, a.route);
  }

  /** Attaches the label when it arrives. */
  onLabel(l: JoinedLabel): void {
    const slot = this.slotOf(l.index);
    if (slot >= 0 && this.ids[slot] === l.id) {
      this.labels[slot] = l.truth;
      this.labelTimes[slot] = l.t;
    }
  }

  /**
   * The slot of stream request `index`, if still kept (else -1): a binary search over the ring, whose
   * entries are appended in stream order (no per-request map to keep up to date).
   */
  private slotOf(index: number): number {
    const n = this.size;
    const start = this.total > this.capacity ? this.next : 0;
    let lo = 0;
    let hi = n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const slot = (start + mid) % this.capacity;
      const at = this.indices[slot] as number;
      if (at === index) return slot;
      if (at < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Logs an answer (its label comes later with `label`). */
  answer(entry: Omit<TrafficLogEntry, 'label' | 'labelT'>): void {
    this.put(entry.index, entry.id, entry.t, entry.features, entry.prediction, entry.probability, entry.version, entry.route);
  }

  private put(index: number, id: string, t: number, features: Record<string, unknown>, prediction: number, probability: number, version: string, route: string): void {
    const s = this.next;
    this.indices[s] = index;
    this.ids[s] = id;
    this.times[s] = t;
    this.features[s] = features;
    this.predictions[s] = prediction;
    this.probabilities[s] = probability;
    this.versions[s] = version;
    this.routes[s] = route;
    this.labels[s] = -1;
    this.labelTimes[s] = 0;
    this.next = (this.next + 1) % this.capacity;
    this.total++;
  }

  /** Records the true label of a logged request by its id (ignored when it already left the log); newest first. */
  label(id: string, label: number, t: number): void {
    const n = this.size;
    for (let i = 1; i <= n; i++) {
      const slot = (this.next - i + this.capacity) % this.capacity;
      if (this.ids[slot] === id) {
        this.labels[slot] = label;
        this.labelTimes[slot] = t;
        return;
      }
    }
  }

  /** The entries, oldest first (objects made now: changing one changes nothing in the log). */
  entries(): TrafficLogEntry[] {
    const out: TrafficLogEntry[] = [];
    const n = this.size;
    const start = this.total > this.capacity ? this.next : 0;
    for (let i = 0; i < n; i++) {
      const s = (start + i) % this.capacity;
      const label = this.labels[s] as number;
      out.push({ index: this.indices[s] as number, id: this.ids[s] as string, t: this.times[s] as number, features: this.features[s] as Record<string, unknown>, prediction: this.predictions[s] as number, probability: this.probabilities[s] as number, version: this.versions[s] as string, route: this.routes[s] as string, label: label < 0 ? null : label, labelT: label < 0 ? null : (this.labelTimes[s] as number) });
    }
    return out;
  }

  /** Forgets everything. */
  clear(): void {
    this.features.fill(null);
    this.ids.fill('');
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
