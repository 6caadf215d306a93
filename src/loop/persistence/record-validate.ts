/**
 * Reading a recording file, like every import of the lab: size first, then JSON, then the format tag
 * and version, then the shape of every message, so a bad file gets one clear RecordingError that names
 * the first wrong field (e.g. `messages[12].snapshot.totals.requests: expected a finite number`) and
 * nothing half-read is ever used. No tfjs, no Lab: a replaying page runs this.
 */
import { expandFrames, RECORDING_FORMAT, RECORDING_VERSION, WINDOWED_FIELDS, type Recording } from './record-format';
import { RecordingError } from './record-errors';

/** Largest recording accepted, in bytes of UTF-8 text (a thinned run is tens to hundreds of KB). */
export const MAX_RECORDING_BYTES = 8 * 1024 * 1024;
/** Most messages accepted in one recording. */
export const MAX_RECORDING_MESSAGES = 100_000;

type Check = (value: unknown, path: string) => void;

const fail = (path: string, expected: string, value: unknown): never => {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new RecordingError(`${path}: expected ${expected}, got ${got === 'string' || got === 'number' || got === 'boolean' ? JSON.stringify(value) : got}`, { field: path });
};

const num: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? undefined : fail(p, 'a finite number', v));
const str: Check = (v, p) => (typeof v === 'string' ? undefined : fail(p, 'a string', v));
const bool: Check = (v, p) => (typeof v === 'boolean' ? undefined : fail(p, 'true or false', v));
const orNull =
  (check: Check): Check =>
  (v, p) =>
    v === null ? undefined : check(v, p);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj =
  (fields: Record<string, Check> = {}): Check =>
  (v, p) => {
    if (!isObject(v)) return fail(p, 'an object', v);
    for (const [key, check] of Object.entries(fields)) check(v[key], `${p}.${key}`);
  };
const arr =
  (item: Check): Check =>
  (v, p) => {
    if (!Array.isArray(v)) return fail(p, 'an array', v);
    v.forEach((x, i) => item(x, `${p}[${i}]`));
  };
const numbers: Check = (v, p) => {
  if (!isObject(v)) return fail(p, 'an object', v);
  for (const [key, x] of Object.entries(v)) num(x, `${p}.${key}`);
};

const point = obj({ start: num, end: num, requests: num, realized: orNull(num), estimated: orNull(num), error_rate: num });
const change = obj({ kind: str, onset: num, end: orNull(num), description: str });
/** The snapshot fields every view may read (the optional ones a recording may leave out are not checked). */
const SNAPSHOT_FIELDS = {
  t: num,
  position: num,
  station: str,
  done: bool,
  policy: str,
  deployed: obj({ production: orNull(str), candidate: orNull(str), shadow: orNull(str) }),
  rollout: obj({ phase: str }),
  totals: numbers,
  series: arr(point),
  alerts: arr(obj({ rule: str, severity: str, raisedAt: num, value: num })),
  versions: arr(obj({ id: str, parent: orNull(str), trigger: str, accuracy: num, backend: str })),
  decisions: arr(obj({ kind: str, t: num, reason: str })),
};
const snapshot = obj(SNAPSHOT_FIELDS);
/** A frame: an object with its new series points (its other fields are checked once frames are expanded). */
const frame: Check = (v, p) => {
  obj({ seriesNew: arr(point) })(v, p);
  const windows = (v as Record<string, unknown>).windowsNew;
  if (windows === undefined) return;
  obj()(windows, `${p}.windowsNew`);
  for (const [key, list] of Object.entries(windows as Record<string, unknown>)) {
    if (!WINDOWED_FIELDS.includes(key)) fail(`${p}.windowsNew.${key}`, `a per-window field (${WINDOWED_FIELDS.join(', ')})`, key);
    arr(obj({ start: num }))(list, `${p}.windowsNew.${key}`);
  }
};

/** Snapshot fields a recording always carries (a recording may leave out only the others). */
export const REQUIRED_SNAPSHOT_FIELDS: readonly string[] = Object.keys(SNAPSHOT_FIELDS).filter((k) => k !== 'series');

