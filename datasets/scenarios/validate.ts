/**
 * Validation of untrusted scenario JSON (a file, a URL hash): every field checked against the
 * dataset's schema, with a DatasetError of code `invalid-scenario` that names the field and the reason.
 */
import { DatasetError } from '../errors';
import { createDataset, type DatasetRef } from '../catalog';
import type { DatasetSchema, Generator } from '../types';
import type { Change, Effect, Scenario } from './types';

const SHAPES = ['sudden', 'gradual', 'incremental', 'recurring'];
/** Most changes in one scenario. */
export const MAX_CHANGES = 30;
/** The longest timeline a scenario may describe (records). */
export const MAX_SCENARIO_LENGTH = 100_000_000;

function bad(path: string, reason: string): never {
  throw new DatasetError('invalid-scenario', `${path}: ${reason}`, { field: path, reason });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finite(path: string, v: unknown, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) bad(path, `must be a number${min > -Infinity ? ` from ${min}` : ''}${max < Infinity ? ` to ${max}` : ''}, got ${JSON.stringify(v)}`);
  return v;
}

function position(path: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_SCENARIO_LENGTH) bad(path, `must be a record index from 0 to ${MAX_SCENARIO_LENGTH}, got ${JSON.stringify(v)}`);
  return v;
}

function feature(path: string, schema: DatasetSchema, name: unknown, numeric: boolean): void {
  const spec = schema.features.find((f) => f.name === name);
  if (!spec) bad(path, `no feature ${JSON.stringify(name)} in this dataset (features: ${schema.features.slice(0, 12).map((f) => f.name).join(', ')}${schema.features.length > 12 ? ', ...' : ''})`);
  if (numeric && spec.type !== 'numeric') bad(path, `feature "${spec.name}" is categorical; this effect needs a numeric one`);
}

function featureMap(path: string, schema: DatasetSchema, v: unknown, min: number): void {
  if (!isRecord(v) || Object.keys(v).length === 0) bad(path, 'must be an object of feature name -> number');
  for (const [k, x] of Object.entries(v)) {
    feature(`${path}.${k}`, schema, k, true);
    finite(`${path}.${k}`, x, min);
  }
}

function pair(path: string, schema: DatasetSchema, v: unknown): void {
  if (v === undefined) {
    if (schema.features.filter((f) => f.type === 'numeric').length < 2) bad(path, 'this dataset has fewer than two numeric features; name two');
    return;
  }
  if (!Array.isArray(v) || v.length !== 2 || v[0] === v[1]) bad(path, 'must name two different numeric features');
  v.forEach((f, k) => feature(`${path}[${k}]`, schema, f, true));
}

function cls(path: string, v: unknown, classes: number): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= classes) bad(path, `must be a class index from 0 to ${classes - 1}, got ${JSON.stringify(v)}`);
}

function checkEffect(path: string, e: unknown, gen: Generator, schema: DatasetSchema): Effect {
  if (!isRecord(e)) bad(path, 'must be an object with a "type"');
  const k = schema.classes.length;
  switch (e.type) {
    case 'concept':
      if (!isRecord(e.params)) bad(`${path}.params`, 'must be an object of dataset parameters');
      try {
        gen.withParams(e.params);
      } catch (error) {
        bad(`${path}.params`, error instanceof Error ? error.message : String(error));
      }
      break;
    case 'rotate-boundary':
    case 'rotate-inputs':
      finite(`${path}.degrees`, e.degrees, -360, 360);
      pair(`${path}.features`, schema, e.features);
      break;
    case 'label-remap':
      cls(`${path}.from`, e.from, k);
      cls(`${path}.to`, e.to, k);
      if (e.where !== undefined) {
        if (!isRecord(e.where)) bad(`${path}.where`, 'must be { feature, min, max }');
        feature(`${path}.where.feature`, schema, e.where.feature, false);
        if (finite(`${path}.where.min`, e.where.min) > finite(`${path}.where.max`, e.where.max)) bad(`${path}.where`, 'min must not exceed max');
      }
      break;
    case 'mean-shift':
      featureMap(`${path}.shift`, schema, e.shift, -Infinity);
      break;
    case 'scale':
      featureMap(`${path}.factor`, schema, e.factor, 0);
      break;
    case 'resample':
      feature(`${path}.feature`, schema, e.feature, true);
      finite(`${path}.strength`, e.strength, -20, 20);
      break;
    case 'class-mix': {
      if (!Array.isArray(e.mix) || e.mix.length !== k) bad(`${path}.mix`, `must list one share per class (${k})`);
      const shares = e.mix.map((x, j) => finite(`${path}.mix[${j}]`, x, 0, 1));
      if (Math.abs(shares.reduce((a, b) => a + b, 0) - 1) > 1e-6) bad(`${path}.mix`, 'shares must add up to 1');
      break;
    }
    case 'sensor':
      if (e.noise === undefined && e.gain === undefined) bad(path, 'a sensor effect needs noise, gain or both');
      if (e.noise !== undefined) finite(`${path}.noise`, e.noise, 0, 10);
      if (e.gain !== undefined) finite(`${path}.gain`, e.gain, 0, 100);
      if (e.features !== undefined) {
        if (!Array.isArray(e.features) || e.features.length === 0) bad(`${path}.features`, 'must be a non-empty list of numeric features');
        e.features.forEach((f, j) => feature(`${path}.features[${j}]`, schema, f, true));
      }
      break;
    case 'unit-change':
      feature(`${path}.feature`, schema, e.feature, true);
      if (finite(`${path}.factor`, e.factor) === 0) bad(`${path}.factor`, 'must not be 0');
      break;
    case 'missing-field':
      feature(`${path}.feature`, schema, e.feature, false);
      finite(`${path}.share`, e.share, 0, 1);
      if (e.as !== undefined && e.as !== 'missing' && e.as !== 'null') bad(`${path}.as`, 'must be "missing" or "null"');
      break;
    case 'out-of-range': {
      feature(`${path}.feature`, schema, e.feature, true);
      finite(`${path}.share`, e.share, 0, 1);
      if (!schema.features.find((f) => f.name === e.feature)?.range) bad(`${path}.feature`, 'this feature has no range to leave');
      break;
    }
    case 'label-stall':
      if (e.lost !== undefined && typeof e.lost !== 'boolean') bad(`${path}.lost`, 'must be true or false');
      break;
    case 'label-delay':
      finite(`${path}.seconds`, e.seconds, 0, 1e7);
      break;
    default:
      bad(`${path}.type`, `unknown effect ${JSON.stringify(e.type)}`);
  }
  return e as unknown as Effect;
}

