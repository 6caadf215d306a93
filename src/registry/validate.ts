/**
 * Validation of untrusted registry input (version metadata from a caller or an imported file): a bad
 * field gets a RegistryError naming it, never a silent NaN in the lineage.
 */
import type { DatasetSchema } from '../../datasets/types';
import { validateModelSpec } from '../model/spec';
import { RegistryError } from './errors';
import { TRIGGERS, type VersionInfo } from './types';

function bad(field: string, reason: string): never {
  throw new RegistryError('invalid-version', `${field}: ${reason}`, { field, reason });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks a dataset schema: named features (numeric, or categorical with category names) and >= 2 classes. */
export function validateSchema(schema: unknown, field = 'schema'): DatasetSchema {
  if (!isObject(schema)) bad(field, 'must be an object');
  if (!Array.isArray(schema.features) || schema.features.length === 0) bad(`${field}.features`, 'must be a non-empty list');
  const names = new Set<string>();
  schema.features.forEach((f: unknown, i: number) => {
    const at = `${field}.features[${i}]`;
    if (!isObject(f) || typeof f.name !== 'string' || f.name === '') bad(`${at}.name`, 'must be a non-empty string');
    if (names.has(f.name)) bad(`${at}.name`, `"${f.name}" appears twice`);
    names.add(f.name);
    if (f.type !== 'numeric' && f.type !== 'categorical') bad(`${at}.type`, 'must be "numeric" or "categorical"');
    if (f.type === 'categorical' && (!Array.isArray(f.categories) || f.categories.length === 0 || !f.categories.every((c) => typeof c === 'string'))) bad(`${at}.categories`, 'a categorical feature needs a list of category names');
    if (f.range !== undefined && !(Array.isArray(f.range) && f.range.length === 2 && f.range.every(Number.isFinite) && (f.range[0] as number) <= (f.range[1] as number))) bad(`${at}.range`, 'must be [min, max] with finite min <= max');
  });
  if (!Array.isArray(schema.classes) || schema.classes.length < 2 || !schema.classes.every((c) => typeof c === 'string')) bad(`${field}.classes`, 'must list at least 2 class names');
  return schema as unknown as DatasetSchema;
}

/** Checks what a caller says about a new version. */
export function validateVersionInfo(info: unknown): VersionInfo {
  if (!isObject(info)) bad('version', 'must be an object');
  if (!TRIGGERS.includes(info.trigger as never)) bad('trigger', `must be one of ${TRIGGERS.join(', ')}`);
  const data = info.data;
  if (!isObject(data) || typeof data.dataset !== 'string' || !Number.isInteger(data.seed)) bad('data', 'must name the dataset and an integer seed');
  try {
    validateModelSpec(info.model);
  } catch (error) {
    bad('model', (error as Error).message);
  }
  if (!isObject(info.hyperParameters)) bad('hyperParameters', 'must be an object');
  if (typeof info.backend !== 'string' || info.backend === '') bad('backend', 'must name the backend');
  const ev = info.evaluation;
  if (!isObject(ev) || !Number.isInteger(ev.rows) || !(typeof ev.accuracy === 'number' && ev.accuracy >= 0 && ev.accuracy <= 1) || !Number.isFinite(ev.loss)) bad('evaluation', 'needs rows, accuracy in [0, 1] and a finite loss');
  validateSchema(info.schema);
  if (info.notes !== undefined && typeof info.notes !== 'string') bad('notes', 'must be text');
  if (info.parent !== undefined && info.parent !== null && typeof info.parent !== 'string') bad('parent', 'must be a version id or null');
  if (info.simTime !== undefined && !Number.isFinite(info.simTime)) bad('simTime', 'must be a finite number');
  return info as unknown as VersionInfo;
}