/** The fields a view reads from each kind of lab event (beyond `type`, `t` and `index`). */
const EVENT_FIELDS: Record<string, Record<string, Check>> = {
  station: { station: str, why: str },
  epoch: { run: num, log: obj({ epoch: num, epochs: num }) },
  version: { version: obj({ id: str, parent: orNull(str), trigger: str, evaluation: obj({ accuracy: num }) }) },
  alias: { alias: str, version: orNull(str), previous: orNull(str), reason: str, actor: str },
  alert: { change: str, alert: obj({ ruleId: str, severity: str }) },
  drift: { version: str, detector: str, source: str },
  decision: { kind: str, reason: str, actor: str },
  incident: { incident: str, description: str },
  'training-failed': { code: str, message: str },
  'stream-end': {},
};

const event: Check = (v, p) => {
  if (!isObject(v)) return fail(p, 'an object', v);
  const fields = typeof v.type === 'string' ? EVENT_FIELDS[v.type] : undefined;
  if (!fields) return fail(`${p}.type`, `one of ${Object.keys(EVENT_FIELDS).join(', ')}`, v.type);
  obj({ t: num, index: num, ...fields })(v, p);
};

const message: Check = (v, p) => {
  if (!isObject(v)) return fail(p, 'an object', v);
  num(v.at, `${p}.at`);
  if ((v.at as number) < 0) fail(`${p}.at`, 'a time >= 0', v.at);
  if (v.type === 'snapshot') frame(v.snapshot, `${p}.snapshot`);
  else if (v.type === 'lab-event') event(v.event, `${p}.event`);
  else fail(`${p}.type`, '"snapshot" or "lab-event"', v.type);
};

/**
 * Reads a recording from its text (or an already parsed value). Throws RecordingError: too big, not
 * JSON, another format, a version this lab does not read, or the first malformed field.
 */
export function parseRecording(input: string | unknown, maxBytes = MAX_RECORDING_BYTES): Recording {
  let value: unknown = input;
  if (typeof input === 'string') {
    const bytes = new TextEncoder().encode(input).length;
    if (bytes > maxBytes) throw new RecordingError(`the file is ${bytes} bytes, more than the ${maxBytes} accepted`, { bytes, maxBytes });
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new RecordingError(`it is not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (!isObject(value)) return fail('recording', 'a JSON object', value);
  if (value.format !== RECORDING_FORMAT) throw new RecordingError(`it is not a recorded run of this lab (format ${JSON.stringify(value.format ?? null)}, expected "${RECORDING_FORMAT}")`, { field: 'format' });
  if (value.version !== RECORDING_VERSION) {
    const newer = typeof value.version === 'number' && value.version > RECORDING_VERSION;
    throw new RecordingError(`version ${JSON.stringify(value.version ?? null)} ${newer ? 'was written by a newer lab' : 'is not one this lab reads'} (this lab reads version ${RECORDING_VERSION})`, { field: 'version' });
  }
  obj({ config: obj({ seed: num }), groundTruth: arr(change), seriesPoints: num, duration: num, thinned: obj({ snapshotsKept: num, snapshotsRecorded: num, eventsDropped: num }) })(value, 'recording');
  const config = value.config as Record<string, unknown>;
  if (typeof config.scenario !== 'string' && !isObject(config.scenario)) fail('recording.config.scenario', 'a scenario name or object', config.scenario);
  if (!Number.isInteger(value.seriesPoints) || (value.seriesPoints as number) < 1) fail('recording.seriesPoints', 'a whole number >= 1', value.seriesPoints);
  if (value.schema !== undefined) obj({ features: arr(obj({ name: str })), classes: arr(str) })(value.schema, 'recording.schema');
  const messages = value.messages;
  if (!Array.isArray(messages)) return fail('recording.messages', 'an array', messages);
  if (messages.length > MAX_RECORDING_MESSAGES) throw new RecordingError(`it has ${messages.length} messages, more than the ${MAX_RECORDING_MESSAGES} accepted`, { field: 'recording.messages' });
  let last = 0;
  messages.forEach((m, i) => {
    message(m, `recording.messages[${i}]`);
    const at = (m as { at: number }).at;
    if (at < last) fail(`recording.messages[${i}].at`, `a time >= the previous message's (${last})`, at);
    last = at;
  });
  if (!messages.some((m: { type: string }) => m.type === 'snapshot')) throw new RecordingError('it holds no snapshot to show', { field: 'recording.messages' });
  const recording = value as unknown as Recording;
  expandFrames(recording).forEach((m, i) => m.type === 'snapshot' && snapshot(m.snapshot, `recording.messages[${i}].snapshot`));
  return recording;
}