function checkChange(path: string, c: unknown, gen: Generator, schema: DatasetSchema): Change {
  if (!isRecord(c)) bad(path, 'must be an object');
  if (!SHAPES.includes(c.shape as string)) bad(`${path}.shape`, `must be one of ${SHAPES.join(', ')}`);
  if (c.id !== undefined && (typeof c.id !== 'string' || !/^[\w.-]{1,40}$/.test(c.id))) bad(`${path}.id`, 'must be 1 to 40 letters, digits, "-", "_" or "."');
  if (typeof c.description !== 'string' || c.description.trim() === '') bad(`${path}.description`, 'must be a sentence for the learner');
  const at = position(`${path}.at`, c.at);
  if (c.shape === 'gradual' || c.shape === 'incremental') finite(`${path}.width`, c.width, 1, MAX_SCENARIO_LENGTH);
  if (c.shape === 'recurring') {
    const period = position(`${path}.period`, c.period);
    const duration = position(`${path}.duration`, c.duration);
    if (!(duration >= 1 && duration < period)) bad(`${path}.duration`, 'must be at least 1 and shorter than the period');
  }
  if (c.end !== undefined && position(`${path}.end`, c.end) <= at) bad(`${path}.end`, 'must come after "at"');
  checkEffect(`${path}.effect`, c.effect, gen, schema);
  return c as unknown as Change;
}

/**
 * Validates untrusted scenario JSON; returns it typed, or throws a DatasetError naming the field.
 * `on` is the dataset to check it against when it is not the catalogue's (an imported one).
 */
export function validateScenario(input: unknown, on?: Generator): Scenario {
  if (!isRecord(input)) bad('scenario', 'must be an object');
  if (typeof input.name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,59}$/.test(input.name)) bad('name', 'must be 1 to 60 lower-case letters, digits or "-"');
  if (typeof input.description !== 'string' || input.description.trim() === '') bad('description', 'must be one line for a learner');
  if (!isRecord(input.dataset)) bad('dataset', 'must be a dataset reference { id, params? }');
  let gen: Generator;
  if (on) gen = on;
  else if (input.dataset.id === 'imported') bad('dataset', 'this scenario runs on an imported dataset: pass that dataset along with it');
  else {
    try {
      gen = createDataset(input.dataset as unknown as DatasetRef);
    } catch (error) {
      bad('dataset', error instanceof Error ? error.message : String(error));
    }
  }
  const schema = gen.schema;
  position('length', input.length);
  if ((input.length as number) < 1) bad('length', 'must be at least 1');
  if (!Array.isArray(input.changes) || input.changes.length > MAX_CHANGES) bad('changes', `must be a list of at most ${MAX_CHANGES} changes (possibly empty)`);
  const ids = new Set<string>();
  input.changes.forEach((c, k) => {
    checkChange(`changes[${k}]`, c, gen, schema);
    const id = (c as Change).id ?? `change-${k}`;
    if (ids.has(id)) bad(`changes[${k}].id`, `"${id}" is used twice`);
    ids.add(id);
  });
  if (input.traffic !== undefined) {
    if (!isRecord(input.traffic)) bad('traffic', 'must be { rate?, labelDelay? }');
    if (input.traffic.rate !== undefined) finite('traffic.rate', input.traffic.rate, 1e-6, 1e6);
    if (input.traffic.labelDelay !== undefined) finite('traffic.labelDelay', input.traffic.labelDelay, 0, 1e7);
  }
  return input as unknown as Scenario;
}

/** The id of change k (its own, or `change-<k>`). */
export function changeId(change: Change, k: number): string {
  return change.id ?? `change-${k}`;
}
